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
 *
 * Every rule of the pack is built here (test/policies/policy-pack.test.ts checks each carries the
 * factories' mark), so every rule has this behaviour: a check may be synchronous or return a
 * promise (the Kubernetes schemas load their models on demand), and a resource rule names its
 * types as a list or, when no list can name them (every type of a package), as a test of the type.
 */
import * as policyProxy from "@pulumi/policy/proxy";
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
 * @pulumi/policy's own error for an unknown value (proxy.js defines it, index.js re-exports it and
 * the analyzer's server.js catches it from proxy.js; its typings mark it internal). The offline
 * runner throws the same class through the same proxy, so both runtimes take one path. Read from
 * proxy.js, which requires nothing: the package's index loads @pulumi/pulumi, and with it the
 * TypeScript compiler, which the Kubernetes schema checks must not bring in (test/src/plan/plan-startup.test.ts).
 */
const UnknownValueError = (policyProxy as unknown as { UnknownValueError: new (...args: never[]) => Error }).UnknownValueError;

/** True for the error @pulumi/policy throws when a rule reads a value unknown during preview. */
export function isUnknownValue(err: unknown): err is Error {
    return err instanceof UnknownValueError;
}

/**
 * Marks the error the factories re-throw after the findings: its message already reads "cannot
 * verify <subject> (<reason>)" for each subject, so a runner shows it as it is instead of wrapping
 * it in a second "cannot verify" (src/plan/policy-runner.ts).
 */
const JUDGED: unique symbol = Symbol.for("bibox.policy.judgedUnknown");

/** True for the unknown-value error a factory re-threw with every subject it could not verify named. */
export function isJudgedUnknown(err: unknown): boolean {
    return isUnknownValue(err) && (err as { [JUDGED]?: boolean })[JUDGED] === true;
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
    /**
     * For a check that read a whole value past its unknowns (policies/kubernetes/values.ts
     * `snapshot`): `reread` reads the first unknown again once the findings are reported, so the
     * runtime's own unknown-value error ends the rule as it raised it. Runs only when no subject
     * was marked unverified (that error names them instead).
     */
    rethrowAfterFindings(reread: () => void): void;
}

/** The rereads each judge was given (rethrowAfterFindings), for the factory's end of a run. */
const rereadsOf = new WeakMap<Judge, (() => void)[]>();

/** A judge for one run of one rule. Exported for tests and for rules that compose others. */
export function newJudge(rule: string): Judge {
    const unverified: { subject: Subject; reason: string; error: Error }[] = [];
    const rereads: (() => void)[] = [];
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
    const judge: Judge = {
        one,
        each: (subjects, check) => subjects.flatMap((s) => one(s, () => check(s))),
        get unverified() {
            return unverified;
        },
        rethrowAfterFindings: (reread) => {
            rereads.push(reread);
        },
    };
    rereadsOf.set(judge, rereads);
    return judge;
}

/** After the findings are reported: one UnknownValueError naming every subject not verified. */
function rethrowUnverified(judge: Judge): void {
    const list = judge.unverified as { subject: Subject; reason: string; error?: Error }[];
    if (list.length === 0) {
        for (const reread of rereadsOf.get(judge) ?? []) reread();
        return;
    }
    const first = list[0].error!;
    first.message = `cannot verify ${list.map((u) => `${u.subject.name} (${u.reason})`).join("; ")}`;
    Object.defineProperty(first, JUDGED, { value: true });
    throw first;
}

/**
 * Runs a whole check: findings reported, unknowns re-thrown, an unexpected error a finding. A
 * synchronous check is run synchronously (the offline runner awaits only what returns a promise);
 * a check that returns a promise is settled the same way once it resolves or rejects.
 */
function run(rule: string, judge: Judge, check: () => StackProblem[] | Promise<StackProblem[]>, report: (message: string, urn?: string) => void): void | Promise<void> {
    const refused = (err: unknown): StackProblem[] => {
        if (isUnknownValue(err)) throw err;
        const why = err instanceof Error ? err.message : String(err);
        return [{ message: `${rule} could not run: ${why}. The plan is not what the rule expects; it is refused rather than passed.` }];
    };
    const finish = (problems: StackProblem[]): void => {
        for (const p of problems) report(p.message, p.urn);
        rethrowUnverified(judge);
    };
    let out: StackProblem[] | Promise<StackProblem[]>;
    try {
        out = check();
    } catch (err) {
        return finish(refused(err));
    }
    return out instanceof Promise ? out.then(finish, (err: unknown) => finish(refused(err))) : finish(out);
}

/**
 * The types a resource rule judges, for a runner that wants to skip the others (the offline
 * runner does; the analyzer calls every rule for every resource, and the rule returns at once):
 * a list of type tokens, or a test of the type (TypeSelector).
 */
export const APPLIES_TO: unique symbol = Symbol.for("bibox.policy.appliesTo");

/** The types a resource rule judges: a list of type tokens, or a test of a type token. */
export type TypeSelector = readonly string[] | ((type: string) => boolean);

/** Every type of the given packages: a type token's first segment (`aws:ec2/vpc:Vpc` is aws's). */
export function ofPackages(packages: readonly string[]): (type: string) => boolean {
    return (type) => packages.includes(type.split(":")[0]);
}

/** What the factories built, and nothing else: a copy or a hand-written rule is not in it. */
const built = new WeakSet<object>();

/** True for a policy made by resourceRule or stackRule (test/policies/policy-pack.test.ts holds every rule of the pack to it). */
export function builtByFactory(policy: unknown): boolean {
    return typeof policy === "object" && policy !== null && built.has(policy);
}

type Awaitable<T> = T | Promise<T>;

/** A rule over single resources of the given types. */
export function resourceRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    types: TypeSelector,
    check: (props: Record<string, unknown>, args: ResourceValidationArgs, judge: Judge, config: C) => Awaitable<(string | StackProblem)[]>,
): ResourceValidationPolicy {
    const applies = typeof types === "function" ? types : (type: string) => types.includes(type);
    const asProblems = (ps: (string | StackProblem)[]): StackProblem[] => ps.map((p) => (typeof p === "string" ? { message: p } : p));
    const policy: ResourceValidationPolicy & { [APPLIES_TO]: TypeSelector } = {
        ...meta,
        [APPLIES_TO]: types,
        validateResource: (args, report) => {
            if (!applies(args.type)) return;
            const judge = newJudge(meta.name);
            return run(
                meta.name,
                judge,
                () => {
                    const out = check(args.props, args, judge, args.getConfig<C>());
                    return out instanceof Promise ? out.then(asProblems) : asProblems(out);
                },
                (message) => report(message),
            );
        },
    };
    built.add(policy);
    return policy;
}

/** A rule over the whole stack: the resources as a graph, with the rule's config. */
export function stackRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    check: (resources: GraphResource[], config: C, judge: Judge, args: StackValidationArgs) => Awaitable<StackProblem[]>,
): StackValidationPolicy {
    const policy: StackValidationPolicy = {
        ...meta,
        validateStack: (args, report) => {
            const judge = newJudge(meta.name);
            return run(meta.name, judge, () => check(args.resources.map(toGraph), args.getConfig<C>(), judge, args), report);
        },
    };
    built.add(policy);
    return policy;
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
