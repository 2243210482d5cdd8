import { describe, expect, it } from "vitest";
import { POOL_DEFINITIONS, poolInstanceTypes } from "../../../components/eks/karpenter-objects";
import { resolvePools } from "../../../components/eks/pools";
import { instanceSpec, nodesWithin, perRegionNodes, poolLimits } from "../../../components/eks/sizing";

const FLEET = {
    NP_SYS: { instanceType: "m7g.large", nodesPerRegion: 3 },
    NP_CPU: { instanceType: "m7g.4xlarge", globalNodes: 250 },
    NP_GPU: { instanceType: "g5.2xlarge", globalNodes: 60 },
    NP_SPOT: { instanceType: "c7g.4xlarge", globalNodes: 40 },
};

describe("perRegionNodes = ceil(global / (regions - 1))", () => {
    it.each([
        [250, 3, 125],
        [60, 3, 30],
        [40, 3, 20],
        [251, 3, 126],
        [1, 3, 1],
        [250, 2, 250],
        [250, 4, 84],
        [100, 5, 25],
    ])("%i nodes over %i regions → %i per region", (global, regions, expected) => {
        expect(perRegionNodes(global, regions)).toBe(expected);
    });

    it.each([
        [0, 3, "global fleet must be a positive integer, got 0"],
        [2.5, 3, "global fleet must be a positive integer, got 2.5"],
        [10, 1, "N-1 sizing needs at least 2 regions, got 1"],
    ])("refuses %s over %s regions", (global, regions, message) => {
        expect(() => perRegionNodes(global, regions)).toThrow(message);
    });

    it("lets any regions - 1 regions carry the global fleet, for every fleet up to 400 nodes and 2–5 regions", () => {
        for (let regions = 2; regions <= 5; regions++) {
            for (let global = 1; global <= 400; global++) {
                expect(perRegionNodes(global, regions) * (regions - 1)).toBeGreaterThanOrEqual(global);
            }
        }
    });
});

describe("poolLimits", () => {
    it.each([
        [125, "m7g.4xlarge", ["m7g.4xlarge", "m7gd.4xlarge"], { cpu: "2000", memory: "8000Gi" }],
        [30, "g5.2xlarge", ["g5.2xlarge"], { cpu: "240", memory: "960Gi", "nvidia.com/gpu": "30" }],
        [20, "c7g.4xlarge", ["c7g.4xlarge", "r7g.4xlarge"], { cpu: "320", memory: "2560Gi" }],
    ])("%i × %s", (nodes, type, allowed, limits) => {
        expect(poolLimits(nodes, type, allowed)).toEqual(limits);
        expect(nodesWithin(limits, type)).toBe(nodes);
    });

    it("refuses a type that is not a sibling, since the CPU limit would no longer count nodes", () => {
        expect(() => poolLimits(10, "m7g.4xlarge", ["m7g.large"])).toThrow("m7g.large (2 vCPU, 0 GPU, arm64) is not a sibling of m7g.4xlarge (16 vCPU, 0 GPU, arm64)");
        expect(() => poolLimits(10, "g5.2xlarge", ["m7g.4xlarge"])).toThrow("is not a sibling of g5.2xlarge");
    });

    it("refuses an unknown instance type", () => {
        expect(() => instanceSpec("z9.huge")).toThrow("no published figures for instance type z9.huge");
    });
});

describe("the configured fleet across three regions", () => {
    const pools = resolvePools(FLEET, 3);

    it.each([
        ["NP_CPU", 250, "m7g.4xlarge", { cpu: "2000", memory: "8000Gi" }],
        ["NP_GPU", 60, "g5.2xlarge", { cpu: "240", memory: "960Gi", "nvidia.com/gpu": "30" }],
        ["NP_SPOT", 40, "c7g.4xlarge", { cpu: "320", memory: "2560Gi" }],
    ])("%s: any two regions' limits cover the global %i × %s", (pool, global, type, limits) => {
        const resolved = pools.find((p) => p.def.pool === pool)!;
        expect(resolved.limits).toEqual(limits);
        for (const t of resolved.instanceTypes) expect(nodesWithin(resolved.limits, t)).toBeGreaterThanOrEqual(Math.ceil(global / 2));
        expect(2 * nodesWithin(resolved.limits, type)).toBeGreaterThanOrEqual(global);
    });

    it("gives NP_SPOT at least the 15 types spot-to-spot consolidation needs, each run to exactly the region's share", () => {
        const spot = pools.find((p) => p.def.pool === "NP_SPOT")!;
        expect(spot.instanceTypes.length).toBeGreaterThanOrEqual(15);
        expect(new Set(spot.instanceTypes).size).toBe(spot.instanceTypes.length);
        // Whichever type spot capacity gives, the limits hold the same number of nodes: the N-1 share of the fleet.
        for (const t of spot.instanceTypes) expect(nodesWithin(spot.limits, t), t).toBe(perRegionNodes(FLEET.NP_SPOT.globalNodes, 3));
    });

    it("puts the configured type first", () => {
        const cpu = POOL_DEFINITIONS.find((d) => d.pool === "NP_CPU")!;
        expect(poolInstanceTypes(cpu, "m7g.4xlarge")).toEqual(["m7g.4xlarge", "m7gd.4xlarge"]);
        const spot = POOL_DEFINITIONS.find((d) => d.pool === "NP_SPOT")!;
        expect(poolInstanceTypes(spot, "c7g.4xlarge")[0]).toBe("c7g.4xlarge");
    });
});
