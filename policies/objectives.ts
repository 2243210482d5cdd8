/**
 * The recovery objectives the pack checks against. Defaults are the business targets; a stricter
 * stack tightens them with `--policy-pack-config`, per rule: `{"recovery-aurora": {"rpoSeconds": 600}}`.
 */
import { PolicyConfigSchema } from "@pulumi/policy";

export interface Objectives {
    rpoSeconds: number;
    rtoSeconds: number;
    edgeFailoverSeconds: number;
}

export const BUSINESS_OBJECTIVES: Objectives = { rpoSeconds: 1800, rtoSeconds: 300, edgeFailoverSeconds: 30 };

export const OBJECTIVES_SCHEMA: PolicyConfigSchema = {
    properties: {
        rpoSeconds: { type: "integer", minimum: 1, default: BUSINESS_OBJECTIVES.rpoSeconds, description: "Recovery point objective, seconds" },
        rtoSeconds: { type: "integer", minimum: 1, default: BUSINESS_OBJECTIVES.rtoSeconds, description: "Recovery time objective for the loss of a region, seconds" },
        edgeFailoverSeconds: { type: "integer", minimum: 1, default: BUSINESS_OBJECTIVES.edgeFailoverSeconds, description: "Edge failover objective, seconds" },
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
