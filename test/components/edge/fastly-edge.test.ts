/** The Fastly edge as the owner's plan declares it: routing, origin TLS and credential, TLS and DNS of play.<zone>. */
import { beforeAll, describe, expect, it } from "vitest";
import { fastlyDetection } from "../../../components/edge/failover";
import { lintVcl } from "../../../components/edge/fastly-vcl-lint";
import { dnsChallengeFor, trafficCnameFor, withoutTrailingDot } from "../../../components/edge/fastly-tls";
import { originRoutes } from "../../../components/edge/origin-routes";
import { fastlyServiceVclComputed, fastlyTlsSubscriptionComputed } from "../../../src/plan/mock-fastly";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one } from "../../helpers/project";

const T = {
    service: "fastly:index/serviceVcl:ServiceVcl",
    items: "fastly:index/serviceDictionaryItems:ServiceDictionaryItems",
    tls: "fastly:index/tlsSubscription:TlsSubscription",
    validation: "fastly:index/tlsSubscriptionValidation:TlsSubscriptionValidation",
    dns: "cloudflare:index/dnsRecord:DnsRecord",
    cert: "aws:acm/certificate:Certificate",
};
const N = "bibox-edge-fastly";
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const stacks: Record<string, PlanResource[]> = {};
let owner: PlanResource[];
let objectiveSeconds: number;

interface Backend { name: string; address: string; port: number; useSsl: boolean; sslCheckCert: boolean; sslCertHostname: string; sslSniHostname: string; minTlsVersion: string; maxTlsVersion: string; overrideHost: string; requestCondition: string; healthcheck: string; shield: string; autoLoadbalance: boolean }
const svc = () => one(owner, T.service, `${N}-service`).inputs as {
    backends: Backend[];
    conditions: { name: string; type: string; statement: string }[];
    healthchecks: { name: string; host: string; path: string; method: string; checkInterval: number; window: number; threshold: number; timeout: number; expectedResponse: number }[];
    snippets: { name: string; type: "recv"; content: string }[];
    dictionaries: { name: string; writeOnly: boolean }[];
};
const dependsOn = (r: PlanResource, type: string, name: string) => r.dependencies.some((d) => d.endsWith(`${type}::${name}`));

beforeAll(async () => {
    for (const stack of Object.keys(REGION)) stacks[stack] = (await evaluate(stack)).resources;
    owner = stacks["prod-us"];
    objectiveSeconds = parseInt(String(((await evaluate("prod-us")).config["bibox:objectives"] as { edgeFailover: string }).edgeFailover), 10);
});

describe("routing: the nearest healthy region, by Fastly's own backend selection and shielding", () => {
    it.each(Object.values(REGION))("%s: one backend, selected by its REQUEST condition on the region geo_routing chose, shielded near it", (region) => {
        const id = region.replace(/-/g, "_");
        const b = svc().backends.find((x) => x.name === `origin_${id}`)!;
        expect(b).toMatchObject({ requestCondition: `route_origin_${id}`, autoLoadbalance: false, shield: { "us-east-1": "iad-va-us", "eu-west-1": "dub-dublin-ie", "ap-northeast-1": "tyo-tokyo-jp" }[region] });
        expect(svc().conditions.find((c) => c.name === b.requestCondition)).toEqual({ name: `route_origin_${id}`, type: "REQUEST", priority: 10, statement: `req.http.X-Bibox-Origin-Region == "${region}"` });
        expect(svc().snippets.find((s) => s.name === "geo_routing")!.content).toContain(`set req.http.X-Bibox-Origin-Region = "${region}";`);
    });

    it("every snippet and condition of the plan stays inside Fastly's scopes, with the service's own tables and backends", () => {
        const ctx = { tables: svc().dictionaries.map((d) => d.name), backends: svc().backends.map((b) => `F_${b.name}`) };
        const findings = [
            ...svc().snippets.flatMap((s) => lintVcl(s.name, s.type, s.content, ctx)),
            ...svc().conditions.map((c) => lintVcl(c.name, "recv", c.statement, ctx)).flat(),
        ];
        expect(findings).toEqual([]);
        expect(svc().snippets.length).toBe(7);
    });

    it("no snippet assigns req.backend (Fastly's default conditions would overwrite it)", () => {
        for (const s of svc().snippets) expect(s.content, s.name).not.toMatch(/set req\.backend\b/);
    });
});

