/**
 * Edge failover arithmetic: the pack's own model (policies/recovery/edge.ts) and the components'
 * (components/edge/failover.ts) give the same figures; the plan's paths are the documented ones;
 * the mandatory rule binds the CDN paths and only reports the accelerator's.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { acceleratorFailover, akamaiDetection, cloudflareDetection, fastlyDetection } from "../../../components/edge/failover";
import { acceleratorPath, akamaiPath, cloudflarePath, declaredFailoverPaths, fastlyPath, targetGroupPath } from "../../../policies/recovery/edge";
import { policies } from "../../../policies/rules";
import { planGraph } from "../../../src/plan/graph";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource } from "../../../src/plan/types";
import { change } from "../../helpers/mutate";
import { evaluate, STACKS } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
beforeAll(async () => {
    for (const s of STACKS) plans[s] = (await evaluate(s)).resources;
});

const strip = <T extends { binding?: boolean }>({ binding, ...rest }: T) => ({ ...rest, binding: binding ?? true });

describe("the pack's model and the components' agree", () => {
    it.each([
        [{ interval: 10, timeout: 2, retries: 1, consecutiveDown: 2 }],
        [{ interval: 10, timeout: 5, retries: 1, consecutiveDown: 2 }],
        [{ interval: 15, timeout: 5, consecutiveDown: 3 }],
        [{ interval: 60, timeout: 5, retries: 0, consecutiveDown: 0 }],
    ])("Cloudflare monitor %j", (m) => expect(cloudflarePath(m)).toEqual(strip(cloudflareDetection(m))));

    it.each([[{ checkInterval: 2000, window: 5, threshold: 3, timeout: 1000 }], [{ checkInterval: 15000, window: 5, threshold: 1, timeout: 5000 }]])(
        "Fastly health check %j", (h) => expect(fastlyPath(h)).toEqual(strip(fastlyDetection(h))));

    it.each([[{ interval: 5, unhealthyThreshold: 2, timeout: 4 }], [{ interval: 30, unhealthyThreshold: 3, timeout: 5 }]])(
        "Global Accelerator over ALB target health %j", (t) => expect(acceleratorPath(t)).toEqual(strip(acceleratorFailover(t))));

    it.each([[5], [2]])("Akamai connect timeout %i s", (s) => expect(akamaiPath(s)).toEqual(strip(akamaiDetection({ connectTimeoutSeconds: s }))));

    it.each(STACKS)("%s: on every monitor, health check and target group of the real plan", (stack) => {
        const rs = plans[stack];
        const inputs = (type: string) => rs.filter((r) => r.type === type).map((r) => r.inputs);
        for (const m of inputs("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor")) expect(cloudflarePath(m)).toEqual(strip(cloudflareDetection(m as never)));
        for (const svc of inputs("fastly:index/serviceVcl:ServiceVcl")) for (const h of svc.healthchecks as never[]) expect(fastlyPath(h)).toEqual(strip(fastlyDetection(h)));
        for (const tg of inputs("aws:lb/targetGroup:TargetGroup")) expect(acceleratorPath(tg.healthCheck as never)).toEqual(strip(acceleratorFailover(tg.healthCheck as never)));
    });
});

describe("the pack's model: absent settings take the vendor's defaults, never NaN", () => {
    it.each([
        ["Cloudflare monitor, all left out: 60 s × 1 + 5 s × 3", cloudflarePath({}), 75],
        ["Cloudflare monitor without interval: 60 s × 2 + 2 s × 2", cloudflarePath({ timeout: 2, retries: 1, consecutiveDown: 2 }), 124],
        ["Fastly health check, all left out: (5 s × 3 + 0.5 s)", fastlyPath({}), 15.5],
        ["target group without a healthCheck block (AWS: 30 s × 2 + 6 s, + 30 s)", targetGroupPath({}), 96],
        ["target group with an empty healthCheck block (provider: 30 s × 3 + 6 s, + 30 s)", targetGroupPath({ healthCheck: {} }), 126],
        ["HTTPS health check: AWS's 10 s timeout", targetGroupPath({ healthCheck: { interval: 5, unhealthyThreshold: 2, protocol: "HTTPS" } }), 50],
    ])("%s", (_label, path, seconds) => expect(path.detectionSeconds).toBe(seconds));

    it("a value that is no number is refused, not computed", () => {
        expect(() => cloudflarePath({ interval: "soon" })).toThrow(/monitor interval is "soon", not a number/);
        expect(() => fastlyPath({ window: 2, threshold: 3 })).toThrow(/threshold 3 is above its window 2/);
    });
});

describe("the plans' failover paths", () => {
    it("owner: Cloudflare 24 s for each service (retries counted), the accelerator 14 s + 30 s = 44 s, reported and not bound", () => {
        const paths = declaredFailoverPaths(planGraph(plans["prod-us"])).map((p) => [p.path, p.name, p.detectionSeconds, p.binding]);
        expect(paths).toEqual(expect.arrayContaining([
            ["Cloudflare load balancer", "bibox-edge-cloudflare-monitor-web", 24, true],
            ["Cloudflare load balancer", "bibox-edge-cloudflare-monitor-api", 24, true],
            ["Global Accelerator (direct.<zone>) via ALB target health", "bibox-edge-origin-web", 44, false],
        ]));
        for (const p of declaredFailoverPaths(planGraph(plans["prod-us"])).filter((x) => x.binding)) expect(p.detectionSeconds, p.path).toBeLessThanOrEqual(24);
    });

    it.each(["prod-eu", "prod-ap"])("%s: only the accelerator path, from its own target groups", (stack) => {
        expect(declaredFailoverPaths(planGraph(plans[stack])).map((p) => [p.path, p.detectionSeconds, p.binding])).toEqual([["Global Accelerator (direct.<zone>) via ALB target health", 44, false]]);
    });
});

describe("recovery-edge-failover", () => {
    const edgeViolations = async (rs: PlanResource[]) => (await runPolicies(rs, policies)).filter((v) => v.policy === "recovery-edge-failover");

    it("passes the clean plans", async () => {
        for (const s of STACKS) expect(await edgeViolations(structuredClone(plans[s])), s).toEqual([]);
    });

    it("fails a monitor whose retries push it past the objective, naming the arithmetic", async () => {
        const rs = change("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "bibox-edge-cloudflare-monitor-api", (r) => { r.inputs.timeout = 5; r.inputs.retries = 2; })(structuredClone(plans["prod-us"]));
        const [v, ...rest] = await edgeViolations(rs);
        expect(rest).toEqual([]);
        expect(v).toMatchObject({
            level: "mandatory",
            urn: rs.find((r) => r.name === "bibox-edge-cloudflare-monitor-api")!.urn,
            message: "Cloudflare load balancer (bibox-edge-cloudflare-monitor-api) detects a dead region in 35 s (interval 10 s × 2 consecutive failures + timeout 5 s × 3 attempts (2 retries)), above the edge failover objective 30 s; shorten its health check.",
        });
    });

    it("judges a monitor whose interval was deleted by Cloudflare's default 60 s", async () => {
        const rs = change("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "bibox-edge-cloudflare-monitor-web", (r) => { delete r.inputs.interval; })(structuredClone(plans["prod-us"]));
        expect((await edgeViolations(rs)).map((v) => v.message)).toEqual([
            "Cloudflare load balancer (bibox-edge-cloudflare-monitor-web) detects a dead region in 124 s (2m4s) (interval 60 s × 2 consecutive failures + timeout 2 s × 2 attempts (1 retry)), above the edge failover objective 30 s; shorten its health check.",
        ]);
    });

    it("does not bind the accelerator's entry, however slow its target groups", async () => {
        const rs = change("aws:lb/targetGroup:TargetGroup", "bibox-edge-origin-api", (r) => { (r.inputs.healthCheck as { interval: number }).interval = 30; })(structuredClone(plans["prod-eu"]));
        expect(declaredFailoverPaths(planGraph(rs)).map((p) => p.detectionSeconds)).toEqual([94]);
        expect(await edgeViolations(rs)).toEqual([]);
    });
});
