import { stackRule, StackProblem } from "../define";
import { ofType } from "../graph";
import { Objectives, OBJECTIVES_SCHEMA, seconds } from "../objectives";
import { GraphResource } from "./calculus";
import { cronIntervalSeconds } from "./cron";
import { AURORA_PITR_LAG_SECONDS } from "./model";

interface PlanRule {
    ruleName: string;
    schedule?: string;
    enableContinuousBackup?: boolean;
    copyActions?: unknown[];
    targetVaultName?: string;
}

/**
 * A backup plan's own recovery point: continuous backup restores to within minutes, snapshots to
 * their interval. Copies must leave the region, and the vault must be locked against deletion.
 */
export function backupPlanProblems(rs: GraphResource[], o: Objectives): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const plan of ofType(rs, "aws:backup/plan:Plan")) {
        const rules = (plan.props.rules ?? []) as PlanRule[];
        const intervals = rules.filter((r) => !r.enableContinuousBackup && r.schedule).map((r) => cronIntervalSeconds(r.schedule!) ?? Infinity);
        const continuous = rules.some((r) => r.enableContinuousBackup);
        const rpo = continuous ? AURORA_PITR_LAG_SECONDS : Math.min(Infinity, ...intervals);
        const basis = continuous ? "continuous backup" : intervals.length ? `snapshots every ${seconds(Math.min(...intervals))}` : "no schedule";
        if (rpo > o.rpoSeconds) {
            problems.push({ urn: plan.urn, message: `Backup plan ${plan.name}: best RPO is ${seconds(rpo)} (${basis}), above the objective ${seconds(o.rpoSeconds)}; add a continuous-backup rule.` });
        }
        if (!rules.some((r) => (r.copyActions ?? []).length > 0)) {
            problems.push({ urn: plan.urn, message: `Backup plan ${plan.name} copies no recovery point out of its region; add copy actions to the other regions' vaults.` });
        }
        for (const vault of new Set(rules.map((r) => r.targetVaultName))) {
            const locked = rs.some((r) => r.type === "aws:backup/vaultLockConfiguration:VaultLockConfiguration" && r.props.backupVaultName === vault);
            if (!locked) problems.push({ urn: plan.urn, message: `Backup plan ${plan.name} writes to vault ${vault}, which has no Vault Lock: ransomware could delete the recovery points.` });
        }
    }
    return problems;
}

export const recoveryBackupPlan = stackRule<Objectives>(
    {
        name: "recovery-backup-plan",
        description: "Backup plans meet the RPO on their own (continuous backup or frequent snapshots), copy out of the region, and write to locked vaults.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Add a continuous-backup rule, copy actions to the other regions' vaults, and a Vault Lock.",
        configSchema: OBJECTIVES_SCHEMA,
    },
    backupPlanProblems,
);
