/**
 * Re-runs every policy over a saved plan file (pure of the program: no evaluation). Returns the
 * exit code: 0 clean, 1 a mandatory violation, 2 an unreadable plan.
 */
import * as fs from "node:fs";
import { Policies } from "@pulumi/policy";
import { policies as packPolicies } from "../../policies/rules";
import { runPolicies } from "./policy-runner";
import { PlanResource, PlanViolation } from "./types";

export const CHECK_OK = 0;
export const CHECK_MANDATORY = 1;
export const CHECK_UNREADABLE = 2;

export function readPlanFile(file: string): { stack: string; resources: PlanResource[] } {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
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

export async function checkPlan(file: string, out: (line: string) => void, policies: Policies = packPolicies): Promise<number> {
    let plan: { stack: string; resources: PlanResource[] };
    try {
        plan = readPlanFile(file);
    } catch (err) {
        out(err instanceof Error ? err.message : String(err));
        return CHECK_UNREADABLE;
    }
    const violations: PlanViolation[] = await runPolicies(plan.resources, policies);
    for (const v of violations) out(`${v.level} ${v.policy}: ${v.message}${v.urn ? ` [${v.urn}]` : ""}`);
    const mandatory = violations.filter((v) => v.level === "mandatory").length;
    out(`${plan.stack}: ${mandatory} mandatory, ${violations.length - mandatory} advisory violation(s) in ${plan.resources.length} resources`);
    return mandatory > 0 ? CHECK_MANDATORY : CHECK_OK;
}
