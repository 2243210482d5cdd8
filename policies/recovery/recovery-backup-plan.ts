import { stackRule, StackProblem } from "../define";
import { ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import { Objectives, OBJECTIVES_SCHEMA, seconds } from "../objectives";
import { copiesOut, lockMode, planRules, vaultInPlan } from "./backup";
import { cronIntervalSeconds } from "./cron";
import { AURORA_PITR_LAG_SECONDS } from "./model";
import { arnRegion, Placement, placement } from "./placement";

/**
 * A backup plan's own recovery point: continuous backup restores to within minutes, snapshots to
 * their interval. Copies must leave the plan's region (the destination vault ARN's region, against
 * the region of the plan's AWS provider), and every vault it writes to must be created in this
 * stack under a compliance-mode Vault Lock (./backup.ts).
 */
export function backupPlanProblems(plan: GraphResource, rs: GraphResource[], o: Objectives, where: Placement): StackProblem[] {
    const problems: StackProblem[] = [];
    const rules = planRules(plan);
    const intervals = rules.filter((r) => !r.continuous && r.schedule).map((r) => cronIntervalSeconds(r.schedule!) ?? Infinity);
    const continuous = rules.some((r) => r.continuous);
    const rpo = continuous ? AURORA_PITR_LAG_SECONDS : Math.min(Infinity, ...intervals);
    const basis = continuous ? "continuous backup" : intervals.length ? `snapshots every ${seconds(Math.min(...intervals))}` : "no schedule";
    if (rpo > o.rpoSeconds) {
        problems.push({ urn: plan.urn, message: `Backup plan ${plan.name}: best RPO is ${seconds(rpo)} (${basis}), above the objective ${seconds(o.rpoSeconds)}; add a continuous-backup rule.` });
    }
    const region = where.regionOf(plan);
    if (region === undefined) {
        problems.push({ urn: plan.urn, message: `Backup plan ${plan.name}: its AWS provider names no region, so the pack cannot tell whether its copies leave the region; create it through the stack's explicit provider.` });
    } else if (!rules.some((r) => copiesOut(r, region).length > 0)) {
        const dest = rules.flatMap((r) => r.copies);
        const sent = dest.length ? `its copies go to ${dest.map((d) => `${d} (${arnRegion(d) ?? "no region"})`).join(", ")}` : "it has no copy action";
        problems.push({ urn: plan.urn, message: `Backup plan ${plan.name} copies no recovery point out of its region ${region}: ${sent}; add copy actions to the other regions' vaults.` });
    }
    for (const vault of new Set(rules.map((r) => r.targetVaultName))) {
        const mode = lockMode(vault, rs);
        if (!vaultInPlan(vault, rs)) {
            problems.push({ urn: plan.urn, message: `Backup plan ${plan.name} writes to vault ${vault ?? "(none named)"}, which this stack does not create, so its Vault Lock cannot be verified; write to the stack's own locked vault.` });
        } else if (mode === "none") {
            problems.push({ urn: plan.urn, message: `Backup plan ${plan.name} writes to vault ${vault}, which has no Vault Lock: ransomware could delete the recovery points; add a compliance-mode Vault Lock.` });
        } else if (mode === "governance") {
            problems.push({
                urn: plan.urn,
                message: `Backup plan ${plan.name} writes to vault ${vault}, whose Vault Lock is in governance mode (changeableForDays not set): anyone allowed backup:DeleteBackupVaultLockConfiguration can lift it; set changeableForDays for compliance mode.`,
            });
        }
    }
    return problems;
}

export const recoveryBackupPlan = stackRule<Objectives>(
    {
        name: "recovery-backup-plan",
        description: "Backup plans meet the RPO on their own (continuous backup or frequent snapshots), copy to a vault in another region, and write to this stack's vaults under a compliance-mode Vault Lock.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Add a continuous-backup rule, copy actions to the other regions' vaults, and a Vault Lock with changeableForDays (compliance mode).",
        configSchema: OBJECTIVES_SCHEMA,
    },
    (rs, objectives, judge, args) => {
        const where = placement(rs, args);
        return judge.each(ofType(rs, "aws:backup/plan:Plan"), (plan) => backupPlanProblems(plan, rs, objectives, where));
    },
);
