/**
 * The mock cloud the offline plan runs against. Data sources answer from recorded facts of the real
 * world (src/plan/fixtures, through src/plan/mock-data-sources.ts) and honour their arguments;
 * resources get what a real provider would compute (ids, ARNs, key ids) as recognisable
 * placeholders, in the region of the provider that manages them. A data source it does not know is
 * refused, so an unplanned lookup shows up as an error instead of a silent undefined.
 */
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { PLAN_ACCOUNT_ID } from "./fixtures";
import { awsAvailabilityZones, awsIpRanges, awsRegion, callerIdentity, cloudflareIpRanges, fastlyIpRanges, partition } from "./mock-data-sources";
import { vendorId, vendorOutputs } from "./mock-akamai";
import { fastlyServiceVclComputed, fastlyTlsSubscriptionComputed } from "./mock-fastly";

/** The account every ARN of the plan is in: obviously not a real one. */
export const MOCK_ACCOUNT_ID = PLAN_ACCOUNT_ID;

/** The id of a provider reference "<urn>::<id>" (how Pulumi hands a resource or call its provider). */
const providerId = (ref: string | undefined) => (ref === undefined ? undefined : ref.slice(ref.lastIndexOf("::") + 2));

/** A data source the program invoked: its token and the provider it went through (the URN of an explicit one; none: the default provider). */
export interface PlanInvoke {
    token: string;
    provider?: string;
}

export class PlanMocks implements pulumi.runtime.Mocks {
    /** Every data source the program invoked, in order. */
    readonly invokes: PlanInvoke[] = [];
    /** Region of every explicit aws provider registered so far, by the id this mock gave it. */
    private readonly awsProviderRegions = new Map<string, string>();

