/**
 * How long each edge path takes to stop sending users to a dead region, from its declared
 * health-check settings and the vendor's documented behaviour (pure). A path fits the budget when
 * its time is at most the edge failover objective. The policy pack keeps its own copy of this
 * model (policies/recovery/edge.ts, which may not import components); test/components/edge/origin-failover.test.ts
 * holds the two to the same figures.
 */

export interface FailoverPath {
    path: string;
    detectionSeconds: number;
    /** The arithmetic, for the plan summary and policy messages. */
    formula: string;
    /**
     * False for a path the edge failover objective does not bind (reported, not enforced): the
     * accelerator's static-IP entry, whose failover AWS documents as slower than the objective.
     */
    binding?: boolean;
}

/**
 * Headroom a binding path keeps under the objective (20 %): what no vendor documents — how long a
 * health change takes to reach every edge location, in-flight requests — has to fit in it.
 */
export const FAILOVER_HEADROOM = 0.2;

/**
 * Cloudflare monitor, as Cloudflare documents it: a probe fails when it exceeds `timeout`, and
 * exceeds it more times than `retries` (retries are attempted immediately), so one failing probe
 * takes up to (retries + 1) × timeout; an origin is unhealthy after `consecutiveDown` failing
 * probes (0 means the first), probes start `interval` apart; the region's three data centres vote
 * by majority and fail together when the region dies.
 * https://developers.cloudflare.com/load-balancing/monitors/ (partials monitor-settings-advanced,
 * monitor-settings-consecutive), https://developers.cloudflare.com/api/resources/load_balancers/subresources/monitors/
 * ("retries: ... in case of a timeout before marking the origin as unhealthy. Retries are attempted immediately.").
 * Worst case: the region dies just after a passing probe; the k-th failing probe starts k ×
 * interval later and ends (retries + 1) × timeout after that.
 */
export function cloudflareDetection(m: { interval: number; consecutiveDown?: number; timeout: number; retries?: number }): FailoverPath {
    const failures = Math.max(1, m.consecutiveDown ?? 0);
    const attempts = (m.retries ?? CLOUDFLARE_DEFAULT_RETRIES) + 1;
    return {
        path: "Cloudflare load balancer",
        detectionSeconds: m.interval * failures + m.timeout * attempts,
        formula: `interval ${m.interval} s × ${failures} consecutive failures + timeout ${m.timeout} s × ${attempts} attempts (${attempts - 1} ${attempts === 2 ? "retry" : "retries"})`,
    };
}

/** The API's default `retries` (https://developers.cloudflare.com/api/resources/load_balancers/subresources/monitors/). */
export const CLOUDFLARE_DEFAULT_RETRIES = 2;

/**
 * Cloudflare's lowest monitor interval by plan, seconds: "Minimum time in seconds is 60 (Pro), 15
 * (Business), and 10 (Enterprise)" (cloudflare/cloudflare-docs
 * src/content/partials/load-balancing/monitor-settings-advanced.mdx).
 */
export const CLOUDFLARE_MIN_INTERVAL = { pro: 60, business: 15, enterprise: 10 } as const;

/**
 * Fastly health check: a backend is healthy while `threshold` of the last `window` probes pass, so
 * it turns sick after window − threshold + 1 failures; times in milliseconds.
 */
export function fastlyDetection(h: { checkInterval: number; window: number; threshold: number; timeout: number }): FailoverPath {
    const failures = h.window - h.threshold + 1;
    return {
        path: "Fastly backends",
        detectionSeconds: (h.checkInterval * failures + h.timeout) / 1000,
        formula: `check every ${h.checkInterval / 1000} s × ${failures} failures (window ${h.window}, threshold ${h.threshold}) + timeout ${h.timeout / 1000} s`,
    };
}

/**
 * ALB target health: a target is out after `unhealthyThreshold` consecutive failed checks, each
 * sent every `interval` seconds regardless of how long the previous one took, the last failing at
 * its `timeout` (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
 */
export function albDetection(t: { interval: number; unhealthyThreshold: number; timeout: number }): FailoverPath {
    return {
        path: "ALB target health",
        detectionSeconds: t.interval * t.unhealthyThreshold + t.timeout,
        formula: `interval ${t.interval} s × ${t.unhealthyThreshold} unhealthy checks + timeout ${t.timeout} s`,
    };
}

/**
 * How long Global Accelerator takes to act on an ALB endpoint's health: for load-balancer
 * endpoints it ignores the endpoint group's own health-check settings and reads the load
 * balancer's (an ALB is healthy while every target group has a healthy target:
 * https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html);
 * once the ALB is unhealthy it takes "up to 30 seconds (the health check interval) to direct new
 * connections to the next closest endpoint" (AWS's Global Accelerator workshop,
 * https://intro-to-global-accelerator.workshop.aws/en/failover.html; the developer guide gives
 * "about 30 seconds" for the way back: about-endpoints-endpoint-weights.unhealthy-endpoints.html).
 */
export const ACCELERATOR_HEALTH_PROPAGATION_SECONDS = 30;

/**
 * Global Accelerator in front of the ALB: the slowest target group's detection plus the
 * accelerator's propagation. Not binding: 14 s + 30 s is above the 30 s objective whatever the
 * ALB does (its floor is 5 s × 2 + 2 s), so the accelerator is the static-IP entry for API
 * clients, not the failover path the objective is met by (README, edge section).
 */
export function acceleratorFailover(t: { interval: number; unhealthyThreshold: number; timeout: number }): FailoverPath {
    const alb = albDetection(t);
    return {
        path: "Global Accelerator (direct.<zone>) via ALB target health",
        detectionSeconds: alb.detectionSeconds + ACCELERATOR_HEALTH_PROPAGATION_SECONDS,
        formula: `${alb.formula} + accelerator reaction up to ${ACCELERATOR_HEALTH_PROPAGATION_SECONDS} s (secondary entry: reported, not bound by the objective)`,
        binding: false,
    };
}

/** Akamai retries another region's origin when a request fails to connect or gets a 5xx. */
export function akamaiDetection(o: { connectTimeoutSeconds: number }): FailoverPath {
    return {
        path: "Akamai origin failover",
        detectionSeconds: o.connectTimeoutSeconds,
        formula: `per request: connect timeout ${o.connectTimeoutSeconds} s, then the alternate origin`,
    };
}

export interface BudgetRow extends FailoverPath {
    objectiveSeconds: number;
    fits: boolean;
}

export function failoverBudget(paths: readonly FailoverPath[], objectiveSeconds: number): BudgetRow[] {
    return paths.map((p) => ({ ...p, objectiveSeconds, fits: p.detectionSeconds <= objectiveSeconds }));
}

/** Whether a binding path keeps FAILOVER_HEADROOM of the objective free. */
export const keepsHeadroom = (p: FailoverPath, objectiveSeconds: number) => p.detectionSeconds <= objectiveSeconds * (1 - FAILOVER_HEADROOM);
