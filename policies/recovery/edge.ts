/**
 * Edge failover paths the stack declares, with the time each takes to stop sending users to a
 * dead region (pure). The pack's own model of the vendors' documented behaviour — it imports
 * nothing from components/; test/components/edge/origin-failover.test.ts holds it to components/edge/failover.ts.
 * A setting the plan leaves out takes the vendor's (or provider's) real default below, never NaN:
 * a path whose figures cannot be read throws, and the rule's judge reports it.
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
import type { GraphResource } from "../graph-types";
import { akamaiFailover } from "./akamai-failover";
import { list, num, obj, str } from "./guard";

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

/**
 * Cloudflare's monitor defaults (API reference, load_balancers monitors: `interval` default 60,
 * `timeout` default 5, `retries` default 2, `consecutive_down` default 0,
 * https://developers.cloudflare.com/api/resources/load_balancers/subresources/monitors/methods/create/).
 */
export const CLOUDFLARE_MONITOR_DEFAULTS = { interval: 60, timeout: 5, retries: 2, consecutiveDown: 0 } as const;
export const CLOUDFLARE_DEFAULT_RETRIES = CLOUDFLARE_MONITOR_DEFAULTS.retries;
/**
 * Fastly health-check defaults, milliseconds (Terraform/Pulumi Fastly provider healthcheck block:
 * check_interval 5000, threshold 3, timeout 500, window 5; fastly/terraform-provider-fastly
 * fastly/block_fastly_service_healthcheck.go).
 */
export const FASTLY_HEALTHCHECK_DEFAULTS = { checkInterval: 5000, window: 5, threshold: 3, timeout: 500 } as const;
/**
 * ELB target-group health checks. With a healthCheck block, the AWS provider's defaults: interval
 * 30, unhealthy_threshold 3, timeout left to AWS (hashicorp/terraform-provider-aws
 * internal/service/elbv2/target_group.go). Without one, AWS's own: interval 30 s (lambda 35,
 * GENEVE 10), unhealthy threshold 2 (lambda 5), timeout 6 s for HTTP, 10 s for HTTPS/TCP/TLS,
 * 5 s for GENEVE, 30 s for lambda (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html).
 */
export const TARGET_GROUP_PROVIDER_DEFAULTS = { interval: 30, unhealthyThreshold: 3 } as const;

function awsTimeout(protocol: string, lambda: boolean): number {
    if (lambda) return 30;
    return protocol === "HTTP" ? 6 : protocol === "GENEVE" ? 5 : 10;
}

/** Global Accelerator's reaction to an unhealthy ALB endpoint: up to 30 s. */
export const ACCELERATOR_REACTION_SECONDS = 30;

export function cloudflarePath(m: { interval?: unknown; timeout?: unknown; retries?: unknown; consecutiveDown?: unknown }): Path {
    const d = CLOUDFLARE_MONITOR_DEFAULTS;
    const interval = num(m.interval, "monitor interval", d.interval);
    const timeout = num(m.timeout, "monitor timeout", d.timeout);
    const failures = Math.max(1, num(m.consecutiveDown, "monitor consecutiveDown", d.consecutiveDown));
    const attempts = num(m.retries, "monitor retries", d.retries) + 1;
    return {
        path: "Cloudflare load balancer",
        detectionSeconds: interval * failures + timeout * attempts,
        formula: `interval ${interval} s × ${failures} consecutive failures + timeout ${timeout} s × ${attempts} attempts (${attempts - 1} ${attempts === 2 ? "retry" : "retries"})`,
        binding: true,
    };
}

export function fastlyPath(h: { checkInterval?: unknown; window?: unknown; threshold?: unknown; timeout?: unknown }): Path {
    const d = FASTLY_HEALTHCHECK_DEFAULTS;
    const checkInterval = num(h.checkInterval, "healthcheck checkInterval", d.checkInterval);
    const window = num(h.window, "healthcheck window", d.window);
    const threshold = num(h.threshold, "healthcheck threshold", d.threshold);
    const timeout = num(h.timeout, "healthcheck timeout", d.timeout);
    if (threshold > window) throw new Error(`healthcheck threshold ${threshold} is above its window ${window}: the backend could never be healthy`);
    const failures = window - threshold + 1;
    return {
        path: "Fastly backends",
        detectionSeconds: (checkInterval * failures + timeout) / 1000,
        formula: `check every ${checkInterval / 1000} s × ${failures} failures (window ${window}, threshold ${threshold}) + timeout ${timeout / 1000} s`,
        binding: true,
    };
}

