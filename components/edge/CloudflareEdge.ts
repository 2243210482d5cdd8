import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { originHost } from "../naming";
import { ddosRules, managedWafRules, rateLimitRules, scalperRules, ZONE_SETTINGS } from "./cloudflare-rules";
import { CLOUDFLARE_CHECK_REGIONS, CLOUDFLARE_REGIONS, steering } from "./geo";

export interface CloudflareEdgeArgs {
    accountId: string;
    zoneId: string;
    zone: string;
    /** Host names the load balancer answers for (API and web). */
    hostnames: readonly string[];
    apiHost: string;
    /** Every region, each with its origin. */
    regions: readonly string[];
    /** Region that takes the traffic when no pool is healthy by geography. @default the first region */
    fallbackRegion?: string;
}

/** Health monitor: an origin is out after 2 failed probes 10 s apart, the last timing out at 5 s (25 s). */
export const MONITOR = { type: "https", method: "GET", path: "/healthz", expectedCodes: "200", interval: 10, timeout: 5, retries: 1, consecutiveDown: 2, consecutiveUp: 2 } as const;

/**
 * Cloudflare for the API and web (owner stack): zone TLS settings, WAF managed rules, rules against
 * scalper bots, rate limits, the tuned L7 DDoS ruleset, bot management, tiered cache, and a proxied
 * load balancer with a pool per region, geo steering, failover across pools and a fast monitor.
 */
export class CloudflareEdge extends pulumi.ComponentResource {
    public readonly poolIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: CloudflareEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:CloudflareEdge", name, {}, opts);
        const parent = { parent: this };
        const zoneId = args.zoneId;

        for (const s of ZONE_SETTINGS) {
            new cloudflare.ZoneSetting(`${name}-${s.settingId.replace(/_/g, "-")}`, { zoneId, settingId: s.settingId, value: s.value }, parent);
        }
        const ruleset = (phase: string, role: string, description: string, rules: cloudflare.types.input.RulesetRule[]) =>
            new cloudflare.Ruleset(`${name}-${role}`, { zoneId, kind: "zone", phase, name: `bibox ${role}`, description, rules }, parent);
        ruleset("http_request_firewall_managed", "waf-managed", "Cloudflare Managed and OWASP Core rulesets", managedWafRules());
        ruleset("http_request_firewall_custom", "waf-custom", "Scalper bots on drops and checkout", scalperRules());
        ruleset("http_ratelimit", "rate-limits", "Per-client rate limits", rateLimitRules(args.apiHost));
        ruleset("ddos_l7", "ddos-l7", "HTTP DDoS protection, tuned", ddosRules());
        new cloudflare.BotManagement(`${name}-bots`, {
            zoneId,
            enableJs: true,
            autoUpdateModel: true,
            aiBotsProtection: "block",
            suppressSessionScore: false,
        }, parent);
        new cloudflare.TieredCache(`${name}-tiered-cache`, { zoneId, value: "on" }, parent);

        const monitor = new cloudflare.LoadBalancerMonitor(`${name}-monitor`, {
            accountId: args.accountId,
            description: "bibox origins: /healthz over HTTPS",
            ...MONITOR,
            followRedirects: false,
            allowInsecure: false,
        }, parent);
        const pools: Record<string, cloudflare.LoadBalancerPool> = {};
        for (const region of args.regions) {
            const host = originHost(region, args.zone);
            pools[region] = new cloudflare.LoadBalancerPool(`${name}-pool-${region}`, {
                accountId: args.accountId,
                name: `bibox-${region}`,
                description: `Origin of ${region}`,
                origins: [{ name: region, address: host, enabled: true, weight: 1, header: { hosts: [host] } }],
                monitor: monitor.id,
                minimumOrigins: 1,
                checkRegions: [CLOUDFLARE_CHECK_REGIONS[region] ?? "ALL_REGIONS"],
            }, parent);
        }
        const ids = (regions: string[]) => regions.map((r) => pools[r].id);
        const regionPools = Object.fromEntries(Object.entries(steering(CLOUDFLARE_REGIONS, args.regions)).map(([area, order]) => [area, ids(order)]));
        const fallback = args.fallbackRegion ?? args.regions[0];
        for (const host of args.hostnames) {
            new cloudflare.LoadBalancer(`${name}-lb-${host.split(".")[0]}`, {
                zoneId,
                name: host,
                description: `${host}: nearest healthy region`,
                proxied: true,
                steeringPolicy: "geo",
                regionPools,
                defaultPools: ids([fallback, ...args.regions.filter((r) => r !== fallback)]),
                fallbackPool: pools[fallback].id,
                adaptiveRouting: { failoverAcrossPools: true },
                sessionAffinity: "none",
            }, parent);
        }

        this.poolIds = Object.fromEntries(args.regions.map((r) => [r, pools[r].id]));
        this.registerOutputs({ poolIds: this.poolIds });
    }
}
