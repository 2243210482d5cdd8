/** KMS key policies shared by the components. Pure: plain strings in, JSON out. */

export interface KeyScope {
    partition: string;
    accountId: string;
    region: string;
}

const administer = (s: KeyScope) => ({
    Sid: "AccountAdministersKey",
    Effect: "Allow",
    Principal: { AWS: `arn:${s.partition}:iam::${s.accountId}:root` },
    Action: "kms:*",
    Resource: "*",
});

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

/**
 * EBS volumes of nodes: principals of the account may use the key through EC2 in this region
 * (Karpenter's CreateFleet, the EBS CSI driver), and the Auto Scaling service-linked role may use
 * it for the managed node group's instances.
 */
export function ebsKeyPolicy(s: KeyScope): string {
    const asg = `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
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
            { Sid: "AutoScalingUsesKey", Effect: "Allow", Principal: { AWS: asg }, Action: use, Resource: "*" },
            {
                Sid: "AutoScalingGrantsForVolumes",
                Effect: "Allow",
                Principal: { AWS: asg },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        ],
    });
}

/** Alerts: CloudWatch alarms and EventBridge rules may encrypt messages to the topic. */
export function alertsKeyPolicy(s: KeyScope): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            administer(s),
            {
                Sid: "AlarmsAndEventsPublishEncrypted",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": s.accountId } },
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
