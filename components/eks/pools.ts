/** From the configured global fleet to the pools each region runs (pure). */
import type { NodePools } from "../region/settings";
import { POOL_DEFINITIONS, poolInstanceTypes } from "./karpenter-objects";
import type { ResolvedPool } from "./Karpenter";
import { instanceSpec, perRegionNodes, poolLimits } from "./sizing";

/** Each Karpenter pool with its types, architecture and the limits N-1 sizing gives one region. */
export function resolvePools(estimates: NodePools, regions: number): ResolvedPool[] {
    return POOL_DEFINITIONS.map((def) => {
        const estimate = estimates[def.pool];
        const instanceTypes = poolInstanceTypes(def, estimate.instanceType);
        const nodes = perRegionNodes(estimate.globalNodes, regions);
        return { def, instanceTypes, arch: instanceSpec(estimate.instanceType).arch, limits: poolLimits(nodes, estimate.instanceType, instanceTypes) };
    });
}
