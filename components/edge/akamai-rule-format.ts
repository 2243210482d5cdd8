/**
 * Akamai Property Manager rule format v2025-01-13, for the behaviours and criteria this program
 * uses: one table of their real option names, types, enums and patterns, from which both the
 * TypeScript types of the rule tree (a wrong name, enum value or type is a compile error) and the
 * runtime validator of a generated tree are derived (pure, written by hand).
 *
 * Source of every row, unless a row says otherwise: the rule-format schema as the official
 * provider generates it from Akamai's JSON schema for v2025-01-13 —
 * akamai/terraform-provider-akamai@2e604ccb pkg/providers/property/ruleformats/rule_format_v2025_01_13.gen.go
 * ("L<n>" = line of the behaviour or criterion there). Option names are the schema's snake_case
 * turned lowerCamel with the file's nameMappings (e.g. enable_ip_avoidance → enableIPAvoidance).
 * Options the schema marks "only intended for export compatibility … will not impact your use of
 * the behavior" are left out on purpose (EXPORT_ONLY): setting them does nothing.
 */

type Spec =
    | { readonly t: "bool" }
    | { readonly t: "int"; readonly min?: number; readonly max?: number; readonly values?: readonly number[] }
    | { readonly t: "string"; readonly pattern?: RegExp; readonly why?: string }
    | { readonly t: "enum"; readonly values: readonly string[] }
    | { readonly t: "duration" }
    | { readonly t: "upper"; readonly pattern: RegExp; readonly why: string }
    | { readonly t: "list"; readonly item: Spec }
    | { readonly t: "object"; readonly options: Readonly<Record<string, Spec>> };

const bool = { t: "bool" } as const;
const int = (min?: number, max?: number) => ({ t: "int", min, max }) as const;
const ints = <const V extends readonly number[]>(...values: V) => ({ t: "int", values }) as const;
const str = (pattern?: RegExp, why?: string) => ({ t: "string", pattern, why }) as const;
const oneOf = <const V extends readonly string[]>(...values: V) => ({ t: "enum", values }) as const;
const list = <const S extends Spec>(item: S) => ({ t: "list", item }) as const;
/** `^[0-9]+[DdHhMmSs]$`: also a template-literal type, so `"10 s"` or `10` do not compile. */
const duration = { t: "duration" } as const;
const DURATION = /^[0-9]+[DdHhMmSs]$/;

/** A time in the format's `^[0-9]+[DdHhMmSs]$` form. */
export type Duration = `${number}${"s" | "m" | "h" | "d" | "S" | "M" | "H" | "D"}`;

/**
 * A recovery configuration name. recoveryConfig.configName (L16309) has pattern `^[A-Z0-9-]+$`,
 * and the policy's *RecoveryConfigName options say "Specify 3 to 20 alphanumeric characters or
 * dashes": upper case is a type (`Uppercase<string>`), the length a runtime check.
 */
const CONFIG_NAME = { t: "upper", pattern: /^[A-Z0-9-]{3,20}$/, why: "3 to 20 upper-case letters, digits or dashes" } as const;

/** A status code or range, "Specify a single code entry (`501`) or a range (`501:504`)" (L10260). */
const RESPONSE_CODE = /^[1-5][0-9]{2}(:[1-5][0-9]{2})?$/;

