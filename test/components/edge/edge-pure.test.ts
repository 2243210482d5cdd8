/** The edge's pure pieces: steering, failover arithmetic, Cloudflare rules, VCL, Akamai rules. */
import { describe, expect, it } from "vitest";
import { AKAMAI_RULE_FORMAT, declaredConnectTimeout, mediaOrigins, Rule, videoPropertyRules } from "../../../components/edge/akamai-rules";
import { ddosRules, managedWafRules, MANAGED_RULESETS, rateLimitRules, scalperRules } from "../../../components/edge/cloudflare-rules";
import { akamaiDetection, albDetection, cloudflareDetection, failoverBudget, fastlyDetection } from "../../../components/edge/failover";
import { geoRoutingSnippet, playbackTokenSnippet, vclBackend } from "../../../components/edge/fastly-vcl";
import { CLOUDFLARE_REGIONS, CONTINENTS, distanceKm, fastlyShieldFor, nearestRegions, REGION_LOCATIONS, steering } from "../../../components/edge/geo";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];

describe("steering", () => {
    it.each([
        ["WNAM", "us-east-1"],
        ["ENAM", "us-east-1"],
        ["SSAM", "us-east-1"],
        ["WEU", "eu-west-1"],
        ["EEU", "eu-west-1"],
        ["NAF", "eu-west-1"],
        ["NEAS", "ap-northeast-1"],
        ["SEAS", "ap-northeast-1"],
        ["OC", "ap-northeast-1"],
    ])("Cloudflare region %s is served first from %s, with both others as fallbacks", (area, first) => {
        const order = steering(CLOUDFLARE_REGIONS, REGIONS)[area];
        expect(order[0]).toBe(first);
        expect([...order].sort()).toEqual([...REGIONS].sort());
    });

    it("sends North American users to us-east-1 on every path (US latency)", () => {
        expect(steering(CONTINENTS, REGIONS).NA[0]).toBe("us-east-1");
        expect(steering(CLOUDFLARE_REGIONS, REGIONS).WNAM[0]).toBe("us-east-1");
    });

    it.each([
        [REGION_LOCATIONS["us-east-1"], REGION_LOCATIONS["eu-west-1"], 5400, 5600],
        [REGION_LOCATIONS["eu-west-1"], REGION_LOCATIONS["ap-northeast-1"], 9500, 9700],
    ])("distance %j → %j is about right", (a, b, min, max) => {
        const d = distanceKm(a, b);
        expect(d).toBeGreaterThan(min);
        expect(d).toBeLessThan(max);
    });

    it("refuses a region outside the supported table (the config check refuses it first)", () => {
        expect(() => nearestRegions([0, 0], ["me-central-1"])).toThrow("me-central-1 is not in SUPPORTED_REGIONS (components/lib/regions.ts)");
        expect(() => fastlyShieldFor("me-central-1")).toThrow("me-central-1 is not in SUPPORTED_REGIONS");
    });
});

describe("failover detection", () => {
    it.each([
        [{ interval: 10, consecutiveDown: 2, timeout: 5, retries: 1 }, 30],
        [{ interval: 60, consecutiveDown: 3, timeout: 5, retries: 0 }, 185],
    ])("Cloudflare monitor %j → %i s", (m, seconds) => expect(cloudflareDetection(m).detectionSeconds).toBe(seconds));

    it.each([
        [{ checkInterval: 2000, window: 5, threshold: 3, timeout: 1000 }, 7],
        [{ checkInterval: 15000, window: 5, threshold: 1, timeout: 5000 }, 80],
    ])("Fastly health check %j → %i s", (h, seconds) => expect(fastlyDetection(h).detectionSeconds).toBe(seconds));

    it.each([
        [{ interval: 5, unhealthyThreshold: 2, timeout: 4 }, 14],
        [{ interval: 30, unhealthyThreshold: 2, timeout: 5 }, 65],
    ])("ALB target health %j → %i s", (t, seconds) => expect(albDetection(t).detectionSeconds).toBe(seconds));

    it("judges every path against the objective", () => {
        const rows = failoverBudget([cloudflareDetection({ interval: 10, consecutiveDown: 2, timeout: 5, retries: 0 }), albDetection({ interval: 30, unhealthyThreshold: 2, timeout: 5 }), akamaiDetection({ connectTimeoutSeconds: 5 })], 30);
        expect(rows.map((r) => [r.path, r.fits])).toEqual([
            ["Cloudflare load balancer", true],
            ["ALB target health", false],
            ["Akamai origin failover", true],
        ]);
    });
});

