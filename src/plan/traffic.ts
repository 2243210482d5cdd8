/**
 * The traffic-path check over several stacks' plans at once (policies/traffic/model.ts): a single
 * stack's run of the pack sees only its own hops, so the offline runner and check-plan run the
 * model once more over the union of every plan and put each dead end into the plan of the stack
 * where the broken hop lives, in place of that stack's single-plan traffic-paths findings.
 */
import { Policies } from "@pulumi/policy";
import { BUSINESS_OBJECTIVES } from "../../policies/objectives";
import { trafficReport, TrafficReport } from "../../policies/traffic/model";
import { stackOf } from "../../policies/traffic/resources";
import { PlanResource, PlanViolation } from "./types";

export const TRAFFIC_POLICY = "traffic-paths";

export interface StackViolations {
    stack: string;
    resources: PlanResource[];
    violations: PlanViolation[];
}

const asGraph = (rs: PlanResource[]) => rs.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, dependencies: r.dependencies }));

/** The model over one plan's resources, or several plans' together. */
export function trafficOf(resources: PlanResource[], objectiveSeconds = BUSINESS_OBJECTIVES.edgeFailoverSeconds): TrafficReport {
    return trafficReport(asGraph(resources), objectiveSeconds);
}

/**
 * With more than one plan and the traffic-paths rule in the pack: each plan's traffic-paths
 * violations become the union's findings for that stack (a finding without a resource goes to the
 * owner's plan). Returns the union's report, for the summaries; undefined when not applicable.
 */
export function mergeTraffic(plans: StackViolations[], policies: Policies): TrafficReport | undefined {
    const rule = policies.find((p) => p.name === TRAFFIC_POLICY);
    if (!rule || plans.length < 2) return undefined;
    const level = rule.enforcementLevel === "advisory" ? "advisory" : "mandatory";
    const report = trafficOf(plans.flatMap((p) => p.resources));
    const owner = plans.find((p) => p.resources.some((r) => r.type === "bibox:region:RegionStack" && (r.inputs.declared as { role?: string } | undefined)?.role === "owner"))?.stack ?? plans[0].stack;
    for (const plan of plans) {
        const own = report.problems.filter((p) => (p.urn ? stackOf(p.urn) : owner) === plan.stack);
        plan.violations = [
            ...plan.violations.filter((v) => v.policy !== TRAFFIC_POLICY),
            ...own.map((p): PlanViolation => ({ policy: TRAFFIC_POLICY, level, ...(p.urn ? { urn: p.urn } : {}), message: p.message })),
        ];
    }
    return report;
}
