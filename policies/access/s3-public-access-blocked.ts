import { stackRule } from "../define";
import { withCompanion } from "../graph";

/**
 * The four S3 Block Public Access settings; a bucket without a BucketPublicAccessBlock has none of
 * them at the bucket level (each defaults to false on the resource).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * (AWSGuard S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED; checkov CKV_AWS_53–56).
 */
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlocked = stackRule(
    {
        name: "s3-public-access-blocked",
        description: "Every bucket blocks all public access (the four S3 Block Public Access settings).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the bucket an aws.s3.BucketPublicAccessBlock with all four settings true.",
    },
    (_resources, _config, judge, args) =>
        judge.each(
            withCompanion(args.resources, "aws:s3/bucket:Bucket", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket").map(([bucket, block]) => ({ name: bucket.name, urn: bucket.urn, block })),
            (b) => {
                const off = FLAGS.filter((f) => b.block?.props[f] !== true);
                return off.length > 0 ? [{ urn: b.urn, message: `Bucket ${b.name} does not block public access (${off.join(", ")} not set).` }] : [];
            },
        ),
);
