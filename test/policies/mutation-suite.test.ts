/**
 * The mutation suite (issue #12 item 6): every single fault of test/mutations/<area>.ts (each area
 * writes its own file; types.ts holds the shape) applied to its stack's real plan, the whole pack
 * run as check-plan runs it — every rule, then the traffic paths over that plan and the other two
 * real plans together — and a mandatory violation (what makes check-plan exit 1) whose message
 * contains the fault's `expect`. An area file that is missing is simply not there: the suite
 * reads the directory. The score is printed: "mutation suite: N/M faults caught (by area …)".
 * Only what a fault can change runs again (test/helpers/pack-incremental.ts; MUTATION_FULL=1 runs
 * everything for every fault).
 *
 * @module-tag slow (the whole pack over many plans: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/rules";
import { projectPackConfig } from "../../src/plan/pack-config";
import { PackConfig } from "../../src/plan/policy-runner";
import { PlanResource } from "../../src/plan/types";
import { Plan, traceRules, Traces } from "../helpers/pack-fuzz";
import { diffResources, runPackOver } from "../helpers/pack-incremental";
import { evaluate, STACKS } from "../helpers/project";
import type { Fault } from "../mutations/types";

const DIR = path.join(__dirname, "..", "mutations");
const areas = fs.readdirSync(DIR).filter((f) => f.endsWith(".ts") && f !== "types.ts").sort();
const loaded: { area: string; fault: Fault }[] = [];

let plans: Plan[];
let config: PackConfig;
let traces: Traces;
const mutated = new Map<string, PlanResource[]>();
const caught = new Map<string, boolean>();
let started = 0;
let runs = 0;

beforeAll(async () => {
    started = performance.now();
    for (const file of areas) {
        const mod = (await import(path.join(DIR, file))) as { faults?: Fault[] };
        for (const fault of mod.faults ?? []) loaded.push({ area: path.basename(file, ".ts"), fault });
    }
    plans = [];
    for (const s of STACKS) plans.push({ stack: s, resources: (await evaluate(s)).resources });
    config = projectPackConfig(path.join(__dirname, "..", ".."), policies);
    // Trace the rules over what the input-only faults touch (one trace for the whole suite).
    const scope = new Set<string>();
    for (const { area, fault } of loaded) {
        const rs = fault.mutate(structuredClone(plans.find((p) => p.stack === fault.stack)!.resources));
        mutated.set(`${area}/${fault.id}`, rs);
        const change = diffResources(plans.find((p) => p.stack === fault.stack)!.resources, rs);
        if (!change.structural && !fault.config) for (const urn of change.touched) scope.add(urn);
    }
    traces = await traceRules(plans, policies, config, scope);
}, 300_000);

afterAll(() => {
    const by = new Map<string, [number, number]>();
    for (const { area, fault } of loaded) {
        const [n, m] = by.get(area) ?? [0, 0];
        by.set(area, [n + (caught.get(`${area}/${fault.id}`) ? 1 : 0), m + 1]);
    }
    const total = [...by.values()].reduce(([a, b], [n, m]) => [a + n, b + m], [0, 0]);
    const areasText = [...by.entries()].map(([a, [n, m]]) => `${a} ${n}/${m}`).join(", ");
    console.log(`mutation suite: ${total[0]}/${total[1]} faults caught (by area: ${areasText}); ${runs} rule runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

describe("the faults", () => {
    it("come from every area file there is, with unique kebab-case ids, each on one resource (or the config)", () => {
        expect(areas).toContain("edge.ts");
        expect(loaded.length).toBeGreaterThanOrEqual(15);
        const ids = loaded.map(({ fault }) => fault.id);
        expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
        for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        for (const { area, fault } of loaded) {
            const change = diffResources(plans.find((p) => p.stack === fault.stack)!.resources, mutated.get(`${area}/${fault.id}`)!);
            expect(change.touched.size, `${area}/${fault.id}: a single fault changes one resource`).toBeLessThanOrEqual(1);
            if (!fault.config) expect(change.touched.size, `${area}/${fault.id} changes nothing`).toBe(1);
        }
    });
});

describe.each(areas.map((a) => path.basename(a, ".ts")))("%s", (area) => {
    it("every fault is caught: a mandatory violation containing its expect", async () => {
        const missed: string[] = [];
        for (const { fault } of loaded.filter((l) => l.area === area)) {
            const key = `${area}/${fault.id}`;
            const run = await runPackOver(plans, fault.stack, mutated.get(key)!, policies, fault.config ?? config, fault.config ? undefined : traces);
            runs += run.runs;
            const mandatory = run.violations.filter((v) => v.level === "mandatory");
            const hit = mandatory.some((v) => v.message.includes(fault.expect));
            caught.set(key, hit);
            if (!hit) missed.push(`${fault.id} (${fault.stack}): ${fault.fault}\n  expected a mandatory violation containing: ${fault.expect}\n  got:\n${mandatory.map((v) => `    ${v.policy}: ${v.message}`).join("\n") || "    none"}`);
        }
        expect(missed.join("\n")).toBe("");
    }, 300_000);
});