export const BEHAVIORS = {
    /** L8755. The subset of its options for a customer origin (no NetStorage, SaaS or custom certificates). */
    origin: {
        originType: oneOf("CUSTOMER", "NET_STORAGE", "MEDIA_SERVICE_LIVE", "EDGE_LOAD_BALANCING_ORIGIN_GROUP", "SAAS_DYNAMIC_ORIGIN"),
        hostname: str(),
        forwardHostHeader: oneOf("REQUEST_HOST_HEADER", "ORIGIN_HOSTNAME", "CUSTOM"),
        customForwardHostHeader: str(),
        cacheKeyHostname: oneOf("REQUEST_HOST_HEADER", "ORIGIN_HOSTNAME"),
        ipVersion: oneOf("IPV4", "DUALSTACK", "IPV6"),
        useUniqueCacheKey: bool,
        compress: bool,
        enableTrueClientIp: bool,
        verificationMode: oneOf("PLATFORM_SETTINGS", "CUSTOM", "THIRD_PARTY"),
        originSni: bool,
        originCertsToHonor: oneOf("COMBO", "STANDARD_CERTIFICATE_AUTHORITIES", "CUSTOM_CERTIFICATE_AUTHORITIES", "CUSTOM_CERTIFICATES"),
        httpPort: int(1, 65535),
        /** "This option only applies if the property is marked as secure" (options.is_secure). */
        httpsPort: int(1, 65535),
        minTlsVersion: oneOf("DYNAMIC", "TLSV1_1", "TLSV1_2", "TLSV1_3"),
        maxTlsVersion: oneOf("DYNAMIC", "TLSV1_1", "TLSV1_2", "TLSV1_3"),
        http2Enabled: bool,
    },
    /** L9991. Signing requests to a cloud origin with a Cloud Access Manager key. */
    originCharacteristics: {
        authenticationMethod: oneOf("AUTOMATIC", "SIGNATURE_HEADER_AUTHENTICATION", "MSL_AUTHENTICATION", "AWS", "GCS_HMAC_AUTHENTICATION", "AWS_STS"),
        accessKeyEncryptedStorage: bool,
        awsAccessKeyVersionGuid: str(),
        awsRegion: str(/^[a-zA-Z0-9-]+$/),
        awsHost: str(/^(([a-zA-Z0-9]([a-zA-Z0-9_-]*[a-zA-Z0-9])?)\.)+([a-zA-Z]+|xn--[a-zA-Z0-9]+)$/),
        awsService: str(),
        encodingVersion: ints(1, 2, 3, 4, 5),
        country: oneOf(
            "EUROPE", "NORTH_AMERICA", "LATIN_AMERICA", "SOUTH_AMERICA", "NORDICS", "ASIA_PACIFIC", "OTHER_AMERICAS", "OTHER_APJ", "OTHER_EMEA", "AUSTRALIA", "GERMANY",
            "INDIA", "ITALY", "JAPAN", "MEXICO", "TAIWAN", "UNITED_KINGDOM", "US_EAST", "US_CENTRAL", "US_WEST", "GLOBAL_MULTI_GEO", "OTHER", "UNKNOWN", "ADC",
        ),
    },
    /** L10260. How an origin failure is detected; the recovery itself is the recoveryConfig rule's. */
    originFailureRecoveryPolicy: {
        enabled: bool,
        enableIPAvoidance: bool,
        ipAvoidanceErrorThreshold: int(1),
        ipAvoidanceRetryInterval: int(1),
        binaryEquivalentContent: bool,
        /** "Enables continuous monitoring of connectivity to the origin." */
        monitorOriginResponsiveness: bool,
        originResponsivenessTimeout: oneOf("AGGRESSIVE", "MODERATE", "CONSERVATIVE", "USER_SPECIFIED"),
        /** "Specify a custom timeout, from 1 to 10 seconds." */
        originResponsivenessCustomTimeout: int(1, 10),
        originResponsivenessEnableRetry: bool,
        originResponsivenessEnableRecovery: bool,
        originResponsivenessRecoveryConfigName: CONFIG_NAME,
        /** "Enables continuous monitoring for the specific origin status codes". */
        monitorStatusCodes1: bool,
        monitorResponseCodes1: list(str(RESPONSE_CODE, "a status code such as 501 or a range such as 501:504")),
        monitorStatusCodes1EnableRetry: bool,
        monitorStatusCodes1EnableRecovery: bool,
        monitorStatusCodes1RecoveryConfigName: CONFIG_NAME,
    },
    /** L10223. */
    originFailureRecoveryMethod: {
        recoveryMethod: oneOf("RETRY_ALTERNATE_ORIGIN", "RESPOND_CUSTOM_STATUS"),
        customStatusCode: str(/^[1-5][0-9]{2}$/, "a status code"),
    },
    /** L3294. "stripping any `cpc_` prefix to pass the integer". */
    cpCode: { value: { t: "object", options: { id: int(1) } } },
    /** L13864. The HTTP connect timeout. */
    timeout: { value: duration },
    /** L13684. */
    tieredDistribution: { enabled: bool, tieredDistributionMap: oneOf("CH2", "CHAPAC", "CHEU2", "CHEUS2", "CHCUS2", "CHWUS2", "CHAUS", "CH") },
    /** L12771. */
    segmentedMediaOptimization: { behavior: oneOf("ON_DEMAND", "LIVE"), enableUllStreaming: bool, showAdvanced: bool },
    /** L742. */
    allowPost: { enabled: bool, allowWithoutContentLength: bool },
    /** L1993. */
    caching: {
        behavior: oneOf("MAX_AGE", "NO_STORE", "BYPASS_CACHE", "CACHE_CONTROL_AND_EXPIRES", "CACHE_CONTROL", "EXPIRES"),
        mustRevalidate: bool,
        ttl: duration,
        defaultTtl: duration,
    },
    /** L7269. "This option only accepts digits, without the `inc_` ID prefix." Not allowed inside an include. */
    include: { id: str(/^[0-9]+$/, "digits, without the inc_ prefix") },
    /** L14152. Verifies Auth 2.0 (EdgeAuth) tokens. */
    verifyTokenAuthorization: {
        useAdvanced: bool,
        location: oneOf("COOKIE", "QUERY_STRING", "CLIENT_REQUEST_HEADER"),
        locationId: str(),
        algorithm: oneOf("SHA256", "SHA1", "MD5"),
        escapeHmacInputs: bool,
        ignoreQueryString: bool,
        key: str(/^(0x)?[0-9a-fA-F]+$/, "hexadecimal"),
        transitionKey: str(/^((0x)?[0-9a-fA-F]+)?$/, "hexadecimal or empty"),
        salt: str(/^(.{16})?$/, "16 characters or empty"),
        failureResponse: bool,
    },
} as const satisfies Record<string, Record<string, Spec>>;

