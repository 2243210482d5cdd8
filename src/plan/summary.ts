/** plan/<stack>.md: the summary a pull-request comment carries. */
import { storeRecoveries } from "../../policies/recovery/calculus";
import { formatDuration } from "../../components/lib/durations";
import { objectivesSchema } from "../schema";
import { mermaidDiagram } from "./diagram";
import { componentFacts } from "./facts";
import { planGraph } from "./graph";
import { trafficTable } from "./traffic-table";
import { trafficOf } from "./traffic";
import type { TrafficReport } from "../../policies/traffic/model";
import { StackPlan } from "./types";

/**
 * @param traffic the traffic paths over every stack planned together (./traffic.ts); without it
 * the summary follows this plan's own hops.
 * @param diff the changes against a base plan (./diff.ts renderDiff), shown after the verdict.
 */
export function renderSummary(plan: StackPlan, placeholderCredentials: readonly string[] = [], traffic?: TrafficReport, diff?: readonly string[]): string {
    const region = String(plan.config["bibox:region"] ?? "?");
    const role = String(plan.config["bibox:role"] ?? "?");
    const mandatory = plan.policy.violations.filter((v) => v.level === "mandatory");
    const advisory = plan.policy.violations.filter((v) => v.level === "advisory");
    const verdict = mandatory.length > 0 ? `❌ ${mandatory.length} mandatory violation(s)` : "✅ no mandatory violations";
    const lines = [
        `# Plan: ${plan.stack} (${region}, ${role})`,
        "",
        `Project \`${plan.project}\` · ${plan.resources.length} resources (${plan.resources.filter((r) => r.custom).length} cloud, ${plan.resources.filter((r) => !r.custom).length} components) · ${plan.resources.filter((r) => r.protect).length} protected · policy: ${verdict}${advisory.length ? `, ${advisory.length} advisory` : ""}`,
        "",
    ];
    if (placeholderCredentials.length > 0) {
        lines.push(`Credentials not in the stack file, planned with offline placeholders: ${placeholderCredentials.map((k) => `\`${k}\``).join(", ")}.`, "");
    }
    // A reviewer reads the verdict's reasons and what changed first.
    lines.push(...policyResults(plan));
    if (diff) lines.push(...diff);
    lines.push("## Architecture", "", ...mermaidDiagram(plan.resources, plan.config), "", "## Components");
    for (const { component, facts } of componentFacts(plan.resources, plan.config)) {
        lines.push("", `### ${component.type} \`${component.name}\``, "", ...facts);
    }
    lines.push("", ...recoveryTable(plan));
    lines.push("", ...trafficTable(plan, traffic ?? trafficOf(plan.resources)));
    lines.push("", "## Resources by type", "", `<details><summary>${plan.resources.length} resources of ${new Set(plan.resources.map((r) => r.type)).size} types</summary>`, "", "| Type | Count |", "| --- | ---: |");
    const counts = new Map<string, number>();
    for (const r of plan.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) lines.push(`| \`${type}\` | ${count} |`);
    lines.push("", "</details>");
    return lines.join("\n") + "\n";
}

/** Every store's best RPO and RTO for the loss of a region and for corruption, against the objectives. */
function recoveryTable(plan: StackPlan): string[] {
    // The stack's objectives as the program read them: converted by the config model, not re-parsed here.
    const objectives = objectivesSchema.safeParse(plan.config["bibox:objectives"]);
    const rpo = objectives.success ? objectives.data.rpoSeconds : Infinity;
    const rto = objectives.success ? objectives.data.rtoSeconds : Infinity;
    // One spelling for every figure of the table: "0s", "1m30s" (components/lib/durations.ts).
    const fmt = (s: number) => (Number.isFinite(s) ? formatDuration(s) : "unbounded");
    const rows = storeRecoveries(planGraph(plan.resources)).map((s) => {
        const regionOk = s.regionLoss.rpo.seconds <= rpo && s.regionLoss.rto.seconds <= rto;
        const corruptionOk = s.ephemeral || s.corruption.rpo.seconds <= rpo;
        const verdict = regionOk && corruptionOk ? "✅ meets" : "❌ misses";
        return `| ${s.kind} \`${s.store}\` | ${fmt(s.regionLoss.rpo.seconds)} / ${fmt(s.regionLoss.rto.seconds)} | ${fmt(s.corruption.rpo.seconds)}${s.ephemeral ? " (cache, not judged)" : ""} / ${fmt(s.corruption.rto.seconds)} | ${fmt(rpo)} / ${fmt(rto)} | ${verdict} |`;
    });
    return [
        "## Recovery",
        "",
        "| Store | Region loss RPO / RTO | Corruption RPO / RTO | Objective RPO / RTO | Verdict |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
        "",
        "Figures come from what the stack declares and the model in policies/recovery/model.ts; corruption RTO is a restore estimate, reported, not judged against the region-loss RTO.",
    ];
}

/** The policy results: every violation, mandatory first. */
function policyResults(plan: StackPlan): string[] {
    const lines = ["## Policy results", ""];
    if (plan.policy.violations.length === 0) return [...lines, "No violations.", ""];
    lines.push("| Level | Policy | Resource | Message |", "| --- | --- | --- | --- |");
    const ordered = [...plan.policy.violations].sort((a, b) => Number(a.level !== "mandatory") - Number(b.level !== "mandatory"));
    for (const v of ordered) {
        const name = v.urn ? v.urn.split("::").pop() : "(stack)";
        lines.push(`| ${v.level} | ${v.policy} | ${name} | ${v.message.replace(/\|/g, "\\|")} |`);
    }
    return [...lines, ""];
}

