import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { originHost } from "../lib/naming";
import { ddosRules, managedWafRules, originAuthRules, rateLimitRules, scalperRules, ZONE_SETTINGS } from "./cloudflare-rules";
import { cloudflareCheckRegionFor, CLOUDFLARE_REGIONS, steering } from "./geo";
import { hostLabel, ORIGIN_AUTH_HEADER, OriginService } from "./origin-routes";

/** A hostname Cloudflare load-balances, and the origin service it reaches. */
export interface CloudflareSite {
    /** The public hostname (`api.pleasure.tv`): the load balancer's name, and the Host its pools send. */
    host: string;
    /** The origin service the hostname reaches: one pool and one monitor per service. */
    service: OriginService;
}

export interface CloudflareEdgeArgs {
    /** The Cloudflare account of the load balancer pools and monitors. */
    accountId: string;
    /** The zone of the settings, rulesets, bot management and load balancers. */
    zoneId: string;
    /** The zone's name: the pools' origins are origin-<region>.<zone>. */
    zone: string;
    /** The load-balanced hostnames (API and web), each with its origin service (origin-routes.ts). */
    sites: readonly CloudflareSite[];
    /** The API host: its per-client rate limits. */
    apiHost: string;
    /** The web host: the rules against scalper bots and its rate limits. */
    webHost: string;
    /** Every region, each with its origin. */
    regions: readonly string[];
    /** Region that takes the traffic when no pool is healthy by geography. @default the first region */
    fallbackRegion?: string;
    /** The owner's origin-authentication token (secret): sent as ORIGIN_AUTH_HEADER to the origins. */
    originAuthToken: pulumi.Input<string>;
}

/**
 * Health monitor, per service: /healthz over HTTPS every 10 s (Enterprise's lowest interval), a
 * probe failing after 2 s and one immediate retry, an origin out after 2 failing probes:
 * 10 s × 2 + 2 s × 2 = 24 s, 20 % under the 30 s objective (failover.ts cloudflareDetection).
 */
export const MONITOR = { type: "https", method: "GET", path: "/healthz", expectedCodes: "200", interval: 10, timeout: 2, retries: 1, consecutiveDown: 2, consecutiveUp: 2 } as const;

/**
 * Cloudflare for the API and web (owner stack): zone TLS settings, WAF managed rules, rules against
 * scalper bots, rate limits, the tuned L7 DDoS ruleset, bot management, tiered cache, the
 * origin-authentication header, and per hostname a proxied load balancer over a pool per region
 * (geo steering, failover across pools) whose endpoint sends that hostname as Host and SNI, so the
 * regional ALB routes it to the hostname's own target group; a monitor per service checks it the
 * same way, with the auth header.
 */
export class CloudflareEdge extends pulumi.ComponentResource {
    /** Pool ids by service, then region. */
    public readonly poolIds: Record<string, Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: CloudflareEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:CloudflareEdge", name, {}, opts);
        const services = args.sites.map((s) => s.service);
        if (new Set(services).size !== services.length) throw new Error("each Cloudflare site needs its own origin service: a pool sends one Host");
        const parent = { parent: this };
        const zoneId = args.zoneId;

