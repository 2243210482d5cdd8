/**
 * The Karpenter objects the stacks declare, validated against Karpenter's own CRD schema (the
 * @kubernetes-models/karpenter models, generated from the karpenter.sh/v1 and karpenter.k8s.aws/v1
 * CRDs), then checked for what an operator cares about.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { keyArn } from "../../helpers/mock-values";
import { carrierNodes } from "../../../policies/recovery/capacity";
import { planGraph } from "../../../src/plan/graph";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, STACKS } from "../../helpers/project";

type Validator = new (obj: object) => { validate(): void };
let NodePool: Validator;
let EC2NodeClass: Validator;
const plans: Record<string, PlanResource[]> = {};
const fleets: Record<string, Record<string, { globalNodes?: number }>> = {};

beforeAll(async () => {
    ({ NodePool } = (await import("@kubernetes-models/karpenter/karpenter.sh/v1/NodePool")) as unknown as { NodePool: Validator });
    ({ EC2NodeClass } = (await import("@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass")) as unknown as { EC2NodeClass: Validator });
    for (const stack of STACKS) {
        const e = await evaluate(stack);
        plans[stack] = e.resources;
        fleets[stack] = e.config["bibox:nodePools"] as Record<string, { globalNodes?: number }>;
    }
});

/** A CustomResource's inputs with the plan's placeholder outputs, as the API server would see them. */
const object = (r: PlanResource) => r.inputs as { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, any> };
const pools = (stack: string) => Object.fromEntries(ofType(plans[stack], "kubernetes:karpenter.sh/v1:NodePool").map((r) => [object(r).metadata.name, object(r)]));
const classes = (stack: string) => Object.fromEntries(ofType(plans[stack], "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass").map((r) => [object(r).metadata.name, object(r)]));
const requirement = (pool: ReturnType<typeof object>, key: string) =>
    (pool.spec.template.spec.requirements as { key: string; operator: string; values: string[] }[]).find((r) => r.key === key);
/**
 * The nodes one region's NodePool may grow to, as the pack reads its limits (policies/recovery/capacity.ts
 * carrierNodes: the first limit reached, for the smallest count over every type it may launch, with the
 * pack's own table of AWS's instance figures), and each region's share when the others carry the
 * configured global fleet after losing one (N-1).
 */
const nodesPerRegion = (stack: string, name: string) => {
    const carried = carrierNodes(planGraph(ofType(plans[stack], "kubernetes:karpenter.sh/v1:NodePool")).find((r) => (r.props.metadata as { name: string }).name === name)!);
    if (!("nodes" in carried)) throw new Error(carried.cannot);
    return carried.nodes;
};
const survivorsShare = (stack: string, pool: string) => Math.ceil(fleets[stack][pool].globalNodes! / (STACKS.length - 1));

