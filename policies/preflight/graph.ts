/**
 * The stack as a dependency graph, built once per resource list and shared by the preflight rules.
 *
 * A resource's prerequisites are what Pulumi creates before it (and deletes after it): its
 * `dependencies`, its provider resource, and, transitively, theirs. Depending on a component means
 * depending on every resource beneath it (`parent` links), as the Node SDK expands a component in
 * `dependsOn` into its descendants.
 */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import { Judge, RuleMeta, StackProblem, stackRule, Subject } from "../define";

export interface Graph {
    byUrn: ReadonlyMap<string, PolicyResource>;
    /** Resources of one type. */
    ofType(type: string): PolicyResource[];
    /** Direct children by parent URN. */
    children(urn: string): PolicyResource[];
    /** The provider resource a resource is created through, when explicit. */
    providerOf(r: PolicyResource): PolicyResource | undefined;
    /** Every URN Pulumi creates before `r` (transitive; includes providers and component descendants). */
    prerequisites(r: PolicyResource): ReadonlySet<string>;
    isComponent(r: PolicyResource): boolean;
}

const cache = new WeakMap<readonly PolicyResource[], Graph>();

export function graphOf(resources: readonly PolicyResource[]): Graph {
    let g = cache.get(resources);
    if (!g) {
        g = build(resources);
        cache.set(resources, g);
    }
    return g;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

function build(resources: readonly PolicyResource[]): Graph {
    const byUrn = new Map<string, PolicyResource>();
    const byType = new Map<string, PolicyResource[]>();
    const kids = new Map<string, PolicyResource[]>();
    for (const r of resources) {
        byUrn.set(r.urn, r);
        push(byType, r.type, r);
        if (r.parent) push(kids, r.parent.urn, r);
    }
    // Components have no provider of their own and are not providers; a resource with children
    // and no provider is a component (the plan and the analyzer alike give custom resources one).
    const isComponent = (r: PolicyResource) => !r.provider && !r.type.startsWith("pulumi:providers:") && (kids.get(r.urn)?.length ?? 0) > 0;
    const providerOf = (r: PolicyResource) => (r.provider ? (byUrn.get(r.provider.urn) ?? (r.provider as unknown as PolicyResource)) : undefined);

    const descendants = new Map<string, string[]>();
    const descendantsOf = (urn: string): string[] => {
        const known = descendants.get(urn);
        if (known) return known;
        const out: string[] = [];
        descendants.set(urn, out);
        for (const c of kids.get(urn) ?? []) out.push(c.urn, ...descendantsOf(c.urn));
        return out;
    };

    const memo = new Map<string, Set<string>>();
    const prerequisites = (r: PolicyResource): Set<string> => {
        const known = memo.get(r.urn);
        if (known) return known;
        const out = new Set<string>();
        memo.set(r.urn, out); // a cycle sees the partial set instead of recursing forever
        const direct: string[] = [];
        for (const d of r.dependencies ?? []) {
            direct.push(d.urn);
            const dep = byUrn.get(d.urn);
            if (dep && isComponent(dep)) direct.push(...descendantsOf(dep.urn));
        }
        const p = providerOf(r);
        if (p) direct.push(p.urn);
        for (const urn of direct) {
            if (out.has(urn)) continue;
            out.add(urn);
            const dep = byUrn.get(urn);
            if (dep) for (const x of prerequisites(dep)) out.add(x);
        }
        return out;
    };

    return {
        byUrn,
        ofType: (type) => byType.get(type) ?? [],
        children: (urn) => kids.get(urn) ?? [],
        providerOf,
        prerequisites,
        isComponent,
    };
}

/** How a preflight check reports: a message, on a resource when it names one. */
export type Report = (message: string, urn?: string) => void;

/**
 * A preflight rule, written against the analyzer's stack args and a report function, run through
 * the pack's factory (policies/define.ts): the rule judges item by item through `judge` (or a
 * Deferred over it), so an unknown value makes only that item "cannot verify" and an unexpected
 * error becomes that item's finding; what escapes the items makes the rule's remaining checks
 * "cannot verify" (an unknown) or one finding (an error), and the findings reported before it stay.
 */
export function preflightRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    check: (args: StackValidationArgs, report: Report, judge: Judge, config: C) => void,
): StackValidationPolicy {
    return stackRule<C>(meta, (_resources, config, judge, args) => {
        const problems: StackProblem[] = [];
        const report: Report = (message, urn) => {
            problems.push({ message, urn });
        };
        problems.push(...judge.one({ name: `${meta.name}'s checks of the stack` }, () => (check(args, report, judge, config), [])));
        return problems;
    });
}

/**
 * Checks item by item through the rule's judge: an unknown value in one item makes only that item
 * "cannot verify" (the factory reports them all after the findings), an unexpected error is that
 * item's finding. `subject` names the item in messages (default: the item, a resource).
 */
export class Deferred {
    constructor(private readonly judge: Judge) {}

    each<T>(items: Iterable<T>, check: (item: T) => void, subject: (item: T) => Subject = (item) => item as unknown as Subject): void {
        for (const item of items) {
            const s = subject(item);
            this.judge.one({ name: s.name, urn: s.urn }, () => (check(item), []));
        }
    }

    /** Kept for the rules' shape: the factory reports what could not be verified at the end. */
    done(): void {}
}

export function eachDeferringUnknowns<T>(judge: Judge, items: Iterable<T>, check: (item: T) => void, subject?: (item: T) => Subject): void {
    new Deferred(judge).each(items, check, subject);
}

/** @pulumi/policy's unknown sentinels (proxy.js): the raw form of a value unknown during preview. */
const SENTINELS = new Set(
    Object.entries(policyProxy as unknown as Record<string, unknown>)
        .filter(([k, v]) => k.startsWith("unknown") && k.endsWith("Value") && typeof v === "string")
        .map(([, v]) => v),
);

/**
 * A top-level value as given, without tripping the unknown-value check: for linking resources,
 * never for judging one (read `r.props[key]` inside the judge for that). A value unknown during
 * preview links to nothing: undefined, never its sentinel.
 */
export function rawProp(r: PolicyResource, key: string): unknown {
    const v = Object.getOwnPropertyDescriptor(r.props, key)?.value;
    return SENTINELS.has(v) ? undefined : v;
}

/** `kubernetes:<group>/<version>:<Kind>` → its API group ("" for core) and kind. */
export function kubernetesGroupKind(type: string, apiVersion?: unknown): { group: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+):(.+)$/.exec(type);
    if (!m) return undefined;
    const [, module, kind] = m;
    // The generic kubernetes:apiextensions.k8s.io:CustomResource carries its group in apiVersion.
    if (!module.includes("/") && typeof apiVersion === "string") {
        return { group: apiVersion.includes("/") ? apiVersion.split("/")[0] : "", kind };
    }
    const group = module.split("/")[0];
    return { group: group === "core" ? "" : group, kind };
}

/** A chart reference's name, its last path segment (`oci://…/karpenter-crd` → karpenter-crd). */
export function chartOf(chart: unknown): string | undefined {
    return typeof chart === "string" ? chart.replace(/\/+$/, "").split("/").pop() : undefined;
}

/** The chart a Helm release installs, for linking (an unknown chart links to nothing). */
export function chartName(release: PolicyResource): string | undefined {
    return chartOf(rawProp(release, "chart"));
}

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
