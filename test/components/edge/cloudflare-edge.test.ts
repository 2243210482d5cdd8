/**
 * Cloudflare in front of the regional origins: each hostname reaches its own target group, the
 * monitors fail over within the objective counting their retries, challenges only meet browsers,
 * and every request to an origin carries the origin credential.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Expression, parseExpression } from "../../../components/edge/cloudflare-expression";
import { CLOUDFLARE_MIN_INTERVAL, cloudflareDetection, keepsHeadroom } from "../../../components/edge/failover";
import { ORIGIN_AUTH_HEADER } from "../../../components/edge/origin-routes";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, STACKS } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const T = {
    lb: "cloudflare:index/loadBalancer:LoadBalancer",
    pool: "cloudflare:index/loadBalancerPool:LoadBalancerPool",
    monitor: "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor",
    ruleset: "cloudflare:index/ruleset:Ruleset",
    rule: "aws:lb/listenerRule:ListenerRule",
    listener: "aws:lb/listener:Listener",
    cert: "aws:acm/certificate:Certificate",
};

beforeAll(async () => {
    for (const s of STACKS) plans[s] = (await evaluate(s)).resources;
});

const byId = (rs: PlanResource[], type: string, id: string) => {
    const r = ofType(rs, type).find((x) => `${x.name}-id` === id);
    if (!r) throw new Error(`no ${type} with id ${id}`);
    return r;
};

interface Condition {
    hostHeader?: { values: string[] };
    httpHeader?: { httpHeaderName: string; values: string[] };
}

/** The target group a stack's CDN listener (443) sends `host` to, when the request carries the origin credential. */
function targetGroupFor(stack: string, host: string): string | undefined {
    const rule = ofType(plans[stack], T.rule).find((r) => {
        const conditions = r.inputs.conditions as Condition[];
        return r.inputs.listenerArn === `arn:aws:lb:${REGION[stack]}:123456789012:bibox-edge-origin-https`
            && conditions.some((c) => c.hostHeader?.values.includes(host))
            && conditions.some((c) => c.httpHeader?.httpHeaderName === ORIGIN_AUTH_HEADER);
    });
    return (rule?.inputs.actions as { targetGroupArn: string }[] | undefined)?.[0].targetGroupArn.split(":").pop();
}

describe("Cloudflare load balancers", () => {
    const SERVICE: Record<string, string> = { "api.pleasure.tv": "api", "www.pleasure.tv": "web" };

    it.each(Object.keys(SERVICE))("%s: every pool sends the hostname itself as Host (and so SNI) to origin-<region>, which routes it to its own target group", (host) => {
        const rs = plans["prod-us"];
        const lb = ofType(rs, T.lb).find((l) => l.inputs.name === host)!;
        const poolIds = new Set([...(lb.inputs.defaultPools as string[]), ...Object.values(lb.inputs.regionPools as Record<string, string[]>).flat(), lb.inputs.fallbackPool as string]);
        expect(poolIds.size).toBe(3);
        for (const id of poolIds) {
            const pool = byId(rs, T.pool, id);
            const [origin] = pool.inputs.origins as { address: string; header: { hosts: string[] } }[];
            const stack = Object.keys(REGION).find((s) => origin.address === `origin-${REGION[s]}.pleasure.tv`)!;
            expect(origin.header.hosts, pool.name).toEqual([host]);
            // The region's ALB: the certificate names the SNI, the rule sends the Host to its service.
            const cert = one(plans[stack], T.cert, "bibox-edge-origin-cert");
            expect([cert.inputs.domainName, ...(cert.inputs.subjectAlternativeNames as string[])]).toContain(host);
            expect(targetGroupFor(stack, host), `${host} in ${stack}`).toBe(`bibox-${REGION[stack]}-${SERVICE[host]}`);
            expect(byId(rs, T.monitor, pool.inputs.monitor as string).name).toBe(`bibox-edge-cloudflare-monitor-${SERVICE[host]}`);
        }
    });

    it("the origin ALB forwards nothing without the credential: its default answer is 403", () => {
        for (const stack of STACKS) {
            expect(one(plans[stack], T.listener, "bibox-edge-origin-https").inputs.defaultActions).toEqual([
                { type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" } },
            ]);
            expect(targetGroupFor(stack, `origin-${REGION[stack]}.pleasure.tv`)).toBeUndefined();
        }
    });
});

describe("Cloudflare monitors", () => {
    it.each(["web", "api"])("%s: out in 10 s × 2 + 2 s × 2 attempts = 24 s, keeping 20 % of the 30 s objective", (svc) => {
        const m = one(plans["prod-us"], T.monitor, `bibox-edge-cloudflare-monitor-${svc}`).inputs as { interval: number; timeout: number; retries: number; consecutiveDown: number };
        expect(m).toMatchObject({ interval: 10, timeout: 2, retries: 1, consecutiveDown: 2, consecutiveUp: 2, type: "https", path: "/healthz" });
        const path = cloudflareDetection(m);
        expect(path).toMatchObject({ detectionSeconds: 24, formula: "interval 10 s × 2 consecutive failures + timeout 2 s × 2 attempts (1 retry)" });
        expect(keepsHeadroom(path, 30)).toBe(true);
        expect(m.interval).toBeGreaterThanOrEqual(CLOUDFLARE_MIN_INTERVAL.enterprise);
        // (retries + 1) × timeout fits in the interval: probes never overlap.
        expect(m.timeout * (m.retries + 1)).toBeLessThan(m.interval);
    });

    it.each(["web", "api"])("%s: sends the origin credential, which the plan only shows as [secret]", (svc) => {
        const m = one(plans["prod-us"], T.monitor, `bibox-edge-cloudflare-monitor-${svc}`).inputs;
        expect(m.header).toEqual({ [ORIGIN_AUTH_HEADER]: ["[secret]"] });
        // No Host of its own: the endpoint's override (the public hostname) takes precedence.
        expect(Object.keys(m.header as object)).not.toContain("Host");
    });

    it("counts retries: the 10 s × 2 + 5 s × 2 the issue found is 30 s, no headroom", () => {
        const old = cloudflareDetection({ interval: 10, consecutiveDown: 2, timeout: 5, retries: 1 });
        expect(old.detectionSeconds).toBe(30);
        expect(keepsHeadroom(old, 30)).toBe(false);
        // Cloudflare's default when retries is left out is 2.
        expect(cloudflareDetection({ interval: 10, consecutiveDown: 2, timeout: 5 }).detectionSeconds).toBe(35);
    });
});

/** The top-level conjuncts of an expression (`a and b and c` -> [a, b, c]). */
const conjuncts = (e: Expression): Expression[] => (e.kind === "logical" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e]);
const isHost = (e: Expression, host: string) =>
    e.kind === "compare" && e.op === "eq" && e.left.kind === "field" && e.left.name === "http.host" && !Array.isArray(e.right) && e.right.kind === "literal" && e.right.value === host;

