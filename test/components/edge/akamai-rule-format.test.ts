/**
 * The typed Akamai rule format v2025-01-13 table (components/edge/akamai-rule-format.ts): what it
 * refuses at compile time (the @ts-expect-error lines: tsc fails if one of them compiles), what the
 * runtime validator refuses and with which message, and the video property's tree against it.
 */
import { describe, expect, it } from "vitest";
import { Behavior, BEHAVIORS, ChildRule, Criterion, DefaultRule, validateRuleTree } from "../../../components/edge/akamai-rule-format";
import { mediaOrigins, recoveryConfigName, segmentTokenKey, tokenIncludeRules, videoPropertyRules } from "../../../components/edge/akamai-rules";
import { CONTINENTS, steering } from "../../../components/edge/geo";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const tree = videoPropertyRules({
    cpCodeId: 123456,
    origins: mediaOrigins(REGIONS, "111122223333"),
    defaultRegion: "us-east-1",
    steering: steering(CONTINENTS, REGIONS),
    originAccessKeyGuid: "6a1c2f0e-5b7d-4c1a-9e3f-0d2b4a6c8e10",
    tokenIncludeId: "654321",
});
const all = (r: { behaviors: Behavior[]; children: ChildRule[] }): Behavior[] => [...r.behaviors, ...r.children.flatMap(all)];
const policies = all(tree.rules).filter((b) => b.name === "originFailureRecoveryPolicy");

/** Compile-time: each line below is an error for tsc; vitest never runs this function. */
export function refusedAtCompileTime(): unknown[] {
    return [
        // @ts-expect-error "CUSTOM" is not an originResponsivenessTimeout (AGGRESSIVE, MODERATE, CONSERVATIVE, USER_SPECIFIED)
        { name: "originFailureRecoveryPolicy", options: { originResponsivenessTimeout: "CUSTOM" } } satisfies Behavior,
        // @ts-expect-error monitorStatusCodes1 is a boolean; the codes go in monitorResponseCodes1
        { name: "originFailureRecoveryPolicy", options: { monitorStatusCodes1: "500,502,503,504" } } satisfies Behavior,
        // @ts-expect-error monitorResponseCodes1 is a list of strings, not one string
        { name: "originFailureRecoveryPolicy", options: { monitorResponseCodes1: "500,502,503,504" } } satisfies Behavior,
        // @ts-expect-error tuningParameters is export-only: not in the table
        { name: "originFailureRecoveryPolicy", options: { tuningParameters: "RECOMMENDED" } } satisfies Behavior,
        // @ts-expect-error originResponsivenessMonitoring is export-only; monitorOriginResponsiveness switches monitoring on
        { name: "originFailureRecoveryPolicy", options: { originResponsivenessMonitoring: "ALWAYS" } } satisfies Behavior,
        // @ts-expect-error the option is enableIPAvoidance (the format's name mapping)
        { name: "originFailureRecoveryPolicy", options: { enableIpAvoidance: true } } satisfies Behavior,
        // @ts-expect-error recovery configuration names are upper case (^[A-Z0-9-]+$)
        { name: "recoveryConfig", options: { configName: "failover-from-us-east-1" } } satisfies Criterion,
        // @ts-expect-error a duration needs its unit (^[0-9]+[DdHhMmSs]$)
        { name: "timeout", options: { value: "5" } } satisfies Behavior,
        // @ts-expect-error caching ttl is a duration string
        { name: "caching", options: { behavior: "MAX_AGE", ttl: 31536000 } } satisfies Behavior,
        // @ts-expect-error AWS SigV4 is "AWS" in originCharacteristics (AWS4_HMAC_SHA256 is the CAM key's name)
        { name: "originCharacteristics", options: { authenticationMethod: "AWS4_HMAC_SHA256" } } satisfies Behavior,
        // @ts-expect-error no behaviour of that name in the table
        { name: "originFailover", options: {} } satisfies Behavior,
        // @ts-expect-error verifyTokenAuthorization reads the token from COOKIE, QUERY_STRING or CLIENT_REQUEST_HEADER
        { name: "verifyTokenAuthorization", options: { location: "HEADER" } } satisfies Behavior,
        // @ts-expect-error is_secure belongs to the default rule only
        { name: "child", options: { is_secure: true }, criteria: [], criteriaMustSatisfy: "all", behaviors: [], children: [] } satisfies ChildRule,
        // @ts-expect-error the default rule takes no criteria
        { name: "default", options: { is_secure: true }, criteria: [{ name: "fileExtension", options: { values: ["ts"] } }], behaviors: [], children: [] } satisfies DefaultRule,
        // @ts-expect-error the default rule must say whether it is secure
        { name: "default", criteria: [], behaviors: [], children: [] } satisfies DefaultRule,
        // Accepted: the real names, enums and types.
        { name: "originFailureRecoveryPolicy", options: { originResponsivenessTimeout: "USER_SPECIFIED", originResponsivenessCustomTimeout: 5, monitorStatusCodes1: true, monitorResponseCodes1: ["500", "502:504"], enableIPAvoidance: false } } satisfies Behavior,
        { name: "recoveryConfig", options: { configName: "FROM-US-EAST-1" } } satisfies Criterion,
    ];
}

