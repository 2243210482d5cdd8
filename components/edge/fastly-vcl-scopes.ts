/**
 * Where Fastly allows each VCL variable, function and statement the program uses (pure): one typed
 * row per symbol, with the subroutines Fastly lists under "Available in" on the symbol's reference
 * page (https://www.fastly.com/documentation/reference/vcl/, one page per symbol, cited per row) and
 * cross-checked against the VCL linter falco's generated scope tables (github.com/ysugimoto/falco
 * __generator__/predefined.yml and builtin.yml @ c95b6fa2d1a7, the `on:` lists). The VCL generator
 * (fastly-vcl-builder.ts) only takes names whose row allows the snippet's subroutine, so a variable
 * out of its scope is a compile error; fastly-vcl-lint.ts re-checks the emitted text against the
 * same rows.
 *
 * Snippet types are those of ServiceVcl `snippets[].type` (@pulumi/fastly 11.1 types/input.d.ts:
 * init, recv, hash, hit, miss, pass, fetch, error, deliver, log, none). `init` snippets sit outside
 * every subroutine (declarations only), so no variable or function row lists it.
 */

/** The built-in subroutines a snippet can be placed in (vcl_<name>). */
export const SUBROUTINES = ["recv", "hash", "hit", "miss", "pass", "fetch", "error", "deliver", "log"] as const;
export type Subroutine = (typeof SUBROUTINES)[number];
/** ServiceVcl snippet placements: a subroutine, or `init` (top level) / `none` (not rendered). */
export type SnippetType = Subroutine | "init" | "none";

/** VCL types (https://www.fastly.com/documentation/reference/vcl/types/). */
export type VclType = "BOOL" | "INTEGER" | "STRING" | "RTIME" | "BACKEND";

export interface ScopeRow {
    /** Where Fastly allows the symbol ("Available in"). */
    readonly scopes: readonly Subroutine[];
    readonly source: string;
}

export interface VariableRow extends ScopeRow {
    readonly type: VclType;
    /** Where it can be `set` (and `unset`, for headers); empty when read-only. */
    readonly writable: readonly Subroutine[];
}

export interface FunctionRow extends ScopeRow {
    readonly returns: VclType;
}

const ALL = SUBROUTINES;
const V = "https://www.fastly.com/documentation/reference/vcl/variables";
const F = "https://www.fastly.com/documentation/reference/vcl/functions";

/**
 * Variables. `{NAME}` stands for a header name (req.http.X-Request-ID) or a backend's VCL name
 * (backend.F_origin_eu_west_1.healthy).
 */
export const VCL_VARIABLES = {
    "req.http.{NAME}": { type: "STRING", scopes: ALL, writable: ALL, source: `${V}/client-request/req-http/` },
    "req.url": { type: "STRING", scopes: ALL, writable: ALL, source: `${V}/client-request/req-url/` },
    "req.url.path": { type: "STRING", scopes: ALL, writable: [], source: `${V}/client-request/req-url-path/` },
    "req.url.ext": { type: "STRING", scopes: ALL, writable: [], source: `${V}/client-request/req-url-ext/` },
    "req.restarts": { type: "INTEGER", scopes: ALL, writable: [], source: `${V}/server/req-restarts/` },
    // "Available in pass miss fetch"; the page warns that snippets run before the default backend
    // assignment, so in vcl_recv it never sees the backend Fastly will use.
    "req.backend.is_origin": { type: "BOOL", scopes: ["pass", "miss", "fetch"], writable: [], source: `${V}/backend-connection/req-backend-is-origin/` },
    // Each POP runs its own health checks ("roughly one health check per Fastly POP per period":
    // https://www.fastly.com/documentation/guides/getting-started/hosts/working-with-health-checks).
    "backend.{NAME}.healthy": { type: "BOOL", scopes: ALL, writable: [], source: `${V}/backend-connection/backend-healthy/` },
    "client.geo.continent_code": { type: "STRING", scopes: ALL, writable: [], source: `${V}/geolocation/client-geo-continent-code/` },
    "client.geo.country_code": { type: "STRING", scopes: ALL, writable: [], source: `${V}/geolocation/client-geo-country-code/` },
    // 0 on the first Fastly server that sees the request, > 0 on a shield (validated Fastly-FF).
    "fastly.ff.visits_this_service": { type: "INTEGER", scopes: ALL, writable: [], source: `${V}/miscellaneous/fastly-ff-visits-this-service/` },
    "server.datacenter": { type: "STRING", scopes: ALL, writable: [], source: `${V}/server/server-datacenter/` },
    "now.sec": { type: "STRING", scopes: ALL, writable: [], source: `${V}/date-and-time/now-sec/` },
    // "Available in pass miss fetch"; changing them in vcl_fetch has no effect, so set only before the fetch.
    "bereq.http.{NAME}": { type: "STRING", scopes: ["pass", "miss", "fetch"], writable: ["pass", "miss"], source: `${V}/backend-request/bereq-http/` },
    "beresp.stale_if_error": { type: "RTIME", scopes: ["fetch"], writable: ["fetch"], source: `${V}/backend-response/beresp-stale-if-error/` },
    "beresp.stale_while_revalidate": { type: "RTIME", scopes: ["fetch"], writable: ["fetch"], source: `${V}/backend-response/beresp-stale-while-revalidate/` },
    "resp.http.{NAME}": { type: "STRING", scopes: ["deliver", "log"], writable: ["deliver", "log"], source: `${V}/client-response/resp-http/` },
} as const satisfies Record<string, VariableRow>;

