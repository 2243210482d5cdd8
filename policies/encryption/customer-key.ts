/**
 * A key input names a customer-managed key: set, and not an AWS managed key. AWS managed keys have
 * the aliases `alias/aws/<service>` (aws/s3, aws/sns, aws/secretsmanager, …); their policies cannot
 * be changed, they rotate on AWS's schedule, and anyone in the account who can use the service can
 * use them. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
export function isCustomerKey(value: unknown): boolean {
    if (typeof value !== "string" || value === "") return false;
    return !/(^|:)alias\/aws\//.test(value);
}
