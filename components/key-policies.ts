/** KMS key policies shared by the components. Pure: plain strings in, JSON out. */

/** The AWS partition and account a stack's resources live in (aws.getPartition, aws.getCallerIdentity). */
export interface Account {
    /** `aws`, `aws-cn` or `aws-us-gov`: the first field of every ARN. */
    partition: string;
    /** The 12-digit account id. */
    accountId: string;
}

/** An account in one region: what ARNs and key policies of a component are written for. */
export interface KeyScope extends Account {
    /** The region of the component's resources. */
    region: string;
}

const administer = (s: KeyScope) => ({
    Sid: "AccountAdministersKey",
    Effect: "Allow",
    Principal: { AWS: `arn:${s.partition}:iam::${s.accountId}:root` },
    Action: "kms:*",
    Resource: "*",
});

/**
 * An identity policy letting a role use one customer key for `actions` (IAM alone is not enough:
 * the key's own policy must let the account's IAM policies grant it, accountKeyPolicy).
 */
export function keyUsePolicy(keyArn: string, actions: readonly string[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: keyArn }] });
}

/** The account administers the key; IAM policies decide who uses it (EKS secrets). */
export function accountKeyPolicy(s: KeyScope): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [administer(s)] });
}

/**
 * CloudWatch Logs in this region may use the key only for one log group (the encryption-context
 * condition AWS documents for log-group keys).
 */
export function logGroupKeyPolicy(s: KeyScope & { logGroupName: string }): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            administer(s),
            {
                Sid: "CloudWatchLogsEncryptsLogGroup",
                Effect: "Allow",
                Principal: { Service: `logs.${s.region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${s.logGroupName}` },
                },
            },
        ],
    });
}

/** The EC2 Auto Scaling service-linked role, which launches the managed node group's instances. */
export const autoScalingServiceRoleArn = (s: Pick<KeyScope, "partition" | "accountId">) =>
    `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;

/**
 * EBS volumes of nodes: principals of the account may use the key through EC2 in this region
 * (Karpenter's CreateFleet, the EBS CSI driver), and the Auto Scaling service-linked role may use
 * it for the managed node group's instances (the two statements EC2 Auto Scaling documents:
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html).
 *
 * The role is matched by the `aws:PrincipalArn` condition under `Principal: "*"`, not named as the
 * principal: KMS refuses a key policy whose principal does not exist yet
 * (MalformedPolicyDocumentException), and AWSServiceRoleForAutoScaling exists only once the account
 * has made its first Auto Scaling group — in a fresh account the node group creates it, after the
 * key. A condition key is not resolved when the policy is written, so the key can be made first.
 */
export function ebsKeyPolicy(s: KeyScope): string {
    const asg = { StringEquals: { "aws:PrincipalArn": autoScalingServiceRoleArn(s) } };
    const use = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            administer(s),
            {
                Sid: "AccountUsesKeyThroughEc2",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: [...use, "kms:CreateGrant"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `ec2.${s.region}.amazonaws.com`, "kms:CallerAccount": s.accountId } },
            },
            { Sid: "AutoScalingUsesKey", Effect: "Allow", Principal: { AWS: "*" }, Action: use, Resource: "*", Condition: asg },
            {
                Sid: "AutoScalingGrantsForVolumes",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { ...asg, Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        ],
    });
}

/**
 * Alerts: CloudWatch alarms and EventBridge rules may encrypt messages to the topic (the statement
 * SNS documents for AWS event sources and encrypted topics:
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 * Alarms are bound to this account's alarms by aws:SourceAccount/aws:SourceArn. EventBridge's KMS
 * requests carry neither key, so the same condition on it would drop every backup-failure event
 * silently; it is bound instead by the encryption context SNS itself sends: this topic's ARN.
 */
export function alertsKeyPolicy(s: KeyScope & { topicArn: string }): string {
    const use = ["kms:Decrypt", "kms:GenerateDataKey*"];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            administer(s),
            {
                Sid: "AlarmsPublishEncrypted",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: use,
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": s.accountId },
                    ArnLike: { "aws:SourceArn": `arn:${s.partition}:cloudwatch:${s.region}:${s.accountId}:alarm:*` },
                },
            },
            {
                Sid: "EventsPublishEncrypted",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: use,
                Resource: "*",
                Condition: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": s.topicArn } },
            },
        ],
    });
}

/** CloudTrail may encrypt log files with the key; the account may decrypt them to read. */
export function trailKeyPolicy(s: KeyScope & { trailArn: string }): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            administer(s),
            {
                Sid: "CloudTrailEncryptsLogs",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: ["kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceArn": s.trailArn },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${s.partition}:cloudtrail:*:${s.accountId}:trail/*` },
                },
            },
        ],
    });
}