/** Functions (every one the program calls is available in all subroutines). */
export const VCL_FUNCTIONS = {
    "uuid.version4": { returns: "STRING", scopes: ALL, source: `${F}/uuid/uuid-version4/` },
    "querystring.get": { returns: "STRING", scopes: ALL, source: `${F}/query-string/querystring-get/` },
    "querystring.filter": { returns: "STRING", scopes: ALL, source: `${F}/query-string/querystring-filter/` },
    "querystring.filtersep": { returns: "STRING", scopes: ALL, source: `${F}/query-string/querystring-filtersep/` },
    "std.atoi": { returns: "INTEGER", scopes: ALL, source: `${F}/strings/std-atoi/` },
    // A key absent from the table is "not set", which becomes "" in a STRING variable: check
    // table.contains first (table-lookup page).
    "table.contains": { returns: "BOOL", scopes: ALL, source: `${F}/table/table-contains/` },
    "table.lookup": { returns: "STRING", scopes: ALL, source: `${F}/table/table-lookup/` },
    // Returns "0x" + lowercase hex (the page's example: hmac_sha256("key", "input") =
    // "0x9e089ec13af881a8ac227a736c3e7c490ea3b4afca0c5f83dff6393b683a72e3").
    "digest.hmac_sha256": { returns: "STRING", scopes: ALL, source: `${F}/cryptographic/digest-hmac-sha256/` },
    // Constant time for strings of the same length.
    "digest.secure_is_equal": { returns: "BOOL", scopes: ALL, source: `${F}/cryptographic/digest-secure-is-equal/` },
} as const satisfies Record<string, FunctionRow>;

/** Statements whose use is limited to some subroutines. */
export const VCL_STATEMENTS = {
    // vcl_error runs "when explicitly triggered by an error statement ... in vcl_recv, vcl_hit,
    // vcl_miss, vcl_pass, or vcl_fetch"; falco linter/statement_linter.go lintErrorStatement agrees.
    error: { scopes: ["recv", "hit", "miss", "pass", "fetch"], source: "https://www.fastly.com/documentation/reference/vcl/subroutines/error/" },
} as const satisfies Record<string, ScopeRow>;

/** The VCL statement keywords the lint accepts anywhere inside a subroutine. */
export const VCL_KEYWORDS = ["if", "else", "elseif", "elsif", "set", "unset", "declare", "local", "true", "false"] as const;

type Rows = Record<string, ScopeRow>;
/** The names of `T` whose row allows subroutine `S`. */
type AllowedIn<T extends Rows, S extends Subroutine> = { [K in keyof T & string]: S extends T[K]["scopes"][number] ? K : never }[keyof T & string];
type Pattern = `${string}{NAME}${string}`;

/** Plain variables readable in `S`. */
export type VariableIn<S extends Subroutine> = Exclude<AllowedIn<typeof VCL_VARIABLES, S>, Pattern>;
/** `{NAME}` patterns (headers, backend health) usable in `S`. */
export type PatternIn<S extends Subroutine> = Extract<AllowedIn<typeof VCL_VARIABLES, S>, Pattern>;
/** Variables and patterns `S` may set. */
export type WritableIn<S extends Subroutine> = {
    [K in keyof typeof VCL_VARIABLES]: S extends (typeof VCL_VARIABLES)[K]["writable"][number] ? K : never;
}[keyof typeof VCL_VARIABLES];
export type FunctionIn<S extends Subroutine> = AllowedIn<typeof VCL_FUNCTIONS, S>;
export type StatementIn<S extends Subroutine> = AllowedIn<typeof VCL_STATEMENTS, S>;
