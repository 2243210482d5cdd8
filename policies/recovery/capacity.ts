/**
 * N-1 capacity of the global fleet (pure): the fleet and the active-active regions come from the
 * pack's config (policies/objectives.ts Platform), never from what the program declares; the
 * plan supplies the NodePools and node groups that must carry it.
 *
 * - A pool sized as `globalNodes` grows through Karpenter: it is carried by every NodePool whose
 *   requirements admit its instance type and capacity type (./karpenter.ts — matched by what the
 *   NodePool admits, never by its name). After losing one region the regions left must run the
 *   whole fleet: (regions − 1) × nodes one region's carriers may run ≥ globalNodes. A carrier's
 *   nodes are the fewest its limits allow over every type it may launch (the largest launches
 *   exhaust the limits first). Karpenter recommends mutually exclusive NodePools; one that also
 *   admits another pool's type shares its limits with it, and the split cannot be told: refused.
 * - A pool sized as `nodesPerRegion` (the system pool) must exist in every region whatever the
 *   load: Karpenter keeps no minimum, so an EKS managed node group running its instance type and
 *   capacity type must keep minSize and desiredSize ≥ nodesPerRegion.
 * Whatever cannot be sized (a type the pack's table lacks, a NodePool without an instance-type
 * list, a limit that is no quantity) is a violation naming it, never a pass and never a crash.
 */
