/**
 * The IAM documents flow-log delivery needs (the key policy is components/key-policies.ts), as pure functions of plain values so tests can read them.
 */
import { serviceTrust, sourceAccount } from "../iam";

/** Trust policy: only VPC Flow Logs acting for this account may assume the delivery role. */
export function flowLogTrustPolicy(accountId: string): string {
    return serviceTrust("vpc-flow-logs.amazonaws.com", "sts:AssumeRole", sourceAccount(accountId));
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
