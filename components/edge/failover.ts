/**
 * How long each edge path takes to notice a dead region, from its declared health-check settings
 * (pure). A path fits the budget when its detection time is at most the edge failover objective.
 */

export interface FailoverPath {
    path: string;
    detectionSeconds: number;
    /** The arithmetic, for the plan summary and policy messages. */
    formula: string;
}

/** Cloudflare monitor: `consecutiveDown` failed probes `interval` apart, the last one timing out. */
export function cloudflareDetection(m: { interval: number; consecutiveDown: number; timeout: number }): FailoverPath {
    return {
        path: "Cloudflare load balancer",
        detectionSeconds: m.interval * m.consecutiveDown + m.timeout,
        formula: `interval ${m.interval} s × ${m.consecutiveDown} consecutive failures + timeout ${m.timeout} s`,
    };
}

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

/** Global Accelerator follows the ALB's target health: `unhealthyThreshold` failed checks. */
export function albDetection(t: { interval: number; unhealthyThreshold: number; timeout: number }): FailoverPath {
    return {
        path: "Global Accelerator via ALB health",
        detectionSeconds: t.interval * t.unhealthyThreshold + t.timeout,
        formula: `interval ${t.interval} s × ${t.unhealthyThreshold} unhealthy checks + timeout ${t.timeout} s`,
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
