/**
 * The Adaptive Media Delivery property's rule tree (pure, typed by akamai-rule-format.ts). Each
 * continent is served from the media bucket of its nearest region; when that origin does not
 * answer in time or answers 5xx, Akamai fetches from the next nearest region's bucket (Origin
 * Failover: an originFailureRecoveryPolicy that monitors, and one recoveryConfig rule per region
 * with the alternate origin); tiered distribution is the origin shield; every request must carry a
 * valid segment token (the include that holds the key, see tokenIncludeRules).
 */

import { createHmac } from "node:crypto";
import { mediaBucketName } from "../lib/naming";
import { Behavior, BehaviorOptions, ChildRule, Criterion, IncludeTree, RuleTree, validateRuleTree } from "./akamai-rule-format";
import { SUPPORTED_REGIONS } from "../lib/regions";
import { nearestRegions, REGION_LOCATIONS } from "./geo";

/** A rule as read back from JSON (what policies and tests walk); the typed shapes are in akamai-rule-format.ts. */
export interface Rule {
    name: string;
    comments?: string;
    options?: { is_secure?: boolean };
    criteria: { name: string; options: Record<string, unknown> }[];
    criteriaMustSatisfy?: "all" | "any";
    behaviors: { name: string; options: Record<string, unknown> }[];
    children: Rule[];
}

export interface MediaOrigin {
    /** The bucket's region: the origin's country and SigV4 region; steering and failover pick origins by it. */
    region: string;
    /** The bucket's regional S3 host, e.g. `bibox-media-us-east-1-1111.s3.us-east-1.amazonaws.com`. */
    host: string;
}

export interface VideoRulesArgs {
    /** The CP code the traffic is reported under, as a number (cpCodeNumber of the id). */
    cpCodeId: number;
    /** Origins of every region. */
    origins: readonly MediaOrigin[];
    /** Region that serves areas no continent rule matches. */
    defaultRegion: string;
    /** Continent code → regions nearest first. */
    steering: Readonly<Record<string, string[]>>;
    /** Cloud Access Manager key version (its primary GUID) that signs requests to the private buckets. */
    originAccessKeyGuid: string;
    /** The include holding the segment-token check, digits only (its id without `inc_`). */
    tokenIncludeId: string;
    /** @default 5 — seconds an origin may take before Akamai fails over (1–10, the policy's custom timeout) */
    originTimeoutSeconds?: number;
}

/** Each region's media bucket as an origin (regional S3 endpoint, so no redirect between regions). */
export function mediaOrigins(regions: readonly string[], accountId: string): MediaOrigin[] {
    return regions.map((region) => ({ region, host: `${mediaBucketName(region, accountId)}.s3.${region}.amazonaws.com` }));
}

export const AKAMAI_RULE_FORMAT = "v2025-01-13";
export const AMD_PRODUCT_ID = "prd_Adaptive_Media_Delivery";

/**
 * originCharacteristics.country of each region's bucket (the behaviour's enum, L9991 of the
 * v2025-01-13 schema): where the origin is, which Akamai uses to place the origin's parents
 * (components/lib/regions.ts SUPPORTED_REGIONS akamaiOriginCountry; typed here against the binding's enum).
 */
export const ORIGIN_COUNTRY: Readonly<Record<string, NonNullable<BehaviorOptions<"originCharacteristics">["country"]>>> = Object.fromEntries(
    Object.entries(SUPPORTED_REGIONS).map(([r, s]) => [r, s.akamaiOriginCountry]),
);

/** The recovery configuration a region's failure triggers, e.g. `FROM-AP-NORTHEAST-1` (3–20 of A–Z, 0–9, -). */
export function recoveryConfigName(region: string): Uppercase<string> {
    const name = `FROM-${region}`.toUpperCase() as Uppercase<string>;
    if (!/^[A-Z0-9-]{3,20}$/.test(name)) throw new Error(`recovery configuration name ${name} breaks ^[A-Z0-9-]{3,20}$`);
    return name;
}

/** Status codes from S3 that mean "try the other region": 500 and 502–504 (not 501 or 4xx). */
export const FAILOVER_STATUS_CODES = ["500", "502:504"];

const child = (name: string, behaviors: Behavior[], criteria: Criterion[] = [], children: ChildRule[] = [], comments?: string): ChildRule => ({
    name,
    ...(comments ? { comments } : {}),
    criteria,
    criteriaMustSatisfy: "all",
    behaviors,
    children,
});

