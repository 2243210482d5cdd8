import { StackValidationPolicy } from "@pulumi/policy";
import { statements, withCompanion } from "../graph";

export const s3TlsOnly = {
    name: "s3-tls-only",
    description: "Every bucket policy refuses requests that do not use TLS.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Add a Deny of s3:* for every principal when aws:SecureTransport is false.",
    validateStack: (args, report) => {
        for (const [bucket, policy] of withCompanion(args.resources, "aws:s3/bucket:Bucket", "aws:s3/bucketPolicy:BucketPolicy", "bucket")) {
            const denies = statements(policy?.props.policy).some(
                (s) => s.Effect === "Deny" && String(s.Condition?.Bool?.["aws:SecureTransport"]) === "false",
            );
            if (!denies) report(`Bucket ${bucket.name} does not refuse requests without TLS.`, bucket.urn);
        }
    },
} satisfies StackValidationPolicy;
