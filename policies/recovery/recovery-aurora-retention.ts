/**
 * Aurora's own safety nets, judged with the provider's defaults where the plan leaves them out
 * (./model.ts): automated backups kept long enough to be a point-in-time recovery window
 * (backupRetentionPeriod ≥ AURORA_MIN_RETENTION_DAYS; the default 1 day is not), and a final
 * snapshot taken when the cluster is deleted (skipFinalSnapshot not true).
 */
import { resourceRule } from "../define";
import { num } from "./guard";
import { AURORA_DEFAULT_RETENTION_DAYS, AURORA_DEFAULT_SKIP_FINAL_SNAPSHOT, AURORA_MIN_RETENTION_DAYS } from "./model";

export function auroraRetentionProblems(name: string, props: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const set = props.backupRetentionPeriod !== undefined && props.backupRetentionPeriod !== null;
    const days = num(props.backupRetentionPeriod, `${name} backupRetentionPeriod`, AURORA_DEFAULT_RETENTION_DAYS);
    if (days < AURORA_MIN_RETENTION_DAYS) {
        problems.push(
            `Aurora ${name} keeps automated backups ${days} day(s)${set ? "" : " (the provider's default)"}: a point-in-time recovery window under ${AURORA_MIN_RETENTION_DAYS} days loses any corruption noticed later; set backupRetentionPeriod to at least ${AURORA_MIN_RETENTION_DAYS}.`,
        );
    }
    const skip = props.skipFinalSnapshot ?? AURORA_DEFAULT_SKIP_FINAL_SNAPSHOT;
    if (skip !== false && skip !== "false") {
        problems.push(`Aurora ${name} sets skipFinalSnapshot: deleting the cluster would take its data without a final snapshot; leave skipFinalSnapshot false and name a finalSnapshotIdentifier.`);
    }
    return problems;
}

export const recoveryAuroraRetention = resourceRule(
    {
        name: "recovery-aurora-retention",
        description: `Aurora clusters keep automated backups at least ${AURORA_MIN_RETENTION_DAYS} days (point-in-time recovery window; the provider default is 1) and take a final snapshot on deletion.`,
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: `Set backupRetentionPeriod to at least ${AURORA_MIN_RETENTION_DAYS} and leave skipFinalSnapshot false.`,
    },
    ["aws:rds/cluster:Cluster"],
    (props, args, judge) => judge.one({ name: args.name, urn: args.urn }, () => auroraRetentionProblems(args.name, props).map((message) => ({ message }))),
);