/** Origin behaviours for one bucket: HTTPS with SNI and verification, requests signed with the CAM key. */
export function s3Origin(o: MediaOrigin, originAccessKeyGuid: string): Behavior[] {
    const country = ORIGIN_COUNTRY[o.region];
    if (!country) throw new Error(`no originCharacteristics country for ${o.region}: not in SUPPORTED_REGIONS (components/lib/regions.ts), which the config check should have refused`);
    return [
        {
            name: "origin",
            options: {
                originType: "CUSTOMER",
                hostname: o.host,
                forwardHostHeader: "ORIGIN_HOSTNAME",
                cacheKeyHostname: "ORIGIN_HOSTNAME",
                httpsPort: 443,
                httpPort: 80,
                originSni: true,
                verificationMode: "PLATFORM_SETTINGS",
                compress: false,
                enableTrueClientIp: false,
            },
        },
        {
            name: "originCharacteristics",
            options: {
                authenticationMethod: "AWS",
                accessKeyEncryptedStorage: true,
                awsAccessKeyVersionGuid: originAccessKeyGuid,
                awsRegion: o.region,
                awsHost: o.host,
                awsService: "s3",
                country,
            },
        },
    ];
}

/**
 * Detection of a dead origin, switched on: connectivity monitored with a user-specified timeout and
 * 5xx status codes monitored, each triggering the region's recovery configuration at once (no
 * retry on the dead origin first). The contents of the three buckets are replicas, so a request
 * can continue on the other origin (binaryEquivalentContent).
 */
export function failoverPolicy(region: string, timeoutSeconds: number): Behavior {
    const configName = recoveryConfigName(region);
    return {
        name: "originFailureRecoveryPolicy",
        options: {
            enabled: true,
            binaryEquivalentContent: true,
            enableIPAvoidance: false,
            monitorOriginResponsiveness: true,
            originResponsivenessTimeout: "USER_SPECIFIED",
            originResponsivenessCustomTimeout: timeoutSeconds,
            originResponsivenessEnableRetry: false,
            originResponsivenessEnableRecovery: true,
            originResponsivenessRecoveryConfigName: configName,
            monitorStatusCodes1: true,
            monitorResponseCodes1: [...FAILOVER_STATUS_CODES],
            monitorStatusCodes1EnableRetry: false,
            monitorStatusCodes1EnableRecovery: true,
            monitorStatusCodes1RecoveryConfigName: configName,
        },
    };
}

export function videoPropertyRules(a: VideoRulesArgs): RuleTree {
    const originOf = (region: string) => {
        const o = a.origins.find((x) => x.region === region);
        if (!o) throw new Error(`no media origin for ${region}`);
        return o;
    };
    if (!Number.isInteger(a.cpCodeId) || a.cpCodeId <= 0) throw new Error(`CP code id ${a.cpCodeId} is not a positive integer`);
    const regions = a.origins.map((o) => o.region);
    const timeout = a.originTimeoutSeconds ?? 5;

    // Continents grouped by the region nearest them.
    const continentsOf = (region: string) => Object.entries(a.steering).filter(([, order]) => order[0] === region).map(([c]) => c);
    const regional = regions
        .filter((r) => continentsOf(r).length > 0)
        .map((r) =>
            child(
                `Origin ${r}`,
                [...s3Origin(originOf(r), a.originAccessKeyGuid), failoverPolicy(r, timeout)],
                [{ name: "userLocation", options: { field: "CONTINENT", matchOperator: "IS_ONE_OF", continentValues: continentsOf(r), checkIps: "BOTH" } }],
                [],
                `Users in ${continentsOf(r).join(", ")} are served from ${r}`,
            ),
        );
    // When a region's origin fails, fetch from the next nearest region's bucket.
    const recovery = regions.map((r) => {
        const next = nearestRegions(REGION_LOCATIONS[r], regions.filter((x) => x !== r))[0];
        return child(
            `Recovery ${recoveryConfigName(r)}`,
            [{ name: "originFailureRecoveryMethod", options: { recoveryMethod: "RETRY_ALTERNATE_ORIGIN" } }, ...s3Origin(originOf(next), a.originAccessKeyGuid)],
            [{ name: "recoveryConfig", options: { configName: recoveryConfigName(r) } }],
            [],
            `${r} down: fetch from ${next}`,
        );
    });

    const tree: RuleTree = {
        rules: {
            name: "default",
            comments: "Adaptive Media Delivery of Pleasure's HLS video from the regional media buckets, over HTTPS on an Enhanced TLS edge hostname",
            options: { is_secure: true },
            criteria: [],
            behaviors: [
                ...s3Origin(originOf(a.defaultRegion), a.originAccessKeyGuid),
                failoverPolicy(a.defaultRegion, timeout),
                { name: "cpCode", options: { value: { id: a.cpCodeId } } },
                { name: "timeout", options: { value: `${timeout}s` } },
                { name: "tieredDistribution", options: { enabled: true, tieredDistributionMap: "CH2" } },
                { name: "segmentedMediaOptimization", options: { behavior: "ON_DEMAND", enableUllStreaming: false } },
                { name: "allowPost", options: { enabled: false } },
                { name: "include", options: { id: a.tokenIncludeId } },
            ],
            children: [
                ...regional,
                child(
                    "HLS manifests",
                    [{ name: "caching", options: { behavior: "MAX_AGE", mustRevalidate: false, ttl: "10s" } }],
                    [{ name: "fileExtension", options: { matchOperator: "IS_ONE_OF", values: ["m3u8"], matchCaseSensitive: false } }],
                ),
                child(
                    "HLS segments and renditions",
                    [{ name: "caching", options: { behavior: "MAX_AGE", mustRevalidate: false, ttl: "365d" } }],
                    [{ name: "fileExtension", options: { matchOperator: "IS_ONE_OF", values: ["ts", "m4s", "mp4", "aac", "vtt"], matchCaseSensitive: false } }],
                ),
                // Last, so no later rule overrides the alternate origins (the last matching rule wins).
                child("Origin failure recovery methods", [], [], recovery, "One recovery configuration per region: the alternate origin when it fails"),
            ],
        },
    };
    const errors = validateRuleTree(tree);
    if (errors.length > 0) throw new Error(`the video rule tree breaks rule format ${AKAMAI_RULE_FORMAT}:\n${errors.join("\n")}`);
    return tree;
}

