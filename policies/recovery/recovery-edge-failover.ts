import { stackRule } from "../define";
import { Objectives, OBJECTIVES_SCHEMA, seconds } from "../objectives";
import { AKAMAI_PROPERTY, bindingPathsOf, CLOUDFLARE_MONITOR, FASTLY_SERVICE } from "./edge";

const BINDING = [CLOUDFLARE_MONITOR, FASTLY_SERVICE, AKAMAI_PROPERTY];

export const recoveryEdgeFailover = stackRule<Objectives>(
    {
        name: "recovery-edge-failover",
        description: "Every edge failover path the objective binds (Cloudflare monitor with its retries, Fastly health checks, Akamai origin failover) notices a dead region within the edge failover objective, absent settings at the vendor's defaults; the accelerator's static-IP entry is reported, not bound.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Shorten the health check's interval, failure count or timeout.",
        configSchema: OBJECTIVES_SCHEMA,
    },
    (rs, o, judge) =>
        judge.each(
            rs.filter((r) => BINDING.includes(r.type)),
            (r) =>
                bindingPathsOf(r)
                    .filter((p) => p.detectionSeconds > o.edgeFailoverSeconds)
                    .map((p) => ({
                        urn: p.urn,
                        message: `${p.path} (${p.name}) detects a dead region in ${seconds(p.detectionSeconds)} (${p.formula}), above the edge failover objective ${seconds(o.edgeFailoverSeconds)}; shorten its health check.`,
                    })),
        ),
);