describe("origins: TLS 1.2+, SNI and certificate checked against the ALB certificate's name, health within the budget", () => {
    it.each(Object.entries(REGION))("%s's origin", (stack, region) => {
        const b = svc().backends.find((x) => x.name === `origin_${region.replace(/-/g, "_")}`)!;
        const cert = one(stacks[stack], T.cert, "bibox-edge-origin-cert").inputs as { domainName: string; subjectAlternativeNames?: string[] };
        expect(cert.domainName).toBe(`origin-${region}.pleasure.tv`);
        expect(b).toMatchObject({ address: cert.domainName, port: 443, useSsl: true, sslCheckCert: true, sslCertHostname: cert.domainName, sslSniHostname: cert.domainName, minTlsVersion: "1.2", maxTlsVersion: "1.3" });
        // The Host the ALB's listener rule for Fastly matches (origin-routes.ts), on that region's certificate too.
        const route = originRoutes({ zone: "pleasure.tv", web: "www.pleasure.tv", api: "api.pleasure.tv", edge: "play.pleasure.tv" }).find((r) => r.via === "Fastly")!;
        expect(b.overrideHost).toBe(route.host);
        expect([cert.domainName, ...(cert.subjectAlternativeNames ?? [])]).toContain(route.host);
        expect(svc().healthchecks.map((h) => h.name)).toContain(b.healthcheck);
    });

    it("health checks HEAD /healthz on the Host the traffic uses, every 2 s, and notice a dead region within the edge-failover objective", () => {
        for (const h of svc().healthchecks) {
            expect(h).toMatchObject({ host: "play.pleasure.tv", path: "/healthz", method: "HEAD", checkInterval: 2000, expectedResponse: 200 });
            expect(fastlyDetection(h).detectionSeconds).toBe(7);
            expect(fastlyDetection(h).detectionSeconds).toBeLessThanOrEqual(objectiveSeconds);
        }
        expect(svc().healthchecks).toHaveLength(3);
    });
});

describe("secrets: private dictionaries, never in plain text", () => {
    it("both dictionaries are write-only, each with its own id", () => {
        expect(svc().dictionaries).toEqual([{ name: "playback_keys", writeOnly: true }, { name: "origin_auth", writeOnly: true }]);
        const items = one(owner, T.items, `${N}-playback-keys`).inputs;
        expect(items).toMatchObject({ serviceId: `${N}-service-id`, dictionaryId: `${N}-service-playback_keys-dictionary`, items: "[secret]", manageItems: true });
    });

    it("the origin credential goes to origin_auth as a secret, and appears in no snippet, condition or health check", () => {
        expect(one(owner, T.items, `${N}-origin-auth`).inputs).toMatchObject({ serviceId: `${N}-service-id`, dictionaryId: `${N}-service-origin_auth-dictionary`, items: "[secret]", manageItems: true });
        const text = JSON.stringify(one(owner, T.service, `${N}-service`).inputs);
        expect(text).not.toContain("[secret]");
        expect(text).not.toMatch(/plan-random/);
        expect(svc().healthchecks.every((h) => !("headers" in h))).toBe(true);
    });
});

