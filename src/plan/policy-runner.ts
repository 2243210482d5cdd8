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
import { PACK_ENFORCEMENT } from "../../policies/pack";
import { PlanResource, PlanViolation, PolicyLevel } from "./types";

/** Per-policy configuration, as `--policy-pack-config` gives it. */
export type PackConfig = Record<string, Record<string, unknown>>;

class NotApplicable extends Error {}

/** The marker the plan writes for a value known only after `pulumi up` (see capture.ts). */
export const UNKNOWN = "[unknown]";

/** Thrown when a rule reads a value that is unknown during preview (as @pulumi/policy does). */
class UnknownValue extends Error {
    constructor(readonly path: string) {
        super(path);
    }
}

/** Props whose unknown values throw when read, so no rule can mistake one for a pass. */
function unknownChecking<T>(value: T, path = "props"): T {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value as object, {
        get(target, key, receiver) {
            const v = Reflect.get(target, key, receiver);
            if (typeof key === "string" && v === UNKNOWN) throw new UnknownValue(`${path}.${key}`);
            return typeof key === "string" ? unknownChecking(v, `${path}.${key}`) : v;
        },
    }) as T;
}

export async function runPolicies(resources: PlanResource[], policies: Policies, config: PackConfig = {}): Promise<PlanViolation[]> {
    const violations: PlanViolation[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const policy of policies) {
        const level = levelOf(policy.enforcementLevel ?? PACK_ENFORCEMENT);
        if (level === undefined) continue;
        const getConfig = <T extends object>() => ({ ...defaults(policy), ...config[policy.name] }) as T;
        const report = (urn?: string) => (message: string, stackUrn?: string) =>
            violations.push({ policy: policy.name, level, ...(urn ?? stackUrn ? { urn: urn ?? stackUrn } : {}), message });
        try {
            if ("validateResource" in policy && policy.validateResource) {
                for (const r of resources) {
                    const args = resourceArgs(r, byUrn, getConfig);
                    for (const validate of ([] as unknown[]).concat(policy.validateResource) as Validation[]) {
                        await runGuarded(
                            () => validate(args, report(r.urn)),
                            (path) => violations.push({ policy: policy.name, level: "advisory", urn: r.urn, message: `cannot verify during preview: ${path} of ${r.name} is unknown until the update` }),
                        );
                    }
                }
            } else if ("validateStack" in policy) {
                const stackArgs = {
                    resources: policyResources(resources, byUrn),
                    getConfig,
                    stackTags: new Map<string, string>(),
                    notApplicable: throwNotApplicable,
                };
                await runGuarded(
                    () => (policy as StackValidationPolicy).validateStack(stackArgs, report()),
                    (path) => violations.push({ policy: policy.name, level: "advisory", message: `cannot verify during preview: ${path} is unknown until the update` }),
                );
            }
        } catch (err) {
            throw new Error(`policy ${policy.name} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    return violations;
}

type Validation = (args: ResourceValidationArgs, report: (message: string, urn?: string) => void) => unknown;

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

/** Runs one validation; an unknown value yields "cannot verify during preview", never a pass. */
async function runGuarded(fn: () => unknown, onUnknown: (path: string) => void): Promise<void> {
    try {
        await fn();
    } catch (err) {
        if (err instanceof UnknownValue) onUnknown(err.path);
        else if (!(err instanceof NotApplicable)) throw err;
    }
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

/** `urn::id` → the provider resource the analyzer would attach. */
function providerOf(r: PlanResource, byUrn: Map<string, PlanResource>): PolicyProviderResource | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    const p = byUrn.get(urn);
    return p ? { type: p.type, props: p.inputs, urn: p.urn, name: p.name } : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    return (resourceClass as { __pulumiType?: string }).__pulumiType === type;
}

/** What the analyzer shows both kinds of policy about one resource. */
function described(r: PlanResource, byUrn: Map<string, PlanResource>) {
    return {
        type: r.type,
        props: unknownChecking(r.inputs),
        urn: r.urn,
        name: r.name,
        opts: options(r),
        provider: providerOf(r, byUrn),
        isType: (cls: unknown) => isTypeOf(r.type, cls),
        // The analyzer hands typed policies the same props object; only the static type differs.
        asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? unknownChecking(r.inputs) : undefined)) as never,
    };
}

function resourceArgs(r: PlanResource, byUrn: Map<string, PlanResource>, getConfig: <T extends object>() => T): ResourceValidationArgs {
    return { ...described(r, byUrn), stackTags: new Map(), getConfig, notApplicable: throwNotApplicable };
}

function policyResources(resources: PlanResource[], byUrn: Map<string, PlanResource>): PolicyResource[] {
    const out = new Map<string, PolicyResource>();
    for (const r of resources) out.set(r.urn, { ...described(r, byUrn), dependencies: [], propertyDependencies: {} });
    for (const r of resources) {
        const pr = out.get(r.urn)!;
        if (r.parent) pr.parent = out.get(r.parent);
        pr.dependencies = r.dependencies.map((d) => out.get(d)).filter((d): d is PolicyResource => d !== undefined);
    }
    return [...out.values()];
}
