/**
 * The JSON documents the network needs, as pure functions of plain values so tests can read them.
 */

export interface FlowLogKeyPolicyArgs {
    partition: string;
    accountId: string;
    region: string;
    logGroupName: string;
}

/**
 * Key policy for the flow-log key: the account administers it; CloudWatch Logs in this region may
 * use it only for the flow-log group (the encryption-context condition AWS documents).
 */
export function flowLogKeyPolicy(a: FlowLogKeyPolicyArgs): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${a.partition}:iam::${a.accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsEncryptsFlowLogs",
                Effect: "Allow",
                Principal: { Service: `logs.${a.region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnEquals: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${a.logGroupName}`,
                    },
                },
            },
        ],
    });
}

/** Trust policy: only VPC Flow Logs acting for this account may assume the delivery role. */
export function flowLogTrustPolicy(accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    });
}

/** The delivery role may write to the flow-log group and nothing else. */
export function flowLogDeliveryPolicy(logGroupArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
        ],
    });
}