describe.each(STACKS)("Karpenter objects of %s", (stack) => {
    it("are valid against the Karpenter v1 CRD schema", () => {
        for (const pool of Object.values(pools(stack))) expect(() => new NodePool(pool).validate(), pool.metadata.name).not.toThrow();
        for (const cls of Object.values(classes(stack))) expect(() => new EC2NodeClass(cls).validate(), cls.metadata.name).not.toThrow();
    });

    it("has exactly NP_CPU, NP_GPU and NP_SPOT, each on its node class", () => {
        const p = pools(stack);
        expect(Object.keys(p).sort()).toEqual(["np-cpu", "np-gpu", "np-spot"]);
        expect(p["np-cpu"].spec.template.spec.nodeClassRef).toEqual({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" });
        expect(p["np-gpu"].spec.template.spec.nodeClassRef.name).toBe("gpu");
        expect(p["np-spot"].spec.template.spec.nodeClassRef.name).toBe("default");
    });

    it("NP_CPU: arm64, on-demand, m7g.4xlarge (and its m7gd sibling), untainted, limited to the nodes two surviving regions need for the global fleet", () => {
        const cpu = pools(stack)["np-cpu"];
        expect(requirement(cpu, "kubernetes.io/arch")?.values).toEqual(["arm64"]);
        expect(requirement(cpu, "karpenter.sh/capacity-type")?.values).toEqual(["on-demand"]);
        expect(requirement(cpu, "node.kubernetes.io/instance-type")?.values).toEqual(["m7g.4xlarge", "m7gd.4xlarge"]);
        expect(cpu.spec.template.spec.taints).toEqual([]);
        expect(nodesPerRegion(stack, "np-cpu")).toBe(survivorsShare(stack, "NP_CPU"));
        expect(cpu.spec.disruption).toEqual({
            consolidationPolicy: "WhenEmptyOrUnderutilized",
            consolidateAfter: "10m",
            budgets: [
                { nodes: "10%", reasons: ["Empty"] },
                { nodes: "2", reasons: ["Underutilized", "Drifted"] },
                { nodes: "0", reasons: ["Underutilized", "Drifted"], schedule: "0 0 * * *", duration: "4h" },
            ],
        });
        // Expiry ignores budgets: the pool is renewed by (budgeted) drift, and drains honour PDBs.
        expect(cpu.spec.template.spec.expireAfter).toBe("Never");
        expect(cpu.spec.template.spec).not.toHaveProperty("terminationGracePeriod");
    });

    it("NP_GPU: amd64 g5.2xlarge, tainted nvidia.com/gpu:NoSchedule, limited in nvidia.com/gpu to its share of the global fleet, never consolidated while busy", () => {
        const gpu = pools(stack)["np-gpu"];
        expect(requirement(gpu, "kubernetes.io/arch")?.values).toEqual(["amd64"]);
        expect(requirement(gpu, "node.kubernetes.io/instance-type")?.values).toEqual(["g5.2xlarge"]);
        expect(gpu.spec.template.spec.taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
        expect(Object.keys(gpu.spec.limits).sort()).toEqual(["cpu", "memory", "nvidia.com/gpu"]);
        expect(nodesPerRegion(stack, "np-gpu")).toBe(survivorsShare(stack, "NP_GPU"));
        expect(gpu.spec.disruption).toMatchObject({ consolidationPolicy: "WhenEmpty", budgets: [{ nodes: "1" }] });
        // A live transcode (do-not-disrupt) is never cut: nothing forceful starts a drain, no deadline ends one.
        expect(gpu.spec.template.spec.expireAfter).toBe("Never");
        expect(gpu.spec.template.spec).not.toHaveProperty("terminationGracePeriod");
    });

    it("NP_SPOT: spot capacity over >= 15 Graviton 4xlarge types, tainted for batch work, limited to its share of the global fleet", () => {
        const spot = pools(stack)["np-spot"];
        expect(requirement(spot, "karpenter.sh/capacity-type")?.values).toEqual(["spot"]);
        const types = requirement(spot, "node.kubernetes.io/instance-type")!.values;
        expect(types[0]).toBe("c7g.4xlarge");
        expect(types.length).toBeGreaterThanOrEqual(15);
        expect(types.every((t) => /^[cmr]\dg[a-z]*\.4xlarge$/.test(t))).toBe(true);
        expect(spot.spec.template.spec.taints).toEqual([{ key: "bibox.io/batch", value: "true", effect: "NoSchedule" }]);
        expect(nodesPerRegion(stack, "np-spot")).toBe(survivorsShare(stack, "NP_SPOT"));
    });

    it("node classes: pinned AL2023 alias, tag discovery, IMDSv2 with one hop, encrypted gp3 with the cluster's key", () => {
        const region = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" }[stack];
        for (const [name, cls] of Object.entries(classes(stack))) {
            expect(cls.spec.role).toBe(`bibox-${region}-karpenter-node`);
            // Pinned to a dated AL2023 release, never @latest: nodes change only when the pin is bumped.
            expect(cls.spec.amiSelectorTerms).toEqual([{ alias: expect.stringMatching(/^al2023@v\d{8}$/) }]);
            expect(cls.spec.subnetSelectorTerms).toEqual([{ tags: { "karpenter.sh/discovery": `bibox-${region}` } }]);
            expect(cls.spec.securityGroupSelectorTerms).toEqual([{ tags: { "karpenter.sh/discovery": `bibox-${region}` } }]);
            expect(cls.spec.metadataOptions).toEqual({ httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" });
            expect(cls.spec.blockDeviceMappings).toEqual([
                {
                    deviceName: "/dev/xvda",
                    ebs: {
                        volumeSize: name === "gpu" ? "200Gi" : "100Gi",
                        volumeType: "gp3",
                        encrypted: true,
                        kmsKeyID: keyArn(region, "bibox-eks-ebs-key"),
                        deleteOnTermination: true,
                    },
                },
            ]);
            expect(cls.spec.tags).toMatchObject({ product: "pleasure", "cost-center": "pleasure-platform", "bibox:stack": stack });
        }
    });
});

describe("schema validation catches a broken object", () => {
    it.each([
        ["an unknown operator", (p: any) => (p.spec.template.spec.requirements[0].operator = "Inn"), "operator"],
        ["a bad consolidation policy", (p: any) => (p.spec.disruption.consolidationPolicy = "Sometimes"), "consolidationPolicy"],
        ["a missing node class", (p: any) => delete p.spec.template.spec.nodeClassRef, "nodeClassRef"],
    ])("%s", (_label, mutate, field) => {
        const pool = structuredClone(pools("prod-us")["np-cpu"]);
        mutate(pool);
        expect(() => new NodePool(pool).validate()).toThrow(field);
    });

    it("an EC2NodeClass with IMDS tokens optional", () => {
        const cls = structuredClone(classes("prod-us")["default"]);
        cls.spec.metadataOptions.httpTokens = "sometimes";
        expect(() => new EC2NodeClass(cls).validate()).toThrow("httpTokens");
    });
});