/** A target group's health settings with the defaults of a present healthCheck block. */
export function acceleratorPath(t: { interval?: unknown; unhealthyThreshold?: unknown; timeout?: unknown; protocol?: unknown }, lambda = false): Path {
    const interval = num(t.interval, "healthCheck interval", TARGET_GROUP_PROVIDER_DEFAULTS.interval);
    const unhealthy = num(t.unhealthyThreshold, "healthCheck unhealthyThreshold", TARGET_GROUP_PROVIDER_DEFAULTS.unhealthyThreshold);
    const timeout = num(t.timeout, "healthCheck timeout", awsTimeout((str(t.protocol) ?? "HTTP").toUpperCase(), lambda));
    return {
        path: "Global Accelerator (direct.<zone>) via ALB target health",
        detectionSeconds: interval * unhealthy + timeout + ACCELERATOR_REACTION_SECONDS,
        formula: `interval ${interval} s × ${unhealthy} unhealthy checks + timeout ${timeout} s + accelerator reaction up to ${ACCELERATOR_REACTION_SECONDS} s (secondary entry: reported, not bound by the objective)`,
        binding: false,
    };
}

/** The accelerator path of a target group, its absent healthCheck block at AWS's own defaults. */
export function targetGroupPath(props: Record<string, unknown>): Path {
    const lambda = props.targetType === "lambda";
    if (props.healthCheck !== undefined && props.healthCheck !== null) return acceleratorPath(obj(props.healthCheck), lambda);
    return acceleratorPath({ interval: lambda ? 35 : 30, unhealthyThreshold: lambda ? 5 : 2, timeout: awsTimeout("HTTP", lambda) }, lambda);
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
    const n = typeof value === "string" ? Number(value.replace(/s$/, "")) : Number.NaN;
    return Number.isFinite(n) ? n : undefined;
}

const slowest = <T extends { detectionSeconds: number }>(paths: T[]) => [...paths].sort((a, b) => b.detectionSeconds - a.detectionSeconds)[0];

export const CLOUDFLARE_MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor";
export const FASTLY_SERVICE = "fastly:index/serviceVcl:ServiceVcl";
export const AKAMAI_PROPERTY = "akamai:index/property:Property";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

/** The binding path one resource decides (a monitor, a Fastly service, an Akamai property); none for others. */
export function bindingPathsOf(r: GraphResource): DeclaredPath[] {
    const at = { urn: r.urn, name: r.name };
    switch (r.type) {
        case CLOUDFLARE_MONITOR:
            return [{ ...cloudflarePath(r.props), ...at }];
        case FASTLY_SERVICE: {
            const checks = list<Record<string, unknown>>(r.props.healthchecks);
            return checks.length > 0 ? [{ ...slowest(checks.map(fastlyPath)), ...at }] : [];
        }
        case AKAMAI_PROPERTY:
            return [{ path: "Akamai origin failover", binding: true, ...akamaiFailover(r.props.rules), ...at }];
        default:
            return [];
    }
}

/** Every failover path of the stack; where a path has several health checks, the slowest decides. */
export function declaredFailoverPaths(rs: GraphResource[]): DeclaredPath[] {
    const paths: DeclaredPath[] = [...ofType(rs, CLOUDFLARE_MONITOR), ...ofType(rs, FASTLY_SERVICE)].flatMap(bindingPathsOf);
    // The accelerator acts on the ALB's target health: the slowest target group decides.
    const groups = ofType(rs, TARGET_GROUP);
    if (groups.length > 0) {
        const { g, ...path } = slowest(groups.map((g) => ({ g, ...targetGroupPath(g.props) })));
        paths.push({ ...path, urn: g.urn, name: g.name });
    }
    return [...paths, ...ofType(rs, AKAMAI_PROPERTY).flatMap(bindingPathsOf)];
}
