/** Fastly VCL: the scope table, the lint over it, and the snippets the generator writes through it. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
    geoRoutingSnippet,
    originAuthSnippets,
    playbackToken,
    playbackTokenSnippet,
    regionConditions,
    requestHeadersSnippet,
    securityHeadersSnippet,
    staleSnippet,
    vclBackend,
} from "../../../components/edge/fastly-vcl";
import { snippet } from "../../../components/edge/fastly-vcl-builder";
import { assertVclInScope, lintVcl, stripLiterals } from "../../../components/edge/fastly-vcl-lint";
import { SUBROUTINES, VCL_FUNCTIONS, VCL_STATEMENTS, VCL_VARIABLES } from "../../../components/edge/fastly-vcl-scopes";
import { CONTINENTS, steering } from "../../../components/edge/geo";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const CTX = { tables: ["playback_keys", "origin_auth"], backends: REGIONS.map(vclBackend) };
const generated = () => [
    requestHeadersSnippet(),
    playbackTokenSnippet(),
    geoRoutingSnippet(steering(CONTINENTS, REGIONS), REGIONS),
    ...originAuthSnippets(),
    staleSnippet(),
    securityHeadersSnippet(),
];
const messages = (type: Parameters<typeof lintVcl>[1], content: string, ctx = CTX) => lintVcl("case", type, content, ctx).map((f) => f.message);

describe("the scope table (Fastly VCL reference, cross-checked with falco)", () => {
    // Vendor facts: "Available in" on each symbol's page of Fastly's VCL reference (the row's
    // source, e.g. https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/req-backend-is-origin/),
    // and falco __generator__/predefined.yml `on:` lists. What they decide: where the lint lets a snippet read or set it.
    const concrete = (name: string) => name.replace("{NAME}", "X-Probe");
    const readableIn = (name: string) => SUBROUTINES.filter((sub) => lintVcl("probe", sub, `if (${concrete(name)}) {}`, CTX).length === 0);
    const settableIn = (name: string) =>
        SUBROUTINES.filter((sub) => !lintVcl("probe", sub, `set ${concrete(name)} = "1";`, CTX).some((f) => f.message.includes("cannot be set")));

    it.each([
        ["req.backend.is_origin", ["pass", "miss", "fetch"], []],
        ["bereq.http.{NAME}", ["pass", "miss", "fetch"], ["pass", "miss"]],
        ["resp.http.{NAME}", ["deliver", "log"], ["deliver", "log"]],
        ["beresp.stale_if_error", ["fetch"], ["fetch"]],
        ["req.url.path", [...SUBROUTINES], []],
        ["req.url", [...SUBROUTINES], [...SUBROUTINES]],
        ["client.geo.continent_code", [...SUBROUTINES], []],
    ])("%s: a snippet may read it in %j only, and set it in %j only", (name, scopes, writable) => {
        expect([...readableIn(name)].sort()).toEqual([...scopes].sort());
        expect([...settableIn(name)].sort()).toEqual([...writable].sort());
    });

    it("a snippet may raise an error in recv, hit, miss, pass and fetch only", () => {
        // vcl_error runs "when explicitly triggered by an error statement ... in vcl_recv, vcl_hit,
        // vcl_miss, vcl_pass, or vcl_fetch" (https://www.fastly.com/documentation/reference/vcl/subroutines/error/).
        expect(SUBROUTINES.filter((sub) => lintVcl("probe", sub, 'error 403 "no";', CTX).length === 0)).toEqual(["recv", "hit", "miss", "pass", "fetch"]);
    });

    it("holds exactly what the generator uses: every row appears in some snippet", () => {
        const text = generated().map((s) => s.content).join("\n");
        for (const key of [...Object.keys(VCL_VARIABLES), ...Object.keys(VCL_FUNCTIONS), ...Object.keys(VCL_STATEMENTS)]) {
            const re = new RegExp(`(?<![\\w.-])${key.replace(/\./g, "\\.").replace("{NAME}", "[A-Za-z0-9_-]+")}(?![\\w.-])`);
            expect(re.test(text), key).toBe(true);
        }
    });

    it("every row cites its own page of Fastly's VCL reference", () => {
        const rows = [...Object.values(VCL_VARIABLES), ...Object.values(VCL_FUNCTIONS), ...Object.values(VCL_STATEMENTS)];
        for (const row of rows) expect(row.source).toMatch(/^https:\/\/www\.fastly\.com\/documentation\/reference\/vcl\/[a-z0-9/_-]+\/$/);
        expect(new Set(rows.map((r) => r.source)).size).toBe(rows.length);
    });
});

describe("the lint", () => {
    it("catches the snippet the service used to ship: req.backend.is_origin in vcl_recv", () => {
        const old = [
            "if (req.backend.is_origin) {",
            '  if (client.geo.continent_code == "EU") {',
            "    if (backend.F_origin_eu_west_1.healthy) { set req.backend = F_origin_eu_west_1; }",
            "  }",
            "}",
        ].join("\n");
        expect(messages("recv", old)).toContain(
            "case (vcl_recv): req.backend.is_origin is not available in vcl_recv; Fastly allows it in vcl_pass, vcl_miss, vcl_fetch — https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/req-backend-is-origin/",
        );
    });

    it.each([
        ["a response header in vcl_recv", "recv", 'set resp.http.X-A = "1";', "case (vcl_recv): resp.http.X-A is not available in vcl_recv; Fastly allows it in vcl_deliver, vcl_log — https://www.fastly.com/documentation/reference/vcl/variables/client-response/resp-http/"],
        ["stale-if-error outside vcl_fetch", "deliver", "set beresp.stale_if_error = 1s;", "case (vcl_deliver): beresp.stale_if_error is not available in vcl_deliver; Fastly allows it in vcl_fetch — https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-stale-if-error/"],
        ["error in vcl_deliver", "deliver", 'error 403 "no";', "case (vcl_deliver): the error statement is not available in vcl_deliver; Fastly allows it in vcl_recv, vcl_hit, vcl_miss, vcl_pass, vcl_fetch — https://www.fastly.com/documentation/reference/vcl/subroutines/error/"],
        ["a backend header set in vcl_fetch", "fetch", 'set bereq.http.X-A = "1";', "case (vcl_fetch): bereq.http.X-A cannot be set in vcl_fetch; writable in vcl_pass, vcl_miss — https://www.fastly.com/documentation/reference/vcl/variables/backend-request/bereq-http/"],
        ["a read-only variable set", "recv", 'set req.url.path = "/";', "case (vcl_recv): req.url.path cannot be set in vcl_recv (read-only) — https://www.fastly.com/documentation/reference/vcl/variables/client-request/req-url-path/"],
        ["an undeclared local", "recv", 'set var.x = "1";', "case (vcl_recv): var.x is used but never declared (declare local var.x <TYPE>;)"],
        ["a function not in the table", "recv", 'set req.http.X-A = std.toupper("a");', "case (vcl_recv): std.toupper() is not in the scope table (fastly-vcl-scopes.ts): add a row with its reference page"],
        ["a variable not in the table", "recv", "set req.http.X-A = client.as.number;", "case (vcl_recv): client.as.number is not in the scope table (fastly-vcl-scopes.ts): add a row with its reference page"],
        ["a table the service lacks", "recv", 'set req.http.X-A = table.lookup(secrets, "k");', "case (vcl_recv): table secrets is not an edge dictionary of this service (playback_keys, origin_auth)"],
        ["a backend the service lacks", "recv", "if (backend.F_origin_sa_east_1.healthy) {}", "case (vcl_recv): F_origin_sa_east_1 is not a backend of this service (F_origin_us_east_1, F_origin_eu_west_1, F_origin_ap_northeast_1)"],
        ["a variable in an init snippet", "init", 'set req.http.X-A = "1";', "case (the init placement (outside every subroutine)): req.http.X-A is not available in the init placement (outside every subroutine); Fastly allows it in all subroutines — https://www.fastly.com/documentation/reference/vcl/variables/client-request/req-http/"],
    ] as const)("flags %s", (_what, type, content, message) => {
        expect(messages(type, content)).toContain(message);
    });

    it("reads past strings and comments", () => {
        expect(stripLiterals('set req.http.A = "resp.http.B"; # req.backend.is_origin\nx')).toBe(`set req.http.A = ""${" ".repeat(11)}; ${" ".repeat(23)}\nx`);
        expect(messages("recv", 'set req.http.A = "resp.http.B"; # req.backend.is_origin')).toEqual([]);
    });

    it("passes every snippet and condition the generator writes", () => {
        for (const s of generated()) expect(lintVcl(s.name, s.type, s.content, CTX), s.name).toEqual([]);
        for (const c of regionConditions(REGIONS)) expect(lintVcl(c.name, "recv", c.statement, CTX), c.name).toEqual([]);
    });

    it("assertVclInScope names every finding", () => {
        expect(() => assertVclInScope([{ name: "geo", type: "recv", content: "if (req.backend.is_origin) {}" }], CTX)).toThrow(
            "VCL outside Fastly's scopes:\n- geo (vcl_recv): req.backend.is_origin is not available in vcl_recv",
        );
    });
});

describe("the builder refuses out-of-scope VCL at compile time", () => {
    it("each @ts-expect-error below is a compile error tsc checks; the lint catches the same text", () => {
        const bad = [
            // @ts-expect-error req.backend.is_origin is not available in vcl_recv
            snippet("a", "recv", 1, (x) => [`if (${x.v("req.backend.is_origin")}) {}`]),
            // @ts-expect-error the error statement is not available in vcl_deliver
            snippet("b", "deliver", 1, (x) => [x.error(403, "no")]),
            // @ts-expect-error backend request headers are only written in vcl_miss and vcl_pass
            snippet("c", "recv", 1, (x) => [x.setHeader("bereq.http.{NAME}", "X-A", '"1"')]),
            // @ts-expect-error req.url.path is read-only
            snippet("d", "recv", 1, (x) => [x.set("req.url.path", '"/"')]),
            // @ts-expect-error beresp.stale_if_error only exists in vcl_fetch
            snippet("e", "deliver", 1, (x) => [x.set("beresp.stale_if_error", "1s")]),
        ];
        expect(bad.map((s) => lintVcl(s.name, s.type, s.content, CTX).length > 0)).toEqual([true, true, true, true, true]);
    });
});

describe("playback tokens", () => {
    const vcl = playbackTokenSnippet().content;

    it("compare like with like: digest.hmac_sha256 is \"0x\" + lowercase hex, the token lowercase hex", () => {
        // Fastly's reference example: digest.hmac_sha256("key", "input") is "0x9e08…72e3".
        const hex = createHmac("sha256", "key").update("input").digest("hex");
        expect(`0x${hex}`).toBe("0x9e089ec13af881a8ac227a736c3e7c490ea3b4afca0c5f83dff6393b683a72e3");
        expect(vcl).toContain('var.playback_token !~ "^[0-9a-f]{64}$"');
        expect(vcl).toContain('digest.secure_is_equal("0x" + var.playback_token, digest.hmac_sha256(table.lookup(playback_keys, "current"), req.url.path + var.playback_exp))');
    });

    it("the reference signer issues tokens the check accepts", () => {
        const t = playbackToken("k3y", "/live/show/master.m3u8", 1_900_000_000);
        expect(t).toEqual({ exp: "1900000000", token: createHmac("sha256", "k3y").update("/live/show/master.m3u8" + "1900000000").digest("hex") });
        expect(t.token).toMatch(/^[0-9a-f]{64}$/);
        expect(t.exp).toMatch(/^[0-9]{1,12}$/);
    });

    it("fails closed when the key is missing, before any lookup", () => {
        expect(vcl).toContain('if (!table.contains(playback_keys, "current")) {\n    error 403 "playback signing key missing";');
        expect(vcl.indexOf("table.contains(playback_keys")).toBeLessThan(vcl.indexOf("table.lookup(playback_keys"));
    });

    it("refuses missing, malformed and expired tokens with distinct reasons", () => {
        for (const reason of ["missing playback token expiry", "malformed playback token", "expired playback token", "invalid playback token"]) expect(vcl).toContain(`error 403 "${reason}"`);
        expect(vcl).toContain("if (var.playback_expires <= var.playback_now) {");
        expect(vcl).toContain("set var.playback_now = std.atoi(now.sec);");
    });

    it("checks once, on the first Fastly server, then takes the token out of the cache key", () => {
        expect(vcl).toContain('if (fastly.ff.visits_this_service == 0 && req.restarts == 0 && req.url.ext ~ "^(m3u8|mpd)$") {');
        const strip = vcl.indexOf('set req.url = querystring.filter(req.url, "exp" + querystring.filtersep() + "token");');
        expect(strip).toBeGreaterThan(vcl.indexOf("digest.secure_is_equal"));
    });
});

describe("routing", () => {
    const vcl = geoRoutingSnippet(steering(CONTINENTS, REGIONS), REGIONS).content;

    it.each([
        ["NA", ["us-east-1", "eu-west-1", "ap-northeast-1"]],
        ["EU", ["eu-west-1", "us-east-1", "ap-northeast-1"]],
        ["AS", ["ap-northeast-1", "eu-west-1", "us-east-1"]],
    ])("%s: the first healthy of %j, else the nearest", (continent, order) => {
        const branch = vcl.slice(vcl.indexOf(`req.http.X-Client-Continent == "${continent}"`)).split("\n} else if")[0];
        const chosen = [...branch.matchAll(/backend\.(F_\w+)\.healthy/g)].map((m) => m[1]);
        expect(chosen).toEqual(order.map(vclBackend));
        expect(branch).toContain(`} else {\n    set req.http.X-Bibox-Origin-Region = "${order[0]}";`);
    });

    it("routes a client of unknown continent in the given order, owner first", () => {
        const tail = vcl.slice(vcl.lastIndexOf("\n} else {\n"));
        expect([...tail.matchAll(/backend\.(F_\w+)\.healthy/g)].map((m) => m[1])).toEqual(REGIONS.map(vclBackend));
    });

    it("reads the continent the first Fastly server recorded (a shield sees the edge POP's address)", () => {
        expect(vcl).not.toContain("client.geo");
        expect(requestHeadersSnippet().content).toContain("if (fastly.ff.visits_this_service == 0) {\n  set req.http.X-Client-Country = client.geo.country_code;\n  set req.http.X-Client-Continent = client.geo.continent_code;");
    });

    it("hands the choice to Fastly's backend selection through one REQUEST condition per backend", () => {
        expect(regionConditions(REGIONS)).toEqual(REGIONS.map((r) => ({ name: `route_origin_${r.replace(/-/g, "_")}`, type: "REQUEST", priority: 10, statement: `req.http.X-Bibox-Origin-Region == "${r}"` })));
        expect(vcl).not.toMatch(/set req\.backend/);
    });
});

describe("origin credential", () => {
    it("is set on requests to an origin only, in vcl_miss and vcl_pass, failing closed", () => {
        const snippets = originAuthSnippets();
        expect(snippets.map((s) => [s.name, s.type])).toEqual([["origin_auth_miss", "miss"], ["origin_auth_pass", "pass"]]);
        for (const s of snippets) {
            expect(s.content).toBe([
                "if (req.backend.is_origin) {",
                '  if (!table.contains(origin_auth, "token")) {',
                '    error 503 "origin credential missing";',
                "  }",
                '  set bereq.http.X-Bibox-Origin-Auth = table.lookup(origin_auth, "token");',
                "} else {",
                "  unset bereq.http.X-Bibox-Origin-Auth;",
                "}",
            ].join("\n"));
        }
    });
});