/** Domain separation: the segment-token key is derived from the playback key, never equal to it. */
export const SEGMENT_TOKEN_KEY_LABEL = "bibox/akamai-segment-token/v1";

/** The Akamai segment-token key: hex(HMAC-SHA256(playbackTokenKey, SEGMENT_TOKEN_KEY_LABEL)). */
export function segmentTokenKey(playbackTokenKey: string): string {
    return createHmac("sha256", playbackTokenKey).update(SEGMENT_TOKEN_KEY_LABEL).digest("hex");
}

/**
 * The include that checks segment tokens: Auth 2.0 (EdgeAuth) tokens, HMAC-SHA256, read from the
 * `__token__` cookie (so segment URLs and the cache key stay token-free), query string left out of
 * the HMAC input, 403 on failure. Kept in an include so that the key lives only in the include's
 * rules, which the program passes as a Pulumi secret.
 */
export function tokenIncludeRules(key: string): IncludeTree {
    const tree: IncludeTree = {
        rules: {
            name: "default",
            comments: "Segment tokens (Auth 2.0, HMAC-SHA256, __token__ cookie); the key is derived from the playback-token key",
            criteria: [],
            behaviors: [
                {
                    name: "verifyTokenAuthorization",
                    options: { useAdvanced: true, location: "COOKIE", algorithm: "SHA256", escapeHmacInputs: false, ignoreQueryString: true, key, failureResponse: true },
                },
            ],
            children: [],
        },
    };
    const errors = validateRuleTree(tree, "include");
    if (errors.length > 0) throw new Error(`the token include breaks rule format ${AKAMAI_RULE_FORMAT}:\n${errors.join("\n")}`);
    return tree;
}

/** The connect timeout (`timeout` behaviour) the rule tree declares. */
export function declaredConnectTimeout(tree: { rules: Rule }): number | undefined {
    const timeout = tree.rules.behaviors.find((b) => b.name === "timeout")?.options.value;
    return typeof timeout === "string" ? Number(timeout.replace(/s$/, "")) : undefined;
}

/** `cpc_123456` → 123456 (the rule tree takes the CP code "stripping any `cpc_` prefix", L3294). */
export function cpCodeNumber(id: string): number {
    const m = /^(cpc_)?([0-9]+)$/.exec(id);
    if (!m) throw new Error(`CP code id ${id} is not cpc_<digits>`);
    return Number(m[2]);
}

/** `inc_123456` → "123456" (the include behaviour "only accepts digits, without the `inc_` ID prefix", L7269). */
export function includeDigits(id: string): string {
    const m = /^(inc_)?([0-9]+)$/.exec(id);
    if (!m) throw new Error(`include id ${id} is not inc_<digits>`);
    return m[2];
}