describe("the runtime validator", () => {
    const withDefault = (behaviors: unknown[], children: unknown[] = []) => ({
        rules: { name: "default", options: { is_secure: true }, criteria: [], behaviors: [{ name: "origin", options: {} }, { name: "cpCode", options: { value: { id: 1 } } }, ...behaviors], children },
    });
    const recovery = (configName: string) => ({
        name: "Recovery",
        criteria: [{ name: "recoveryConfig", options: { configName } }],
        criteriaMustSatisfy: "all",
        behaviors: [{ name: "originFailureRecoveryMethod", options: { recoveryMethod: "RETRY_ALTERNATE_ORIGIN" } }],
        children: [],
    });

    it("refuses the origin failure recovery policy the property used to send, naming each fault", () => {
        const old = {
            name: "originFailureRecoveryPolicy",
            options: {
                enabled: true,
                tuningParameters: "RECOMMENDED",
                enableIpAvoidance: true,
                originResponsivenessMonitoring: "ALWAYS",
                originResponsivenessTimeout: "CUSTOM",
                originResponsivenessCustomTimeout: 5,
                originResponsivenessRecoveryConfigName: "failover-from-us-east-1",
                statusCodeMonitoring1: "ALWAYS",
                monitorStatusCodes1: "500,502,503,504",
            },
        };
        expect(validateRuleTree(withDefault([old], [recovery("failover-from-us-east-1")]))).toEqual([
            "default behavior originFailureRecoveryPolicy.tuningParameters is export-only in v2025-01-13 and has no effect",
            "default behavior originFailureRecoveryPolicy.enableIpAvoidance is not an option of originFailureRecoveryPolicy in v2025-01-13",
            "default behavior originFailureRecoveryPolicy.originResponsivenessMonitoring is export-only in v2025-01-13 and has no effect",
            "default behavior originFailureRecoveryPolicy.originResponsivenessTimeout must be one of AGGRESSIVE, MODERATE, CONSERVATIVE, USER_SPECIFIED, not \"CUSTOM\"",
            "default behavior originFailureRecoveryPolicy.originResponsivenessRecoveryConfigName must match ^[A-Z0-9-]{3,20}$ (3 to 20 upper-case letters, digits or dashes), not \"failover-from-us-east-1\"",
            "default behavior originFailureRecoveryPolicy.statusCodeMonitoring1 is export-only in v2025-01-13 and has no effect",
            "default behavior originFailureRecoveryPolicy.monitorStatusCodes1 must be a boolean, not \"500,502,503,504\"",
            "default > Recovery criterion recoveryConfig.configName must match ^[A-Z0-9-]{3,20}$ (3 to 20 upper-case letters, digits or dashes), not \"failover-from-us-east-1\"",
        ]);
    });

    it.each([
        ["a name longer than 20", "FROM-AP-NORTHEAST-1-X", "must match ^[A-Z0-9-]{3,20}$"],
        ["a custom timeout above 10 s", 11, "must be within 1–10, not 11"],
    ])("refuses %s", (_what, value, message) => {
        const options = typeof value === "string" ? { originResponsivenessRecoveryConfigName: value } : { originResponsivenessCustomTimeout: value };
        expect(validateRuleTree(withDefault([{ name: "originFailureRecoveryPolicy", options }])).join("\n")).toContain(message);
    });

    it.each([
        ["a policy naming a recovery configuration no rule defines", withDefault([{ name: "originFailureRecoveryPolicy", options: { originResponsivenessRecoveryConfigName: "FROM-US-EAST-1" } }]), "default originResponsivenessRecoveryConfigName: no recoveryConfig rule defines FROM-US-EAST-1"],
        ["a default rule that is not marked secure or not", { rules: { ...withDefault([]).rules, options: {} } }, "default: the default rule needs options.is_secure"],
        ["is_secure on a child rule", withDefault([], [{ ...recovery("FROM-US-EAST-1"), options: { is_secure: true } }]), "default > Recovery: options.is_secure belongs to a property's default rule only"],
        ["a default rule without a CP code", { rules: { ...withDefault([]).rules, behaviors: [{ name: "origin", options: {} }] } }, "default: the default rule needs a cpCode behavior"],
        ["a CP code with its cpc_ prefix", withDefault([{ name: "cpCode", options: { value: { id: "cpc_123" } } }]), "default behavior cpCode.value.id must be an integer, not \"cpc_123\""],
        ["an include id with its inc_ prefix", withDefault([{ name: "include", options: { id: "inc_123" } }]), "default behavior include.id must match ^[0-9]+$ (digits, without the inc_ prefix), not \"inc_123\""],
        ["a token key that is not hexadecimal", withDefault([{ name: "verifyTokenAuthorization", options: { key: "not-hex" } }]), "default behavior verifyTokenAuthorization.key must match ^(0x)?[0-9a-fA-F]+$ (hexadecimal), not \"not-hex\""],
    ])("refuses %s", (_what, t, message) => {
        expect(validateRuleTree(t)).toContain(message);
    });

    it("refuses rules nested more than five levels below the default rule", () => {
        let deepest: object = { name: "L6", criteria: [], criteriaMustSatisfy: "all", behaviors: [], children: [] };
        for (let i = 5; i >= 1; i--) deepest = { name: `L${i}`, criteria: [], criteriaMustSatisfy: "all", behaviors: [], children: [deepest] };
        expect(validateRuleTree(withDefault([], [deepest]))).toEqual(["default > L1 > L2 > L3 > L4 > L5 > L6: rules nest at most 5 levels deep"]);
    });
});

