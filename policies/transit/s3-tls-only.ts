/**
 * s3-tls-only: every bucket's policy denies, to every principal, every S3 action on the bucket AND
 * on its objects when aws:SecureTransport is false — the statement AWS documents
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit:
 * Resource both `arn:aws:s3:::bucket` and `arn:aws:s3:::bucket/*`). A Deny on the bucket ARN alone
 * leaves every GetObject/PutObject over plain HTTP allowed: object actions match only object ARNs.
 * A bucket without a policy has no such deny (S3 accepts HTTP by default).
 */
import { stackRule } from "../define";
import type { GraphResource } from "../graph-types";
import { PolicyStatement, statements } from "../graph";
import { asArray, globCoversPrefix, globMatches, Net, strings, T } from "../network/refs";

const everyone = (p: unknown) => p === "*" || (typeof p === "object" && p !== null && asArray((p as { AWS?: unknown }).AWS).includes("*"));
const allS3 = (actions: string[]) => actions.some((a) => a === "*" || globCoversPrefix(a, "s3:"));
/** Bool or BoolIfExists on aws:SecureTransport "false" (the value may be a string, a boolean or a list). */
function onInsecureTransport(s: PolicyStatement): boolean {
    return ["Bool", "BoolIfExists"].some((op) => asArray(s.Condition?.[op]?.["aws:SecureTransport"] as unknown).some((v) => String(v) === "false"));
}

/** What a set of TLS-deny statements leaves uncovered of a bucket: "the bucket", "its objects". */
export function uncovered(bucketArn: string, policy: unknown): string[] {
    const denies = statements(policy).filter((s) => s.Effect === "Deny" && everyone(s.Principal) && allS3(strings(s.Action)) && onInsecureTransport(s));
    const resources = denies.flatMap((s) => strings(s.Resource));
    const gaps: string[] = [];
    if (!resources.some((r) => globMatches(r, bucketArn))) gaps.push("the bucket");
    if (!resources.some((r) => globCoversPrefix(r, `${bucketArn}/`))) gaps.push("its objects");
    return gaps;
}

/**
 * The bucket's ARN as its policy names it: its name under the partition the policy uses; for an
 * auto-named bucket (no `bucket` input) the bucket ARN its policy names.
 */
function arnOf(bucket: GraphResource, policy: unknown): string | undefined {
    const named = statements(policy).flatMap((s) => strings(s.Resource));
    const name = bucket.props.bucket;
    if (typeof name !== "string") return named.find((r) => /^arn:[^:]+:s3:::[^/*?]+$/.test(r));
    const partition = named.map((r) => /^arn:([^:]+):s3:::/.exec(r)?.[1]).find((p) => p !== undefined) ?? "aws";
    return `arn:${partition}:s3:::${name}`;
}

export const s3TlsOnly = stackRule(
    {
        name: "s3-tls-only",
        description: "Every bucket policy denies s3:* to every principal without TLS (aws:SecureTransport false), on the bucket and on its objects.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Add a Deny of s3:* for Principal * when aws:SecureTransport is false, with Resource [bucket ARN, bucket ARN/*].",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const policies = net.ofType(T.bucketPolicy);
        return judge.each(net.ofType(T.bucket), (bucket) => {
            const policy = policies.find((p) => net.referenced(p, "bucket", [bucket]).length > 0)?.props.policy;
            const arn = arnOf(bucket, policy);
            const gaps = policy === undefined ? ["the bucket", "its objects"] : arn ? uncovered(arn, policy) : ["the bucket", "its objects"];
            if (gaps.length === 2) return [{ urn: bucket.urn, message: `Bucket ${bucket.name} does not refuse requests without TLS.` }];
            if (gaps.length === 1) return [{ urn: bucket.urn, message: `Bucket ${bucket.name} refuses requests without TLS on ${gaps[0] === "the bucket" ? "its objects but not on the bucket" : "the bucket but not on its objects"} (the Deny must name both ${arn} and ${arn}/*).` }];
            return [];
        });
    },
);
