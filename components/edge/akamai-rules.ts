/**
 * The Adaptive Media Delivery property's rule tree (pure, typed). Each continent is served from
 * the media bucket of its nearest region; when that origin fails to answer, Akamai retries the
 * next nearest region's bucket (Origin Failover); tiered distribution is the origin shield.
 */

import { mediaBucketName } from "../naming";
import { nearestRegions, REGION_LOCATIONS } from "./geo";

export interface Behavior {
    name: string;
    options: Record<string, unknown>;
}

export interface Criterion {
    name: string;
    options: Record<string, unknown>;
}

export interface Rule {
    name: string;
    comments?: string;
    criteria: Criterion[];
    criteriaMustSatisfy: "all" | "any";
    behaviors: Behavior[];
    children: Rule[];
}

export interface MediaOrigin {
    region: string;
    /** The bucket's regional S3 host, e.g. `bibox-media-us-east-1-1111.s3.us-east-1.amazonaws.com`. */
    host: string;
}

export interface VideoRulesArgs {
    cpCodeId: number;
    /** Origins of every region. */
    origins: readonly MediaOrigin[];
    /** Region that serves areas no continent rule matches. */
    defaultRegion: string;
    /** Continent code → regions nearest first. */
    steering: Readonly<Record<string, string[]>>;
    /** Cloud Access Manager key version that signs requests to the private buckets. */
    originAccessKeyGuid: string;
    /** @default 5 — seconds to connect to an origin before failing over */
    connectTimeoutSeconds?: number;
}

/** Each region's media bucket as an origin (regional S3 endpoint, so no redirect between regions). */
export function mediaOrigins(regions: readonly string[], accountId: string): MediaOrigin[] {
    return regions.map((region) => ({ region, host: `${mediaBucketName(region, accountId)}.s3.${region}.amazonaws.com` }));
}

export const AKAMAI_RULE_FORMAT = "v2025-01-13";
export const AMD_PRODUCT_ID = "prd_Adaptive_Media_Delivery";

const rule = (name: string, behaviors: Behavior[], criteria: Criterion[] = [], children: Rule[] = [], comments?: string): Rule => ({
    name,
    ...(comments ? { comments } : {}),
    criteria,
    criteriaMustSatisfy: "all",
    behaviors,
    children,
});

/** Origin behaviours for one bucket: HTTPS with SNI, requests signed with the CAM key. */
export function s3Origin(o: MediaOrigin, originAccessKeyGuid: string): Behavior[] {
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
                country: "GLOBAL_MULTI_GEO",
            },
        },
    ];
}

const recoveryConfigName = (region: string) => `failover-from-${region}`;

export function videoPropertyRules(a: VideoRulesArgs): { rules: Rule } {
    const originOf = (region: string) => {
        const o = a.origins.find((x) => x.region === region);
        if (!o) throw new Error(`no media origin for ${region}`);
        return o;
    };
    const regions = a.origins.map((o) => o.region);
    const connect = a.connectTimeoutSeconds ?? 5;
    const failoverPolicy = (region: string): Behavior => ({
        name: "originFailureRecoveryPolicy",
        options: {
            enabled: true,
            tuningParameters: "RECOMMENDED",
            enableIpAvoidance: true,
            originResponsivenessMonitoring: "ALWAYS",
            originResponsivenessTimeout: "CUSTOM",
            originResponsivenessCustomTimeout: connect,
            originResponsivenessEnableRetry: true,
            originResponsivenessEnableRecovery: true,
            originResponsivenessRecoveryConfigName: recoveryConfigName(region),
            statusCodeMonitoring1: "ALWAYS",
            monitorStatusCodes1: "500,502,503,504",
            monitorStatusCodes1EnableRetry: true,
            monitorStatusCodes1EnableRecovery: true,
            monitorStatusCodes1RecoveryConfigName: recoveryConfigName(region),
        },
    });

    // Continents grouped by the region nearest them.
    const continentsOf = (region: string) => Object.entries(a.steering).filter(([, order]) => order[0] === region).map(([c]) => c);
    const regional = regions
        .filter((r) => continentsOf(r).length > 0)
        .map((r) =>
            rule(
                `Origin ${r}`,
                [...s3Origin(originOf(r), a.originAccessKeyGuid), failoverPolicy(r)],
                [{ name: "userLocation", options: { field: "CONTINENT", matchOperator: "IS_ONE_OF", continentValues: continentsOf(r), checkIps: "BOTH" } }],
                [],
                `Users in ${continentsOf(r).join(", ")} are served from ${r}`,
            ),
        );
    // When a region's origin fails, retry the next nearest region's bucket.
    const recovery = regions.map((r) => {
        const next = nearestRegions(REGION_LOCATIONS[r], regions.filter((x) => x !== r))[0];
        return rule(
            `Recovery ${recoveryConfigName(r)}`,
            [
                { name: "originFailureRecoveryMethod", options: { recoveryMethod: "RETRY_ALTERNATE_ORIGIN" } },
                ...s3Origin(originOf(next), a.originAccessKeyGuid),
            ],
            [{ name: "recoveryConfig", options: { configName: recoveryConfigName(r) } }],
            [],
            `${r} down: fetch from ${next}`,
        );
    });

    return {
        rules: rule(
            "default",
            [
                ...s3Origin(originOf(a.defaultRegion), a.originAccessKeyGuid),
                failoverPolicy(a.defaultRegion),
                { name: "cpCode", options: { value: { id: a.cpCodeId } } },
                { name: "timeout", options: { value: `${connect}s` } },
                { name: "tieredDistribution", options: { enabled: true, tieredDistributionMap: "CH2" } },
                { name: "segmentedMediaOptimization", options: { behavior: "ON_DEMAND", enableUllStreaming: false } },
                { name: "allowPost", options: { enabled: false } },
            ],
            [],
            [
                ...regional,
                rule(
                    "HLS manifests",
                    [{ name: "caching", options: { behavior: "MAX_AGE", mustRevalidate: false, ttl: "10s" } }],
                    [{ name: "fileExtension", options: { matchOperator: "IS_ONE_OF", values: ["m3u8"], matchCaseSensitive: false } }],
                ),
                rule(
                    "HLS segments and renditions",
                    [{ name: "caching", options: { behavior: "MAX_AGE", mustRevalidate: false, ttl: "365d" } }],
                    [{ name: "fileExtension", options: { matchOperator: "IS_ONE_OF", values: ["ts", "m4s", "mp4", "aac", "vtt"], matchCaseSensitive: false } }],
                ),
                ...recovery,
            ],
            "Adaptive Media Delivery of Pleasure's HLS video from the regional media buckets",
        ),
    };
}

/** The connect timeout the rule tree declares, for the failover budget. */
export function declaredConnectTimeout(tree: { rules: Rule }): number | undefined {
    const timeout = tree.rules.behaviors.find((b) => b.name === "timeout")?.options.value;
    return typeof timeout === "string" ? Number(timeout.replace(/s$/, "")) : undefined;
}