describe("the video property's rule tree against v2025-01-13", () => {
    it("validates with no error, and the token include too", () => {
        expect(validateRuleTree(tree)).toEqual([]);
        expect(validateRuleTree(tokenIncludeRules(segmentTokenKey("k")), "include")).toEqual([]);
    });

    it("marks the default rule secure (Enhanced TLS edge hostname) and carries no criteria on it", () => {
        expect(tree.rules.options).toEqual({ is_secure: true });
        expect(tree.rules.criteria).toEqual([]);
        expect("criteriaMustSatisfy" in tree.rules).toBe(false);
    });

    it("switches origin failover on in every origin's policy: monitoring, a 5 s user-specified timeout, recovery on timeout and on the monitored status codes", () => {
        // The default rule's and each continent group's (us-east-1, eu-west-1, ap-northeast-1).
        expect(policies).toHaveLength(4);
        for (const p of policies) {
            expect(p.options).toMatchObject({
                enabled: true,
                monitorOriginResponsiveness: true,
                originResponsivenessTimeout: "USER_SPECIFIED",
                originResponsivenessCustomTimeout: 5,
                originResponsivenessEnableRecovery: true,
                monitorStatusCodes1: true,
                monitorStatusCodes1EnableRecovery: true,
            });
            for (const exportOnly of ["tuningParameters", "originResponsivenessMonitoring", "statusCodeMonitoring1"]) expect(p.options).not.toHaveProperty(exportOnly);
        }
    });

    it("fails over on the S3 answers that mean the region is failing (500, 502–504), never on 501, a 4xx or a success", () => {
        // monitorResponseCodes1 holds status codes and inclusive ranges `from:to` (rule format
        // v2025-01-13, originFailureRecoveryPolicy, rule_format_v2025_01_13.gen.go L10260).
        const recoversOn = (codes: string[], status: number) =>
            codes.some((c) => {
                const [from, to = from] = c.split(":").map(Number);
                return status >= from && status <= to;
            });
        for (const p of policies) {
            const codes = (p.options as { monitorResponseCodes1?: string[] }).monitorResponseCodes1 ?? [];
            for (const status of [500, 502, 503, 504]) expect(recoversOn(codes, status), `${status}`).toBe(true);
            for (const status of [200, 304, 403, 404, 501, 505]) expect(recoversOn(codes, status), `${status}`).toBe(false);
        }
    });

    it.each([
        ["us-east-1", "FROM-US-EAST-1"],
        ["eu-west-1", "FROM-EU-WEST-1"],
        ["ap-northeast-1", "FROM-AP-NORTHEAST-1"],
    ])("names %s's recovery configuration %s, within the pattern", (region, name) => {
        expect(recoveryConfigName(region)).toBe(name);
        expect(name).toMatch(/^[A-Z0-9-]{3,20}$/);
    });

    it("checks segment tokens on every request through the include, with the key only in the include", () => {
        expect(tree.rules.behaviors).toContainEqual({ name: "include", options: { id: "654321" } });
        expect(JSON.stringify(tree)).not.toMatch(/verifyTokenAuthorization|"key"/);
        const include = tokenIncludeRules(segmentTokenKey("playback-key"));
        expect(include.rules.behaviors).toEqual([
            {
                name: "verifyTokenAuthorization",
                options: { useAdvanced: true, location: "COOKIE", algorithm: "SHA256", escapeHmacInputs: false, ignoreQueryString: true, key: segmentTokenKey("playback-key"), failureResponse: true },
            },
        ]);
    });

    it("derives a 256-bit hexadecimal segment key from the playback key, never the key itself", () => {
        expect(segmentTokenKey("playback-key")).toMatch(/^[0-9a-f]{64}$/);
        expect(segmentTokenKey("playback-key")).not.toBe(segmentTokenKey("other-key"));
        expect(segmentTokenKey("playback-key")).not.toContain(Buffer.from("playback-key").toString("hex"));
    });

    it("covers every behaviour and criterion the tree uses", () => {
        const used = new Set(all(tree.rules).map((b) => b.name));
        for (const name of used) expect(Object.keys(BEHAVIORS)).toContain(name);
    });
});
