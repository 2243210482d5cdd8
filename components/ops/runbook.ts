/**
 * The disaster-recovery runbook as data (pure): every step with the time it is expected to take,
 * and which Region switch plan to run for which lost region (one plan per region pair,
 * region-switch-plans.ts). README's runbook is this table; tests hold both to the RTO.
 */
import { evacuationPair, pairPlanName, successorOf } from "./region-switch-plans";

export interface RunbookStep {
    step: string;
    /** Expected seconds, from the settings that decide it. */
    seconds: number;
    how: string;
}

export interface RunbookArgs {
    /** Detection of a dead region at the edge (the slowest declared failover path). */
    edgeDetectionSeconds: number;
    /** Aurora managed global failover. */
    auroraFailoverSeconds: number;
    /** Promoting the cache's secondary in the surviving region. */
    cachePromotionSeconds: number;
}

/** Unplanned failover: a region is gone; the Region switch plan's deactivate workflow, ungraceful. */
export function unplannedFailover(a: RunbookArgs): RunbookStep[] {
    return [
        { step: "Edge stops sending users to the region", seconds: a.edgeDetectionSeconds, how: "automatic: Cloudflare monitor, Fastly health checks, ALB health behind Global Accelerator" },
        { step: "Decide and start the lost region's Region switch plan (deactivate, ungraceful)", seconds: 60, how: "on-call, paged by the alarms: `aws arc-region-switch start-plan-execution --plan-arn <plan below> --target-region <lost region> --action deactivate --mode ungraceful`" },
        { step: "Accelerator traffic dial of the region to 0 %", seconds: 15, how: "plan step: the traffic-dial Lambda" },
        { step: "Aurora global database fails over to a surviving region", seconds: a.auroraFailoverSeconds, how: "plan step: AuroraGlobalDatabase, failover (ungraceful)" },
        { step: "Surviving regions scale the shop to carry the load", seconds: 60, how: "plan step: EKS resource scaling of the activating region; the third region's autoscalers, within Karpenter's N-1 limits" },
    ];
}

/** Planned switchover: moving the writer away before maintenance; nothing is lost. */
export function plannedSwitchover(a: RunbookArgs): RunbookStep[] {
    return [
        { step: "Start the region's Region switch plan (deactivate, graceful)", seconds: 30, how: "`aws arc-region-switch start-plan-execution --plan-arn <plan below> --target-region <region> --action deactivate --mode graceful`" },
        { step: "Accelerator traffic dial of the region to 0 %", seconds: 15, how: "plan step: the traffic-dial Lambda" },
        { step: "Aurora global database switchover (no data loss)", seconds: a.auroraFailoverSeconds, how: "plan step: AuroraGlobalDatabase, switchoverOnly" },
        { step: "Surviving regions scale the shop", seconds: 60, how: "plan step: EKS resource scaling" },
    ];
}

/** Failback: the region is healthy again; bring it back into rotation. */
export function failback(a: RunbookArgs): RunbookStep[] {
    return [
        { step: "Check the region: cluster nodes Ready, Aurora secondary in sync, cache secondary joined", seconds: 120, how: "dashboards (Managed Prometheus), `aws rds describe-global-clusters`" },
        { step: "Start the same Region switch plan (activate)", seconds: 30, how: "`aws arc-region-switch start-plan-execution --plan-arn <plan below> --target-region <region> --action activate`" },
        { step: "Accelerator traffic dial of the region back to 100 %", seconds: 15, how: "plan step: the traffic-dial Lambda; Cloudflare and Fastly pick the origin up by health" },
        { step: "Optional: switch the Aurora writer back (planned switchover)", seconds: a.auroraFailoverSeconds, how: "`aws rds switchover-global-cluster`, in a quiet hour" },
        { step: "Cache: promote the original primary back if wanted", seconds: a.cachePromotionSeconds, how: "`aws elasticache failover-global-replication-group`" },
    ];
}

export const total = (steps: readonly RunbookStep[]) => steps.reduce((sum, s) => sum + s.seconds, 0);

/** Which plan evacuates which region, and where the Aurora writer goes (regions in succession order). */
export function evacuationPlans(regions: readonly string[]): { lost: string; plan: string; writerTo: string }[] {
    return regions.map((lost) => ({ lost, plan: pairPlanName(evacuationPair(lost, regions)), writerTo: successorOf(lost, regions) }));
}

/** The runbook as Markdown tables (what README shows); `regions` in succession order, the owner first. */
export function runbookMarkdown(a: RunbookArgs, rtoSeconds: number, regions: readonly string[]): string {
    const table = (title: string, steps: RunbookStep[], judged: boolean) => [
        `#### ${title} — ${total(steps)} s${judged ? ` (RTO ${rtoSeconds} s)` : ""}`,
        "",
        "| # | Step | Expected | How |",
        "| ---: | --- | ---: | --- |",
        ...steps.map((s, i) => `| ${i + 1} | ${s.step} | ${s.seconds} s | ${s.how} |`),
        "",
    ];
    const plans = [
        "#### Which plan",
        "",
        "A Region switch plan spans exactly two regions, so there is one per pair. For a region, run the plan of its pair with the region that takes the Aurora writer:",
        "",
        "| Region to evacuate | Plan | Aurora writer moves to |",
        "| --- | --- | --- |",
        ...evacuationPlans(regions).map((p) => `| ${p.lost} | \`${p.plan}\` | ${p.writerTo} |`),
        "",
    ];
    return [...plans, ...table("Unplanned failover", unplannedFailover(a), true), ...table("Planned switchover", plannedSwitchover(a), true), ...table("Failback", failback(a), false)].join("\n");
}
