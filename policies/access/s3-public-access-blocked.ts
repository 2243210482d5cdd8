import { StackValidationPolicy } from "@pulumi/policy";
import { withCompanion } from "../graph";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlocked = {
    name: "s3-public-access-blocked",
    description: "Every bucket blocks all public access (the four S3 Block Public Access settings).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Give the bucket an aws.s3.BucketPublicAccessBlock with all four settings true.",
    validateStack: (args, report) => {
        for (const [bucket, block] of withCompanion(args.resources, "aws:s3/bucket:Bucket", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket")) {
            const off = FLAGS.filter((f) => block?.props[f] !== true);
            if (off.length > 0) report(`Bucket ${bucket.name} does not block public access (${off.join(", ")} not set).`, bucket.urn);
        }
    },
} satisfies StackValidationPolicy;
