/**
 * The stack rules stay linear in the plan's size (issue #14): over a synthetic plan 16 times the
 * real prod-us plan, every stack-level rule together takes less than 32 times what it takes over
 * the real one. Linear is 16; measured here, linear code comes out at 16 to 28 (caches and the
 * garbage collector work harder on a heap 16 times larger); a rule that rescans the whole list per
 * store or per resource is quadratic, 256, and one such rule alone took the whole pack to 37
 * before policies/graph.ts and network/refs.ts indexed their look-ups. A ratio of CPU times
 * measured within one run, never an absolute time, so a slow or busy machine does not fail it;
 * the real plan's time is the mean over the 16 copies run one by one (the same data touched as
 * the large plan: a mean over fewer copies runs cache-warm and inflates the ratio). One round of
 * both sizes decides; only a ratio at or above the bound is measured again (a busy moment slows
 * one sample, not two rounds), so a passing run pays for one round.
 *
 * The copies are the real plan with every name, URN and domain made distinct (`bibox` →
 * `bibox3`, `pleasure.tv` → `pleasure3.tv`), so references between resources stay inside each
 * copy, as in a plan that really is 16 times larger.
 *
 * @module-tag slow
 */
import * as path from "node:path";
import { Policies, StackValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/rules";
import { projectPackConfig } from "../../src/plan/pack-config";
import { PackConfig, runPolicies } from "../../src/plan/policy-runner";
import { PlanResource } from "../../src/plan/types";
import { evaluate } from "../helpers/project";

const COPIES = 16;
const BOUND = 32;

/** `copies` copies of the plan, each one's names, URNs and domains distinct. */
export function copiesOf(resources: PlanResource[], copies: number): PlanResource[][] {
    const text = JSON.stringify(resources);
    const out: PlanResource[][] = [];
    for (let k = 0; k < copies; k++) {
        const copy = k === 0 ? text : text.replace(/bibox(?=[-"]|::)/g, `bibox${k}`).replace(/pleasure(?=\.tv)/g, `pleasure${k}`);
        out.push(JSON.parse(copy) as PlanResource[]);
    }
    return out;
}

const stackRules = policies.filter((p): p is StackValidationPolicy => "validateStack" in p) as Policies;

/** CPU milliseconds of this process (all its threads): unlike wall time, not lengthened by other processes on the machine. */
const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
};

/** The pack's stack rules over each plan in turn: CPU ms per plan. */
async function cost(plans: PlanResource[][], config: PackConfig): Promise<number> {
    const t = cpuMs();
    for (const plan of plans) await runPolicies(plan, stackRules, config);
    return (cpuMs() - t) / plans.length;
}

describe("the stack rules over a plan 16 times the real size", () => {
    let real: PlanResource[];
    let copies: PlanResource[][];
    let big: PlanResource[];
    let config: PackConfig;
    beforeAll(async () => {
        real = (await evaluate("prod-us")).resources;
        copies = copiesOf(real, COPIES);
        big = copies.flat();
        config = projectPackConfig(path.join(__dirname, "..", ".."), policies);
    });

    it("makes distinct copies: every URN once", () => {
        expect(big).toHaveLength(real.length * COPIES);
        expect(new Set(big.map((r) => r.urn)).size).toBe(big.length);
    });

    it(`take less than ${BOUND} times as long (linear: ${COPIES})`, { timeout: 120_000 }, async () => {
        // The first run of the pack loads what its rules load lazily (schemas, CEL programs).
        await runPolicies(real, stackRules, config);
        let small = await cost(copies, config);
        let large = await cost([big], config);
        if (large / small >= BOUND) {
            // A busy moment slows one sample: both sizes once more, the cheapest of each.
            small = Math.min(small, await cost(copies, config));
            large = Math.min(large, await cost([big], config));
        }
        const ratio = large / small;
        let detail = "";
        if (ratio >= BOUND) {
            // Which rules grow faster than the plan: each timed alone at both sizes.
            const rows: [string, number][] = [];
            for (const rule of stackRules) {
                const one = async (rs: PlanResource[]) => {
                    const t = cpuMs();
                    await runPolicies(rs, [rule] as Policies, config);
                    return cpuMs() - t;
                };
                rows.push([rule.name, (await one(big)) / Math.max(await one(real), 0.05)]);
            }
            detail = rows.sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, r]) => `${n} ${r.toFixed(0)}x`).join(", ");
        }
        expect(ratio, `${large.toFixed(0)} ms CPU over ${big.length} resources against ${small.toFixed(0)} ms over ${real.length}; fastest-growing rules: ${detail}`).toBeLessThan(BOUND);
    });
});
