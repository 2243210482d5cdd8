/**
 * Cloudflare rulesets for the API and web zone (pure): managed WAF, custom rules against scalper
 * bots, rate limits and the tuned L7 DDoS ruleset. Expressions use Cloudflare's Rules language.
 */

/** Cloudflare's managed rulesets, by their published ids. */
export const MANAGED_RULESETS = {
    cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee",
    owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f",
    ddosL7: "4d21379b4f9f4bb088e0729962c8b3cf",
} as const;

/** The OWASP ruleset's anomaly-score rule ("Inbound Anomaly Score Exceeded"). */
export const OWASP_ANOMALY_RULE = "6179ae15870a4bb7b2d480d4843b323c";

/** Where the scalpers go: product drops and checkout. */
export const SHOP_HOT_PATHS = ["/shop/drops", "/checkout"] as const;

const hotPaths = () => `(${SHOP_HOT_PATHS.map((p) => `starts_with(http.request.uri.path, "${p}")`).join(" or ")})`;

export interface RulesetRule {
    ref: string;
    description: string;
    expression: string;
    action: string;
    enabled: boolean;
    actionParameters?: {
        id: string;
        overrides?: {
            action?: string;
            sensitivityLevel?: string;
            rules?: { id: string; action?: string; scoreThreshold?: number }[];
        };
    };
    ratelimit?: { characteristics: string[]; period: number; requestsPerPeriod: number; mitigationTimeout?: number };
}

/** Execute Cloudflare Managed and OWASP Core; OWASP blocks from a medium anomaly score. */
export function managedWafRules(): RulesetRule[] {
    return [
        { ref: "cloudflare_managed", description: "Cloudflare Managed Ruleset", expression: "true", action: "execute", enabled: true, actionParameters: { id: MANAGED_RULESETS.cloudflareManaged } },
        {
            ref: "owasp_core",
            description: "OWASP Core Ruleset, blocking from anomaly score 40",
            expression: "true",
            action: "execute",
            enabled: true,
            actionParameters: { id: MANAGED_RULESETS.owaspCore, overrides: { rules: [{ id: OWASP_ANOMALY_RULE, action: "block", scoreThreshold: 40 }] } },
        },
    ];
}

/**
 * Scalper bots on drops and checkout: definitely automated traffic is blocked, likely automated
 * traffic must pass a managed challenge; verified bots (search engines) are left alone.
 */
export function scalperRules(): RulesetRule[] {
    const human = "not cf.bot_management.verified_bot";
    return [
        {
            ref: "scalpers_block_automated",
            description: "Drops and checkout: block definitely automated clients (bot score < 10)",
            expression: `${hotPaths()} and cf.bot_management.score lt 10 and ${human}`,
            action: "block",
            enabled: true,
        },
        {
            ref: "scalpers_challenge_likely_automated",
            description: "Drops and checkout: managed challenge for likely automated clients (bot score < 30)",
            expression: `${hotPaths()} and cf.bot_management.score lt 30 and ${human}`,
            action: "managed_challenge",
            enabled: true,
        },
        {
            ref: "checkout_requires_js_detection",
            description: "Checkout POSTs from clients that never ran the JavaScript detection are challenged",
            expression: `starts_with(http.request.uri.path, "/checkout") and http.request.method eq "POST" and not cf.bot_management.js_detection.passed and ${human}`,
            action: "managed_challenge",
            enabled: true,
        },
    ];
}

/** Per-client rate limits (counted per IP within each Cloudflare data centre). */
export function rateLimitRules(apiHost: string): RulesetRule[] {
    const perClient = ["cf.colo.id", "ip.src"];
    return [
        {
            ref: "ratelimit_checkout",
            description: "Checkout: 20 requests a minute per client, then blocked for 10 minutes",
            expression: `starts_with(http.request.uri.path, "/checkout")`,
            action: "block",
            enabled: true,
            ratelimit: { characteristics: perClient, period: 60, requestsPerPeriod: 20, mitigationTimeout: 600 },
        },
        {
            ref: "ratelimit_drops",
            description: "Drops: 10 requests per 10 seconds per client, then a challenge",
            expression: `starts_with(http.request.uri.path, "/shop/drops")`,
            action: "managed_challenge",
            enabled: true,
            ratelimit: { characteristics: perClient, period: 10, requestsPerPeriod: 10 },
        },
        {
            ref: "ratelimit_api",
            description: "API: 600 requests a minute per client, then blocked for a minute",
            expression: `http.host eq "${apiHost}"`,
            action: "block",
            enabled: true,
            ratelimit: { characteristics: perClient, period: 60, requestsPerPeriod: 600, mitigationTimeout: 60 },
        },
    ];
}

/** The L7 DDoS managed ruleset, tuned: high sensitivity, block rather than challenge. */
export function ddosRules(): RulesetRule[] {
    return [
        {
            ref: "ddos_l7",
            description: "HTTP DDoS attack protection: high sensitivity, block",
            expression: "true",
            action: "execute",
            enabled: true,
            actionParameters: { id: MANAGED_RULESETS.ddosL7, overrides: { sensitivityLevel: "default", action: "block" } },
        },
    ];
}

/** HSTS as the `security_header` zone setting takes it: two years, subdomains, preload. */
export const HSTS = { strict_transport_security: { enabled: true, max_age: 63072000, include_subdomains: true, preload: true, nosniff: true } };

/** Zone settings: TLS 1.3 on, TLS 1.2 minimum, full strict origin TLS, HTTPS only, HSTS. */
export const ZONE_SETTINGS: ReadonlyArray<{ settingId: string; value: unknown }> = [
    { settingId: "tls_1_3", value: "on" },
    { settingId: "min_tls_version", value: "1.2" },
    { settingId: "ssl", value: "strict" },
    { settingId: "always_use_https", value: "on" },
    { settingId: "security_header", value: HSTS },
];
