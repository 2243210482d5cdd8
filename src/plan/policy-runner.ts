/**
 * Runs the policy pack of policies/ over captured resources, the way the Pulumi policy analyzer
 * runs it during a preview: resource policies see each resource's inputs, stack policies see the
 * whole graph with parents and dependencies linked.
 */
import {
    EnforcementLevel,
    Policies,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as policyModule from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import { APPLIES_TO, isJudgedUnknown, TypeSelector } from "../../policies/define";
import { PACK_ENFORCEMENT } from "../../policies/pack";
import { PlanResource, PlanViolation, PolicyLevel } from "./types";

/** Per-policy configuration, as `--policy-pack-config` gives it. */
export type PackConfig = Record<string, Record<string, unknown>>;

class NotApplicable extends Error {}

/** The marker the plan writes for a value known only after `pulumi up` (see capture.ts). */
export const UNKNOWN = "[unknown]";

/**
 * @pulumi/policy's own unknown handling (runtime exports; its typings mark them internal): the
 * analyzer wraps props in `unknownCheckingProxy`, which throws `UnknownValueError` when a rule
 * reads one of the sentinel values. The runner turns the plan's marker into that sentinel and uses
 * the same proxy, so a rule meets an unknown exactly as it does under `pulumi preview`.
 */
const policyRuntime = policyModule as unknown as { unknownCheckingProxy: <T>(v: T) => T; UnknownValueError: new (...a: never[]) => Error };
const UNKNOWN_STRING = (policyProxy as unknown as { unknownStringValue: string }).unknownStringValue;

function sentinels(value: unknown, found: { unknown: boolean }): unknown {
    if (value === UNKNOWN) {
        found.unknown = true;
        return UNKNOWN_STRING;
    }
    if (Array.isArray(value)) return value.map((v) => sentinels(v, found));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sentinels(v, found)]));
    return value;
}

/**
 * The inputs with unknowns as sentinels, converted once per plan resource and shared by every
 * policy's view of it (rules read props, never write them; converting the whole plan again for
 * each of ~80 policies was most of the pack's cost).
 */
/** Reset by each run: a plan edited between runs is converted again, never read stale. */
let converted = new WeakMap<object, { copy: unknown; unknown: boolean }>();

/**
 * Props whose unknown values throw when read, so no rule can mistake one for a pass. Inputs with
 * no unknown anywhere cannot throw, so they are handed over without the proxy (the same values
 * and the same behaviour, without a proxy per property read).
 */
function unknownChecking<T>(value: T): T {
    if (value === null || typeof value !== "object") return value === UNKNOWN ? policyRuntime.unknownCheckingProxy(UNKNOWN_STRING as T) : value;
    let entry = converted.get(value as object);
    if (entry === undefined) {
        const found = { unknown: false };
        entry = { copy: sentinels(value, found), unknown: found.unknown };
        converted.set(value as object, entry);
    }
    return (entry.unknown ? policyRuntime.unknownCheckingProxy(entry.copy) : entry.copy) as T;
}

/**
 * How the analyzer levels a policy (pulumi/pulumi pkg/resource/analyzer/config.go
 * ReconcilePolicyPackConfig, @pulumi/policy server.js): the policy's own entry in the config,
 * else the config's `all`, else the policy's level, else the pack's.
 */
function levelFor(policy: ResourceValidationPolicy | StackValidationPolicy, config: PackConfig): EnforcementLevel {
    const configured = (entry: Record<string, unknown> | undefined) => entry?.enforcementLevel as EnforcementLevel | undefined;
    return configured(config[policy.name]) ?? configured(config.all) ?? policy.enforcementLevel ?? PACK_ENFORCEMENT;
}

