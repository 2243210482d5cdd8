/**
 * The pack's robustness fuzz (issue #12: "deleting any single input of a real plan, or setting it
 * to unknown, never makes check-plan crash"). A case deletes one input of one resource of a real
 * plan, or sets it to "[unknown]": a top-level input, or a key of an object input. The whole pack
 * then runs as check-plan runs it (runPolicies over the stack, then the traffic-paths rule over
 * every stack's plan together, ./src/plan/traffic.ts), and nothing may throw, no rule may fall
 * back to its fail-closed finding ("could not judge", "could not run": policies/define.ts), and no
 * message may show an unknown value's sentinel as if it were a value.
 *
 * Only the rules a case can change are run again, which is what makes the sweep affordable; the
 * proof is a read trace. Each rule runs once over the clean plans with every resource's props
 * (and its provider's) behind a proxy that records the keys the rule reads, tests (`in`),
 * describes or enumerates at the two levels a case touches. A rule is deterministic and sees the
 * plan only through those props, so if its clean run never looked at the key a case changes (nor
 * listed the keys of the object holding it), every read of the mutated run returns what the clean
 * run's did and the run is the clean one: no finding, no crash. Every other rule, the merge
 * included when its trace holds the key, runs over the mutated plan. test/policies/pack-robustness.test.ts
 * checks the argument on sampled cases against full runs of the pack.
 */
