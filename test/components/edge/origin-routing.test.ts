/**
 * The regional origin as every stack declares it: one certificate for every name an edge sends,
 * validation records without ACM's trailing dot and created once, two listeners that admit only
 * known hostnames (the CDNs' with the origin credential), the accelerator on its own port with
 * its own security groups, and the accelerator's DNS entry.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { certificateNames, originRoutes, withoutTrailingDot } from "../../../components/edge/origin-routes";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, STACKS } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const outputs: Record<string, Record<string, unknown>> = {};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const O = "bibox-edge-origin";
const DOMAINS = { zone: "pleasure.tv", web: "www.pleasure.tv", api: "api.pleasure.tv", edge: "play.pleasure.tv" };
const T = {
    cert: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    dns: "cloudflare:index/dnsRecord:DnsRecord",
    listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    group: "aws:globalaccelerator/endpointGroup:EndpointGroup",
};

beforeAll(async () => {
    for (const s of STACKS) {
        const e = await evaluate(s);
        plans[s] = e.resources;
        outputs[s] = e.outputs;
    }
});

describe("origin routes (pure)", () => {
    it("send each public hostname to its service, the CDNs' with the credential on 443, the accelerator's on 8443", () => {
        expect(originRoutes(DOMAINS).map((r) => [r.host, r.via, r.listener, r.service, r.priority, r.requiresOriginAuth])).toEqual([
            ["api.pleasure.tv", "Cloudflare", "cdn", "api", 10, true],
            ["www.pleasure.tv", "Cloudflare", "cdn", "web", 20, true],
            ["play.pleasure.tv", "Fastly", "cdn", "api", 25, false],
            ["play.pleasure.tv", "Fastly", "cdn", "api", 30, true],
            ["direct.pleasure.tv", "Global Accelerator", "accelerator", "api", 10, false],
        ]);
    });

    it("need a certificate for the origin name and every Host/SNI, within ACM's 10 names", () => {
        expect(certificateNames("eu-west-1", DOMAINS)).toEqual({ domainName: "origin-eu-west-1.pleasure.tv", subjectAlternativeNames: ["api.pleasure.tv", "www.pleasure.tv", "play.pleasure.tv", "direct.pleasure.tv"] });
    });

    it.each([
        ["_x.origin-eu-west-1.pleasure.tv.", "_x.origin-eu-west-1.pleasure.tv"],
        ["_y.acm-validations.aws.", "_y.acm-validations.aws"],
        ["already.bare", "already.bare"],
    ])("strip ACM's trailing dot: %s -> %s", (name, bare) => expect(withoutTrailingDot(name)).toBe(bare));
});

describe.each(STACKS)("the origin of %s", (stack) => {
    const rs = () => plans[stack];
    const region = REGION[stack];
    const owner = stack === "prod-us";

    it("has one certificate naming origin-<region> and every hostname an edge sends", () => {
        expect(one(rs(), T.cert, `${O}-cert`).inputs).toMatchObject({
            domainName: `origin-${region}.pleasure.tv`,
            subjectAlternativeNames: ["api.pleasure.tv", "www.pleasure.tv", "play.pleasure.tv", "direct.pleasure.tv"],
            validationMethod: "DNS",
        });
    });

    it(`writes validation records without the trailing dot, ${owner ? "for every name (the shared names once, here)" : "for its own name only (the owner writes the shared ones)"}`, () => {
        const records = ofType(rs(), T.dns).filter((d) => d.name.startsWith(`${O}-cert-validation`));
        const names = owner ? [`origin-${region}`, "api", "www", "play", "direct"] : [`origin-${region}`];
        expect(records.map((d) => d.inputs.name)).toEqual(names.map((n) => `_plan.${n}.pleasure.tv`));
        for (const d of records) {
            expect(d.inputs.name, d.name).not.toMatch(/\.$/);
            expect(d.inputs.content, d.name).not.toMatch(/\.$/);
            expect(d.inputs).toMatchObject({ type: "CNAME", proxied: false });
        }
        expect(one(rs(), T.validation, `${O}-cert`).inputs.validationRecordFqdns).toEqual(
            [`origin-${region}`, "api", "www", "play", "direct"].map((n) => `_plan.${n}.pleasure.tv`),
        );
    });

    it("answers 403 on both listeners to anything no rule admits", () => {
        const listeners = ofType(rs(), T.listener).sort((a, b) => Number(a.inputs.port) - Number(b.inputs.port));
        expect(listeners.map((l) => [l.name, l.inputs.port, l.inputs.protocol])).toEqual([[`${O}-https`, 443, "HTTPS"], [`${O}-accelerator-https`, 8443, "HTTPS"]]);
        for (const l of listeners) expect((l.inputs.defaultActions as { type: string; fixedResponse?: { statusCode: string } }[])[0]).toMatchObject({ type: "fixed-response", fixedResponse: { statusCode: "403" } });
    });

    it("admits each hostname by Host (and from the CDNs the secret header) and forwards it to its own target group", () => {
        const rows = ofType(rs(), T.rule).map((r) => {
            const conditions = r.inputs.conditions as { hostHeader?: { values: string[] }; httpHeader?: { httpHeaderName: string; values: unknown[] } }[];
            return [
                r.name,
                String(r.inputs.listenerArn).split(":").pop(),
                r.inputs.priority,
                conditions.flatMap((c) => c.hostHeader?.values ?? []),
                conditions.flatMap((c) => (c.httpHeader ? [c.httpHeader.httpHeaderName, c.httpHeader.values] : [])),
                (r.inputs.actions as { targetGroupArn: string }[])[0].targetGroupArn.split(":").pop(),
            ];
        }).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        expect(rows).toEqual([
            [`${O}-api`, `${O}-https`, 10, ["api.pleasure.tv"], ["X-Bibox-Origin-Auth", ["[secret]"]], `bibox-${region}-api`],
            [`${O}-direct`, `${O}-accelerator-https`, 10, ["direct.pleasure.tv"], [], `bibox-${region}-api`],
            [`${O}-play`, `${O}-https`, 30, ["play.pleasure.tv"], ["X-Bibox-Origin-Auth", ["[secret]"]], `bibox-${region}-api`],
            [`${O}-play-health`, `${O}-https`, 25, ["play.pleasure.tv"], [], `bibox-${region}-api`],
            [`${O}-www`, `${O}-https`, 20, ["www.pleasure.tv"], ["X-Bibox-Origin-Auth", ["[secret]"]], `bibox-${region}-web`],
        ]);
    });

    it("lets only the accelerator's groups reach 8443 and only the CDNs' group reach 443", () => {
        const ports = (name: string) => (one(rs(), T.sg, name).inputs.ingress as { fromPort: number; toPort: number }[]).map((r) => [r.fromPort, r.toPort]);
        expect(ports(`${O}-alb-sg`)).toEqual([[443, 443], [443, 443]]);
        for (const area of ["americas", "emea", "apac"]) expect(ports(`${O}-alb-sg-accelerator-${area}`)).toEqual([[8443, 8443]]);
    });

    it("joins the accelerator through NAT on the header-less port, with no health settings the accelerator would ignore", () => {
        const group = one(rs(), T.group, `${O}-accelerator`).inputs;
        expect(group.portOverrides).toEqual([{ listenerPort: 443, endpointPort: 8443 }]);
        expect(group.endpointConfigurations).toEqual([{ endpointId: `arn:aws:lb:${region}:123456789012:bibox-${region}`, weight: 100, clientIpPreservationEnabled: false }]);
        for (const dead of ["healthCheckProtocol", "healthCheckPath", "healthCheckPort", "healthCheckIntervalSeconds", "thresholdCount"]) expect(group, dead).not.toHaveProperty(dead);
    });
});

describe("Fastly's requests", () => {
    it("carry the header the ALB checks, a Host it routes and an SNI its certificate names", () => {
        const service = one(plans["prod-us"], "fastly:index/serviceVcl:ServiceVcl", "bibox-edge-fastly-service").inputs as { snippets: { content: string }[] };
        // The header the snippets set from the origin_auth dictionary on requests to an origin.
        const sent = [...new Set(service.snippets.flatMap((s) => [...s.content.matchAll(/\bset bereq\.http\.([A-Za-z0-9-]+) = table\.lookup\(origin_auth\b/g)].map((m) => m[1])))];
        for (const stack of STACKS) {
            const conditions = one(plans[stack], T.rule, `${O}-play`).inputs.conditions as { httpHeader?: { httpHeaderName: string } }[];
            expect(sent, stack).toEqual(conditions.flatMap((c) => (c.httpHeader ? [c.httpHeader.httpHeaderName] : [])));
        }
        const backends = one(plans["prod-us"], "fastly:index/serviceVcl:ServiceVcl", "bibox-edge-fastly-service").inputs.backends as { address: string; overrideHost: string; sslSniHostname: string; sslCertHostname: string }[];
        expect(backends).toHaveLength(3);
        for (const b of backends) {
            const stack = Object.keys(REGION).find((s) => b.address === `origin-${REGION[s]}.pleasure.tv`)!;
            const cert = one(plans[stack], T.cert, `${O}-cert`).inputs;
            const names = [cert.domainName, ...(cert.subjectAlternativeNames as string[])];
            expect(names, b.address).toEqual(expect.arrayContaining([b.sslSniHostname, b.sslCertHostname]));
            const rules = ofType(plans[stack], T.rule).filter((r) => (r.inputs.conditions as { hostHeader?: { values: string[] } }[]).some((c) => c.hostHeader?.values.includes(b.overrideHost)));
            expect(rules.map((r) => r.name).sort(), b.address).toEqual([`${O}-play`, `${O}-play-health`]);
        }
    });

    it("health checks reach a rule that needs no header, on their path only: the probes cannot carry the secret", () => {
        const checks = one(plans["prod-us"], "fastly:index/serviceVcl:ServiceVcl", "bibox-edge-fastly-service").inputs.healthchecks as { host: string; path: string; headers?: unknown }[];
        for (const stack of STACKS) {
            for (const h of checks) {
                expect(h.headers, h.host).toBeUndefined();
                const conditions = one(plans[stack], T.rule, `${O}-play-health`).inputs.conditions as { hostHeader?: { values: string[] }; pathPattern?: { values: string[] }; httpHeader?: object }[];
                expect(conditions).toEqual([{ hostHeader: { values: [h.host] } }, { pathPattern: { values: [h.path] } }]);
            }
        }
    });
});

describe("the accelerator's entry", () => {
    it("is direct.pleasure.tv, DNS only, an A record per static address, in the owner's plan alone", () => {
        const records = ofType(plans["prod-us"], T.dns).filter((d) => d.inputs.name === "direct.pleasure.tv");
        expect(records.map((d) => [d.name, d.inputs.type, d.inputs.content, d.inputs.proxied])).toEqual([
            ["bibox-edge-accelerator-dns-0", "A", "192.0.2.10", false],
            ["bibox-edge-accelerator-dns-1", "A", "192.0.2.11", false],
        ]);
        expect(outputs["prod-us"].acceleratorIps).toEqual(records.map((d) => d.inputs.content));
        for (const m of ["prod-eu", "prod-ap"]) expect(ofType(plans[m], T.dns).filter((d) => d.inputs.name === "direct.pleasure.tv")).toEqual([]);
    });

    it("the origin credential is made once, by the owner", () => {
        expect(ofType(plans["prod-us"], "random:index/randomPassword:RandomPassword").map((r) => r.name)).toContain("bibox-edge-origin-auth");
        for (const m of ["prod-eu", "prod-ap"]) expect(ofType(plans[m], "random:index/randomPassword:RandomPassword").map((r) => r.name)).not.toContain("bibox-edge-origin-auth");
    });
});
