import { stackRule } from "../define";
import { withCompanion } from "../graph";
import { isCustomerKey } from "./customer-key";

/**
 * S3 default encryption under a customer-managed key: SSE-KMS (`aws:kms`) or dual-layer SSE-KMS
 * (`aws:kms:dsse`, two independent layers of encryption, at least as strong). S3 Bucket Keys cut the
 * KMS requests of SSE-KMS; DSSE-KMS does not support them, so they are required for `aws:kms` only.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingDSSEncryption.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 * bucketKeyEnabled defaults to false (provider: s3.BucketServerSideEncryptionConfiguration).
 */
export const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

interface SseRule {
    applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string };
    bucketKeyEnabled?: boolean;
}

/** The finding for one bucket's default-encryption rule, if any (pure). */
export function sseProblem(bucket: string, rule: SseRule | undefined): string | undefined {
    const sse = rule?.applyServerSideEncryptionByDefault;
    if (!sse || !KMS_ALGORITHMS.includes(sse.sseAlgorithm ?? "") || !isCustomerKey(sse.kmsMasterKeyId)) return `Bucket ${bucket} is not encrypted with SSE-KMS under a customer-managed key.`;
    if (sse.sseAlgorithm === "aws:kms" && rule?.bucketKeyEnabled !== true) return `Bucket ${bucket} encrypts with SSE-KMS without an S3 Bucket Key; set bucketKeyEnabled: true (every object request would call KMS).`;
    return undefined;
}

export const s3SseKms = stackRule(
    {
        name: "s3-sse-kms",
        description: "Every S3 bucket encrypts objects by default with SSE-KMS (bucket keys on) or DSSE-KMS under a customer-managed key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the bucket an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms (and bucketKeyEnabled) or aws:kms:dsse, and kmsMasterKeyId set to a customer-managed key.",
    },
    (_resources, _config, judge, args) =>
        judge.each(
            withCompanion(args.resources, "aws:s3/bucket:Bucket", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "bucket").map(([bucket, config]) => ({ name: bucket.name, urn: bucket.urn, config })),
            (b) => {
                const message = sseProblem(b.name, (b.config?.props.rules as SseRule[] | undefined)?.[0]);
                return message ? [{ urn: b.urn, message }] : [];
            },
        ),
);
