/** plan/<stack>.md's traffic-path table (policies/traffic/model.ts): one row per hostname and region. */
import { seconds } from "../../policies/objectives";
import { describeOutcome, TrafficReport, TrafficRow, verdict } from "../../policies/traffic/model";
import { StackPlan } from "./types";

const cell = (s: string) => s.replace(/\|/g, "\\|");

function lost(r: TrafficRow): string {
    const f = r.failover;
    if (!f) return r.path.outcome.status === "arrives" ? "— (no other region in this path)" : "—";
    if (f.none) return `❌ ${f.none}`;
    const to = f.to.length > 0 ? f.to.map((t) => `${t.region} ${describeOutcome(t.outcome).split(" ")[0]}`).join(", ") : "↪ the other regions are in other stacks' plans";
    return `${f.who.join(", ")} → ${to}`;
}

function time(r: TrafficRow): string {
    const f = r.failover;
    if (!f) return "—";
    if (!Number.isFinite(f.detectionSeconds)) return "unbounded";
    return `${seconds(f.detectionSeconds)}: ${f.formula}${f.binding || f.formula.includes("reported") ? "" : " (reported, not bound by the objective)"}`;
}

/**
 * The rows this plan shows: with the union's report, the owner shows every hostname and a member
 * the rows through its own region; a plan alone shows what it can follow.
 */
export function trafficTable(plan: StackPlan, report: TrafficReport): string[] {
    const region = String(plan.config["bibox:region"] ?? "");
    const owner = plan.config["bibox:role"] === "owner";
    const rows = report.rows.filter((r) => owner || r.region === region);
    const lines = [
        "## Traffic paths",
        "",
        `Every public hostname followed from DNS to its service, per region, and where its users go when that region is lost (policies/traffic/model.ts; edge failover objective ${seconds(report.objectiveSeconds)}).`,
        "",
        "| Hostname | Vendor | Path | Healthy | When this region is lost | Failover time | Verdict |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ];
    for (const r of rows) {
        const path = r.path.hops.map((h) => h.short ?? h.kind).join(" → ") || "—";
        const healthy = `${describeOutcome(r.path.outcome)}${r.region !== "?" ? ` (${r.region})` : ""}`;
        lines.push(`| ${r.hostname} | ${r.vendor} | ${cell(path)} | ${cell(healthy)} | ${cell(lost(r))} | ${cell(time(r))} | ${cell(verdict(r, report.objectiveSeconds))} |`);
    }
    if (rows.length === 0) lines.push("| — | — | — | — | — | — | no public hostname reaches this stack |");
    const dead = rows.filter((r) => r.path.outcome.status === "dead-end");
    for (const r of dead) {
        const d = r.path.outcome.status === "dead-end" ? r.path.outcome.deadEnd : undefined;
        lines.push("", `- ❌ ${r.hostname} via ${r.vendor} (${r.region}): dead end at the ${d?.kind}: ${d?.reason}`);
    }
    return lines;
}
