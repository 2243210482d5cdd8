/** Cloudflare Rules-language expressions: the parser, the field table, and every expression of the plans. */
import { beforeAll, describe, expect, it } from "vitest";
import { checkExpression, fieldsOf, parseExpression } from "../../../components/edge/cloudflare-expression";
import { RATE_LIMIT_CHARACTERISTICS } from "../../../components/edge/cloudflare-fields";
import { PlanResource } from "../../../src/plan/types";
import { change } from "../../helpers/mutate";
import { evaluate, ofType } from "../../helpers/project";

describe("parseExpression", () => {
    it("gives not, and, xor, or Cloudflare's precedence", () => {
        expect(parseExpression('ssl and not ssl or http.host eq "a" xor ssl')).toEqual({
            kind: "logical",
            op: "or",
            left: { kind: "logical", op: "and", left: { kind: "value", value: { kind: "field", name: "ssl", indexed: false } }, right: { kind: "not", operand: { kind: "value", value: { kind: "field", name: "ssl", indexed: false } } } },
            right: {
                kind: "logical",
                op: "xor",
                left: { kind: "compare", op: "eq", left: { kind: "field", name: "http.host", indexed: false }, right: { kind: "literal", type: "String", value: "a" } },
                right: { kind: "value", value: { kind: "field", name: "ssl", indexed: false } },
            },
        });
    });

    it.each([
        ['http.host == "a" && !ssl || ssl', ["http.host", "ssl", "ssl"]],
        ['(starts_with(http.request.uri.path, "/checkout") or http.request.uri.path contains "/shop")', ["http.request.uri.path", "http.request.uri.path"]],
        ['ip.src in {192.0.2.0/24 198.51.100.7} and ip.src.country in {"GB" "IE"}', ["ip.src", "ip.src.country"]],
        ["ip.src in $office_ranges", ["ip.src"]],
        ['http.request.uri.path matches r"^/a\\.b$" and http.request.uri.path strict wildcard "/x/*"', ["http.request.uri.path", "http.request.uri.path"]],
        ['lower(http.request.headers["x-test"][0]) eq "y"', ["http.request.headers"]],
        ["true", []],
    ])("parses %s", (src, fields) => expect(fieldsOf(parseExpression(src))).toEqual(fields));

    it.each([
        ['http.host eq "a', /unterminated string at position 13/],
        ['(http.host eq "a"', /expected "\)"/],
        ['http.host eq "a" and', /expected a value at position 20/],
        ['http.host eq "a" "b"', /unexpected "b"/],
        ["ip.src in {}", /empty set/],
        ["http.host ends_with \"x\"", /unexpected "ends_with"/],
    ])("refuses %s", (src, message) => expect(() => parseExpression(src)).toThrow(message));
});

describe("checkExpression", () => {
    it.each([
        ['starts_with(http.request.uri.path, "/checkout") and http.request.method eq "POST"'],
        ["cf.bot_management.score lt 30 and not cf.bot_management.verified_bot"],
        ['http.host in {"api.pleasure.tv" "www.pleasure.tv"}'],
        ["true"],
    ])("accepts %s", (src) => expect(checkExpression(src)).toEqual([]));

    it.each([
        ["cf.bot_managment.score lt 10", ["unknown field cf.bot_managment.score"]],
        ['cf.bot_management.score lt "10"', ["lt compares Number with String"]],
        ['http.host contains 3', ["contains compares String with Number"]],
        ["cf.bot_management.score contains 3", ["contains does not compare Number values"]],
        ['ip.src lt 192.0.2.1', ["lt does not compare IP address values"]],
        ["http.host", ["a String value is not a condition"]],
        ['begins_with(http.host, "a")', ["unknown function begins_with()"]],
        ['starts_with(http.host)', ["starts_with() takes 2 arguments, not 1"]],
        ['starts_with(cf.bot_management.score, "1")', ["starts_with() argument 1 is Number, not String"]],
        ['http.host eq "a" and', ["does not parse: expected a value at position 20"]],
    ])("refuses %s", (src, problems) => expect(checkExpression(src)).toEqual(problems));
});

