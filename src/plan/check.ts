/**
 * Re-runs every policy over saved plans (pure of the program: no evaluation), with the pack's
 * config (`--policy-pack-config`; the rules' schema defaults without one). Given several plans
 * (one per stack), the traffic-path rule also runs over all of them together (./traffic.ts).
 * Returns the exit code: 0 clean, 1 a mandatory violation, 2 an unreadable plan.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Policies } from "@pulumi/policy";
import { policies as packPolicies } from "../../policies/rules";
import { PackConfig, runPolicies } from "./policy-runner";
import { mergeTraffic, StackViolations } from "./traffic";
import { PlanResource } from "./types";

export const CHECK_OK = 0;
export const CHECK_MANDATORY = 1;
export const CHECK_UNREADABLE = 2;

/** The plan in `file` (read from `cwd` when relative; messages name it as given). */
export function readPlanFile(file: string, cwd = process.cwd()): { stack: string; resources: PlanResource[] } {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(path.resolve(cwd, file), "utf8"));
    } catch (err) {
        throw new Error(`${file} is not a readable plan: ${err instanceof Error ? err.message : String(err)}`);
    }
    const plan = doc as { stack?: unknown; resources?: unknown };
    if (typeof plan?.stack !== "string" || !Array.isArray(plan.resources)) {
        throw new Error(`${file} is not a plan: it needs "stack" and a "resources" list (npm run plan writes them)`);
    }
    for (const [i, r] of (plan.resources as Record<string, unknown>[]).entries()) {
        for (const field of ["urn", "type", "name", "inputs", "dependencies"]) {
            if (r?.[field] === undefined) throw new Error(`${file}: resource ${i} has no "${field}"`);
        }
    }
    return { stack: plan.stack, resources: plan.resources as PlanResource[] };
}

export async function checkPlan(file: string, out: (line: string) => void, policies: Policies = packPolicies, config: PackConfig = {}): Promise<number> {
    return checkPlans([file], out, policies, config);
}

/** Every plan through the pack, then the traffic paths over all of them together; one summary line per plan. */
export async function checkPlans(files: string[], out: (line: string) => void, policies: Policies = packPolicies, config: PackConfig = {}, cwd = process.cwd()): Promise<number> {
    const plans: StackViolations[] = [];
    for (const file of files) {
        try {
            plans.push({ ...readPlanFile(file, cwd), violations: [] });
        } catch (err) {
            out(err instanceof Error ? err.message : String(err));
            return CHECK_UNREADABLE;
        }
    }
    const stacks = plans.map((p) => p.stack);
    const twice = stacks.find((s, i) => stacks.indexOf(s) !== i);
    if (twice) {
        out(`two plans of stack ${twice}: give check-plan one plan per stack`);
        return CHECK_UNREADABLE;
    }
    for (const plan of plans) plan.violations = await runPolicies(plan.resources, policies, config);
    await mergeTraffic(plans, policies, config);
    let code = CHECK_OK;
    for (const plan of plans) {
        for (const v of plan.violations) out(`${v.level} ${v.policy}: ${v.message}${v.urn ? ` [${v.urn}]` : ""}`);
        const mandatory = plan.violations.filter((v) => v.level === "mandatory").length;
        out(`${plan.stack}: ${mandatory} mandatory, ${plan.violations.length - mandatory} advisory violation(s) in ${plan.resources.length} resources`);
        if (mandatory > 0) code = CHECK_MANDATORY;
    }
    return code;
}