describe("challenges only meet browsers", () => {
    const CHALLENGES = new Set(["managed_challenge", "challenge", "js_challenge"]);
    const rules = () =>
        ofType(plans["prod-us"], T.ruleset)
            .filter((r) => ["http_request_firewall_custom", "http_ratelimit"].includes(r.inputs.phase as string))
            .flatMap((r) => r.inputs.rules as { ref: string; action: string; expression: string }[]);

    it("every challenge and every JavaScript-detection rule is scoped to www.pleasure.tv, so api.pleasure.tv is never challenged", () => {
        const scoped = rules().filter((r) => CHALLENGES.has(r.action) || r.expression.includes("js_detection"));
        expect(scoped.map((r) => r.ref)).toEqual(["scalpers_challenge_likely_automated", "checkout_requires_js_detection", "ratelimit_drops"]);
        for (const r of scoped) expect(conjuncts(parseExpression(r.expression)).some((c) => isHost(c, "www.pleasure.tv")), r.ref).toBe(true);
    });

    it("API clients are blocked, not challenged: definite bots on hot paths, and drops over the rate", () => {
        const api = rules().filter((r) => !conjuncts(parseExpression(r.expression)).some((c) => isHost(c, "www.pleasure.tv")));
        expect(api.map((r) => [r.ref, r.action])).toEqual([
            ["scalpers_block_automated", "block"],
            ["ratelimit_checkout", "block"],
            ["ratelimit_drops_api", "block"],
            ["ratelimit_api", "block"],
        ]);
    });
});

describe("the origin credential", () => {
    it("is added by a request-header transform rule for the load-balanced hosts only, value [secret]", () => {
        const ruleset = one(plans["prod-us"], T.ruleset, "bibox-edge-cloudflare-origin-auth");
        expect(ruleset.inputs).toMatchObject({ kind: "zone", phase: "http_request_late_transform" });
        expect(ruleset.inputs.rules).toEqual([
            {
                ref: "origin_auth_header",
                description: "Add X-Bibox-Origin-Auth for the regional origins (load-balanced hosts only)",
                expression: 'http.host in {"api.pleasure.tv" "www.pleasure.tv"}',
                action: "rewrite",
                enabled: true,
                actionParameters: { headers: { "X-Bibox-Origin-Auth": { operation: "set", value: "[secret]" } } },
            },
        ]);
    });

    it("never appears in plain text in any plan or output", async () => {
        for (const stack of STACKS) {
            const e = await evaluate(stack);
            const text = JSON.stringify({ resources: e.resources, outputs: e.outputs });
            expect(text).not.toContain("plan-random-bibox-edge-origin-auth");
            expect(text).not.toContain("plan-owner-origin-auth-token");
        }
        expect((await evaluate("prod-us")).outputs.originAuthToken).toBe("[secret]");
    });
});