export async function runPolicies(resources: PlanResource[], policies: Policies, config: PackConfig = {}): Promise<PlanViolation[]> {
    const violations: PlanViolation[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    converted = new WeakMap();
    // Built once per run and shared by every policy: what the analyzer shows about each resource
    // (rules only read it). Rebuilding the views for each of ~80 policies was most of the cost.
    let stackView: PolicyResource[] | undefined;
    let resourceViews: object[] | undefined;
    // Each view as a plain object (its props read once), made when a rule first applies to the
    // resource: copying the view itself for every validation went through its accessor each time.
    const viewCopies: (object | undefined)[] = [];
    const ofTypes = indexByType(resources);
    for (const policy of policies) {
        const level = levelOf(levelFor(policy, config));
        if (level === undefined) continue;
        // The defaults of the policy's schema, then its entry (the engine reconciles them the same
        // way and strips the enforcement level); a fresh copy, as the analyzer deserializes one.
        const { enforcementLevel: _level, ...given } = config[policy.name] ?? {};
        const policyConfig = structuredClone({ ...defaults(policy), ...given });
        const getConfig = <T extends object>() => policyConfig as T;
        const report = (urn?: string) => (message: string, stackUrn?: string) =>
            violations.push({ policy: policy.name, level, ...(urn ?? stackUrn ? { urn: urn ?? stackUrn } : {}), message });
        try {
            if ("validateResource" in policy && policy.validateResource) {
                resourceViews ??= resources.map((r) => described(r, byUrn, { stackTags: new Map<string, string>(), notApplicable: throwNotApplicable }));
                const validations = ([] as unknown[]).concat(policy.validateResource) as Validation[];
                const appliesTo = (policy as { [APPLIES_TO]?: TypeSelector })[APPLIES_TO];
                // A factory rule returns at once for other types; skipping them changes nothing (a
                // type test is asked once per type of the plan).
                for (const i of appliesTo ? ofTypes(appliesTo) : resources.keys()) {
                    const r = resources[i];
                    const view = (viewCopies[i] ??= { ...resourceViews[i] });
                    for (const validate of validations) {
                        // One args object per validation (the resource's shared view, this policy's config).
                        const args = { ...view, getConfig } as unknown as ResourceValidationArgs;
                        const pending = runGuarded(
                            () => validate(args, report(r.urn)),
                            (err) => violations.push({ policy: policy.name, level: "advisory", urn: r.urn, message: cannotVerify(err, r.name) }),
                        );
                        if (pending) await pending;
                    }
                }
            } else if ("validateStack" in policy) {
                const stackArgs = {
                    resources: (stackView ??= policyResources(resources, byUrn)),
                    getConfig,
                    stackTags: new Map<string, string>(),
                    notApplicable: throwNotApplicable,
                };
                await runGuarded(
                    () => (policy as StackValidationPolicy).validateStack(stackArgs, report()),
                    (err) => violations.push({ policy: policy.name, level: "advisory", message: cannotVerify(err) }),
                );
            }
        } catch (err) {
            throw new Error(`policy ${policy.name} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    return violations;
}

type Validation = (args: ResourceValidationArgs, report: (message: string, urn?: string) => void) => unknown;

/**
 * A rule's unknown value as one "cannot verify" advisory. The factory's error (policies/define.ts)
 * already reads "cannot verify <subject> (<why>)" for each subject it could not verify, and is
 * shown as it is; any other is the runtime's own ("string value at .x can't be known during
 * preview") and is prefixed once, with the resource when a resource rule met it.
 */
function cannotVerify(err: Error, resource?: string): string {
    return isJudgedUnknown(err) ? err.message : `cannot verify ${resource === undefined ? "" : `${resource} `}during preview: ${err.message}`;
}

/** The indices of the resources a rule's types select, in the plan's order (rules judge in that order). */
function indexByType(resources: readonly PlanResource[]): (types: TypeSelector) => number[] {
    const byType = new Map<string, number[]>();
    resources.forEach((r, i) => (byType.get(r.type) ?? byType.set(r.type, []).get(r.type)!).push(i));
    return (types) => {
        if (typeof types === "function") return [...byType.entries()].filter(([type]) => types(type)).flatMap(([, list]) => list).sort((a, b) => a - b);
        const lists = [...new Set(types)].map((t) => byType.get(t) ?? []);
        return lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a - b);
    };
}

function levelOf(level: EnforcementLevel): PolicyLevel | undefined {
    if (level === "disabled") return undefined;
    return level === "advisory" ? "advisory" : "mandatory";
}

function defaults(policy: ResourceValidationPolicy | StackValidationPolicy): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema.default !== undefined) out[key] = schema.default;
    }
    return out;
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

/**
 * Runs one validation; an unknown value yields "cannot verify" (cannotVerify), never a pass.
 * Synchronous validations (the factory's, but for checks that return a promise: the Kubernetes
 * schema rules) are not awaited: tens of thousands of awaits per run were a large share of the
 * pack's cost. A returned promise is awaited as the analyzer does.
 */
function runGuarded(fn: () => unknown, onUnknown: (err: Error) => void): Promise<void> | undefined {
    const caught = (err: unknown) => {
        if (err instanceof policyRuntime.UnknownValueError) onUnknown(err);
        else if (!(err instanceof NotApplicable)) throw err;
    };
    try {
        const result = fn();
        if (result instanceof Promise) return result.then(() => undefined, caught);
    } catch (err) {
        caught(err);
    }
    return undefined;
}

function options(r: PlanResource): PolicyResourceOptions {
    return {
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        aliases: [],
        additionalSecretOutputs: [],
        deleteBeforeReplace: undefined,
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    } as unknown as PolicyResourceOptions;
}

/** `urn::id` → the provider resource the analyzer would attach (its props unknown-checked too: server.js getProviderResource). */
function providerOf(r: PlanResource, byUrn: Map<string, PlanResource>): PolicyProviderResource | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    const p = byUrn.get(urn);
    return p ? withLazyProps({ type: p.type, urn: p.urn, name: p.name }, p.inputs) : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    return (resourceClass as { __pulumiType?: string }).__pulumiType === type;
}

/**
 * `target` with a `props` that is built on first read: the inputs with unknowns as sentinels,
 * behind the unknown-checking proxy. Most policies look at a resource's type and never at its
 * props, so the copy is made only for those that do (the pack runs several times faster); each
 * object still gets its own copy, as each analyzer call deserializes its own.
 */
function withLazyProps<T extends object>(target: T, inputs: Record<string, unknown>): T & { props: Record<string, unknown> } {
    let props: Record<string, unknown> | undefined;
    return Object.defineProperty(target, "props", { get: () => (props ??= unknownChecking(inputs)), enumerable: true, configurable: true }) as T & { props: Record<string, unknown> };
}

/** What the analyzer shows both kinds of policy about one resource. */
function described<T extends object>(r: PlanResource, byUrn: Map<string, PlanResource>, extra: T) {
    const out = withLazyProps(
        {
            type: r.type,
            urn: r.urn,
            name: r.name,
            opts: options(r),
            ...(r.provider ? { provider: providerOf(r, byUrn) } : {}),
            isType: (cls: unknown) => isTypeOf(r.type, cls),
            ...extra,
        },
        r.inputs,
    );
    // The analyzer hands typed policies the same props object; only the static type differs.
    return Object.assign(out, { asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? out.props : undefined)) as never });
}

function policyResources(resources: PlanResource[], byUrn: Map<string, PlanResource>): PolicyResource[] {
    const out = new Map<string, PolicyResource>();
    for (const r of resources) out.set(r.urn, described(r, byUrn, { dependencies: [] as PolicyResource[], propertyDependencies: {} }) as unknown as PolicyResource);
    for (const r of resources) {
        const pr = out.get(r.urn)!;
        if (r.parent) pr.parent = out.get(r.parent);
        pr.dependencies = r.dependencies.map((d) => out.get(d)).filter((d): d is PolicyResource => d !== undefined);
    }
    return [...out.values()];
}
