/**
 * Where a resource lives and which tags it really carries, from the plan itself (pure): the
 * region and the default tags of the AWS provider the resource is created through — never what
 * the program declares about itself (the RegionStack component's props).
 *
 * - Region: the `region` input of the resource's `pulumi:providers:aws` provider. When the rule
 *   is given the analyzer's resources (`StackValidationArgs`), each resource's own provider;
 *   otherwise (the plan summary, pure tests) the stack's AWS providers, when they agree on one
 *   region. policies/access/explicit-provider.ts holds every cloud resource to an explicit one.
 * - Tags: AWS applies the provider's `defaultTags` to every resource it creates, under the
 *   resource's own `tags` (which win on a key clash): "tags assigned to the resource, including
 *   those inherited from the provider default_tags" (Terraform AWS provider, tags_all,
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags). A tag-based
 *   backup selection matches these tags.
 */
import type { StackValidationArgs } from "@pulumi/policy";
import { parseJson } from "../graph";
import type { GraphResource } from "../graph-types";
import { obj, str } from "./guard";

const AWS_PROVIDER = "pulumi:providers:aws";

interface ProviderProps {
    region?: unknown;
    defaultTags?: unknown;
}

export interface Placement {
    /** The AWS region the resource is created in; undefined when the plan does not say. */
    regionOf(r: GraphResource): string | undefined;
    /** The tags AWS gives the resource: the provider's default tags under its own. */
    tagsOf(r: GraphResource): Record<string, string>;
}

function defaultTags(p: ProviderProps | undefined): Record<string, string> {
    const doc = obj(parseJson(p?.defaultTags));
    return Object.fromEntries(Object.entries(obj(doc.tags)).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/**
 * The placement of the stack's resources. `args`, when given, attaches each resource to its own
 * provider (the analyzer's `provider`); without it the stack's AWS providers decide, when they
 * agree (one region, one set of default tags), else the region is unknown.
 */
export function placement(rs: GraphResource[], args?: Pick<StackValidationArgs, "resources">): Placement {
    const own = new Map<string, ProviderProps | undefined>();
    for (const r of args?.resources ?? []) if (r.provider?.type === AWS_PROVIDER) own.set(r.urn, r.provider.props as ProviderProps);
    const providers = rs.filter((r) => r.type === AWS_PROVIDER).map((p) => p.props as ProviderProps);
    const regions = new Set(providers.map((p) => str(p.region)));
    const shared = providers.length > 0 && regions.size === 1 ? providers[0] : undefined;
    const providerOf = (r: GraphResource) => (own.has(r.urn) ? own.get(r.urn) : shared);
    return {
        regionOf: (r) => str(providerOf(r)?.region),
        tagsOf: (r) => ({ ...defaultTags(providerOf(r)), ...(obj(r.props.tags) as Record<string, string>) }),
    };
}

/** The region field of an ARN (`arn:partition:service:region:account:resource`); undefined when it has none. */
export function arnRegion(arn: unknown): string | undefined {
    const parts = typeof arn === "string" ? arn.split(":") : [];
    return parts.length >= 6 && parts[0] === "arn" && parts[3] !== "" ? parts[3] : undefined;
}

/**
 * The region of an S3 bucket named by ARN or name. S3 ARNs carry no region
 * (`arn:aws:s3:::name`, https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html),
 * so the rule relies on this program's naming: every bucket is `<purpose>-<region>-<account>`
 * (components/lib/naming.ts mediaBucketName), a region code being one `-`-delimited run of the name.
 * Only the regions the platform knows count; a name with none (or with two) says nothing. When
 * the name says nothing, `kmsKeyArn` decides: a replica's KMS key "must be in the same Region as
 * the destination bucket"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
 */
export function bucketRegion(bucket: unknown, regions: readonly string[], kmsKeyArn?: unknown): string | undefined {
    const name = typeof bucket === "string" ? bucket.replace(/^arn:[^:]+:s3:::/, "") : "";
    const found = regions.filter((region) => `-${name}-`.includes(`-${region}-`));
    return found.length === 1 ? found[0] : arnRegion(kmsKeyArn);
}
