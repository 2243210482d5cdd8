/**
 * Edge logic of the Fastly service as VCL snippets and conditions (pure), all written through the
 * scope-checked builder (fastly-vcl-builder.ts):
 *
 * - Routing. Fastly's generated vcl_recv runs the snippets first, then "# default conditions"
 *   (`set req.backend = …` for the backend whose REQUEST condition matches), then the shielding
 *   code (`fastly.try_select_shield(ssl_shield_<pop>, F_<backend>)` for that backend). A snippet that
 *   sets req.backend is overwritten (req.backend.is_origin page: "VCL snippets run before the
 *   default backend assignment"), so the choice is handed over the documented way: a recv snippet
 *   picks the region into a request header, and each backend's REQUEST condition selects it
 *   ("the backend that is used for a request is the one with the highest-priority condition attached
 *   to it, out of all conditions that this request satisfies":
 *   https://www.fastly.com/documentation/reference/api/services/backend/). Fastly's own shielding
 *   code then sends the request through that backend's shield POP.
 * - The region: the client's continent (read once, on the first Fastly server — on a shield
 *   client.geo is the edge POP's: https://www.fastly.com/documentation/reference/vcl/variables/client-connection/client-ip/)
 *   to its regions nearest first; the first whose backend this POP sees healthy wins. A shield re-runs
 *   the choice with its own health view; fastly.try_select_shield returns a shield only if it "has not
 *   previously been visited in this request"
 *   (https://www.fastly.com/documentation/reference/vcl/functions/miscellaneous/fastly-try-select-shield/),
 *   so a request crosses at most one more shield and never loops.
 * - Playback tokens on manifests, checked on the first Fastly server and then removed from the URL
 *   so every viewer shares one cache object; the origin credential on requests to the origin only.
 */
import { createHmac } from "node:crypto";
import { requestCondition, RequestCondition, Snippet, snippet, str } from "./fastly-vcl-builder";
import { ORIGIN_AUTH_HEADER } from "./origin-routes";

/** Fastly names a VCL backend `F_` + its name with non-alphanumerics as underscores. */
export const backendName = (region: string) => `origin_${region.replace(/-/g, "_")}`;
export const vclBackend = (region: string) => `F_${backendName(region)}`;
/** The REQUEST condition that selects a region's backend. */
export const conditionName = (region: string) => `route_${backendName(region)}`;

/** Edge dictionary of the playback signing key (private: write-only). */
export const PLAYBACK_KEYS_DICTIONARY = "playback_keys";
export const PLAYBACK_KEY_ITEM = "current";
/** Edge dictionary of the origin credential (private: write-only). */
export const ORIGIN_AUTH_DICTIONARY = "origin_auth";
export const ORIGIN_AUTH_ITEM = "token";
/** Where the edge records its routing decision (read by the conditions, shown to the client). */
export const REGION_HEADER = "X-Bibox-Origin-Region";
export const CONTINENT_HEADER = "X-Client-Continent";
/** Manifest query parameters: expiry (epoch seconds) and token. */
export const TOKEN_PARAMS = { expiry: "exp", token: "token" } as const;
/** Manifests that need a token (req.url.ext: the last extension, no dot). */
export const MANIFEST_EXTENSIONS = ["m3u8", "mpd"] as const;

export { Snippet } from "./fastly-vcl-builder";
/** The secret request header the origin ALB's CDN listener requires (issue 11 decision). */
export { ORIGIN_AUTH_HEADER };

/** What the application reads, set on the first Fastly server only (a shield would see its edge POP). */
export function requestHeadersSnippet(): Snippet {
    return snippet("request_headers", "recv", 5, (x) => [
        ...x.when([[`!${x.p("req.http.{NAME}", "X-Request-ID")}`, [x.setHeader("req.http.{NAME}", "X-Request-ID", x.call("uuid.version4"))]]]),
        ...x.when([[`${x.v("fastly.ff.visits_this_service")} == 0`, [
            x.setHeader("req.http.{NAME}", "X-Client-Country", x.v("client.geo.country_code")),
            x.setHeader("req.http.{NAME}", CONTINENT_HEADER, x.v("client.geo.continent_code")),
            x.setHeader("req.http.{NAME}", "X-Edge-POP", x.v("server.datacenter")),
        ]]]),
    ]);
}

/**
 * Playback manifests need `exp` (epoch seconds, in the future) and `token` = lowercase hex of
 * HMAC-SHA256(key, URL path + exp), the key being item `current` of the private playback_keys
 * dictionary. digest.hmac_sha256 returns "0x" + lowercase hex, so the token is compared with its
 * "0x" form, in constant time (equal lengths: the token's format is checked first). A missing key
 * refuses every manifest (table.lookup of an absent key would be "", a key anyone can sign with).
 * Checked once, on the first Fastly server (fastly.ff.visits_this_service 0, no restart); the token
 * parameters then leave the URL, so the cache key is the manifest, not the viewer.
 */
/** What the application appends to a manifest URL (reference signer for playback_token's check). */
export function playbackToken(key: string, path: string, expiresAt: number): { exp: string; token: string } {
    const exp = String(Math.trunc(expiresAt));
    return { exp, token: createHmac("sha256", key).update(path + exp).digest("hex") };
}

