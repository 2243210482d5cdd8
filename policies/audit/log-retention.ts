/**
 * log-retention: CloudWatch log groups that hold audit or security records keep them long enough
 * to investigate an incident found late. Which groups, and the floor of each kind (the pack's
 * choice, with its reason):
 *
 * | kind | how the pack recognises it | floor |
 * |---|---|---|
 * | VPC flow log | the destination of an aws:ec2/flowLog (logDestinationType cloud-watch-logs, the default) | 365 days |
 * | EKS control-plane log | named /aws/eks/<cluster>/cluster, the group EKS writes api/audit/authenticator logs to (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html) | 365 days |
 * | CloudTrail log | a trail's cloudWatchLogsGroupArn | 365 days |
 * | WAF request log | a destination of an aws:wafv2/webAclLoggingConfiguration, or named aws-waf-logs-* | 90 days |
 *
 * 365 days for the audit records: a year of audit history (PCI DSS v4.0 requirement 10.5.1:
 * "retain audit log history for at least 12 months"; checkov CKV_AWS_338). 90 days for WAF
 * request logs: they log every request, so a year costs far more than it tells; 90 days is the
 * three months 10.5.1 wants immediately available, and the ALB's request record for the
 * incidents the CDNs' own logs do not cover.
 * Not judged: Lambda and other application logs (operational output; the region switch's record
 * is the ARC plan execution history and CloudTrail), and groups of no kind above.
 *
 * Retention: retentionInDays unset or 0 is "never expire" (aws.cloudwatch.LogGroup,
 * https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/loggroup/) and passes here
 * (log-group-encrypted requires a bound); logGroupClass DELIVERY forces 2 days whatever
 * retentionInDays says (same page).
 */
import { stackRule } from "../define";
import type { GraphResource } from "../graph-types";
import { Net, strings } from "../network/refs";
import { num } from "../recovery/guard";

const T = {
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    flowLog: "aws:ec2/flowLog:FlowLog",
    trail: "aws:cloudtrail/trail:Trail",
    wafLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
} as const;

export interface RetentionFloor {
    kind: string;
    days: number;
    why: string;
}

const AUDIT = "a year of audit history, PCI DSS 10.5.1";
export const RETENTION_FLOORS = {
    flow: { kind: "VPC flow log", days: 365, why: AUDIT },
    eks: { kind: "EKS control-plane log", days: 365, why: AUDIT },
    trail: { kind: "CloudTrail log", days: 365, why: AUDIT },
    waf: { kind: "WAF request log", days: 90, why: "three months of every request, immediately available" },
} as const satisfies Record<string, RetentionFloor>;

/** The log group name of a CloudWatch Logs ARN (arn:…:logs:<region>:<account>:log-group:<name>[:*]), if it is one. */
export function logGroupNameOf(arn: string): string | undefined {
    return /^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1];
}

/** Days a group keeps its events; Infinity for never. */
export function retentionDays(props: Record<string, unknown>): number {
    if (props.logGroupClass === "DELIVERY") return 2;
    const days = num(props.retentionInDays, "retentionInDays", 0);
    return days === 0 ? Infinity : days;
}

/** The floor that applies to a log group, from what in the plan writes to it. */
export function floorOf(group: GraphResource, net: Net): RetentionFloor | undefined {
    const name = typeof group.props.name === "string" ? group.props.name : undefined;
    const names = (values: unknown, writer: GraphResource) =>
        strings(values).some((v) => (name !== undefined && logGroupNameOf(v) === name) || v === group.props.arn) || (strings(values).length > 0 && writer.dependencies.includes(group.urn));
    const floors: RetentionFloor[] = [];
    if (net.ofType(T.flowLog).some((f) => (f.props.logDestinationType ?? "cloud-watch-logs") === "cloud-watch-logs" && (names(f.props.logDestination, f) || (name !== undefined && f.props.logGroupName === name)))) floors.push(RETENTION_FLOORS.flow);
    if (name !== undefined && /^\/aws\/eks\/[^/]+\/cluster$/.test(name)) floors.push(RETENTION_FLOORS.eks);
    if (net.ofType(T.trail).some((t) => names(t.props.cloudWatchLogsGroupArn, t))) floors.push(RETENTION_FLOORS.trail);
    if ((name !== undefined && name.startsWith("aws-waf-logs-")) || net.ofType(T.wafLogging).some((l) => names(l.props.logDestinationConfigs, l))) floors.push(RETENTION_FLOORS.waf);
    return floors.sort((a, b) => b.days - a.days)[0];
}

export const logRetention = stackRule(
    {
        name: "log-retention",
        description: "Log groups holding audit records (VPC flow logs, EKS control-plane logs, CloudTrail) keep them at least 365 days, WAF request logs at least 90 (0 = never expire passes).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set retentionInDays to 365 (or more) on the flow-log, EKS control-plane and CloudTrail log groups and to 90 (or more) on the WAF log groups, and keep logGroupClass STANDARD.",
    },
    (rs, _config, judge) => {
        const net = new Net(rs);
        return judge.each(net.ofType(T.logGroup), (g) => {
            const floor = floorOf(g, net);
            if (!floor) return [];
            const days = retentionDays(g.props);
            if (days >= floor.days) return [];
            const how = g.props.logGroupClass === "DELIVERY" ? "logGroupClass DELIVERY, which forces 2 days" : `retentionInDays ${days}`;
            return [{
                urn: g.urn,
                message: `Log group ${g.name} holds ${floor.kind}s but keeps them ${days} days (${how}); ${floor.kind}s are kept at least ${floor.days} days (${floor.why}). Set retentionInDays to ${floor.days} or more.`,
            }];
        });
    },
);