describe("Cloudflare rules", () => {
    it("executes Cloudflare Managed and OWASP Core", () => {
        expect(managedWafRules().map((r) => [r.action, r.actionParameters?.id])).toEqual([
            ["execute", MANAGED_RULESETS.cloudflareManaged],
            ["execute", MANAGED_RULESETS.owaspCore],
        ]);
    });

    it("blocks and challenges automated clients on drops and checkout, sparing verified bots", () => {
        const rules = scalperRules("www.example.com");
        expect(rules.map((r) => r.action)).toEqual(["block", "managed_challenge", "managed_challenge"]);
        for (const r of rules) {
            expect(r.expression).toContain("not cf.bot_management.verified_bot");
            expect(r.expression).toMatch(/\/checkout/);
        }
        expect(rules[0].expression).toContain("cf.bot_management.score lt 10");
        expect(rules[1].expression).toContain("cf.bot_management.score lt 30");
    });

    it("rate-limits per client, including the API host", () => {
        const rules = rateLimitRules("api.example.com", "www.example.com");
        for (const r of rules) expect(r.ratelimit?.characteristics).toEqual(["cf.colo.id", "ip.src"]);
        expect(rules.find((r) => r.ref === "ratelimit_checkout")?.ratelimit).toEqual({ characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 20, mitigationTimeout: 600 });
        expect(rules.find((r) => r.ref === "ratelimit_api")?.expression).toBe('http.host eq "api.example.com"');
    });

    // The zone's TLS and HSTS settings are checked as the plan declares them (edge.test.ts).
    it("tunes the L7 DDoS ruleset to block at default sensitivity", () => {
        expect(ddosRules()[0].actionParameters).toEqual({ id: MANAGED_RULESETS.ddosL7, overrides: { sensitivityLevel: "default", action: "block" } });
    });
});

describe("Fastly VCL", () => {
    it("routes each continent to its nearest healthy origin, falling back in distance order", () => {
        const vcl = geoRoutingSnippet({ EU: ["eu-west-1", "us-east-1", "ap-northeast-1"] }, REGIONS).content;
        expect(vcl).toContain('if (req.http.X-Client-Continent == "EU") {');
        expect(vcl.indexOf(`backend.${vclBackend("eu-west-1")}.healthy`)).toBeLessThan(vcl.indexOf(`backend.${vclBackend("us-east-1")}.healthy`));
        expect(vcl).toContain(`} else if (backend.${vclBackend("ap-northeast-1")}.healthy) {\n    set req.http.X-Bibox-Origin-Region = "ap-northeast-1";`);
        expect(vclBackend("ap-northeast-1")).toBe("F_origin_ap_northeast_1");
    });

    it("refuses manifests without a valid, unexpired token", () => {
        const vcl = playbackTokenSnippet().content;
        expect(vcl).toContain('req.url.ext ~ "^(m3u8|mpd)$"');
        expect(vcl).toContain('error 403 "expired playback token"');
        expect(vcl).toContain('digest.secure_is_equal("0x" + var.playback_token, digest.hmac_sha256(table.lookup(playback_keys, "current")');
    });
});

describe("Akamai property rules", () => {
    const tree = videoPropertyRules({
        cpCodeId: 123456,
        origins: mediaOrigins(REGIONS, "111122223333"),
        defaultRegion: "us-east-1",
        steering: steering(CONTINENTS, REGIONS),
        originAccessKeyGuid: "guid-1",
        tokenIncludeId: "123456",
    });
    const child = (name: string) => tree.rules.children.find((c) => c.name === name) as Rule;
    const behavior = (r: Rule, name: string) => r.behaviors.find((b) => b.name === name)?.options;

    it("defaults to the owner's bucket over HTTPS, signed with the CAM key, with CP code, tiered distribution and a 5 s connect timeout", () => {
        expect(behavior(tree.rules, "origin")).toMatchObject({ hostname: "bibox-media-us-east-1-111122223333.s3.us-east-1.amazonaws.com", httpsPort: 443, originSni: true });
        expect(behavior(tree.rules, "originCharacteristics")).toMatchObject({ authenticationMethod: "AWS", awsAccessKeyVersionGuid: "guid-1", awsRegion: "us-east-1" });
        expect(behavior(tree.rules, "cpCode")).toEqual({ value: { id: 123456 } });
        expect(behavior(tree.rules, "tieredDistribution")).toEqual({ enabled: true, tieredDistributionMap: "CH2" });
        expect(declaredConnectTimeout(tree)).toBe(5);
    });

    it.each([
        ["eu-west-1", ["EU", "AF"]],
        ["ap-northeast-1", ["AS", "OC"]],
    ])("serves the continents nearest %s from its bucket", (region, continents) => {
        const r = child(`Origin ${region}`);
        expect(r.criteria[0]).toMatchObject({ name: "userLocation", options: { field: "CONTINENT", continentValues: continents } });
        expect(behavior(r, "origin")?.hostname).toBe(`bibox-media-${region}-111122223333.s3.${region}.amazonaws.com`);
    });

    it.each([
        ["us-east-1", "eu-west-1"],
        ["eu-west-1", "us-east-1"],
        ["ap-northeast-1", "eu-west-1"],
    ])("fails over from %s to the next nearest region, %s", (from, to) => {
        const r = child("Origin failure recovery methods").children.find((c) => c.name === `Recovery FROM-${from.toUpperCase()}`) as Rule;
        expect(r.criteria).toEqual([{ name: "recoveryConfig", options: { configName: `FROM-${from.toUpperCase()}` } }]);
        expect(behavior(r, "originFailureRecoveryMethod")).toEqual({ recoveryMethod: "RETRY_ALTERNATE_ORIGIN" });
        expect(behavior(r, "origin")?.hostname).toBe(`bibox-media-${to}-111122223333.s3.${to}.amazonaws.com`);
    });

    it("caches manifests briefly and segments for a year, on a pinned rule format", () => {
        expect(behavior(child("HLS manifests"), "caching")).toMatchObject({ ttl: "10s" });
        expect(behavior(child("HLS segments and renditions"), "caching")).toMatchObject({ ttl: "365d" });
        expect(AKAMAI_RULE_FORMAT).toMatch(/^v\d{4}-\d{2}-\d{2}$/);
    });
});
