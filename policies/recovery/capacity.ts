/** N-1 capacity from the Karpenter limits this stack declares and the topology (pure). */
import { nodesWithin, PoolLimits } from "../../components/eks/sizing";
import { ofType } from "../graph";
import { DeclaredTopology, GraphResource } from "./calculus";

export interface PoolCapacity {
    pool: string;
    urn: string;
    nodesPerRegion: number;
    survivors: number;
    globalNodes: number;
    fits: boolean;
}

/**
 * For each NodePool: every region runs the same limits (they come from the one shared fleet
 * config), so after losing one region the survivors can grow to (regions − 1) × nodes per region.
 */
export function poolCapacity(rs: GraphResource[], topology: DeclaredTopology): PoolCapacity[] {
    return ofType(rs, "kubernetes:karpenter.sh/v1:NodePool").flatMap((np) => {
        const spec = np.props.spec as { template: { spec: { requirements: { key: string; values: string[] }[] } }; limits: PoolLimits };
        const name = (np.props.metadata as { name: string }).name;
        const pool = Object.keys(topology.nodePools).find((p) => p.toLowerCase().replace("_", "-") === name);
        const estimate = pool ? topology.nodePools[pool] : undefined;
        if (!pool || estimate?.globalNodes === undefined) return [];
        const types = spec.template.spec.requirements.find((r) => r.key === "node.kubernetes.io/instance-type")?.values ?? [estimate.instanceType];
        const nodesPerRegion = Math.min(...types.map((t) => nodesWithin(spec.limits, t)));
        const survivors = topology.regions.length - 1;
        return [{ pool, urn: np.urn, nodesPerRegion, survivors, globalNodes: estimate.globalNodes, fits: nodesPerRegion * survivors >= estimate.globalNodes }];
    });
}