export const CRITERIA = {
    /** L16927. The provider's schema gives continentValues no enum: two-letter codes are checked. */
    userLocation: {
        field: oneOf("COUNTRY", "CONTINENT", "REGION"),
        matchOperator: oneOf("IS_ONE_OF", "IS_NOT_ONE_OF"),
        countryValues: list(str(/^[A-Z]{2}$/)),
        continentValues: list(str(/^[A-Z]{2}$/)),
        checkIps: oneOf("BOTH", "CONNECTING", "HEADERS"),
        useOnlyFirstXForwardedForIp: bool,
    },
    /** L15689. */
    fileExtension: { matchOperator: oneOf("IS_ONE_OF", "IS_NOT_ONE_OF"), values: list(str(/^[^.]/, "no leading dot")), matchCaseSensitive: bool },
    /** L16309. */
    recoveryConfig: { configName: CONFIG_NAME },
} as const satisfies Record<string, Record<string, Spec>>;

/** Export-only options of the behaviours above (L10260, L1993, L8755, L9991): refused with a reason. */
export const EXPORT_ONLY: Readonly<Record<string, readonly string[]>> = {
    originFailureRecoveryPolicy: ["tuningParameters", "originResponsivenessMonitoring", "statusCodeMonitoring1", "statusCodeMonitoring2", "statusCodeMonitoring3"],
    caching: ["cacheControlDirectives", "cacheabilitySettings", "expirationSettings", "revalidationSettings"],
    origin: ["originCertificate", "ports", "tlsVersionTitle", "http2Title"],
    originCharacteristics: ["authenticationMethodTitle", "originLocationTitle", "adcTitle"],
};

type ValueOf<S> = S extends { t: "bool" }
    ? boolean
    : S extends { t: "int" }
      ? number
      : S extends { t: "enum"; values: readonly (infer V)[] }
        ? V
        : S extends { t: "duration" }
          ? Duration
          : S extends { t: "upper" }
            ? Uppercase<string>
            : S extends { t: "list"; item: infer I }
              ? ValueOf<I>[]
              : S extends { t: "object"; options: infer O }
                ? OptionsOf<O>
                : S extends { t: "string" }
                  ? string
                  : never;
type OptionsOf<O> = { [K in keyof O]?: ValueOf<O[K]> };

