import { stackRule } from "../define";
import { Objectives, OBJECTIVES_SCHEMA, seconds } from "../objectives";
import { declaredFailoverPaths } from "./edge";

export const recoveryEdgeFailover = stackRule<Objectives>(
    {
        name: "recovery-edge-failover",
        description: "Every edge failover path the objective binds (Cloudflare monitor with its retries, Fastly health checks, Akamai origin failover) notices a dead region within the edge failover objective; the accelerator's static-IP entry is reported, not bound.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Shorten the health check's interval, failure count or timeout.",
        configSchema: OBJECTIVES_SCHEMA,
    },
    (rs, o) =>
        declaredFailoverPaths(rs)
            .filter((p) => p.binding && p.detectionSeconds > o.edgeFailoverSeconds)
            .map((p) => ({
                urn: p.urn,
                message: `${p.path} (${p.name}) detects a dead region in ${seconds(p.detectionSeconds)} (${p.formula}), above the edge failover objective ${seconds(o.edgeFailoverSeconds)}; shorten its health check.`,
            })),
);
