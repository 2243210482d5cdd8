/** The edge as each stack declares it.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as akamai from "../../../components/edge/akamai";
import { declaredFailoverPaths } from "../../../policies/recovery/edge";
import { CLOUDFLARE_IPS } from "../../../src/plan/fixtures";
import { planGraph } from "../../../src/plan/graph";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, ROOT, STACKS, tempProject } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const outputs: Record<string, Record<string, unknown>> = {};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const MEMBERS = ["prod-eu", "prod-ap"];
const O = "bibox-edge-origin";

beforeAll(async () => {
    for (const stack of STACKS) {
        const e = await evaluate(stack);
        plans[stack] = e.resources;
        outputs[stack] = e.outputs;
    }
});

describe.each(STACKS)("regional origin of %s", (stack) => {
    const rs = () => plans[stack];
    const region = REGION[stack];

    it("is an HTTPS-only ALB on a TLS 1.3 policy with an ACM certificate, no port 80 (443 for the CDNs, 8443 for the accelerator)", () => {
        const alb = one(rs(), "aws:lb/loadBalancer:LoadBalancer", `${O}-alb`);
        expect(alb.inputs).toMatchObject({ internal: false, loadBalancerType: "application", dropInvalidHeaderFields: true, enableDeletionProtection: true });
        expect((alb.inputs.subnets as string[]).every((s) => s.startsWith("bibox-network-public-"))).toBe(true);
        const https = one(rs(), "aws:lb/listener:Listener", `${O}-https`);
        expect(https.inputs).toMatchObject({ port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", certificateArn: `arn:aws:acm:${region}:123456789012:${O}-cert` });
        expect(ofType(rs(), "aws:lb/listener:Listener").map((l) => l.inputs.port as number).sort((a, b) => a - b)).toEqual([443, 8443]);
        expect(one(rs(), "aws:acm/certificate:Certificate", `${O}-cert`).inputs).toMatchObject({ domainName: `origin-${region}.pleasure.tv`, validationMethod: "DNS" });
    });

    it("target groups detect a dead region in 5 s × 2, and Services join them by TargetGroupBinding", () => {
        for (const svc of ["web", "api"]) {
            const tg = one(rs(), "aws:lb/targetGroup:TargetGroup", `${O}-${svc}`);
            expect(tg.inputs).toMatchObject({ targetType: "ip", port: 8080, protocol: "HTTP" });
            expect(tg.inputs.healthCheck).toMatchObject({ interval: 5, unhealthyThreshold: 2, timeout: 4, path: "/healthz" });
            const binding = one(rs(), "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding", `${O}-${svc}-binding`);
            expect(binding.inputs).toMatchObject({
                metadata: { name: svc, namespace: "shop" },
                spec: { serviceRef: { name: svc, port: 8080 }, targetType: "ip", targetGroupARN: `arn:aws:lb:${region}:123456789012:bibox-${region}-${svc}` },
            });
            const deps = binding.dependencies.map((d) => d.split("::").pop());
            expect(deps).toEqual(expect.arrayContaining(["bibox-eks-baseline-lbc", "bibox-eks-baseline-ns-shop"]));
        }
    });

    it("admits only Cloudflare and Fastly on 443 and Global Accelerator on 8443, never 0.0.0.0/0, in groups within AWS's quotas", () => {
        const alb = one(rs(), "aws:lb/loadBalancer:LoadBalancer", `${O}-alb`);
        const names = [`${O}-alb-sg`, ...["americas", "emea", "apac"].map((a) => `${O}-alb-sg-accelerator-${a}`)];
        expect(alb.inputs.securityGroups).toEqual(names.map((n) => `${n}-id`));
        const groups = names.map((n) => one(rs(), "aws:ec2/securityGroup:SecurityGroup", n));
        const rules = (g: PlanResource) => g.inputs.ingress as { cidrBlocks: string[]; description: string; fromPort: number; toPort: number }[];
        expect(rules(groups[0]).map((r) => r.description)).toEqual(["HTTPS from Cloudflare", "HTTPS from Fastly"]);
        expect(rules(groups[0])[0].cidrBlocks).toEqual(CLOUDFLARE_IPS.ipv4Cidrs);
        // The published lists' real sizes: 15 + 19, and the accelerator's 86 points of presence by area.
        expect(groups.map((g) => rules(g).reduce((n, r) => n + r.cidrBlocks.length, 0))).toEqual([34, 33, 28, 25]);
        for (const g of groups) {
            const port = g === groups[0] ? 443 : 8443;
            expect(rules(g).every((r) => r.fromPort === port && r.toPort === port), g.name).toBe(true);
            expect(rules(g).reduce((n, r) => n + r.cidrBlocks.length, 0), g.name).toBeLessThanOrEqual(60);
            expect(JSON.stringify(g.inputs)).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
        }
        expect(groups.length).toBeLessThanOrEqual(5);
    });

    it("publishes origin-<region> in Cloudflare DNS (not proxied) and joins the accelerator through NAT (the ALB sees the accelerator's addresses)", () => {
        const dns = one(rs(), "cloudflare:index/dnsRecord:DnsRecord", `${O}-dns`);
        expect(dns.inputs).toMatchObject({ name: `origin-${region}.pleasure.tv`, type: "CNAME", proxied: false, content: `bibox-${region}.${region}.elb.amazonaws.com` });
        const group = one(rs(), "aws:globalaccelerator/endpointGroup:EndpointGroup", `${O}-accelerator`);
        expect(group.inputs).toMatchObject({ endpointGroupRegion: region, endpointConfigurations: [{ endpointId: `arn:aws:lb:${region}:123456789012:bibox-${region}`, clientIpPreservationEnabled: false, weight: 100 }] });
        expect(group.inputs.listenerArn).toBe(stack === "prod-us" ? "bibox-edge-accelerator-443-id" : "arn:aws:globalaccelerator::123456789012:accelerator/plan/listener/plan");
    });

    it("every path of this stack the objective binds fits the 30 s edge failover budget", () => {
        const paths = declaredFailoverPaths(planGraph(rs()));
        expect(paths.length).toBeGreaterThan(0);
        for (const p of paths.filter((x) => x.binding)) expect(p.detectionSeconds, p.path).toBeLessThanOrEqual(30);
    });
});

describe("global edge objects", () => {
    const GLOBAL_TYPES = [
        "aws:globalaccelerator/accelerator:Accelerator",
        "aws:globalaccelerator/listener:Listener",
        "cloudflare:index/ruleset:Ruleset",
        "cloudflare:index/loadBalancer:LoadBalancer",
        "cloudflare:index/loadBalancerPool:LoadBalancerPool",
        "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor",
        "cloudflare:index/zoneSetting:ZoneSetting",
        "fastly:index/serviceVcl:ServiceVcl",
        akamai.Property.__pulumiType,
        akamai.CpCode.__pulumiType,
        akamai.EdgeHostName.__pulumiType,
        akamai.PropertyActivation.__pulumiType,
    ];

    it.each(GLOBAL_TYPES)("%s exists only in the owner stack", (type) => {
        expect(ofType(plans["prod-us"], type).length).toBeGreaterThan(0);
        for (const m of MEMBERS) expect(ofType(plans[m], type)).toEqual([]);
    });

    it("the accelerator listens on TCP 443 and exports its static anycast IPs", () => {
        expect(one(plans["prod-us"], "aws:globalaccelerator/listener:Listener", "bibox-edge-accelerator-443").inputs).toMatchObject({ protocol: "TCP", portRanges: [{ fromPort: 443, toPort: 443 }] });
        expect(outputs["prod-us"].acceleratorIps).toEqual(["192.0.2.10", "192.0.2.11"]);
    });

    it("Cloudflare: zone TLS settings and HSTS, rulesets for the managed, custom, rate-limit and DDoS phases, bots, tiered cache", () => {
        const rs = plans["prod-us"];
        const settings = Object.fromEntries(ofType(rs, "cloudflare:index/zoneSetting:ZoneSetting").map((s) => [s.inputs.settingId, s.inputs.value]));
        expect(settings).toMatchObject({
            min_tls_version: "1.2",
            tls_1_3: "on",
            ssl: "strict",
            always_use_https: "on",
            security_header: { strict_transport_security: { enabled: true, include_subdomains: true } },
        });
        expect(ofType(rs, "cloudflare:index/ruleset:Ruleset").map((r) => r.inputs.phase).sort()).toEqual(["ddos_l7", "http_ratelimit", "http_request_firewall_custom", "http_request_firewall_managed", "http_request_late_transform"]);
        expect(one(rs, "cloudflare:index/botManagement:BotManagement", "bibox-edge-cloudflare-bots").inputs).toMatchObject({ enableJs: true, aiBotsProtection: "block" });
        expect(one(rs, "cloudflare:index/tieredCache:TieredCache", "bibox-edge-cloudflare-tiered-cache").inputs.value).toBe("on");
    });

    it("Cloudflare: a proxied geo-steered load balancer per host over three pools, failing over across pools, monitored within 30 s", () => {
        const rs = plans["prod-us"];
        const pools = ofType(rs, "cloudflare:index/loadBalancerPool:LoadBalancerPool");
        expect([...new Set(pools.map((p) => (p.inputs.origins as { address: string }[])[0].address))].sort()).toEqual(["origin-ap-northeast-1.pleasure.tv", "origin-eu-west-1.pleasure.tv", "origin-us-east-1.pleasure.tv"]);
        const lbs = ofType(rs, "cloudflare:index/loadBalancer:LoadBalancer");
        expect(lbs.map((l) => l.inputs.name).sort()).toEqual(["api.pleasure.tv", "www.pleasure.tv"]);
        for (const lb of lbs) {
            const svc = lb.inputs.name === "api.pleasure.tv" ? "api" : "web";
            expect(lb.inputs).toMatchObject({ proxied: true, steeringPolicy: "geo", adaptiveRouting: { failoverAcrossPools: true }, fallbackPool: `bibox-edge-cloudflare-pool-${svc}-us-east-1-id` });
            const regionPools = lb.inputs.regionPools as Record<string, string[]>;
            expect(regionPools.ENAM[0]).toBe(`bibox-edge-cloudflare-pool-${svc}-us-east-1-id`);
            expect(regionPools.WEU[0]).toBe(`bibox-edge-cloudflare-pool-${svc}-eu-west-1-id`);
            expect(regionPools.NEAS[0]).toBe(`bibox-edge-cloudflare-pool-${svc}-ap-northeast-1-id`);
            for (const order of Object.values(regionPools)) expect(order).toHaveLength(3);
        }
        for (const svc of ["web", "api"]) {
            const m = one(rs, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", `bibox-edge-cloudflare-monitor-${svc}`).inputs as { interval: number; consecutiveDown: number; timeout: number; retries: number };
            expect(m.interval * m.consecutiveDown + m.timeout * (m.retries + 1)).toBeLessThanOrEqual(30);
        }
    });

    it("Fastly: three TLS-checked, health-checked backends, each shielded near its region, stale on error", () => {
        const svc = one(plans["prod-us"], "fastly:index/serviceVcl:ServiceVcl", "bibox-edge-fastly-service").inputs;
        const backends = svc.backends as { address: string; useSsl: boolean; sslCheckCert: boolean; shield: string; healthcheck: string }[];
        expect(backends.map((b) => [b.address, b.shield])).toEqual([
            ["origin-us-east-1.pleasure.tv", "iad-va-us"],
            ["origin-ap-northeast-1.pleasure.tv", "tyo-tokyo-jp"],
            ["origin-eu-west-1.pleasure.tv", "dub-dublin-ie"],
        ]);
        for (const b of backends) expect(b).toMatchObject({ useSsl: true, sslCheckCert: true });
        for (const h of svc.healthchecks as { checkInterval: number }[]) expect(h.checkInterval).toBe(2000);
        expect(svc).toMatchObject({ staleIfError: true, staleIfErrorTtl: 86400 });
        expect((svc.snippets as { name: string }[]).map((s) => s.name)).toEqual(["request_headers", "playback_token", "geo_routing", "origin_auth_miss", "origin_auth_pass", "stale_on_error", "security_headers"]);
        expect(one(plans["prod-us"], "fastly:index/serviceDictionaryItems:ServiceDictionaryItems", "bibox-edge-fastly-playback-keys").inputs.items).toBe("[secret]");
    });

    it("Akamai: CP code, Enhanced TLS edge hostname, AMD property on the media buckets, staging activation only", () => {
        const rs = plans["prod-us"];
        expect(one(rs, akamai.EdgeHostName.__pulumiType, "bibox-edge-akamai-edge-hostname").inputs).toMatchObject({ edgeHostname: "video.pleasure.tv.edgekey.net", certificate: 314159, productId: "prd_Adaptive_Media_Delivery" });
        const property = one(rs, akamai.Property.__pulumiType, "bibox-edge-akamai-property");
        expect(property.inputs).toMatchObject({ name: "video.pleasure.tv", productId: "prd_Adaptive_Media_Delivery", hostnames: [{ cnameFrom: "video.pleasure.tv", cnameTo: "video.pleasure.tv.edgekey.net", certProvisioningType: "CPS_MANAGED" }] });
        const rules = JSON.parse(property.inputs.rules as string).rules;
        expect(rules.behaviors.find((b: { name: string }) => b.name === "origin").options.hostname).toBe("bibox-media-us-east-1-123456789012.s3.us-east-1.amazonaws.com");
        expect(ofType(rs, akamai.PropertyActivation.__pulumiType).map((a) => a.inputs.network)).toEqual(["STAGING"]);
        for (const r of ofType(rs, "akamai:index/cpCode:CpCode")) expect(r.provider).toMatch(/pulumi:providers:akamai::bibox-akamai::/);
    });

    it("Akamai activates production too when config says so", async () => {
        const edge = JSON.parse(JSON.stringify((await evaluate("prod-us")).config["bibox:edge"]));
        edge.akamai.activateProduction = true;
        const rs = (await evaluate("prod-us", tempProject({ "prod-us": { "bibox:edge": edge } }))).resources;
        expect(ofType(rs, akamai.PropertyActivation.__pulumiType).map((a) => a.inputs.network)).toEqual(["STAGING", "PRODUCTION"]);
    });
});

describe("the Akamai binding", () => {
    it("registers the provider's real type tokens, pinned to one plugin version", () => {
        expect([akamai.Property.__pulumiType, akamai.PropertyActivation.__pulumiType, akamai.CpCode.__pulumiType, akamai.EdgeHostName.__pulumiType, akamai.Provider.__pulumiType]).toEqual([
            "akamai:index/property:Property",
            "akamai:index/propertyActivation:PropertyActivation",
            "akamai:index/cpCode:CpCode",
            "akamai:index/edgeHostName:EdgeHostName",
            "akamai",
        ]);
        expect(akamai.AKAMAI_PLUGIN_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    });

    it("keeps the EdgeGrid credentials secret", () => {
        expect(one(plans["prod-us"], "pulumi:providers:akamai", "bibox-akamai").inputs).toEqual({ config: "[secret]" });
    });
});

describe("credentials", () => {
    it.each(STACKS)("%s: the provider tokens appear nowhere in plain text", (stack) => {
        const text = JSON.stringify(plans[stack]);
        expect(text).not.toContain("offline-plan-placeholder");
        for (const type of ["pulumi:providers:cloudflare", "pulumi:providers:fastly"]) {
            const p = ofType(plans[stack], type)[0];
            expect(Object.values(p.inputs).filter((v) => v !== "[secret]" && typeof v === "string" && v.length > 20)).toEqual([]);
        }
    });

    // Values, not key names: README step 3 sets the credentials with `pulumi config set --secret`,
    // which writes `{ secure: v1:… }` into the stack file. Only a plain-text value is a leak.
    const CREDENTIAL = /ApiToken|ApiKey|ClientSecret|ClientToken|AccessToken|TokenKey|onCallEndpoint|secretKey|password/i;
    const plainCredentials = (text: string) =>
        Object.entries((parse(text) as { config?: Record<string, unknown> }).config ?? {})
            .filter(([key, value]) => CREDENTIAL.test(key) && !(value !== null && typeof value === "object" && typeof (value as { secure?: unknown }).secure === "string"))
            .map(([key]) => key);

    it("no stack file holds a credential in plain text; secure values (README step 3) are fine", () => {
        for (const stack of STACKS) expect(plainCredentials(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")), stack).toEqual([]);
        const followedStep3 = "config:\n  aws:region: eu-west-1\n  bibox:cloudflareApiToken:\n    secure: v1:AAABBB\n  bibox:fastlyApiKey:\n    secure: v1:CCC\n";
        expect(plainCredentials(followedStep3)).toEqual([]);
        expect(plainCredentials("config:\n  bibox:cloudflareApiToken: cf-in-clear\n")).toEqual(["bibox:cloudflareApiToken"]);
    });
});