export type BehaviorName = keyof typeof BEHAVIORS;
export type CriterionName = keyof typeof CRITERIA;
export type BehaviorOptions<N extends BehaviorName> = OptionsOf<(typeof BEHAVIORS)[N]>;
export type CriterionOptions<N extends CriterionName> = OptionsOf<(typeof CRITERIA)[N]>;
export type Behavior = { [N in BehaviorName]: { name: N; options: BehaviorOptions<N> } }[BehaviorName];
export type Criterion = { [N in CriterionName]: { name: N; options: CriterionOptions<N> } }[CriterionName];

/**
 * A child rule. `criteriaMustSatisfy` is "all" or "any" (edgegrid-golang pkg/papi/rule.go
 * RuleCriteriaMustSatisfyAll/Any); `options.is_secure` belongs to the default rule only
 * (terraform-provider-akamai ruleformats/builder.go: ErrOnlyForDefault "is_secure").
 */
export interface ChildRule {
    name: string;
    comments?: string;
    criteria: Criterion[];
    criteriaMustSatisfy: "all" | "any";
    behaviors: Behavior[];
    children: ChildRule[];
}

/**
 * The top rule: named "default", no criteria (builder.go: ErrNotForDefault "criterion",
 * "criteria_must_satisfy"), and the property's `options.is_secure` (papi RuleOptions
 * `json:"is_secure"`), which must be true for HTTPS delivery on an Enhanced TLS edge hostname.
 */
export interface DefaultRule {
    name: "default";
    comments?: string;
    options: { is_secure: boolean };
    criteria: [];
    behaviors: Behavior[];
    children: ChildRule[];
}

export interface RuleTree {
    rules: DefaultRule;
}

/** An include's tree: a default rule without property options (includes have no is_secure). */
export interface IncludeTree {
    rules: Omit<DefaultRule, "options">;
}

/** Rules nest at most five levels below the default rule (PAPI feature catalog, "Rule tree basics": https://developer.akamai.com/api/core_features/property_manager/vlatest.html). */
export const MAX_DEPTH = 5;
/** "Each set of rules requires these two behaviors in the top-level default rule" (same page). */
export const DEFAULT_RULE_REQUIRES: readonly BehaviorName[] = ["origin", "cpCode"];

function checkValue(spec: Spec, value: unknown, where: string): string[] {
    switch (spec.t) {
        case "bool":
            return typeof value === "boolean" ? [] : [`${where} must be a boolean, not ${JSON.stringify(value)}`];
        case "int":
            if (typeof value !== "number" || !Number.isInteger(value)) return [`${where} must be an integer, not ${JSON.stringify(value)}`];
            if (spec.values && !spec.values.includes(value)) return [`${where} must be one of ${spec.values.join(", ")}, not ${value}`];
            if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return [`${where} must be within ${spec.min ?? "-∞"}–${spec.max ?? "∞"}, not ${value}`];
            return [];
        case "enum":
            return typeof value === "string" && spec.values.includes(value) ? [] : [`${where} must be one of ${spec.values.join(", ")}, not ${JSON.stringify(value)}`];
        case "duration":
            return typeof value === "string" && DURATION.test(value) ? [] : [`${where} must match ${DURATION.source}, not ${JSON.stringify(value)}`];
        case "string":
        case "upper":
            if (typeof value !== "string") return [`${where} must be a string, not ${JSON.stringify(value)}`];
            return spec.pattern && !spec.pattern.test(value) ? [`${where} must match ${spec.pattern.source}${spec.why ? ` (${spec.why})` : ""}, not ${JSON.stringify(value)}`] : [];
        case "list":
            return Array.isArray(value) ? value.flatMap((v, i) => checkValue(spec.item, v, `${where}[${i}]`)) : [`${where} must be a list, not ${JSON.stringify(value)}`];
        case "object":
            return checkOptions(spec.options, {}, value, where);
    }
}

function checkOptions(table: Readonly<Record<string, Spec>>, exportOnly: Readonly<Record<string, readonly string[]>>, options: unknown, where: string, name = ""): string[] {
    if (typeof options !== "object" || options === null || Array.isArray(options)) return [`${where} options must be an object`];
    return Object.entries(options).flatMap(([key, value]) => {
        if (exportOnly[name]?.includes(key)) return [`${where}.${key} is export-only in v2025-01-13 and has no effect`];
        const spec = table[key];
        return spec ? checkValue(spec, value, `${where}.${key}`) : [`${where}.${key} is not an option of ${name || "this object"} in v2025-01-13`];
    });
}