import type { Policies, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import { PackConfig, runPolicies, UNKNOWN } from "../../src/plan/policy-runner";
import { mergeTraffic, TRAFFIC_POLICY } from "../../src/plan/traffic";
import { PlanResource, PlanViolation } from "../../src/plan/types";

export interface Plan {
    stack: string;
    resources: PlanResource[];
}

export interface FuzzCase {
    stack: string;
    urn: string;
    type: string;
    name: string;
    /** A top-level input, or a key of an object input. */
    path: [string] | [string, string];
    op: "delete" | "unknown";
}

export interface Finding {
    case: FuzzCase;
    policy: string;
    problem: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export const describeCase = (c: FuzzCase) => `${c.stack} ${c.type} ${c.name}: ${c.op === "delete" ? "delete" : "unknown"} ${c.path.join(".")}`;

/** Every case of the plans: each top-level input and each key of an object input, deleted and unknown. */
export function fuzzCases(plans: readonly Plan[]): FuzzCase[] {
    const cases: FuzzCase[] = [];
    for (const { stack, resources } of plans) {
        for (const r of resources) {
            const at = (path: FuzzCase["path"]) => (["delete", "unknown"] as const).map((op): FuzzCase => ({ stack, urn: r.urn, type: r.type, name: r.name, path, op }));
            for (const [key, value] of Object.entries(r.inputs)) {
                cases.push(...at([key]));
                if (isObject(value)) for (const sub of Object.keys(value)) cases.push(...at([key, sub]));
            }
        }
    }
    return cases;
}

/** One case per (type, path, operation): the first resource that has it. */
export function dedupeByTypeAndPath(cases: readonly FuzzCase[]): FuzzCase[] {
    const seen = new Set<string>();
    return cases.filter((c) => {
        const key = `${c.type}\0${c.path.join("\0")}\0${c.op}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/** The plan's resources with the case applied (only the mutated resource is copied). */
export function applyCase(resources: readonly PlanResource[], c: FuzzCase): PlanResource[] {
    return resources.map((r) => {
        if (r.urn !== c.urn) return r;
        const copy = structuredClone(r);
        const holder = c.path.length === 1 ? copy.inputs : (copy.inputs[c.path[0]] as Record<string, unknown>);
        const key = c.path[c.path.length - 1];
        if (c.op === "delete") delete holder[key];
        else holder[key] = UNKNOWN;
        return copy;
    });
}

// ---------------------------------------------------------------------------------------------
// Read traces

/** The keys a rule looked at: `urn \0 parent path \0 key`, key "*" for "listed the keys". */
export type Trace = Set<string>;

const traceKey = (urn: string, path: readonly string[], key: string) => `${urn}\0${path.join("\u0001")}\0${key}`;

/** `target` behind a proxy that records what is read of it at depths 0 and 1. */
function traced<T>(target: T, urn: string, trace: Trace, path: readonly string[] = []): T {
    if (target === null || typeof target !== "object" || path.length >= 2) return target;
    return new Proxy(target as object, {
        get(t, key) {
            if (typeof key === "string") trace.add(traceKey(urn, path, key));
            const v = Reflect.get(t, key);
            return typeof key === "string" && v !== null && typeof v === "object" ? traced(v, urn, trace, [...path, key]) : v;
        },
        has(t, key) {
            if (typeof key === "string") trace.add(traceKey(urn, path, key));
            return Reflect.has(t, key);
        },
        ownKeys(t) {
            trace.add(traceKey(urn, path, "*"));
            return Reflect.ownKeys(t);
        },
        getOwnPropertyDescriptor(t, key) {
            if (typeof key === "string") trace.add(traceKey(urn, path, key));
            return Reflect.getOwnPropertyDescriptor(t, key);
        },
    }) as T;
}

type Described = { urn: string; props: Record<string, unknown>; isType: (cls: unknown) => boolean; provider?: { urn: string; props: Record<string, unknown> } };

/** Which resources' reads are recorded: all, or only the ones the cases touch (tracing costs time). */
export type Scope = ReadonlySet<string> | "all";

const inScope = (scope: Scope, urn: string) => scope === "all" || scope.has(urn);

/** A copy of what the runner hands a rule about one resource, its props (and its provider's) traced. */
function tracedResource<T extends Described>(r: T, trace: Trace, scope: Scope): T {
    const tracesProps = inScope(scope, r.urn);
    const tracesProvider = r.provider !== undefined && inScope(scope, r.provider.urn);
    if (!tracesProps && !tracesProvider) return r;
    const copy = { ...r } as T;
    if (tracesProps) {
        const props = traced(r.props, r.urn, trace);
        copy.props = props;
        (copy as unknown as { asType: unknown }).asType = (cls: unknown) => (r.isType(cls) ? props : undefined);
    }
    if (tracesProvider) copy.provider = { ...r.provider!, props: traced(r.provider!.props, r.provider!.urn, trace) };
    return copy;
}

/** The rule, reading the plan only through traced props. */
function tracedPolicy(policy: ResourceValidationPolicy | StackValidationPolicy, trace: Trace, scope: Scope): ResourceValidationPolicy | StackValidationPolicy {
    if ("validateResource" in policy && policy.validateResource) {
        const validations = ([] as unknown[]).concat(policy.validateResource) as ((args: ResourceValidationArgs, report: (m: string, u?: string) => void) => unknown)[];
        return { ...policy, validateResource: validations.map((v) => (args: ResourceValidationArgs, report: (m: string, u?: string) => void) => v(tracedResource(args as unknown as Described, trace, scope) as unknown as ResourceValidationArgs, report)) } as ResourceValidationPolicy;
    }
    const stack = policy as StackValidationPolicy;
    return {
        ...stack,
        validateStack: (args: StackValidationArgs, report: (m: string, u?: string) => void) => {
            // Resources link to each other (parent, dependencies): every resource is copied so the
            // links reach the traced copies.
            const copies = new Map<PolicyResource, PolicyResource>();
            for (const r of args.resources) {
                const t = tracedResource(r as unknown as Described, trace, scope) as unknown as PolicyResource;
                copies.set(r, t === r ? { ...r } : t);
            }
            for (const c of copies.values()) {
                if (c.parent) c.parent = copies.get(c.parent) ?? c.parent;
                c.dependencies = c.dependencies.map((d) => copies.get(d) ?? d);
            }
            return stack.validateStack({ ...args, resources: [...copies.values()] }, report);
        },
    };
}

export interface Traces {
    /** stack → rule → trace of its run over that stack's plan. */
    perStack: Map<string, Map<string, Trace>>;
    /** The traffic-paths rule over every plan together. */
    merge: Trace;
    /** Violations of the clean runs (the real plans have none). */
    clean: PlanViolation[];
}

export async function traceRules(plans: readonly Plan[], policies: Policies, config: PackConfig, scope: Scope = "all"): Promise<Traces> {
    const perStack = new Map<string, Map<string, Trace>>();
    const clean: PlanViolation[] = [];
    for (const plan of plans) {
        const traces = new Map<string, Trace>();
        for (const policy of policies) {
            const trace: Trace = new Set();
            traces.set(policy.name, trace);
            clean.push(...(await runPolicies(plan.resources, [tracedPolicy(policy, trace, scope)], config)));
        }
        perStack.set(plan.stack, traces);
    }
    const merge: Trace = new Set();
    const rule = policies.find((p) => p.name === TRAFFIC_POLICY);
    if (rule && plans.length > 1) clean.push(...(await runPolicies(plans.flatMap((p) => p.resources), [tracedPolicy(rule, merge, scope)], config)));
    return { perStack, merge, clean };
}

function touches(trace: Trace, c: FuzzCase): boolean {
    const parent = c.path.slice(0, -1);
    return trace.has(traceKey(c.urn, parent, c.path[c.path.length - 1])) || trace.has(traceKey(c.urn, parent, "*"));
}

/** The rules a case can change in its stack's run, and whether it can change the merge. */
export function affected(traces: Traces, c: FuzzCase): { rules: string[]; merge: boolean } {
    const rules = [...(traces.perStack.get(c.stack) ?? new Map<string, Trace>()).entries()].filter(([, t]) => touches(t, c)).map(([name]) => name);
    return { rules, merge: touches(traces.merge, c) };
}

// ---------------------------------------------------------------------------------------------
// Running cases

const FAIL_CLOSED = /could not judge|could not run/;
/** @pulumi/policy's unknown sentinels (proxy.js): a message holding one shows an unknown as a value. */
const SENTINELS = Object.entries(policyProxy as unknown as Record<string, unknown>)
    .filter(([k, v]) => k.startsWith("unknown") && k.endsWith("Value") && typeof v === "string")
    .map(([, v]) => v as string);

function problemsOf(violations: readonly PlanViolation[]): { policy: string; problem: string }[] {
    return violations.flatMap((v) => {
        if (FAIL_CLOSED.test(v.message)) return [{ policy: v.policy, problem: v.message }];
        if (SENTINELS.some((s) => v.message.includes(s))) return [{ policy: v.policy, problem: `shows an unknown value as a value: ${v.message}` }];
        return [];
    });
}

export interface CaseResult {
    findings: Finding[];
    /** Rule runs made (a rule over one stack, or the merge). */
    runs: number;
    /** The violations of the rules run again (merged per stack). */
    violations: PlanViolation[];
}

/** One case through the rules it can change: runPolicies over its stack, and the merge when it can. */
export async function runCase(plans: readonly Plan[], policies: Policies, config: PackConfig, traces: Traces, c: FuzzCase): Promise<CaseResult> {
    const { rules, merge } = affected(traces, c);
    const findings: Finding[] = [];
    const violations: PlanViolation[] = [];
    if (rules.length === 0 && !merge) return { findings, runs: 0, violations };
    const mutated = plans.map((p) => (p.stack === c.stack ? { ...p, resources: applyCase(p.resources, c) } : p));
    const own = mutated.find((p) => p.stack === c.stack)!;
    const crash = (policy: string, err: unknown) => findings.push({ case: c, policy, problem: `crash: ${err instanceof Error ? err.message : String(err)}` });
    const selected = policies.filter((p) => rules.includes(p.name));
    try {
        violations.push(...(await runPolicies(own.resources, selected, config)));
    } catch (err) {
        crash(selected.map((p) => p.name).join(", "), err);
    }
    if (merge) {
        const views = mutated.map((p) => ({ stack: p.stack, resources: p.resources, violations: [] as PlanViolation[] }));
        try {
            await mergeTraffic(views, policies, config);
            violations.push(...views.flatMap((v) => v.violations));
        } catch (err) {
            crash(`${TRAFFIC_POLICY} (merge)`, err);
        }
    }
    findings.push(...problemsOf(violations).map((p) => ({ case: c, ...p })));
    return { findings, runs: selected.length + (merge ? 1 : 0), violations };
}

export interface FuzzReport {
    cases: number;
    /** Cases some rule (or the merge) read: the ones run. */
    run: number;
    ruleRuns: number;
    findings: Finding[];
    millis: number;
}

export async function fuzz(plans: readonly Plan[], policies: Policies, config: PackConfig, traces: Traces, cases: readonly FuzzCase[]): Promise<FuzzReport> {
    const started = performance.now();
    const report: FuzzReport = { cases: cases.length, run: 0, ruleRuns: 0, findings: [], millis: 0 };
    for (const c of cases) {
        const r = await runCase(plans, policies, config, traces, c);
        if (r.runs > 0) report.run++;
        report.ruleRuns += r.runs;
        report.findings.push(...r.findings);
    }
    report.millis = performance.now() - started;
    return report;
}

/** A deterministic sample: every `n`-th case of a fixed order, from `offset`. */
export function everyNth<T>(items: readonly T[], n: number, offset = 0): T[] {
    return items.filter((_, i) => i % n === offset % n);
}

/** Findings grouped for a report: policy, resource type, input path, operation → one example. */
export function summarize(findings: readonly Finding[]): string[] {
    const groups = new Map<string, { count: number; example: Finding }>();
    for (const f of findings) {
        const key = `${f.policy} | ${f.case.type} ${f.case.path.join(".")} ${f.case.op}`;
        const g = groups.get(key);
        if (g) g.count++;
        else groups.set(key, { count: 1, example: f });
    }
    return [...groups.entries()].map(([key, g]) => `${key} ×${g.count}: ${g.example.problem.slice(0, 300)}`);
}