/** Every expression and rate-limit characteristic of the Cloudflare rulesets in a plan, with its problems. */
function cloudflareProblems(rs: PlanResource[]): string[] {
    const problems: string[] = [];
    for (const ruleset of ofType(rs, "cloudflare:index/ruleset:Ruleset")) {
        const rules = ruleset.inputs.rules;
        if (!Array.isArray(rules)) {
            problems.push(`${ruleset.name}: rules are not readable (${JSON.stringify(rules)})`);
            continue;
        }
        for (const rule of rules as { ref: string; expression: string; ratelimit?: { characteristics: string[] } }[]) {
            for (const p of checkExpression(rule.expression)) problems.push(`${ruleset.name} ${rule.ref}: ${p}`);
            for (const c of rule.ratelimit?.characteristics ?? []) {
                if (!(RATE_LIMIT_CHARACTERISTICS as readonly string[]).includes(c)) problems.push(`${ruleset.name} ${rule.ref}: unknown rate-limit characteristic ${c}`);
            }
            if (rule.ratelimit && !rule.ratelimit.characteristics.includes("cf.colo.id")) problems.push(`${ruleset.name} ${rule.ref}: a rate limit must count per data centre (cf.colo.id)`);
        }
    }
    return problems;
}

describe("the owner plan's Cloudflare expressions", () => {
    let rs: PlanResource[];
    beforeAll(async () => {
        rs = (await evaluate("prod-us")).resources;
    });

    it("all parse, name only known fields and functions, and compare matching types", () => {
        const rulesets = ofType(rs, "cloudflare:index/ruleset:Ruleset");
        expect(rulesets.map((r) => r.name).sort()).toEqual([
            "bibox-edge-cloudflare-ddos-l7",
            "bibox-edge-cloudflare-origin-auth",
            "bibox-edge-cloudflare-rate-limits",
            "bibox-edge-cloudflare-waf-custom",
            "bibox-edge-cloudflare-waf-managed",
        ]);
        expect(cloudflareProblems(rs)).toEqual([]);
    });

    it("use fields the check compares as Cloudflare types them", () => {
        // Vendor facts: each field's type in Cloudflare's fields reference
        // (https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/).
        // What they decide: the comparisons checkExpression lets a rule make with the field.
        const types = {
            "cf.bot_management.js_detection.passed": "Boolean",
            "cf.bot_management.score": "Number",
            "cf.bot_management.verified_bot": "Boolean",
            "http.host": "String",
            "http.request.method": "String",
            "http.request.uri.path": "String",
        } as const;
        const used = new Set(ofType(rs, "cloudflare:index/ruleset:Ruleset").flatMap((r) => (r.inputs.rules as { expression: string }[]).flatMap((x) => fieldsOf(parseExpression(x.expression)))));
        expect([...used].sort()).toEqual(Object.keys(types));
        const probes = {
            Boolean: (f: string) => [`not ${f}`, `${f} eq "x"`, "eq compares Boolean with String"],
            Number: (f: string) => [`${f} lt 30`, `${f} lt "30"`, "lt compares Number with String"],
            String: (f: string) => [`${f} eq "x"`, `${f} eq 1`, "eq compares String with Number"],
        };
        for (const [field, type] of Object.entries(types)) {
            const [accepted, refused, problem] = probes[type](field);
            expect(checkExpression(accepted), accepted).toEqual([]);
            expect(checkExpression(refused), refused).toContain(problem);
        }
    });

    it.each([
        ["a misspelt field", "bibox-edge-cloudflare-waf-custom", (e: string) => e.replace("cf.bot_management.score", "cf.bot_managment.score"), "bibox-edge-cloudflare-waf-custom scalpers_block_automated: unknown field cf.bot_managment.score"],
        ["a score compared with a string", "bibox-edge-cloudflare-waf-custom", (e: string) => e.replace("score lt 10", 'score lt "10"'), "bibox-edge-cloudflare-waf-custom scalpers_block_automated: lt compares Number with String"],
        ["an unbalanced group", "bibox-edge-cloudflare-waf-custom", (e: string) => e.replace(")", ""), "bibox-edge-cloudflare-waf-custom scalpers_block_automated: does not parse: expected \")\" at position 50"],
    ])("catch %s in the first rule", (_what, name, edit, problem) => {
        const broken = change("cloudflare:index/ruleset:Ruleset", name, (r) => {
            const rules = r.inputs.rules as { expression: string }[];
            rules[0].expression = edit(rules[0].expression);
        })(rs);
        expect(cloudflareProblems(broken)).toEqual([problem]);
    });

    it("catch a rate limit that does not count per data centre", () => {
        const broken = change("cloudflare:index/ruleset:Ruleset", "bibox-edge-cloudflare-rate-limits", (r) => {
            (r.inputs.rules as { ratelimit: { characteristics: string[] } }[])[0].ratelimit.characteristics = ["ip.src", "ip.dst"];
        })(rs);
        expect(cloudflareProblems(broken)).toEqual([
            "bibox-edge-cloudflare-rate-limits ratelimit_checkout: unknown rate-limit characteristic ip.dst",
            "bibox-edge-cloudflare-rate-limits ratelimit_checkout: a rate limit must count per data centre (cf.colo.id)",
        ]);
    });
});