describe("play.pleasure.tv: a Fastly-managed certificate, then DNS to Fastly", () => {
    it("subscribes the domain to a Let's Encrypt certificate after the service exists", () => {
        const tls = one(owner, T.tls, `${N}-tls`);
        expect(tls.inputs).toEqual({ domains: ["play.pleasure.tv"], certificateAuthority: "lets-encrypt" });
        expect(dependsOn(tls, T.service, `${N}-service`)).toBe(true);
    });

    it("publishes the ACME DNS challenge in Cloudflare (DNS only, no trailing dot) and waits for validation", () => {
        const challenge = one(owner, T.dns, `${N}-tls-challenge`);
        expect(challenge.inputs).toMatchObject({ zoneId: "9a8b7c6d5e4f30211203f4e5d6c7b8a9", name: "_acme-challenge.play.pleasure.tv", type: "CNAME", proxied: false, ttl: 60 });
        expect(challenge.inputs.content).toMatch(/^[0-9a-z]+\.fastly-validations\.com$/);
        expect(challenge.provider).toMatch(/pulumi:providers:cloudflare::bibox-cloudflare::/);
        const validation = one(owner, T.validation, `${N}-tls-validation`);
        expect(validation.inputs).toEqual({ subscriptionId: `${N}-tls-id` });
        expect(dependsOn(validation, T.dns, `${N}-tls-challenge`)).toBe(true);
    });

    it("points play.pleasure.tv at Fastly's TLS hostname, not proxied, once the certificate is validated", () => {
        const dns = one(owner, T.dns, `${N}-dns`);
        expect(dns.inputs).toMatchObject({ name: "play.pleasure.tv", type: "CNAME", content: "t.sni.global.fastly.net", proxied: false });
        expect(dependsOn(dns, T.validation, `${N}-tls-validation`)).toBe(true);
    });

    it("exists in the owner stack only", () => {
        for (const stack of ["prod-eu", "prod-ap"]) for (const type of [T.service, T.tls, T.validation]) expect(ofType(stacks[stack], type)).toEqual([]);
    });
});

describe("DNS helpers and the provider's computed outputs", () => {
    it.each([
        ["xyz.fastly-validations.com.", "xyz.fastly-validations.com"],
        ["t.sni.global.fastly.net", "t.sni.global.fastly.net"],
    ])("withoutTrailingDot(%s) = %s", (input, out) => expect(withoutTrailingDot(input)).toBe(out));

    it("finds the domain's challenge and traffic CNAME, and says what it got when they are missing", () => {
        const computed = fastlyTlsSubscriptionComputed("s", { domains: ["play.example.com"], certificateAuthority: "certainly" }) as {
            managedDnsChallenges: { recordName: string; recordType: string; recordValue: string }[];
            managedHttpChallenges: { recordName: string; recordType: string; recordValues: string[] }[];
        };
        expect(dnsChallengeFor("play.example.com", computed.managedDnsChallenges)).toMatchObject({ recordName: "_acme-challenge.play.example.com", recordType: "CNAME" });
        expect(trafficCnameFor("play.example.com", computed.managedHttpChallenges)).toBe("t.sni.global.fastly.net");
        expect(() => dnsChallengeFor("other.example.com", computed.managedDnsChallenges)).toThrow("the Fastly TLS subscription gave no DNS challenge for _acme-challenge.other.example.com (got _acme-challenge.play.example.com)");
        expect(() => trafficCnameFor("play.example.com", [])).toThrow("the Fastly TLS subscription gave no CNAME for play.example.com (got none)");
    });

    it("the mock answers per domain, refuses what the provider refuses, and ids each dictionary", () => {
        const two = fastlyTlsSubscriptionComputed("s", { domains: ["a.example.com", "b.example.com"], certificateAuthority: "lets-encrypt" }) as { managedDnsChallenges: { recordName: string; recordValue: string }[]; commonName: string };
        expect(two.managedDnsChallenges.map((c) => c.recordName)).toEqual(["_acme-challenge.a.example.com", "_acme-challenge.b.example.com"]);
        expect(new Set(two.managedDnsChallenges.map((c) => c.recordValue)).size).toBe(2);
        expect(two.commonName).toBe("a.example.com");
        expect(() => fastlyTlsSubscriptionComputed("s", { domains: ["a.example.com"], certificateAuthority: "acme" })).toThrow('certificateAuthority "acme" is not lets-encrypt, globalsign or certainly');
        expect(fastlyServiceVclComputed("svc", { dictionaries: [{ name: "a" }, { name: "b" }] })).toEqual({ dictionaries: [{ name: "a", dictionaryId: "svc-a-dictionary" }, { name: "b", dictionaryId: "svc-b-dictionary" }] });
    });
});