import type { StackProblem } from "../define";
import { ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import type { Platform, PoolDemand } from "../objectives";
import { count, list, num, obj, str } from "./guard";
import { INSTANCE_TYPES } from "./instances";
import { admits, launchable, limitsOf, nodePoolName, nodesWithin, requirementsOf } from "./karpenter";

const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

/**
 * EKS managed node group defaults: instanceTypes ["t3.medium"] when neither the group nor its
 * launch template names one, capacityType ON_DEMAND
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html; Terraform AWS
 * provider aws_eks_node_group instance_types "Defaults to [\"t3.medium\"]").
 */
export const NODE_GROUP_DEFAULT_INSTANCE_TYPE = "t3.medium";
export const NODE_GROUP_DEFAULT_CAPACITY_TYPE = "ON_DEMAND";

export interface Carrier {
    nodePool: string;
    urn: string;
    /** Nodes of the pool's type this NodePool may run in one region. */
    nodes: number;
}

export interface PoolCapacity {
    pool: string;
    demand: PoolDemand;
    carriers: Carrier[];
    /** Nodes every region may run: the sum over its carriers. */
    nodesPerRegion: number;
    survivors: number;
    fits: boolean;
}

const describe = (pool: string, d: PoolDemand) => `${pool} (${d.instanceType}, ${d.capacityType})`;

/** The nodes one NodePool may run, or the reason it cannot be sized. */
export function carrierNodes(np: GraphResource): { nodes: number } | { cannot: string } {
    const name = nodePoolName(np.props, np.name);
    const reqs = requirementsOf(np.props);
    const { types, unknown, open } = launchable(reqs);
    if (open) return { cannot: `NodePool ${name} lists no node.kubernetes.io/instance-type In requirement, so it may launch instance types the pack has no figures for; list its instance types` };
    if (unknown.length > 0) return { cannot: `NodePool ${name} may launch ${unknown.join(", ")}, which the pack's instance table (policies/recovery/instances.ts) does not hold; add AWS's figures for it` };
    const limits = limitsOf(np.props, name);
    return { nodes: Math.min(...types.map((t) => nodesWithin(limits, INSTANCE_TYPES[t]))) };
}

/** The Karpenter NodePools that admit a pool's instance type and capacity type. */
export const carriersOf = (rs: GraphResource[], d: PoolDemand): GraphResource[] =>
    ofType(rs, NODE_POOL).filter((np) => admits(requirementsOf(np.props), d.instanceType, d.capacityType));

/** One `globalNodes` pool against the NodePools; problems name the pool and the NodePool. */
export function karpenterProblems(rs: GraphResource[], platform: Platform, pool: string, d: PoolDemand & { globalNodes: number }): { problems: StackProblem[]; capacity?: PoolCapacity } {
    const survivors = platform.regions.length - 1;
    const what = describe(pool, d);
    if (survivors < 1) return { problems: [{ message: `${what}: the platform lists ${platform.regions.length} region(s); N-1 capacity needs at least two regions in the pack's regions config.` }] };
    const carriers = carriersOf(rs, d);
    if (carriers.length === 0) {
        return { problems: [{ message: `${what}: no Karpenter NodePool admits its instance type and capacity type, so the pool cannot grow in this region; add a NodePool whose requirements admit ${d.instanceType} on ${d.capacityType}.` }] };
    }
    const problems: StackProblem[] = [];
    const figures: Carrier[] = [];
    for (const np of carriers) {
        const name = nodePoolName(np.props, np.name);
        const shared = Object.entries(platform.nodePools).filter(([other, o]) => other !== pool && o.globalNodes !== undefined && admits(requirementsOf(np.props), o.instanceType, o.capacityType));
        if (shared.length > 0) {
            problems.push({ urn: np.urn, message: `${what}: NodePool ${name} also admits ${shared.map(([o, od]) => describe(o, od)).join(", ")}; the pools share its limits and their capacity cannot be told apart. Make the NodePools mutually exclusive (Karpenter's recommendation).` });
            continue;
        }
        const sized = carrierNodes(np);
        if ("cannot" in sized) problems.push({ urn: np.urn, message: `${what}: cannot size ${sized.cannot}.` });
        else figures.push({ nodePool: name, urn: np.urn, nodes: sized.nodes });
    }
    if (problems.length > 0) return { problems };
    const nodesPerRegion = figures.reduce((a, c) => a + c.nodes, 0);
    const capacity: PoolCapacity = { pool, demand: d, carriers: figures, nodesPerRegion, survivors, fits: survivors * nodesPerRegion >= d.globalNodes };
    if (!capacity.fits) {
        const by = figures.map((c) => `${c.nodePool} ${count(c.nodes)}`).join(" + ");
        problems.push({
            urn: figures[0].urn,
            message: `${what}: ${survivors} surviving regions × ${count(nodesPerRegion)} nodes (NodePool ${by}) = ${count(survivors * nodesPerRegion)} < the global fleet of ${d.globalNodes}; raise the NodePool's limits to at least ceil(${d.globalNodes} / ${survivors}) = ${Math.ceil(d.globalNodes / survivors)} nodes.`,
        });
    }
    return { problems, capacity };
}

/** The instance types and capacity type an EKS managed node group runs, with the EKS defaults. */
export function nodeGroupRuns(group: GraphResource, rs: GraphResource[]): { types: string[]; capacityType: string } {
    let types = list<unknown>(group.props.instanceTypes).map(String);
    if (types.length === 0) {
        const lt = obj(group.props.launchTemplate);
        const template = ofType(rs, LAUNCH_TEMPLATE).find((t) => group.dependencies.includes(t.urn) && (lt.id === undefined || lt.id === t.props.id || String(lt.id) === `${t.name}-id` || lt.name === t.props.name));
        types = [str(template?.props.instanceType) ?? NODE_GROUP_DEFAULT_INSTANCE_TYPE];
    }
    return { types, capacityType: str(group.props.capacityType) ?? NODE_GROUP_DEFAULT_CAPACITY_TYPE };
}

/** A `nodesPerRegion` pool against the managed node groups that run it. */
export function systemPoolProblems(rs: GraphResource[], pool: string, d: PoolDemand & { nodesPerRegion: number }): StackProblem[] {
    const what = `${describe(pool, d)}, ${d.nodesPerRegion} per region`;
    const capacity = d.capacityType === "spot" ? "SPOT" : "ON_DEMAND";
    const groups = ofType(rs, NODE_GROUP).filter((g) => {
        const runs = nodeGroupRuns(g, rs);
        return runs.types.includes(d.instanceType) && runs.capacityType === capacity;
    });
    if (groups.length === 0) {
        return [{ message: `${what}: no EKS managed node group runs ${d.instanceType} on ${capacity}; Karpenter keeps no minimum, so the system pool needs a node group with minSize ${d.nodesPerRegion}.` }];
    }
    const problems: StackProblem[] = [];
    for (const key of ["minSize", "desiredSize"] as const) {
        // scalingConfig and its sizes are required inputs of aws:eks/nodeGroup (no provider default):
        // a group without one has no floor the pack can count, so it is a finding, not a pass.
        const unset = groups.filter((g) => obj(g.props.scalingConfig)[key] === undefined || obj(g.props.scalingConfig)[key] === null);
        if (unset.length > 0) {
            problems.push({ urn: unset[0].urn, message: `${what}: node group ${unset.map((g) => g.name).join(", ")} sets no scalingConfig.${key} (a required input, no default); keep minSize and desiredSize at ${d.nodesPerRegion}.` });
            continue;
        }
        const n = groups.reduce((a, g) => a + num(obj(g.props.scalingConfig)[key], `${g.name} scalingConfig.${key}`), 0);
        if (n < d.nodesPerRegion) {
            problems.push({ urn: groups[0].urn, message: `${what}: node group ${groups.map((g) => g.name).join(", ")} scalingConfig.${key} is ${n} < ${d.nodesPerRegion}; keep minSize and desiredSize at ${d.nodesPerRegion}.` });
        }
    }
    return problems;
}

/** Every configured pool's findings; the type must be one the pack can size. */
export function poolProblems(rs: GraphResource[], platform: Platform, pool: string): StackProblem[] {
    const d = platform.nodePools[pool];
    if (!INSTANCE_TYPES[d.instanceType]) {
        return [{ message: `${describe(pool, d)}: cannot size ${d.instanceType}: the pack's instance table (policies/recovery/instances.ts) does not hold it; add AWS's figures for it.` }];
    }
    const problems: StackProblem[] = [];
    if (d.nodesPerRegion !== undefined) problems.push(...systemPoolProblems(rs, pool, { ...d, nodesPerRegion: d.nodesPerRegion }));
    if (d.globalNodes !== undefined) problems.push(...karpenterProblems(rs, platform, pool, { ...d, globalNodes: d.globalNodes }).problems);
    if (d.nodesPerRegion === undefined && d.globalNodes === undefined) problems.push({ message: `${describe(pool, d)}: the config gives neither nodesPerRegion nor globalNodes, so its capacity cannot be judged.` });
    return problems;
}

/** The capacity figures of every `globalNodes` pool that can be sized (the plan summary, tests). */
export function poolCapacity(rs: GraphResource[], platform: Platform): PoolCapacity[] {
    return Object.entries(platform.nodePools).flatMap(([pool, d]) =>
        d.globalNodes !== undefined && INSTANCE_TYPES[d.instanceType] ? (karpenterProblems(rs, platform, pool, { ...d, globalNodes: d.globalNodes }).capacity ?? []) : [],
    );
}
