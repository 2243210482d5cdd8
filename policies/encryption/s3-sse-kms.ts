import { withCompanion } from "../graph";
import { StackValidationPolicy } from "@pulumi/policy";

export const s3SseKms: StackValidationPolicy = {
    name: "s3-sse-kms",
    description: "Every S3 bucket encrypts objects with SSE-KMS under a customer-managed key (bucket keys on).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Give the bucket an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms, kmsMasterKeyId and bucketKeyEnabled.",
    validateStack: (args, report) => {
        const type = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
        for (const [bucket, config] of withCompanion(args.resources, "aws:s3/bucket:Bucket", type, "bucket")) {
            const rule = (config?.props.rules as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string } }[] | undefined)?.[0];
            const sse = rule?.applyServerSideEncryptionByDefault;
            if (!sse || sse.sseAlgorithm !== "aws:kms" || !sse.kmsMasterKeyId) {
                report(`Bucket ${bucket.name} is not encrypted with SSE-KMS under a customer-managed key.`, bucket.urn);
            }
        }
    },
};
