/**
 * The Cloudflare Rules language fields, functions and operators the program uses, with their
 * types (pure). Written from Cloudflare's own references; an expression that names anything else
 * is refused by cloudflare-expression.ts `checkExpression`.
 *
 * Fields: https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/
 * (the list Cloudflare generates it from: cloudflare/cloudflare-docs src/content/fields/index.yaml;
 * "Number" there is the type earlier pages call "Integer").
 * Functions: https://developers.cloudflare.com/ruleset-engine/rules-language/functions/
 * Operators: https://developers.cloudflare.com/ruleset-engine/rules-language/operators/
 * Rate-limiting characteristics:
 * https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/#with-the-same-characteristics
 */

export type FieldType = "String" | "Number" | "Boolean" | "IP address";

export interface FieldSpec {
    type: FieldType;
    /** Plan or add-on Cloudflare requires, as the reference labels it. */
    requires?: "Enterprise Bot Management";
}

/** Every field an expression of this program may name. */
export const CLOUDFLARE_FIELDS = {
    "http.host": { type: "String" },
    "http.request.method": { type: "String" },
    "http.request.uri.path": { type: "String" },
    "http.request.uri.query": { type: "String" },
    "http.user_agent": { type: "String" },
    "ip.src": { type: "IP address" },
    "ip.src.country": { type: "String" },
    "ssl": { type: "Boolean" },
    "cf.bot_management.score": { type: "Number", requires: "Enterprise Bot Management" },
    "cf.bot_management.verified_bot": { type: "Boolean", requires: "Enterprise Bot Management" },
    "cf.bot_management.static_resource": { type: "Boolean", requires: "Enterprise Bot Management" },
    "cf.bot_management.js_detection.passed": { type: "Boolean", requires: "Enterprise Bot Management" },
} as const satisfies Record<string, FieldSpec>;

export type CloudflareField = keyof typeof CLOUDFLARE_FIELDS;

export interface FunctionSpec {
    args: FieldType[];
    returns: FieldType;
}

/** Functions an expression may call. */
export const CLOUDFLARE_FUNCTIONS = {
    starts_with: { args: ["String", "String"], returns: "Boolean" },
    ends_with: { args: ["String", "String"], returns: "Boolean" },
    lower: { args: ["String"], returns: "String" },
    upper: { args: ["String"], returns: "String" },
    len: { args: ["String"], returns: "Number" },
} as const satisfies Record<string, FunctionSpec>;

/**
 * Comparison operators, each in its English and C-like notation, and the types they accept (the
 * operators reference's "Supported Data Types" table; `wildcard` and `strict wildcard` compare
 * strings; `matches` needs a Business or Enterprise plan). English notation is lowercase only.
 */
export const COMPARISON_OPERATORS = {
    eq: { aliases: ["=="], types: ["String", "IP address", "Number"] },
    ne: { aliases: ["!="], types: ["String", "IP address", "Number"] },
    lt: { aliases: ["<"], types: ["String", "Number"] },
    le: { aliases: ["<="], types: ["String", "Number"] },
    gt: { aliases: [">"], types: ["String", "Number"] },
    ge: { aliases: [">="], types: ["String", "Number"] },
    contains: { aliases: [], types: ["String"] },
    wildcard: { aliases: [], types: ["String"] },
    "strict wildcard": { aliases: [], types: ["String"] },
    matches: { aliases: ["~"], types: ["String"] },
    in: { aliases: [], types: ["String", "IP address", "Number"] },
} as const satisfies Record<string, { aliases: readonly string[]; types: readonly FieldType[] }>;

export type ComparisonOperator = keyof typeof COMPARISON_OPERATORS;

/**
 * Logical operators by precedence, highest first: "not, and, xor, or" (the operators reference,
 * "Order of precedence").
 */
export const LOGICAL_OPERATORS = {
    not: ["!"],
    and: ["&&"],
    xor: ["^^"],
    or: ["||"],
} as const;

/**
 * What a rate-limiting rule may count by (its `characteristics`). `cf.colo.id` (the data centre)
 * is mandatory: counters are per data centre.
 */
export const RATE_LIMIT_CHARACTERISTICS = ["cf.colo.id", "ip.src", "cf.unique_visitor_id", "ip.src.asnum", "ip.src.country", "http.host", "http.request.uri.path", "cf.bot_management.ja3_hash", "cf.bot_management.ja4"] as const;
