/**
 * Edge logic of the Fastly service as VCL snippets (pure): backend choice by continent with
 * health fallback, signed-token check for playback manifests, request headers for the
 * application, and stale serving when the origin fails.
 */

/** Fastly names a VCL backend `F_` + its name with non-alphanumerics as underscores. */
export const backendName = (region: string) => `origin_${region.replace(/-/g, "_")}`;
export const vclBackend = (region: string) => `F_${backendName(region)}`;

/** The edge dictionary holding the playback signing key (write-only: never readable back). */
export const PLAYBACK_KEYS_DICTIONARY = "playback_keys";

export interface Snippet {
    name: string;
    type: "recv" | "fetch" | "deliver" | "error" | "init";
    priority: number;
    content: string;
}

/**
 * Each continent to its nearest healthy region, the others in order of distance as fallbacks.
 * Only on the shield/edge hop that talks to an origin (req.backend.is_origin), so shielding keeps
 * its own routing.
 */
export function geoRoutingSnippet(byContinent: Readonly<Record<string, string[]>>): Snippet {
    const choose = (regions: string[]) =>
        regions.map((r, j) => {
            const set = `set req.backend = ${vclBackend(r)};`;
            if (j === 0) return `    if (backend.${vclBackend(r)}.healthy) { ${set} }`;
            return j === regions.length - 1 ? `    else { ${set} }` : `    else if (backend.${vclBackend(r)}.healthy) { ${set} }`;
        });
    const lines = ["if (req.backend.is_origin) {"];
    Object.entries(byContinent).forEach(([continent, regions], i) => {
        lines.push(`  ${i === 0 ? "if" : "} else if"} (client.geo.continent_code == "${continent}") {`, ...choose(regions));
    });
    lines.push("  }", "}");
    return { name: "geo_routing", type: "recv", priority: 20, content: lines.join("\n") };
}

/**
 * Playback manifests (.m3u8, .mpd) need `exp` (epoch seconds, in the future) and `token` =
 * hex HMAC-SHA256 of path + exp under the current key; anything else is refused with 403.
 */
export function playbackTokenSnippet(): Snippet {
    return {
        name: "playback_token",
        type: "recv",
        priority: 10,
        content: [
            `if (req.url.ext ~ "^(m3u8|mpd)$") {`,
            `  declare local var.exp STRING;`,
            `  declare local var.token STRING;`,
            `  set var.exp = subfield(req.url.qs, "exp", "&");`,
            `  set var.token = subfield(req.url.qs, "token", "&");`,
            `  if (var.exp !~ "^[0-9]+$" || std.atoi(var.exp) < std.atoi(strftime({"%s"}, now))) {`,
            `    error 403 "expired playback token";`,
            `  }`,
            `  if (!digest.secure_is_equal(var.token, digest.hmac_sha256(table.lookup(${PLAYBACK_KEYS_DICTIONARY}, "current"), req.url.path var.exp))) {`,
            `    error 403 "invalid playback token";`,
            `  }`,
            `}`,
        ].join("\n"),
    };
}

/** What the application reads: a request id, the client's country and continent, the edge POP. */
export function requestHeadersSnippet(): Snippet {
    return {
        name: "request_headers",
        type: "recv",
        priority: 5,
        content: [
            `if (!req.http.X-Request-ID) { set req.http.X-Request-ID = uuid.version4(); }`,
            `set req.http.X-Client-Country = client.geo.country_code;`,
            `set req.http.X-Client-Continent = client.geo.continent_code;`,
            `set req.http.X-Edge-POP = server.datacenter;`,
        ].join("\n"),
    };
}

/** Serve stale for a day if the origin fails, revalidate in the background for 30 s. */
export function staleSnippet(): Snippet {
    return {
        name: "stale_on_error",
        type: "fetch",
        priority: 10,
        content: [`set beresp.stale_if_error = 86400s;`, `set beresp.stale_while_revalidate = 30s;`].join("\n"),
    };
}

/** HSTS and nosniff on every response; which region answered, for debugging. */
export function securityHeadersSnippet(): Snippet {
    return {
        name: "security_headers",
        type: "deliver",
        priority: 10,
        content: [
            `set resp.http.Strict-Transport-Security = "max-age=63072000; includeSubDomains; preload";`,
            `set resp.http.X-Content-Type-Options = "nosniff";`,
            `set resp.http.X-Request-ID = req.http.X-Request-ID;`,
        ].join("\n"),
    };
}
