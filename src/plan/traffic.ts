/**
 * The traffic-path check over several stacks' plans at once (policies/traffic/model.ts): a single
 * stack's run of the pack sees only its own hops, so the offline runner and check-plan run the
 * traffic-paths rule once more over the union of every plan and put each dead end into the plan of
 * the stack where the broken hop lives, in place of that stack's single-plan traffic-paths findings.
 * The union run goes through the same runner as every other rule (./policy-runner.ts): the rule's
 * config, unknown values and an unexpected error are handled exactly as in a stack's own run.
 */
import { Policies } from "@pulumi/policy";
import { BUSINESS_OBJECTIVES } from "../../policies/objectives";
import { trafficReport, TrafficReport } from "../../policies/traffic/model";
import { stackOf } from "../../policies/traffic/resources";
import { PackConfig, runPolicies } from "./policy-runner";
import { PlanResource, PlanViolation } from "./types";

export const TRAFFIC_POLICY = "traffic-paths";

export interface StackViolations {
    stack: string;
    resources: PlanResource[];
    violations: PlanViolation[];
}

const asGraph = (rs: PlanResource[]) => rs.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, dependencies: r.dependencies }));

/** The model over one plan's resources, or several plans' together (for the summaries' table). */
export function trafficOf(resources: PlanResource[], objectiveSeconds = BUSINESS_OBJECTIVES.edgeFailoverSeconds): TrafficReport {
    return trafficReport(asGraph(resources), objectiveSeconds);
}

/** The edge failover objective the traffic-paths rule judges by under `config` (its schema's default otherwise). */
export function edgeFailoverObjective(config: PackConfig = {}): number {
    const given = config[TRAFFIC_POLICY]?.edgeFailoverSeconds;
    return typeof given === "number" ? given : BUSINESS_OBJECTIVES.edgeFailoverSeconds;
}

/** The stack whose plan gets the union's findings that name no resource: the owner's (else the first). */
function ownerStack(plans: StackViolations[]): string {
    const isOwner = (r: PlanResource) => r.type === "bibox:region:RegionStack" && (r.inputs.declared as { role?: string } | undefined)?.role === "owner";
    return plans.find((p) => p.resources.some(isOwner))?.stack ?? plans[0].stack;
}

/**
 * With more than one plan and the traffic-paths rule in the pack: each plan's traffic-paths
 * violations become the union run's findings for that stack (a finding without a resource goes to
 * the owner's plan). The summaries' table is the model's report over the same union (trafficOf).
 */
export async function mergeTraffic(plans: StackViolations[], policies: Policies, config: PackConfig = {}): Promise<void> {
    const rule = policies.find((p) => p.name === TRAFFIC_POLICY);
    if (!rule || plans.length < 2) return;
    const union = await runPolicies(plans.flatMap((p) => p.resources), [rule], config);
    const owner = ownerStack(plans);
    for (const plan of plans) {
        plan.violations = [...plan.violations.filter((v) => v.policy !== TRAFFIC_POLICY), ...union.filter((v) => (v.urn ? stackOf(v.urn) : owner) === plan.stack)];
    }
}
