/**
 * What a Karpenter v1 NodePool may launch and how many nodes its limits allow (pure).
 *
 * Requirements (`spec.template.spec.requirements`) are node-selector requirements with the
 * operators In, NotIn, Exists, DoesNotExist, Gt and Lt
 * (https://karpenter.sh/docs/concepts/nodepools/#spectemplatespecrequirements;
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#operators), over the
 * well-known labels of an instance type (./instances.ts instanceLabels) and
 * `karpenter.sh/capacity-type`. A NodePool admits an instance type and capacity type when every
 * requirement on those labels holds. Requirements on other keys (zone, os, custom labels) place or
 * label nodes but do not choose the instance type, so they admit every type. A NodePool that does
 * not constrain `karpenter.sh/capacity-type` launches on-demand ("If not included ... will default
 * to on-demand", Karpenter's NodePool examples, https://karpenter.sh/docs/concepts/nodepools/).
 *
 * Limits (`spec.limits`) cap the capacity the NodePool manages, per resource; a resource the
 * limits do not name, or limits left out altogether, is unbounded: Karpenter's
 * `Limits.ExceededBy` returns nil for nil limits and checks only the resources they list
 * (kubernetes-sigs/karpenter pkg/apis/v1/nodepool.go).
 */
import { list, obj, str } from "./guard";
import { INSTANCE_TYPES, instanceLabels, InstanceType, quantity } from "./instances";

export const CAPACITY_TYPE = "karpenter.sh/capacity-type";
const INSTANCE_TYPE = "node.kubernetes.io/instance-type";
/** Karpenter's capacity type when a NodePool leaves it out. */
export const DEFAULT_CAPACITY_TYPE = "on-demand";

export interface Requirement {
    key: string;
    operator: string;
    values?: string[];
}

export function requirementsOf(nodePool: Record<string, unknown>): Requirement[] {
    const spec = obj(obj(obj(nodePool.spec).template).spec);
    return list<Record<string, unknown>>(spec.requirements).map((r) => ({ key: String(r.key), operator: String(r.operator), values: list<unknown>(r.values).map(String) }));
}

/** Whether one requirement holds for a label value (undefined: the node does not carry the label). */
export function holds(r: Requirement, value: string | undefined): boolean {
    const values = r.values ?? [];
    switch (r.operator) {
        case "In":
            return value !== undefined && values.includes(value);
        case "NotIn":
            return value === undefined || !values.includes(value);
        case "Exists":
            return value !== undefined;
        case "DoesNotExist":
            return value === undefined;
        case "Gt":
        case "Lt": {
            const [n, bound] = [Number(value), Number(values[0])];
            if (value === undefined || !Number.isFinite(n) || !Number.isFinite(bound)) return false;
            return r.operator === "Gt" ? n > bound : n < bound;
        }
        default:
            throw new Error(`requirement ${r.key} has operator ${JSON.stringify(r.operator)}, which Karpenter does not support`);
    }
}

/** Whether the requirements admit `type` (a type the table holds) on `capacityType`. */
export function admits(requirements: Requirement[], type: string, capacityType: string): boolean {
    const labels = instanceLabels(type);
    if (!labels) return false;
    const all: Record<string, string> = { ...labels, [CAPACITY_TYPE]: capacityType };
    const capacityConstrained = requirements.some((r) => r.key === CAPACITY_TYPE);
    if (!capacityConstrained && capacityType !== DEFAULT_CAPACITY_TYPE) return false;
    return requirements.filter((r) => r.key in all).every((r) => holds(r, all[r.key]));
}

/**
 * The instance types a NodePool may launch: its `node.kubernetes.io/instance-type In` list,
 * narrowed by its other requirements; `open` when it has no such list (it may then launch types
 * the pack has no figures for). `unknown` lists the listed types the table does not hold.
 */
export function launchable(requirements: Requirement[]): { types: string[]; unknown: string[]; open: boolean } {
    const lists = requirements.filter((r) => r.key === INSTANCE_TYPE && r.operator === "In");
    if (lists.length === 0) return { types: [], unknown: [], open: true };
    const listed = lists.map((r) => r.values ?? []).reduce((a, b) => a.filter((t) => b.includes(t)));
    const unknown = listed.filter((t) => !INSTANCE_TYPES[t]);
    const types = listed.filter((t) => INSTANCE_TYPES[t] && requirements.filter((r) => r.key !== CAPACITY_TYPE).every((r) => !(r.key in instanceLabels(t)!) || holds(r, instanceLabels(t)![r.key])));
    return { types, unknown, open: false };
}

export interface Limits {
    /** Cores, bytes, GPUs and nodes; Infinity where the NodePool sets no limit. */
    cpu: number;
    memoryBytes: number;
    gpus: number;
    nodes: number;
}

/** The NodePool's limits, absent ones unbounded; a limit that is no quantity throws. */
export function limitsOf(nodePool: Record<string, unknown>, name: string): Limits {
    const l = obj(obj(nodePool.spec).limits);
    const read = (key: string) => (l[key] === undefined || l[key] === null ? Number.POSITIVE_INFINITY : quantity(l[key], `${name} spec.limits.${key}`));
    return { cpu: read("cpu"), memoryBytes: read("memory"), gpus: read("nvidia.com/gpu"), nodes: read("nodes") };
}

/** Nodes of `spec` the limits allow: the first limit reached decides. */
export function nodesWithin(limits: Limits, spec: InstanceType): number {
    return Math.min(
        Math.floor(limits.cpu / spec.vcpu),
        Math.floor(limits.memoryBytes / (spec.memoryMiB * 2 ** 20)),
        spec.gpus > 0 ? Math.floor(limits.gpus / spec.gpus) : Number.POSITIVE_INFINITY,
        Math.floor(limits.nodes),
    );
}

/** The NodePool's name in the cluster (metadata.name), else its resource name. */
export const nodePoolName = (props: Record<string, unknown>, fallback: string): string => str(obj(props.metadata).name) ?? fallback;
