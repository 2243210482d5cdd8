import { stackRule } from "../define";
import { poolCapacity } from "./capacity";
import { declaredTopology } from "./calculus";

export const recoveryCapacity = stackRule(
    {
        name: "recovery-capacity",
        description: "Karpenter limits let the regions left after losing one carry the whole global fleet (N-1).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Size each region's limits as ceil(global / (regions − 1)) nodes (components/eks/sizing.ts).",
    },
    (rs) => {
        const topology = declaredTopology(rs);
        if (!topology) return rs.some((r) => r.type === "kubernetes:karpenter.sh/v1:NodePool") ? [{ message: "The stack declares no topology (RegionStack props), so N-1 capacity cannot be checked." }] : [];
        return poolCapacity(rs, topology)
            .filter((c) => !c.fits)
            .map((c) => ({
                urn: c.urn,
                message: `${c.pool}: ${c.survivors} surviving regions × ${c.nodesPerRegion} nodes = ${c.survivors * c.nodesPerRegion} < the global fleet of ${c.globalNodes}; raise the pool's limits.`,
            }));
    },
);