        for (const s of ZONE_SETTINGS) {
            new cloudflare.ZoneSetting(`${name}-${s.settingId.replace(/_/g, "-")}`, { zoneId, settingId: s.settingId, value: s.value }, parent);
        }
        const ruleset = (phase: string, role: string, description: string, rules: cloudflare.types.input.RulesetRule[]) =>
            new cloudflare.Ruleset(`${name}-${role}`, { zoneId, kind: "zone", phase, name: `bibox ${role}`, description, rules }, parent);
        ruleset("http_request_firewall_managed", "waf-managed", "Cloudflare Managed and OWASP Core rulesets", managedWafRules());
        ruleset("http_request_firewall_custom", "waf-custom", "Scalper bots on drops and checkout", scalperRules(args.webHost));
        ruleset("http_ratelimit", "rate-limits", "Per-client rate limits", rateLimitRules(args.apiHost, args.webHost));
        ruleset("ddos_l7", "ddos-l7", "HTTP DDoS protection, tuned", ddosRules());
        // Only the token is secret: the header name and the hosts stay readable in the plan.
        ruleset("http_request_late_transform", "origin-auth", `${ORIGIN_AUTH_HEADER} to the regional origins`,
            originAuthRules(args.sites.map((s) => s.host), ORIGIN_AUTH_HEADER, pulumi.secret(args.originAuthToken)));
        new cloudflare.BotManagement(`${name}-bots`, {
            zoneId,
            enableJs: true,
            autoUpdateModel: true,
            aiBotsProtection: "block",
            suppressSessionScore: false,
        }, parent);
        new cloudflare.TieredCache(`${name}-tiered-cache`, { zoneId, value: "on" }, parent);

        // Monitors send the endpoint's Host override (it takes precedence over a monitor's Host:
        // https://developers.cloudflare.com/load-balancing/monitors/#host-header-prioritization)
        // and the auth header, so they check the very listener rule and target group users reach.
        const monitors = Object.fromEntries(services.map((svc) => [svc, new cloudflare.LoadBalancerMonitor(`${name}-monitor-${svc}`, {
            accountId: args.accountId,
            description: `bibox ${svc} origins: /healthz over HTTPS`,
            ...MONITOR,
            header: { [ORIGIN_AUTH_HEADER]: [pulumi.secret(args.originAuthToken)] },
            followRedirects: false,
            allowInsecure: false,
        }, { parent: this, aliases: svc === "web" ? [{ name: `${name}-monitor` }] : [] })]));

        const pools: Record<string, Record<string, cloudflare.LoadBalancerPool>> = {};
        for (const site of args.sites) {
            pools[site.service] ??= {};
            for (const region of args.regions) {
                const address = originHost(region, args.zone);
                pools[site.service][region] ??= new cloudflare.LoadBalancerPool(`${name}-pool-${site.service}-${region}`, {
                    accountId: args.accountId,
                    name: `bibox-${site.service}-${region}`,
                    description: `${site.host} at the origin of ${region}`,
                    // The endpoint resolves origin-<region> (the ALB) and sends the public hostname
                    // as Host, which Cloudflare also sends as SNI (origin-routes.ts).
                    origins: [{ name: `${site.service}-${region}`, address, enabled: true, weight: 1, header: { hosts: [site.host] } }],
                    monitor: monitors[site.service].id,
                    minimumOrigins: 1,
                    checkRegions: [cloudflareCheckRegionFor(region)],
                }, { parent: this, aliases: site.service === "web" ? [{ name: `${name}-pool-${region}` }] : [] });
            }
        }
        const fallback = args.fallbackRegion ?? args.regions[0];
        for (const site of args.sites) {
            const ids = (regions: string[]) => regions.map((r) => pools[site.service][r].id);
            const regionPools = Object.fromEntries(Object.entries(steering(CLOUDFLARE_REGIONS, args.regions)).map(([area, order]) => [area, ids(order)]));
            new cloudflare.LoadBalancer(`${name}-lb-${hostLabel(site.host)}`, {
                zoneId,
                name: site.host,
                description: `${site.host}: nearest healthy region`,
                proxied: true,
                steeringPolicy: "geo",
                regionPools,
                defaultPools: ids([fallback, ...args.regions.filter((r) => r !== fallback)]),
                fallbackPool: pools[site.service][fallback].id,
                adaptiveRouting: { failoverAcrossPools: true },
                sessionAffinity: "none",
            }, parent);
        }

        this.poolIds = Object.fromEntries(Object.entries(pools).map(([svc, byRegion]) => [svc, Object.fromEntries(Object.entries(byRegion).map(([r, p]) => [r, p.id]))]));
        this.registerOutputs({ poolIds: this.poolIds });
    }
}
