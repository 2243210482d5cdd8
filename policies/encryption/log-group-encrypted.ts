import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

export const logGroupEncrypted: ResourceValidationPolicy = {
    name: "log-group-encrypted",
    description: "CloudWatch log groups are encrypted with a customer-managed KMS key and keep logs for a bounded time.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set kmsKeyId to a customer-managed key whose policy admits logs.<region>.amazonaws.com, and retentionInDays.",
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, reportViolation) => {
        if (!group.kmsKeyId) {
            reportViolation(`Log group ${args.name} is not encrypted with a customer-managed KMS key.`);
        }
        if (!group.retentionInDays) {
            reportViolation(`Log group ${args.name} keeps logs forever; set retentionInDays.`);
        }
    }),
};
