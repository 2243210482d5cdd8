/**
 * The health checks a failover path stands on must be attached, not merely defined: the edge
 * failover rule times the monitors and health checks that exist, and a pool or backend left
 * without one is never marked unhealthy, so users keep going to a dead region.
 *
 * - Cloudflare: every load-balancer pool names a monitor (`monitor`, the monitor's id) that this
 *   plan creates. Endpoint and pool health come only from a monitor's health checks
 *   (https://developers.cloudflare.com/load-balancing/understand-basics/health-details/): a pool
 *   without one is never marked unhealthy.
 * - Fastly: every backend of a VCL service names (`healthcheck`) a health check the service
 *   defines; a backend is marked sick only by its health check
 *   (https://www.fastly.com/documentation/reference/api/services/healthcheck/), so without one
 *   it never is.
 */
import { stackRule, StackProblem } from "../define";
import { ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import { CLOUDFLARE_MONITOR, FASTLY_SERVICE } from "./edge";
import { list, str } from "./guard";

const POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool";

/** The monitor of the plan a pool names (by id, as the engine resolves it, or by dependency). */
export function poolMonitor(pool: GraphResource, rs: GraphResource[]): GraphResource | undefined {
    const id = str(pool.props.monitor);
    if (id === undefined || id === "") return undefined;
    return ofType(rs, CLOUDFLARE_MONITOR).find((m) => id === m.props.id || id === `${m.name}-id` || pool.dependencies.includes(m.urn));
}

export function poolProblems(pool: GraphResource, rs: GraphResource[]): StackProblem[] {
    const label = `Cloudflare pool ${String(pool.props.name ?? pool.name)} (${pool.name})`;
    const id = str(pool.props.monitor);
    if (id === undefined || id === "") return [{ urn: pool.urn, message: `${label} has no monitor: nothing ever marks it unhealthy, so Cloudflare keeps sending users to a dead region; attach the load balancer's monitor.` }];
    if (!poolMonitor(pool, rs)) return [{ urn: pool.urn, message: `${label} names monitor ${id}, which this plan does not create, so its failover time cannot be verified; attach a monitor of this stack.` }];
    return [];
}

export function backendProblems(service: GraphResource): StackProblem[] {
    const checks = new Set(list<Record<string, unknown>>(service.props.healthchecks).map((h) => str(h.name)));
    return list<Record<string, unknown>>(service.props.backends).flatMap((b) => {
        const name = str(b.name) ?? String(b.address ?? "?");
        const check = str(b.healthcheck);
        if (check === undefined || check === "") return [{ urn: service.urn, message: `Fastly backend ${name} of service ${service.name} has no health check: nothing ever marks it sick, so Fastly keeps sending users to a dead region; set its healthcheck.` }];
        if (!checks.has(check)) return [{ urn: service.urn, message: `Fastly backend ${name} of service ${service.name} names health check ${check}, which the service does not define; define it or name one it does.` }];
        return [];
    });
}

export const recoveryEdgeHealth = stackRule(
    {
        name: "recovery-edge-health",
        description: "Every Cloudflare load-balancer pool has a monitor this plan creates, and every Fastly backend a health check its service defines: a pool or backend without one never fails over.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Attach the monitor to every pool (monitor: the monitor's id) and name a defined health check on every Fastly backend.",
    },
    (rs, _config, judge) => [...judge.each(ofType(rs, POOL), (pool) => poolProblems(pool, rs)), ...judge.each(ofType(rs, FASTLY_SERVICE), backendProblems)],
);
