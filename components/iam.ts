/** IAM documents every component builds: trust policies and AWS managed policy ARNs. */

/** Condition that admits a service only when it acts for this account (confused-deputy guard). */
export const sourceAccount = (accountId: string) => ({ StringEquals: { "aws:SourceAccount": accountId } });

/** Trust policy: the AWS service principal `service` may assume the role. */
export const serviceTrust = (service: string, Action: string | string[] = "sts:AssumeRole", Condition?: Record<string, unknown>): string =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action, ...(Condition ? { Condition } : {}) }] });

/** AWS managed policies, by name (`AmazonEKSWorkerNodePolicy`, `service-role/AWSBackupServiceRolePolicyForBackup`). */
export const managedPolicyArn = (partition: string, name: string) => `arn:${partition}:iam::aws:policy/${name}`;
