/**
 * The plan's resources indexed once for the traffic-path model (pure): by type, by URN, by stack,
 * and by every identity a reference may use, so each hop is a map lookup and the model stays
 * linear in the number of resources.
 *
 * A reference (a pool id in a load balancer, a target group ARN in a listener rule) is matched to
 * its resource by, in order: the resource's own id or ARN when the plan knows them; the offline
 * plan's placeholders (src/plan/mocks.ts: `<name>-id`, ARNs ending in the resource's or its
 * physical name, in the ARN's region); a dependency on the only resource of that type; and, for
 * the global objects a member stack names through a StackReference (the accelerator listener),
 * the only one of its type in the plan. Resources carry their stack in the URN
 * (`urn:pulumi:<stack>::…`); RegionStack components declare each stack's region and role.
 */
import type { GraphResource } from "../graph-types";

export type R = GraphResource;

export const stackOf = (urn: string): string => urn.replace(/^urn:pulumi:/, "").split("::")[0];

/** The component types above a resource, from its URN (`…$bibox:data:MediaStorage$aws:s3/…::name`). */
export const typeChain = (urn: string): string[] => (urn.split("::")[2] ?? "").split("$");

interface Declared {
    stack: string;
    region: string;
    role: "owner" | "member";
    regions: string[];
}

export interface Topology {
    regionOfStack: Map<string, string>;
    stackOfRegion: Map<string, string>;
    /** Every region of the active-active set, as the stacks declare it. */
    regions: string[];
    /** The owner (edge objects) is in these resources. */
    ownerPresent: boolean;
    /** No RegionStack at all (a hand-made plan): every hop must be present. */
    strict: boolean;
}

const SEP = "\u0000";

export class PlanIndex {
    readonly topology: Topology;
    private readonly byType = new Map<string, R[]>();
    private readonly byUrn = new Map<string, R>();
    /** `${stack}␀${identity}` → resources; identities: id, arn, `<name>-id`, and names for ARN segments. */
    private readonly exact = new Map<string, R[]>();
    private readonly named = new Map<string, R[]>();

    constructor(readonly resources: readonly R[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            push(this.byType, r.type, r);
            const stack = stackOf(r.urn);
            for (const id of [read(r, "id"), read(r, "arn"), `${r.name}-id`]) if (typeof id === "string") push(this.exact, id, r);
            for (const n of new Set([r.name, read(r, "name")])) if (typeof n === "string") push(this.named, `${stack}${SEP}${n}`, r);
        }
        const declared = this.ofType("bibox:region:RegionStack").map((r) => r.props.declared as Declared | undefined).filter((d): d is Declared => Boolean(d?.region));
        this.topology = {
            regionOfStack: new Map(declared.map((d) => [d.stack, d.region])),
            stackOfRegion: new Map(declared.map((d) => [d.region, d.stack])),
            regions: [...new Set(declared.flatMap((d) => d.regions ?? [d.region]))],
            ownerPresent: declared.length === 0 || declared.some((d) => d.role === "owner"),
            strict: declared.length === 0,
        };
    }

    ofType(type: string, stack?: string): R[] {
        const all = this.byType.get(type) ?? [];
        return stack === undefined ? all : all.filter((r) => stackOf(r.urn) === stack);
    }

    get(urn: string): R | undefined {
        return this.byUrn.get(urn);
    }

    regionOf(r: R): string | undefined {
        return this.topology.regionOfStack.get(stackOf(r.urn));
    }

    /** Whether hops in `region` are in these resources (false: another stack's plan). */
    hasRegion(region: string): boolean {
        return this.topology.strict || this.topology.stackOfRegion.has(region);
    }

    /** Where a hop outside these resources lives, for messages: "in the eu-west-1 stack's plan". */
    elsewhere(region: string | undefined): string {
        const stack = region ? this.topology.stackOfRegion.get(region) : undefined;
        if (stack) return `in stack ${stack}'s plan`;
        return region ? `in the ${region} stack's plan` : "in another stack's plan";
    }

    /** The resource of `type` that `from` names by `value` (see the header for the order). */
    resolve(from: R, value: unknown, type: string, opts: { sole?: boolean } = {}): R | undefined {
        const stack = stackOf(from.urn);
        if (typeof value === "string") {
            const hits = (this.exact.get(value) ?? []).filter((r) => r.type === type);
            const local = hits.filter((r) => stackOf(r.urn) === stack);
            if (local.length > 0) return local[0];
            if (hits.length === 1) return hits[0];
            if (value.startsWith("arn:")) {
                const parts = value.split(":");
                const arnStack = (parts[3] && this.topology.stackOfRegion.get(parts[3])) || stack;
                for (const segment of parts.slice(5).join(":").split(/[:/]/).reverse()) {
                    const found = (this.named.get(`${arnStack}${SEP}${segment}`) ?? []).filter((r) => r.type === type);
                    if (found.length === 1) return found[0];
                }
            }
        }
        const deps = from.dependencies.map((d) => this.byUrn.get(d)).filter((d): d is R => d?.type === type);
        if (deps.length === 1) return deps[0];
        if (opts.sole) {
            const all = this.ofType(type);
            if (all.length === 1) return all[0];
        }
        return undefined;
    }

    /** For each resource of `targetType`, the resources of `type` whose `property` names it (built once per call site). */
    referrers(type: string, property: (r: R) => unknown, targetType: string): Map<string, R[]> {
        const out = new Map<string, R[]>();
        for (const r of this.ofType(type)) {
            for (const v of ([] as unknown[]).concat(property(r) ?? [])) {
                const target = this.resolve(r, v, targetType);
                if (target) push(out, target.urn, r);
            }
        }
        return out;
    }
}

/**
 * A property read for indexing only: during a preview a value the engine does not know yet throws
 * when read (as the analyzer's props do); an unknown name or id of one resource must not stop the
 * whole model — the hop that needs it reports it when it reads it.
 */
export function read(r: R, key: string): unknown {
    try {
        return r.props[key];
    } catch {
        return undefined;
    }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

export const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
