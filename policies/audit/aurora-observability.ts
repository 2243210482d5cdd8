/**
 * aurora-observability: every Aurora PostgreSQL cluster and instance leaves the records an
 * incident needs — the database's own log in CloudWatch Logs, OS metrics from Enhanced
 * Monitoring, the wait and query samples of Performance Insights — and its snapshots keep the
 * cluster's tags (the `bibox:backup` tag AWS Backup selects by, the cost tags).
 *
 * Judged, with the provider defaults (@pulumi/aws 7.x, https://www.pulumi.com/registry/packages/aws/api-docs/rds/cluster/
 * and …/rds/clusterinstance/):
 * - aws:rds/cluster (engine aurora-postgresql): enabledCloudwatchLogsExports includes "postgresql"
 *   (default none: "If omitted, no logs will be exported"), copyTagsToSnapshot === true (default
 *   false). checkov CKV_AWS_324, CKV_AWS_313. Other engines are not judged: the platform runs
 *   PostgreSQL only and no log set is chosen for them.
 * - aws:rds/clusterInstance: monitoringInterval one of 1, 5, 10, 15, 30, 60 (default 0, off;
 *   valid values 0, 1, 5, 10, 15, 30, 60) with a monitoringRoleArn; when that role is in the plan
 *   it trusts monitoring.rds.amazonaws.com and has AmazonRDSEnhancedMonitoringRole
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Monitoring.OS.Enabling.html).
 *   performanceInsightsEnabled === true (default false); an instance that leaves it unset takes
 *   its cluster's performanceInsightsEnabled (cluster-level Performance Insights, which the
 *   instance may not contradict). checkov CKV_AWS_118, CKV_AWS_353; compliance-policies
 *   aws-rds-clusterinstance-enable-performance-insights. The Performance Insights key is
 *   encryption/aurora-encrypted's; IAM authentication access/aurora-iam-auth's.
 * A monitoring role outside the plan (another stack's) is not judged here.
 */
import { stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { grantsAction, isAllow, principalsOf, statementsOf } from "../access/policy-document";
import { Net, strings } from "../network/refs";
import { num } from "../recovery/guard";

const T = {
    cluster: "aws:rds/cluster:Cluster",
    instance: "aws:rds/clusterInstance:ClusterInstance",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;
export const MONITORING_PRINCIPAL = "monitoring.rds.amazonaws.com";
export const MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
/** The log types each judged engine must export. */
export const REQUIRED_LOG_EXPORTS: Record<string, readonly string[]> = { "aurora-postgresql": ["postgresql"] };

const shown = (value: unknown, fallback: unknown) => (value === undefined || value === null ? `unset, default ${fallback}` : String(value));

export function clusterProblems(name: string, p: Record<string, unknown>): string[] {
    const required = REQUIRED_LOG_EXPORTS[String(p.engine ?? "")];
    if (!required) return [];
    const problems: string[] = [];
    const exported = strings(p.enabledCloudwatchLogsExports);
    const missing = required.filter((l) => !exported.includes(l));
    if (missing.length > 0) {
        problems.push(`Aurora cluster ${name} does not export its ${missing.join(", ")} log to CloudWatch Logs (enabledCloudwatchLogsExports ${exported.length ? exported.join(", ") : "unset, default none"}): errors, slow statements and connection failures stay on the instances and go with them. Add ${missing.map((m) => `"${m}"`).join(", ")}.`);
    }
    if (p.copyTagsToSnapshot !== true) {
        problems.push(`Aurora cluster ${name} does not copy its tags to snapshots (copyTagsToSnapshot ${shown(p.copyTagsToSnapshot, false)}): snapshots lose the backup and cost tags. Set copyTagsToSnapshot: true.`);
    }
    return problems;
}

/** Why the plan's monitoring role cannot deliver Enhanced Monitoring, if it cannot. */
export function monitoringRoleProblem(role: GraphResource, attachments: readonly GraphResource[]): string | undefined {
    const trusted = statementsOf(role.props.assumeRolePolicy).some((s) => isAllow(s) && grantsAction(s, "sts:AssumeRole") && principalsOf(s, "Service").includes(MONITORING_PRINCIPAL));
    const attached = strings(role.props.managedPolicyArns).includes(MONITORING_POLICY)
        || attachments.some((a) => a.props.policyArn === MONITORING_POLICY && (a.props.role === role.props.name || a.props.role === role.props.id || a.dependencies.includes(role.urn)));
    const gaps = [!trusted && `does not trust ${MONITORING_PRINCIPAL}`, !attached && "has no AmazonRDSEnhancedMonitoringRole"].filter((g): g is string => typeof g === "string");
    return gaps.length ? `its monitoring role ${role.name} ${gaps.join(" and ")}` : undefined;
}

/** The role of the plan an ARN names: its arn, or its name as the ARN's last path segment. */
function roleNamed(arn: string, roles: readonly GraphResource[]): GraphResource | undefined {
    const name = /^arn:[a-z-]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
    return roles.find((r) => r.props.arn === arn || (name !== undefined && r.props.name === name));
}

export function instanceProblems(instance: GraphResource, cluster: GraphResource | undefined, net: Net): string[] {
    const p = instance.props;
    const name = instance.name;
    const problems: string[] = [];
    const interval = num(p.monitoringInterval, "monitoringInterval", 0);
    if (!(MONITORING_INTERVALS as readonly number[]).includes(interval)) {
        problems.push(`Aurora instance ${name} sets monitoringInterval ${interval}, which is not one of ${MONITORING_INTERVALS.join(", ")} seconds.`);
    } else if (interval === 0) {
        problems.push(`Aurora instance ${name} has no Enhanced Monitoring (monitoringInterval ${shown(p.monitoringInterval, 0)}): its OS metrics (memory, swap, per-process CPU) are not recorded. Set monitoringInterval (1 to 60 s) with a monitoringRoleArn.`);
    } else if (typeof p.monitoringRoleArn !== "string" || p.monitoringRoleArn === "") {
        problems.push(`Aurora instance ${name} collects Enhanced Monitoring every ${interval} s but names no monitoringRoleArn: RDS cannot deliver the metrics. Name a role that trusts ${MONITORING_PRINCIPAL}.`);
    } else {
        const role = roleNamed(p.monitoringRoleArn, net.ofType(T.role));
        const problem = role && monitoringRoleProblem(role, net.ofType(T.attachment));
        if (problem) problems.push(`Aurora instance ${name} cannot deliver Enhanced Monitoring: ${problem}. Trust ${MONITORING_PRINCIPAL} and attach AmazonRDSEnhancedMonitoringRole.`);
    }
    const insights = p.performanceInsightsEnabled ?? cluster?.props.performanceInsightsEnabled;
    if (insights !== true) {
        problems.push(`Aurora instance ${name} does not run Performance Insights (performanceInsightsEnabled ${shown(insights, false)}): a slow or locked database leaves no record of which queries waited on what. Set performanceInsightsEnabled: true (with its customer key, see aurora-encrypted).`);
    }
    return problems;
}

export const auroraObservability = stackRule(
    {
        name: "aurora-observability",
        description: "Aurora PostgreSQL clusters export their postgresql log to CloudWatch Logs and copy tags to snapshots; every instance has Enhanced Monitoring through a working role and Performance Insights.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set enabledCloudwatchLogsExports: [\"postgresql\"] and copyTagsToSnapshot: true on every regional cluster; monitoringInterval (e.g. 30) with the monitoring role, and performanceInsightsEnabled: true, on every instance.",
    },
    (rs, _config, judge) => {
        const net = new Net(rs);
        const clusters = net.ofType(T.cluster);
        const at = (r: GraphResource) => (message: string): StackProblem => ({ urn: r.urn, message });
        return [
            ...judge.each(clusters, (c) => clusterProblems(c.name, c.props).map(at(c))),
            ...judge.each(net.ofType(T.instance), (i) => instanceProblems(i, net.referenced(i, "clusterIdentifier", clusters)[0], net).map(at(i))),
        ];
    },
);