export function playbackTokenSnippet(): Snippet {
    return snippet("playback_token", "recv", 10, (x) => {
        const [declareExp, exp] = x.declare("playback_exp", "STRING");
        const [declareToken, token] = x.declare("playback_token", "STRING");
        const [declareExpires, expires] = x.declare("playback_expires", "INTEGER");
        const [declareNow, now] = x.declare("playback_now", "INTEGER");
        const key = x.call("table.lookup", PLAYBACK_KEYS_DICTIONARY, str(PLAYBACK_KEY_ITEM));
        const expected = x.call("digest.hmac_sha256", key, `${x.v("req.url.path")} + ${exp}`);
        return [
            declareExp,
            declareToken,
            declareExpires,
            declareNow,
            ...x.when([[
                `${x.v("fastly.ff.visits_this_service")} == 0 && ${x.v("req.restarts")} == 0 && ${x.v("req.url.ext")} ~ ${str(`^(${MANIFEST_EXTENSIONS.join("|")})$`)}`,
                [
                    ...x.when([[`!${x.call("table.contains", PLAYBACK_KEYS_DICTIONARY, str(PLAYBACK_KEY_ITEM))}`, [x.error(403, "playback signing key missing")]]]),
                    x.set(exp, x.call("querystring.get", x.v("req.url"), str(TOKEN_PARAMS.expiry))),
                    x.set(token, x.call("querystring.get", x.v("req.url"), str(TOKEN_PARAMS.token))),
                    ...x.when([[`${exp} !~ "^[0-9]{1,12}$"`, [x.error(403, "missing playback token expiry")]]]),
                    ...x.when([[`${token} !~ "^[0-9a-f]{64}$"`, [x.error(403, "malformed playback token")]]]),
                    x.set(expires, x.call("std.atoi", exp)),
                    x.set(now, x.call("std.atoi", x.v("now.sec"))),
                    ...x.when([[`${expires} <= ${now}`, [x.error(403, "expired playback token")]]]),
                    ...x.when([[`!${x.call("digest.secure_is_equal", `"0x" + ${token}`, expected)}`, [x.error(403, "invalid playback token")]]]),
                    x.set("req.url", x.call("querystring.filter", x.v("req.url"), `${str(TOKEN_PARAMS.expiry)} + ${x.call("querystring.filtersep")} + ${str(TOKEN_PARAMS.token)}`)),
                ],
            ]]),
        ];
    });
}

/**
 * The region for this request: for the client's continent (recorded by request_headers on the first
 * Fastly server), its regions nearest first, the first whose backend is healthy as this POP sees
 * it; none healthy: the nearest (stale-if-error answers from cache). Continents not listed get
 * `defaultOrder`. The backend conditions (regionConditions) turn the header into req.backend.
 */
export function geoRoutingSnippet(byContinent: Readonly<Record<string, readonly string[]>>, defaultOrder: readonly string[]): Snippet {
    return snippet("geo_routing", "recv", 20, (x) => {
        const choose = (regions: readonly string[]) =>
            x.when(
                regions.map((r) => [x.p("backend.{NAME}.healthy", vclBackend(r)), [x.setHeader("req.http.{NAME}", REGION_HEADER, str(r))]] as const),
                [x.setHeader("req.http.{NAME}", REGION_HEADER, str(regions[0]))],
            );
        return x.when(
            Object.entries(byContinent).map(([continent, regions]) => [`${x.p("req.http.{NAME}", CONTINENT_HEADER)} == ${str(continent)}`, choose(regions)] as const),
            choose(defaultOrder),
        );
    });
}

/** One REQUEST condition per region's backend: selected when geo_routing chose that region. */
export function regionConditions(regions: readonly string[]): RequestCondition[] {
    return regions.map((r) => requestCondition(conditionName(r), 10, (x) => `${x.p("req.http.{NAME}", REGION_HEADER)} == ${str(r)}`));
}

/**
 * The origin credential, from the private origin_auth dictionary, on requests that leave Fastly for
 * the origin (req.backend.is_origin: in vcl_miss and vcl_pass, after the backend is assigned), and
 * never on a hop to a shield POP; missing credential: 503 rather than an unauthenticated request.
 */
export function originAuthSnippets(): Snippet[] {
    return (["miss", "pass"] as const).map((type) =>
        snippet(`origin_auth_${type}`, type, 10, (x) =>
            x.when(
                [[x.v("req.backend.is_origin"), [
                    ...x.when([[`!${x.call("table.contains", ORIGIN_AUTH_DICTIONARY, str(ORIGIN_AUTH_ITEM))}`, [x.error(503, "origin credential missing")]]]),
                    x.setHeader("bereq.http.{NAME}", ORIGIN_AUTH_HEADER, x.call("table.lookup", ORIGIN_AUTH_DICTIONARY, str(ORIGIN_AUTH_ITEM))),
                ]]],
                [x.unsetHeader("bereq.http.{NAME}", ORIGIN_AUTH_HEADER)],
            ),
        ),
    );
}

/** Serve stale for a day if the origin fails, revalidate in the background for 30 s. */
export function staleSnippet(): Snippet {
    return snippet("stale_on_error", "fetch", 10, (x) => [x.set("beresp.stale_if_error", "86400s"), x.set("beresp.stale_while_revalidate", "30s")]);
}

/** HSTS and nosniff on every response; the request id and which region the edge chose, for debugging. */
export function securityHeadersSnippet(): Snippet {
    return snippet("security_headers", "deliver", 10, (x) => [
        x.setHeader("resp.http.{NAME}", "Strict-Transport-Security", str("max-age=63072000; includeSubDomains; preload")),
        x.setHeader("resp.http.{NAME}", "X-Content-Type-Options", str("nosniff")),
        x.setHeader("resp.http.{NAME}", "X-Request-ID", x.p("req.http.{NAME}", "X-Request-ID")),
        x.setHeader("resp.http.{NAME}", REGION_HEADER, x.p("req.http.{NAME}", REGION_HEADER)),
    ]);
}
