/**
 * The stack as a dependency graph, built once per resource list and shared by the preflight rules.
 *
 * A resource's prerequisites are what Pulumi creates before it (and deletes after it): its
 * `dependencies`, its provider resource, and, transitively, theirs. Depending on a component means
 * depending on every resource beneath it (`parent` links), as the Node SDK expands a component in
 * `dependsOn` into its descendants.
 */
import type { PolicyResource } from "@pulumi/policy";

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

/**
 * Runs checks item by item and keeps going when one reads a value unknown during preview: the
 * problems of the others are still reported, and `done` rethrows the first such error so the
 * analyzer reports "cannot verify" for the rest (a plain bug rethrows the same way).
 */
export class Deferred {
    private failed = false;
    private first: unknown;

    each<T>(items: Iterable<T>, check: (item: T) => void): void {
        for (const item of items) {
            try {
                check(item);
            } catch (err) {
                if (!this.failed) [this.failed, this.first] = [true, err];
            }
        }
    }

    done(): void {
        if (this.failed) throw this.first;
    }
}

export function eachDeferringUnknowns<T>(items: Iterable<T>, check: (item: T) => void): void {
    const d = new Deferred();
    d.each(items, check);
    d.done();
}

/** A value as given, without tripping the unknown-value check (for linking, not for judging). */
export function rawProp(r: PolicyResource, key: string): unknown {
    return Object.getOwnPropertyDescriptor(r.props, key)?.value;
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

/** The chart a Helm release installs, by its last path segment (`oci://…/karpenter-crd` → karpenter-crd). */
export function chartName(release: PolicyResource): string | undefined {
    const chart = rawProp(release, "chart");
    return typeof chart === "string" ? chart.replace(/\/+$/, "").split("/").pop() : undefined;
}

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
