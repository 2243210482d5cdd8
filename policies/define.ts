/**
 * Rule factories: each rule file states its metadata and a check returning the problems it finds;
 * the factories turn that into a @pulumi/policy policy. Problems are plain sentences naming the
 * resource; the analyzer (or the offline runner) attaches the URN.
 *
 * Preview honesty (issue #12). During a preview some values are unknown: @pulumi/policy hands
 * rules props whose unknown values throw its UnknownValueError when read, and the analyzer turns
 * a policy that throws it into one advisory "can't run policy during preview" — dropping every
 * finding the rule had not yet reported. Checks therefore judge one subject at a time through the
 * `Judge` they are given: an unknown value makes only that subject "cannot verify"; every other
 * subject is still judged and its findings reported; at the end the factory re-throws one
 * UnknownValueError naming every subject it could not verify, so the analyzer still records the
 * advisory. An unexpected error while judging a subject is a finding of the rule (fail closed):
 * a plan the rule cannot read is never a pass, and never a crash of the pack.
 */
import * as policy from "@pulumi/policy";
import type { EnforcementLevel, PolicyConfigSchema, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, Severity, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { GraphResource } from "./graph-types";

export interface RuleMeta {
    name: string;
    description: string;
    severity: Severity;
    /** @default the pack's level (mandatory) */
    enforcementLevel?: EnforcementLevel;
    remediationSteps: string;
    /** @default none — the rule takes no configuration */
    configSchema?: PolicyConfigSchema;
}

export interface StackProblem {
    urn?: string;
    message: string;
}

/**
 * @pulumi/policy's own error for an unknown value (index.js exports it; its typings mark it
 * internal). The offline runner throws the same class through the same proxy, so both runtimes
 * take one path.
 */
const UnknownValueError = (policy as unknown as { UnknownValueError: new (...args: never[]) => Error }).UnknownValueError;

/** True for the error @pulumi/policy throws when a rule reads a value unknown during preview. */
export function isUnknownValue(err: unknown): err is Error {
    return err instanceof UnknownValueError;
}

/** One subject a check judges: its label in messages and, when it is a resource, its URN. */
export interface Subject {
    name: string;
    urn?: string;
}

export interface Judge {
    /** Judges one subject; an unknown value there makes only it "cannot verify". */
    one(subject: Subject, check: () => StackProblem[]): StackProblem[];
    /** `one` over each subject of a list, findings concatenated in order. */
    each<T extends Subject>(subjects: readonly T[], check: (subject: T) => StackProblem[]): StackProblem[];
    /** The subjects that could not be verified so far, with the unknown value's path. */
    readonly unverified: readonly { subject: Subject; reason: string }[];
}

/** A judge for one run of one rule. Exported for tests and for rules that compose others. */
export function newJudge(rule: string): Judge {
    const unverified: { subject: Subject; reason: string; error: Error }[] = [];
    const one = (subject: Subject, check: () => StackProblem[]): StackProblem[] => {
        try {
            return check();
        } catch (err) {
            if (isUnknownValue(err)) {
                unverified.push({ subject, reason: err.message, error: err });
                return [];
            }
            const why = err instanceof Error ? err.message : String(err);
            return [{ urn: subject.urn, message: `${rule} could not judge ${subject.name}: ${why}. The plan is not what the rule expects; it is refused rather than passed.` }];
        }
    };
    return {
        one,
        each: (subjects, check) => subjects.flatMap((s) => one(s, () => check(s))),
        get unverified() {
            return unverified;
        },
    };
}

/** After the findings are reported: one UnknownValueError naming every subject not verified. */
function rethrowUnverified(judge: Judge): void {
    const list = judge.unverified as { subject: Subject; reason: string; error?: Error }[];
    if (list.length === 0) return;
    const first = list[0].error!;
    first.message = `cannot verify ${list.map((u) => `${u.subject.name} (${u.reason})`).join("; ")}`;
    throw first;
}

/** Runs a whole check: findings reported, unknowns re-thrown, an unexpected error a finding. */
function run(rule: string, judge: Judge, check: () => StackProblem[], report: (message: string, urn?: string) => void): void {
    let problems: StackProblem[];
    try {
        problems = check();
    } catch (err) {
        if (isUnknownValue(err)) throw err;
        const why = err instanceof Error ? err.message : String(err);
        problems = [{ message: `${rule} could not run: ${why}. The plan is not what the rule expects; it is refused rather than passed.` }];
    }
    for (const p of problems) report(p.message, p.urn);
    rethrowUnverified(judge);
}

/**
 * The types a resource rule judges, for a runner that wants to skip the others (the offline
 * runner does; the analyzer calls every rule for every resource, and the rule returns at once).
 */
export const APPLIES_TO: unique symbol = Symbol.for("bibox.policy.appliesTo");

/** A rule over single resources of the given types. */
export function resourceRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    types: readonly string[],
    check: (props: Record<string, unknown>, args: ResourceValidationArgs, judge: Judge, config: C) => (string | StackProblem)[],
): ResourceValidationPolicy {
    const policy: ResourceValidationPolicy & { [APPLIES_TO]: readonly string[] } = {
        ...meta,
        [APPLIES_TO]: types,
        validateResource: (args, report) => {
            if (!types.includes(args.type)) return;
            const judge = newJudge(meta.name);
            run(
                meta.name,
                judge,
                () => check(args.props, args, judge, args.getConfig<C>()).map((p) => (typeof p === "string" ? { message: p } : p)),
                (message) => report(message),
            );
        },
    };
    return policy;
}

/** A rule over the whole stack: the resources as a graph, with the rule's config. */
export function stackRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    check: (resources: GraphResource[], config: C, judge: Judge, args: StackValidationArgs) => StackProblem[],
): StackValidationPolicy {
    return {
        ...meta,
        validateStack: (args, report) => {
            const judge = newJudge(meta.name);
            run(meta.name, judge, () => check(args.resources.map(toGraph), args.getConfig<C>(), judge, args), report);
        },
    };
}

const graphs = new WeakMap<PolicyResource, GraphResource>();

/**
 * The pack's graph view of a policy resource, made once per resource object; props are read
 * only when a rule reads them (the analyzer builds them behind its unknown-checking proxy).
 */
export function toGraph(r: PolicyResource): GraphResource {
    let g = graphs.get(r);
    if (g === undefined) {
        g = { type: r.type, name: r.name, urn: r.urn, dependencies: r.dependencies.map((d) => d.urn) } as GraphResource;
        Object.defineProperty(g, "props", { get: () => r.props, enumerable: true, configurable: true });
        graphs.set(r, g);
    }
    return g;
}
