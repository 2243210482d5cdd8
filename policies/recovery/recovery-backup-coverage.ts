/**
 * What must exist for every store AWS Backup can protect (Aurora, S3, DynamoDB; ./inventory.ts):
 * a backup selection that really picks it (./backup.ts selects), whose plan copies its recovery
 * points to a vault in another region, and writes them to a vault of this stack under a
 * compliance-mode Vault Lock. A store no selection picks is a violation naming the store, however
 * the selection, the plan or the store's tags changed.
 */
import { stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { copiesOut, lockMode, planRules, selectionsOf, vaultInPlan } from "./backup";
import { Store, statefulStores } from "./inventory";
import { Placement, placement } from "./placement";

const describeTags = (tags: Record<string, string>) => Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(", ") || "none";

export function storeBackupProblems(store: Store, rs: GraphResource[], where: Placement): StackProblem[] {
    const at = { urn: store.urn };
    const label = `${store.kind} ${store.name}`;
    const region = where.regionOf(store.resource);
    if (region === undefined) return [{ ...at, message: `${label}: its AWS provider names no region, so the pack cannot tell where its backups go; create it through the stack's explicit provider.` }];
    const selected = selectionsOf(store, rs, where);
    if (selected.length === 0) {
        return [{ ...at, message: `${label} is selected by no AWS Backup selection (its tags: ${describeTags(where.tagsOf(store.resource))}); assign it to a backup plan, e.g. with the tag the stack's selection picks.` }];
    }
    const plans = selected.flatMap((s) => (s.plan ? [s.plan] : []));
    if (plans.length === 0) {
        return [{ ...at, message: `${label} is selected by ${selected.map((s) => s.selection.name).join(", ")}, whose backup plan this stack does not create; assign it to the stack's backup plan.` }];
    }
    const rules = plans.flatMap(planRules);
    const problems: StackProblem[] = [];
    if (!rules.some((r) => copiesOut(r, region).length > 0)) {
        problems.push({ ...at, message: `${label}: no backup plan that selects it (${plans.map((p) => p.name).join(", ")}) copies its recovery points to a vault outside ${region}; a regional disaster would take the backups with the store. Add a copy action to another region's vault.` });
    }
    const locked = rules.some((r) => vaultInPlan(r.targetVaultName, rs) && lockMode(r.targetVaultName, rs) === "compliance");
    if (!locked) {
        const vaults = [...new Set(rules.map((r) => `${r.targetVaultName ?? "(none)"} (${vaultInPlan(r.targetVaultName, rs) ? `lock: ${lockMode(r.targetVaultName, rs)}` : "not in this stack"})`))];
        problems.push({ ...at, message: `${label}: its backup plans write only to ${vaults.join(", ")}; without a compliance-mode Vault Lock an attacker can delete its recovery points. Lock the vault with changeableForDays set.` });
    }
    return problems;
}

export const recoveryBackupCoverage = stackRule(
    {
        name: "recovery-backup-coverage",
        description: "Every Aurora cluster, data bucket and DynamoDB table is selected by an AWS Backup selection whose plan copies to another region's vault and writes to a vault under a compliance-mode Vault Lock.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Select the store in the stack's backup plan (tags it really carries), copy to a vault in another region, and lock the vault with changeableForDays (compliance mode).",
    },
    (rs, _config, judge, args) => {
        const where = placement(rs, args);
        return judge.each(statefulStores(rs, ["Aurora", "S3", "DynamoDB"]), (store) => storeBackupProblems(store, rs, where));
    },
);
