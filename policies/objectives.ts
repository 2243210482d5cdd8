/**
 * What the pack judges against: the recovery objectives, the active-active regions and the global
 * fleet. Rules take them from their config (`--policy-pack-config`), which CI and the offline
 * runner generate from Pulumi.yaml (src/plan/pack-config.ts): a team that tightens its RPO there
 * gets it enforced. The defaults are the business targets, held equal to Pulumi.yaml by a test, so
 * a run without config judges by the same figures. The pack never reads the program's own
 * declaration of these facts: what a plan says about itself is what is being judged.
 */
import { PolicyConfigSchema } from "@pulumi/policy";

export interface Objectives {
    rpoSeconds: number;
    rtoSeconds: number;
    edgeFailoverSeconds: number;
}

/** One node pool of the global fleet, as the platform sizes it. */
export interface PoolDemand {
    instanceType: string;
    /** Karpenter's karpenter.sh/capacity-type the pool runs on. */
    capacityType: "on-demand" | "spot";
    /** A fixed count in every region (system pools). */
    nodesPerRegion?: number;
    /** The whole fleet; any regions − 1 of them must be able to carry it. */
    globalNodes?: number;
}

export interface Platform extends Objectives {
    /** Every region of the active-active set. */
    regions: string[];
    nodePools: Record<string, PoolDemand>;
}

export const BUSINESS_OBJECTIVES: Objectives = { rpoSeconds: 1800, rtoSeconds: 300, edgeFailoverSeconds: 30 };

export const BUSINESS_PLATFORM: Platform = {
    ...BUSINESS_OBJECTIVES,
    regions: ["us-east-1", "eu-west-1", "ap-northeast-1"],
    nodePools: {
        NP_SYS: { instanceType: "m7g.large", capacityType: "on-demand", nodesPerRegion: 3 },
        NP_CPU: { instanceType: "m7g.4xlarge", capacityType: "on-demand", globalNodes: 250 },
        NP_GPU: { instanceType: "g5.2xlarge", capacityType: "on-demand", globalNodes: 60 },
        NP_SPOT: { instanceType: "c7g.4xlarge", capacityType: "spot", globalNodes: 40 },
    },
};

const OBJECTIVE_PROPERTIES: PolicyConfigSchema["properties"] = {
    rpoSeconds: { type: "integer", minimum: 1, default: BUSINESS_OBJECTIVES.rpoSeconds, description: "Recovery point objective, seconds" },
    rtoSeconds: { type: "integer", minimum: 1, default: BUSINESS_OBJECTIVES.rtoSeconds, description: "Recovery time objective for the loss of a region, seconds" },
    edgeFailoverSeconds: { type: "integer", minimum: 1, default: BUSINESS_OBJECTIVES.edgeFailoverSeconds, description: "Edge failover objective, seconds" },
};

/** The schema of a rule that judges against the objectives only. */
export const OBJECTIVES_SCHEMA: PolicyConfigSchema = { properties: OBJECTIVE_PROPERTIES };

/** The schema of a rule that also needs the regions and the fleet. */
export const PLATFORM_SCHEMA: PolicyConfigSchema = {
    properties: {
        ...OBJECTIVE_PROPERTIES,
        regions: { type: "array", items: { type: "string" }, minItems: 1, default: BUSINESS_PLATFORM.regions, description: "Every region of the active-active set" },
        nodePools: {
            type: "object",
            default: BUSINESS_PLATFORM.nodePools,
            description: "The global fleet: instance type, capacity type and nodesPerRegion or globalNodes of every pool",
            additionalProperties: {
                type: "object",
                required: ["instanceType", "capacityType"],
                properties: {
                    instanceType: { type: "string" },
                    capacityType: { type: "string", enum: ["on-demand", "spot"] },
                    nodesPerRegion: { type: "integer", minimum: 1 },
                    globalNodes: { type: "integer", minimum: 1 },
                },
            },
        },
    },
};

/** "1800 s (30m)" — figures in messages are seconds with a readable form. */
export function seconds(value: number): string {
    if (!Number.isFinite(value)) return "unbounded";
    if (value < 60) return `${value} s`;
    const parts: string[] = [];
    let rest = value;
    for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
        const n = Math.floor(rest / size);
        if (n > 0) parts.push(`${n}${unit}`);
        rest -= n * size;
    }
    return `${value} s (${parts.join("")})`;
}
