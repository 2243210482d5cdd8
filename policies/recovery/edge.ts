/**
 * Edge failover paths the stack declares, with the time each takes to stop sending users to a
 * dead region (pure). The pack's own model of the vendors' documented behaviour — it imports
 * nothing from components/; test/origin-failover.test.ts holds it to components/edge/failover.ts.
 *
 * - Cloudflare monitor: a probe fails after `timeout` on each of its retries+1 attempts (retries
 *   are immediate), an origin is out after `consecutiveDown` failing probes `interval` apart
 *   (https://developers.cloudflare.com/load-balancing/monitors/,
 *   https://developers.cloudflare.com/api/resources/load_balancers/subresources/monitors/).
 * - Fastly health check: sick after window − threshold + 1 failed probes (milliseconds).
 * - Global Accelerator in front of an ALB: the ALB's target health (checks every `interval`,
 *   `unhealthyThreshold` failures, the last at its `timeout`), then up to 30 s for the
 *   accelerator to move new connections (AWS Global Accelerator workshop, failover); the
 *   endpoint group's own health settings do not apply to load-balancer endpoints
 *   (https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html).
 *   Not bound by the objective: the accelerator is the static-IP entry, not the failover path.
 * - Akamai: per request, the Origin Failover policy's timeout (twice with its retry), then the
 *   recovery rule's alternate origin — only when the policy really monitors and recovers
 *   (./akamai-failover.ts); akamaiPath/akamaiConnectTimeout below read only the connect timeout.
 */
import { ofType } from "../graph";
import { akamaiFailover } from "./akamai-failover";
import { GraphResource } from "./calculus";

export interface DeclaredPath {
    path: string;
    detectionSeconds: number;
    formula: string;
    /** False: reported only, the edge failover objective does not bind this path. */
    binding: boolean;
    /** The resource whose settings decide the path. */
    urn: string;
    name: string;
}

type Path = Omit<DeclaredPath, "urn" | "name">;

/** Cloudflare's default `retries` when a monitor leaves it out (API reference, monitors). */
export const CLOUDFLARE_DEFAULT_RETRIES = 2;
/** Global Accelerator's reaction to an unhealthy ALB endpoint: up to 30 s. */
export const ACCELERATOR_REACTION_SECONDS = 30;

export function cloudflarePath(m: { interval: number; timeout: number; retries?: number; consecutiveDown?: number }): Path {
    const failures = Math.max(1, m.consecutiveDown ?? 0);
    const attempts = (m.retries ?? CLOUDFLARE_DEFAULT_RETRIES) + 1;
    return {
        path: "Cloudflare load balancer",
        detectionSeconds: m.interval * failures + m.timeout * attempts,
        formula: `interval ${m.interval} s × ${failures} consecutive failures + timeout ${m.timeout} s × ${attempts} attempts (${attempts - 1} ${attempts === 2 ? "retry" : "retries"})`,
        binding: true,
    };
}

export function fastlyPath(h: { checkInterval: number; window: number; threshold: number; timeout: number }): Path {
    const failures = h.window - h.threshold + 1;
    return {
        path: "Fastly backends",
        detectionSeconds: (h.checkInterval * failures + h.timeout) / 1000,
        formula: `check every ${h.checkInterval / 1000} s × ${failures} failures (window ${h.window}, threshold ${h.threshold}) + timeout ${h.timeout / 1000} s`,
        binding: true,
    };
}

export function acceleratorPath(t: { interval: number; unhealthyThreshold: number; timeout: number }): Path {
    return {
        path: "Global Accelerator (direct.<zone>) via ALB target health",
        detectionSeconds: t.interval * t.unhealthyThreshold + t.timeout + ACCELERATOR_REACTION_SECONDS,
        formula: `interval ${t.interval} s × ${t.unhealthyThreshold} unhealthy checks + timeout ${t.timeout} s + accelerator reaction up to ${ACCELERATOR_REACTION_SECONDS} s (secondary entry: reported, not bound by the objective)`,
        binding: false,
    };
}

export function akamaiPath(connectTimeoutSeconds: number): Path {
    return {
        path: "Akamai origin failover",
        detectionSeconds: connectTimeoutSeconds,
        formula: `per request: connect timeout ${connectTimeoutSeconds} s, then the alternate origin`,
        binding: true,
    };
}

/** The connect timeout of an Akamai rule tree: its default rule's `timeout` behaviour ("5s"). */
export function akamaiConnectTimeout(tree: unknown): number | undefined {
    const rules = (tree as { rules?: { behaviors?: { name?: string; options?: { value?: unknown } }[] } } | undefined)?.rules;
    const value = rules?.behaviors?.find((b) => b.name === "timeout")?.options?.value;
    return typeof value === "string" ? Number(value.replace(/s$/, "")) : undefined;
}

const slowest = <T extends { detectionSeconds: number }>(paths: T[]) => [...paths].sort((a, b) => b.detectionSeconds - a.detectionSeconds)[0];

/** Every failover path of the stack; where a path has several health checks, the slowest decides. */
export function declaredFailoverPaths(rs: GraphResource[]): DeclaredPath[] {
    const paths: DeclaredPath[] = [];
    for (const monitor of ofType(rs, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor")) {
        paths.push({ ...cloudflarePath(monitor.props as { interval: number; timeout: number; retries?: number; consecutiveDown?: number }), urn: monitor.urn, name: monitor.name });
    }
    for (const service of ofType(rs, "fastly:index/serviceVcl:ServiceVcl")) {
        const checks = (service.props.healthchecks ?? []) as { checkInterval: number; window: number; threshold: number; timeout: number }[];
        if (checks.length > 0) paths.push({ ...slowest(checks.map(fastlyPath)), urn: service.urn, name: service.name });
    }
    // The accelerator acts on the ALB's target health: the slowest target group decides.
    const groups = ofType(rs, "aws:lb/targetGroup:TargetGroup");
    if (groups.length > 0) {
        const decided = slowest(groups.map((g) => ({ g, ...acceleratorPath(g.props.healthCheck as { interval: number; unhealthyThreshold: number; timeout: number }) })));
        const { g, ...path } = decided;
        paths.push({ ...path, urn: g.urn, name: g.name });
    }
    // Akamai: from the property's Origin Failover settings (./akamai-failover.ts); off is unbounded.
    for (const property of ofType(rs, "akamai:index/property:Property")) {
        paths.push({ path: "Akamai origin failover", binding: true, ...akamaiFailover(property.props.rules), urn: property.urn, name: property.name });
    }
    return paths;
}
