import { resourceRule } from "../define";
import { isCustomerKey } from "./customer-key";

/**
 * Log groups: without kmsKeyId CloudWatch Logs encrypts with its own service key; retentionInDays
 * absent or 0 keeps events forever. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 * https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/loggroup/ (checkov CKV_AWS_158, CKV_AWS_66).
 */
export const logGroupEncrypted = resourceRule(
    {
        name: "log-group-encrypted",
        description: "CloudWatch log groups are encrypted with a customer-managed KMS key and keep logs for a bounded time.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set kmsKeyId to a customer-managed key whose policy admits logs.<region>.amazonaws.com, and retentionInDays.",
    },
    ["aws:cloudwatch/logGroup:LogGroup"],
    (props, args, judge) =>
        judge.one(args, () => {
            const problems: string[] = [];
            if (!isCustomerKey(props.kmsKeyId)) problems.push(`Log group ${args.name} is not encrypted with a customer-managed KMS key.`);
            if (!props.retentionInDays) problems.push(`Log group ${args.name} keeps logs forever; set retentionInDays.`);
            return problems.map((message) => ({ message }));
        }),
);
