/**
 * The whole pack over one changed plan (with the other stacks' real plans, for the traffic merge),
 * as check-plan runs it — but running again only what the change can alter, so a suite of a
 * hundred single faults stays fast. The real plans are clean (no violation), so a rule whose run
 * over the changed plan is the clean run contributes nothing:
 * - a change of inputs only: the rules, and the merge, whose read trace (./pack-fuzz.ts) holds a
 *   changed key run again; no other rule can see the change (the argument of ./pack-fuzz.ts);
 * - a resource added or removed, or a change of its links (dependencies, parent, provider,
 *   options): every stack rule and the merge run again; resource rules see one resource and its
 *   provider, so they run over the changed resources and the ones whose provider changed;
 * - a fault with its own pack config: everything runs.
 * `MUTATION_FULL=1` runs everything for every fault (the check of the shortcut).
 */
import type { Policies } from "@pulumi/policy";
import { PackConfig, runPolicies } from "../../src/plan/policy-runner";
import { mergeTraffic, TRAFFIC_POLICY } from "../../src/plan/traffic";
import { PlanResource, PlanViolation } from "../../src/plan/types";
import { affected, FuzzCase, Plan, Traces } from "./pack-fuzz";

export interface Change {
    /** Resources added or removed, or whose links or options changed. */
    structural: boolean;
    /** URNs of resources added, removed or changed in any way. */
    touched: Set<string>;
    /** Changed inputs of resources present before and after, at depth 1 or 2. */
    paths: { urn: string; path: [string] | [string, string] }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const LINKS = ["type", "name", "parent", "provider", "dependencies", "protect", "ignoreChanges", "custom", "importId"] as const;

export function diffResources(clean: readonly PlanResource[], changed: readonly PlanResource[]): Change {
    const before = new Map(clean.map((r) => [r.urn, r]));
    const after = new Map(changed.map((r) => [r.urn, r]));
    const change: Change = { structural: before.size !== clean.length || after.size !== changed.length, touched: new Set(), paths: [] };
    for (const urn of new Set([...before.keys(), ...after.keys()])) {
        const [a, b] = [before.get(urn), after.get(urn)];
        if (!a || !b) {
            change.structural = true;
            change.touched.add(urn);
            continue;
        }
        if (a === b) continue;
        if (LINKS.some((k) => !same(a[k], b[k]))) {
            change.structural = true;
            change.touched.add(urn);
        }
        for (const key of new Set([...Object.keys(a.inputs), ...Object.keys(b.inputs)])) {
            const [x, y] = [a.inputs[key], b.inputs[key]];
            if (same(x, y)) continue;
            change.touched.add(urn);
            if (isObject(x) && isObject(y)) {
                for (const sub of new Set([...Object.keys(x), ...Object.keys(y)])) if (!same(x[sub], y[sub])) change.paths.push({ urn, path: [key, sub] });
            } else change.paths.push({ urn, path: [key] });
        }
    }
    return change;
}

export interface PackRun {
    /** Every plan's violations after the merge, as check-plan reports them. */
    violations: PlanViolation[];
    /** Rule runs made (a rule over one plan, or the merge). */
    runs: number;
}

const full = () => process.env.MUTATION_FULL === "1";

/** The pack over `changed` (stack `stack`'s plan) and the other real plans. `traces` from traceRules over the real plans. */
export async function runPackOver(plans: readonly Plan[], stack: string, changed: PlanResource[], policies: Policies, config: PackConfig, traces?: Traces): Promise<PackRun> {
    const clean = plans.find((p) => p.stack === stack)!.resources;
    const change = diffResources(clean, changed);
    let rules: Policies;
    let subset: PlanResource[] = changed;
    let merge: boolean;
    if (!traces || full()) {
        rules = policies;
        merge = true;
    } else if (!change.structural) {
        const names = new Set<string>();
        merge = false;
        for (const p of change.paths) {
            const c: FuzzCase = { stack, urn: p.urn, type: "", name: "", path: p.path, op: "delete" };
            const a = affected(traces, c);
            for (const n of a.rules) names.add(n);
            merge ||= a.merge;
        }
        merge ||= names.has(TRAFFIC_POLICY);
        rules = policies.filter((p) => names.has(p.name));
    } else {
        const stackRules = policies.filter((p) => !("validateResource" in p && p.validateResource));
        const resourceRules = policies.filter((p) => "validateResource" in p && p.validateResource);
        const providerUrn = (r: PlanResource) => r.provider?.slice(0, r.provider.lastIndexOf("::"));
        const judged = changed.filter((r) => change.touched.has(r.urn) || change.touched.has(providerUrn(r) ?? ""));
        const providers = new Set(judged.map(providerUrn));
        subset = changed.filter((r) => judged.includes(r) || providers.has(r.urn));
        const runs: PlanViolation[] = [...(await runPolicies(changed, stackRules, config)), ...(await runPolicies(subset, resourceRules, config))];
        return finish(plans, stack, changed, policies, config, runs, true, stackRules.length + resourceRules.length);
    }
    const runs = rules.length > 0 ? await runPolicies(subset, rules, config) : [];
    return finish(plans, stack, changed, policies, config, runs, merge, rules.length);
}

async function finish(plans: readonly Plan[], stack: string, changed: PlanResource[], policies: Policies, config: PackConfig, own: PlanViolation[], merge: boolean, runs: number): Promise<PackRun> {
    const views = plans.map((p) => ({ stack: p.stack, resources: p.stack === stack ? changed : p.resources, violations: p.stack === stack ? own : ([] as PlanViolation[]) }));
    if (merge) await mergeTraffic(views, policies, config);
    return { violations: views.flatMap((v) => v.violations), runs: runs + (merge ? 1 : 0) };
}
