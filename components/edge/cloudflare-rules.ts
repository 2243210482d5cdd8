/**
 * Cloudflare rulesets for the API and web zone (pure): managed WAF, custom rules against scalper
 * bots, rate limits, the tuned L7 DDoS ruleset and the origin-authentication header. Expressions
 * use Cloudflare's Rules language; test/components/edge/cloudflare-expression.test.ts parses every one of them and
 * checks its fields against cloudflare-fields.ts.
 *
 * Challenges need a browser: a managed challenge is a page that runs JavaScript
 * (https://developers.cloudflare.com/waf/reference/cloudflare-challenges/), and the JavaScript
 * detection field is only meaningful "on endpoints expecting browser traffic (avoiding native
 * mobile applications or websocket endpoints)"
 * (https://developers.cloudflare.com/cloudflare-challenges/challenge-types/javascript-detections/).
 * So every challenge here is scoped to the web host; the API host (apps, partners, scripts) is
 * blocked or let through, never challenged.
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
const onHost = (host: string) => `http.host eq "${host}"`;

/** A request-header rewrite: `set` a header to a static value (Transform Rules). */
export interface HeaderRewrite<V> {
    operation: "set";
    value: V;
}

export interface RulesetRule<V = string> {
    ref: string;
    description: string;
    expression: string;
    action: string;
    enabled: boolean;
    actionParameters?: {
        id?: string;
        headers?: Record<string, HeaderRewrite<V>>;
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
 * Scalper bots on drops and checkout: definitely automated traffic is blocked on every host;
 * likely automated browsers on the web host must pass a managed challenge, and a checkout POST
 * from a browser that never ran the JavaScript detection is challenged; verified bots (search
 * engines) are left alone. The API host is never challenged (see the header).
 */
export function scalperRules(webHost: string): RulesetRule[] {
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
            description: "Web drops and checkout: managed challenge for likely automated browsers (bot score < 30)",
            expression: `${onHost(webHost)} and ${hotPaths()} and cf.bot_management.score lt 30 and ${human}`,
            action: "managed_challenge",
            enabled: true,
        },
        {
            ref: "checkout_requires_js_detection",
            description: "Web checkout POSTs from browsers that never ran the JavaScript detection are challenged",
            expression: `${onHost(webHost)} and starts_with(http.request.uri.path, "/checkout") and http.request.method eq "POST" and not cf.bot_management.js_detection.passed and ${human}`,
            action: "managed_challenge",
            enabled: true,
        },
    ];
}

/**
 * Per-client rate limits (counted per IP within each Cloudflare data centre). Drops: browsers on
 * the web host are challenged, everything else (the API host) is blocked for the same window.
 */
export function rateLimitRules(apiHost: string, webHost: string): RulesetRule[] {
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
            description: "Web drops: 10 requests per 10 seconds per client, then a challenge",
            expression: `${onHost(webHost)} and starts_with(http.request.uri.path, "/shop/drops")`,
            action: "managed_challenge",
            enabled: true,
            ratelimit: { characteristics: perClient, period: 10, requestsPerPeriod: 10 },
        },
        {
            ref: "ratelimit_drops_api",
            description: "Drops on any other host (API clients cannot solve a challenge): 10 requests per 10 seconds per client, then blocked for 10 seconds",
            expression: `http.host ne "${webHost}" and starts_with(http.request.uri.path, "/shop/drops")`,
            action: "block",
            enabled: true,
            ratelimit: { characteristics: perClient, period: 10, requestsPerPeriod: 10, mitigationTimeout: 10 },
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

/**
 * The origin-authentication header on every request Cloudflare sends to the load-balanced hosts
 * (and only those, so no other origin of the zone ever sees the secret): a Request Header
 * Transform Rule, phase `http_request_late_transform`, action `rewrite` with a `set` header
 * operation (https://developers.cloudflare.com/rules/transform/request-header-modification/).
 * The value is the owner's secret token; the plan shows it as "[secret]".
 */
export function originAuthRules<V>(hosts: readonly string[], header: string, token: V): RulesetRule<V>[] {
    return [
        {
            ref: "origin_auth_header",
            description: `Add ${header} for the regional origins (load-balanced hosts only)`,
            expression: `http.host in {${hosts.map((h) => `"${h}"`).join(" ")}}`,
            action: "rewrite",
            enabled: true,
            actionParameters: { headers: { [header]: { operation: "set", value: token } } },
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
