import { stackRule } from "../define";
import { Platform, PLATFORM_SCHEMA } from "../objectives";
import { poolProblems } from "./capacity";

export const recoveryCapacity = stackRule<Platform>(
    {
        name: "recovery-capacity",
        description:
            "Every node pool of the configured fleet is carried in this region: the Karpenter NodePools admitting its instance and capacity type let the regions left after losing one carry the whole global fleet (N-1), and the system pool's managed node group keeps its fixed per-region count.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give each pool a NodePool admitting its instance type and capacity type with limits of at least ceil(global / (regions − 1)) nodes; keep the system node group's minSize and desiredSize at nodesPerRegion.",
        configSchema: PLATFORM_SCHEMA,
    },
    (rs, platform, judge) => judge.each(Object.keys(platform.nodePools).map((name) => ({ name })), (pool) => poolProblems(rs, platform, pool.name)),
);