    /** @param region the stack's `aws:region`: the region of the default provider. */
    constructor(private readonly region: string) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        if (args.type === "pulumi:pulumi:StackReference") return this.stackReference(args);
        // An imported resource keeps the id it is imported by (the `import` option), as the provider reads it.
        const id = args.custom ? (args.id || vendorId(args.type, args.name) || `${args.name}-id`) : undefined;
        if (args.type === "pulumi:providers:aws" && id !== undefined) {
            this.awsProviderRegions.set(id, typeof args.inputs.region === "string" ? args.inputs.region : this.region);
        }
        return { id, state: { ...args.inputs, ...this.computed(args, this.regionOf(args.provider, args.inputs.region)) } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = (args.inputs ?? {}) as Record<string, never>;
        const region = this.regionOf(args.provider);
        // A provider reference is "<urn>::<id>"; the default provider's is empty.
        const provider = args.provider ? args.provider.slice(0, args.provider.lastIndexOf("::")) : undefined;
        this.invokes.push(provider === undefined ? { token: args.token } : { token: args.token, provider });
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return callerIdentity();
            case "aws:index/getPartition:getPartition":
                return partition();
            case "aws:index/getRegion:getRegion":
                return awsRegion(inputs, region);
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return awsAvailabilityZones(inputs, region);
            case "aws:index/getIpRanges:getIpRanges":
                return awsIpRanges(inputs);
            case "cloudflare:index/getIpRanges:getIpRanges":
                return cloudflareIpRanges(inputs);
            case "fastly:index/getFastlyIpRanges:getFastlyIpRanges":
                return fastlyIpRanges();
            default:
                throw new Error(`the offline plan has no mock for data source ${args.token}; add one to src/plan/mocks.ts`);
        }
    }

    /**
     * Where a resource or call lands: its own `region` argument (@pulumi/aws 7 resources take one),
     * else its explicit aws provider's region, else the stack's. A provider reference this mock
     * never registered (another package's, or none) means the default provider.
     */
    private regionOf(providerRef: string | undefined, ownRegion?: unknown): string {
        if (typeof ownRegion === "string" && ownRegion !== "") return ownRegion;
        const id = providerId(providerRef);
        return (id !== undefined && this.awsProviderRegions.get(id)) || this.region;
    }

    /**
     * The owner stack's outputs as a member reads them: placeholders in the shapes the real owner
     * exports (its AUTH token and origin credential secret).
     */
    private stackReference(args: pulumi.runtime.MockResourceArgs) {
        const name = String(args.inputs.name);
        return {
            id: name,
            state: {
                name,
                outputs: {
                    globalWriterEndpoint: "bibox-pleasure.global-plan.global.rds.amazonaws.com",
                    cacheGlobalReplicationGroupId: "plan-bibox-sessions",
                    cacheAuthToken: "plan-owner-auth-token",
                    acceleratorListenerArn: "arn:aws:globalaccelerator::123456789012:accelerator/plan/listener/plan",
                    originAuthToken: "plan-owner-origin-auth-token",
                },
                secretOutputNames: ["cacheAuthToken", "originAuthToken"],
            },
        };
    }

    /** Outputs the provider would compute and the program reads. */
    private computed(args: pulumi.runtime.MockResourceArgs, region: string): Record<string, unknown> {
        const vendor = vendorOutputs(args.type, args.name, args.inputs);
        if (vendor) return vendor;
        switch (args.type) {
            case "random:index/randomPassword:RandomPassword":
                return { result: `plan-random-${args.name}` };
            case "fastly:index/serviceVcl:ServiceVcl":
                return fastlyServiceVclComputed(args.name, args.inputs);
            case "fastly:index/tlsSubscription:TlsSubscription":
                return fastlyTlsSubscriptionComputed(args.name, args.inputs);
        }
        if (!args.type.startsWith("aws:")) return {};
        const service = args.type.slice(4, args.type.indexOf("/"));
        const name = (args.inputs.name ?? args.inputs.clusterIdentifier ?? args.inputs.bucket ?? args.name) as string;
        const out: Record<string, unknown> = { arn: `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${name}` };
        switch (args.type) {
            case "aws:kms/key:Key":
                // KMS names a key by a UUID and its ARN ends in key/<that id> (AWS KMS API Reference, KeyMetadata: Arn, KeyId).
                out.keyId = mockKeyId(region, args.name);
                out.arn = mockKeyArn(region, args.name);
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                out.arn = `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${name}`;
                break;
            case "aws:iam/role:Role":
                out.arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
                break;
            case "aws:iam/user:User":
                out.arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/${name}`;
                break;
            case "aws:lambda/function:Function":
                out.arn = `arn:aws:lambda:${region}:${MOCK_ACCOUNT_ID}:function:${name}`;
                break;
            case "aws:arcregionswitch/plan:Plan":
                // Plans are global: no region in the ARN, a six-character suffix after the name.
                out.arn = `arn:aws:arc-region-switch::${MOCK_ACCOUNT_ID}:plan/${name}:a1b2c3`;
                break;
            case "aws:iam/policy:Policy":
                out.arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/${name}`;
                break;
            case "aws:sqs/queue:Queue":
                out.url = `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${name}`;
                break;
            case "aws:ec2/launchTemplate:LaunchTemplate":
                out.latestVersion = 1;
                break;
            case "aws:s3/bucket:Bucket":
                out.arn = `arn:aws:s3:::${args.inputs.bucket}`;
                out.bucket = args.inputs.bucket;
                break;
            case "aws:rds/cluster:Cluster":
                out.endpoint = `${name}.cluster-plan.${region}.rds.amazonaws.com`;
                out.readerEndpoint = `${name}.cluster-ro-plan.${region}.rds.amazonaws.com`;
                break;
            case "aws:rds/globalCluster:GlobalCluster":
                out.endpoint = `${args.inputs.globalClusterIdentifier}.global-plan.global.rds.amazonaws.com`;
                break;
            case "aws:elasticache/replicationGroup:ReplicationGroup":
                out.primaryEndpointAddress = `master.${args.inputs.replicationGroupId}.plan.cache.amazonaws.com`;
                break;
            case "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup":
                out.globalReplicationGroupId = `plan-${args.inputs.globalReplicationGroupIdSuffix}`;
                break;
            case "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": {
                // SAR deploys the stack as serverlessrepo-<name>; the rotation templates output
                // their function's ARN as RotationLambdaARN (aws/aws-cdk secret-rotation.ts reads it).
                const functionName = ((args.inputs.parameters ?? {}) as Record<string, string>).functionName ?? name;
                out.outputs = { RotationLambdaARN: `arn:aws:lambda:${region}:${MOCK_ACCOUNT_ID}:function:${functionName}` };
                break;
            }
            case "aws:backup/vault:Vault":
                out.arn = `arn:aws:backup:${region}:${MOCK_ACCOUNT_ID}:backup-vault:${name}`;
                break;
            case "aws:acm/certificate:Certificate": {
                // One record per name (domain and SANs), FQDNs with ACM's trailing dot; the same name
                // gets the same record in every region (per account, as ACM makes them).
                const names = [String(args.inputs.domainName), ...((args.inputs.subjectAlternativeNames ?? []) as string[])];
                out.domainValidationOptions = names.map((domainName) => ({
                    domainName,
                    resourceRecordName: `_plan.${domainName}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_plan.${domainName.replace(/\./g, "-")}.acm-validations.aws.`,
                }));
                break;
            }
            case "aws:lb/loadBalancer:LoadBalancer":
                out.dnsName = `${name}.${region}.elb.amazonaws.com`;
                out.arnSuffix = `app/${name}/plan`;
                break;
            case "aws:lb/targetGroup:TargetGroup":
                out.arnSuffix = `targetgroup/${name}/plan`;
                break;
            case "aws:amp/scraper:Scraper":
                out.roleArn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/scraper.aps.amazonaws.com/AWSServiceRoleForAmazonPrometheusScraper_plan`;
                break;
            case "aws:globalaccelerator/accelerator:Accelerator":
                out.ipSets = [{ ipFamily: "IPv4", ipAddresses: ["192.0.2.10", "192.0.2.11"] }];
                out.dnsName = "plan.awsglobalaccelerator.com";
                break;
            case "aws:eks/cluster:Cluster":
                out.endpoint = `https://${name}.gr7.${region}.eks.amazonaws.com`;
                out.certificateAuthority = { data: "UExBTi1DQQ==" };
                out.vpcConfig = { ...(args.inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${name}` };
                out.arn = `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:cluster/${name}`;
                break;
        }
        return out;
    }
}

/** The id the plan gives a KMS key: a UUID (8-4-4-4-12 hex digits) derived from its region and logical name, the same in every plan. */
export function mockKeyId(region: string, logicalName: string): string {
    const h = crypto.createHash("sha1").update(`${region}/${logicalName}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The ARN the plan gives a KMS key: arn:aws:kms:<region>:<account>:key/<key id>. */
export function mockKeyArn(region: string, logicalName: string): string {
    return `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${mockKeyId(region, logicalName)}`;
}