interface LooseRule {
    name?: unknown;
    options?: Record<string, unknown>;
    criteria?: { name: string; options: unknown }[];
    criteriaMustSatisfy?: unknown;
    behaviors?: { name: string; options: unknown }[];
    children?: LooseRule[];
}

/**
 * Every way a rule tree (parsed JSON) breaks the table: unknown or export-only options, wrong
 * types, enum values and patterns, criteria or is_secure on the wrong rule, depth, the default
 * rule's required behaviours, and recovery configuration names that no recoveryConfig rule defines
 * (or that two rules define). `kind: "include"` for an include's tree.
 */
export function validateRuleTree(tree: unknown, kind: "property" | "include" = "property"): string[] {
    const root = (tree as { rules?: LooseRule } | undefined)?.rules;
    if (!root) return ["the tree has no rules"];
    const errors: string[] = [];
    const referenced = new Map<string, string>();
    const defined: string[] = [];
    const walk = (rule: LooseRule, path: string, depth: number) => {
        const isDefault = depth === 0;
        if (typeof rule.name !== "string" || rule.name.length === 0) errors.push(`${path}: a rule needs a name`);
        if (isDefault && rule.name !== "default") errors.push(`${path}: the top rule must be named "default"`);
        if (depth > MAX_DEPTH) errors.push(`${path}: rules nest at most ${MAX_DEPTH} levels deep`);
        const opts = rule.options ?? {};
        if (isDefault && kind === "property" && typeof opts.is_secure !== "boolean") errors.push(`${path}: the default rule needs options.is_secure`);
        if ((!isDefault || kind === "include") && opts.is_secure !== undefined) errors.push(`${path}: options.is_secure belongs to a property's default rule only`);
        if (isDefault && ((rule.criteria ?? []).length > 0 || rule.criteriaMustSatisfy !== undefined)) errors.push(`${path}: the default rule takes no criteria`);
        if (!isDefault && rule.criteriaMustSatisfy !== "all" && rule.criteriaMustSatisfy !== "any") errors.push(`${path}: criteriaMustSatisfy must be "all" or "any"`);
        for (const c of rule.criteria ?? []) {
            const table = (CRITERIA as Record<string, Record<string, Spec>>)[c.name];
            if (!table) errors.push(`${path}: criterion ${c.name} is not in the table`);
            else errors.push(...checkOptions(table, {}, c.options, `${path} criterion ${c.name}`, c.name));
            const name = (c.options as { configName?: unknown } | undefined)?.configName;
            if (c.name === "recoveryConfig" && typeof name === "string") defined.push(name);
        }
        for (const b of rule.behaviors ?? []) {
            const table = (BEHAVIORS as Record<string, Record<string, Spec>>)[b.name];
            if (!table) errors.push(`${path}: behavior ${b.name} is not in the table`);
            else errors.push(...checkOptions(table, EXPORT_ONLY, b.options, `${path} behavior ${b.name}`, b.name));
            if (b.name === "include" && kind === "include") errors.push(`${path}: the include behavior cannot be used in an include`);
            if (b.name === "originFailureRecoveryPolicy") {
                const o = (b.options ?? {}) as Record<string, unknown>;
                for (const key of ["originResponsivenessRecoveryConfigName", "monitorStatusCodes1RecoveryConfigName"]) {
                    if (typeof o[key] === "string") referenced.set(o[key] as string, `${path} ${key}`);
                }
            }
        }
        if (isDefault && kind === "property") {
            for (const need of DEFAULT_RULE_REQUIRES) if (!(rule.behaviors ?? []).some((b) => b.name === need)) errors.push(`${path}: the default rule needs a ${need} behavior`);
        }
        (rule.children ?? []).forEach((child, i) => walk(child, `${path} > ${typeof child.name === "string" ? child.name : `#${i}`}`, depth + 1));
    };
    walk(root, "default", 0);
    for (const [name, where] of referenced) if (!defined.includes(name)) errors.push(`${where}: no recoveryConfig rule defines ${name}`);
    for (const name of new Set(defined)) if (defined.filter((d) => d === name).length > 1) errors.push(`recoveryConfig ${name} is defined by more than one rule`);
    return errors;
}
