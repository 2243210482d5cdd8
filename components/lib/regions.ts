/**
 * AWS commercial regions bibox may be deployed to. A region outside this list is a typo or a
 * partition (GovCloud, China) the program was never designed for.
 */
export const AWS_REGIONS = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1",
    "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
    "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
    "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export function isAwsRegion(value: unknown): value is AwsRegion {
    return typeof value === "string" && (AWS_REGIONS as readonly string[]).includes(value);
}

/** True when `az` is an availability-zone name of `region` (the region plus one letter). */
export function isZoneOf(az: string, region: string): boolean {
    return az.length === region.length + 1 && az.startsWith(region) && /[a-z]$/.test(az);
}

/**
 * What bibox must know of a region before a stack may run there, one row per region: the one
 * table of supported regions. The config check refuses any other region before a resource is
 * registered (src/schema.ts, src/topology.ts); the edge reads its rows (components/edge/geo.ts,
 * akamai-rules.ts). A new region is a new row, each field looked up at its vendor.
 */
export interface RegionSupport {
    /** Latitude and longitude of the region's metro area: edge steering sends each user area to the nearest region (components/edge/geo.ts). */
    readonly location: readonly [latitude: number, longitude: number];
    /** Cloudflare load-balancer health-check region that probes the region's pools (the pool's check_regions, Cloudflare Load Balancing "Health check regions"). */
    readonly cloudflareCheckRegion: string;
    /** Fastly shield POP nearest the region: the one cache every edge POP asks before the origin (codes as `fastly pops` lists them). */
    readonly fastlyShield: string;
    /** Akamai originCharacteristics.country of the region's media bucket (rule format v2025-01-13, the behaviour's enum). */
    readonly akamaiOriginCountry: "US_EAST" | "EUROPE" | "JAPAN";
    /**
     * The Availability Zone names an account is offered in the region ("AWS Availability Zones", AZ
     * IDs per region: use1-az1..az6, euw1-az1..az3, apne1-az1/az2/az4; ap-northeast-1b is not offered
     * to accounts created since — the sources are in src/plan/fixtures/aws-zones.ts, which the plan's
     * getAvailabilityZones answers from). bibox:availabilityZones must name three of them: a subnet
     * in a zone the account lacks fails `pulumi up` after the VPC exists.
     */
    readonly zones: readonly string[];
}

export const SUPPORTED_REGIONS = {
    "us-east-1": {
        location: [38.9, -77.4],
        cloudflareCheckRegion: "ENAM",
        fastlyShield: "iad-va-us",
        akamaiOriginCountry: "US_EAST",
        zones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"],
    },
    "eu-west-1": { location: [53.3, -6.3], cloudflareCheckRegion: "WEU", fastlyShield: "dub-dublin-ie", akamaiOriginCountry: "EUROPE", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
    "ap-northeast-1": { location: [35.7, 139.7], cloudflareCheckRegion: "NEAS", fastlyShield: "tyo-tokyo-jp", akamaiOriginCountry: "JAPAN", zones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"] },
} as const satisfies Readonly<Record<string, RegionSupport>>;

export type SupportedRegion = keyof typeof SUPPORTED_REGIONS;

export function isSupportedRegion(value: unknown): value is SupportedRegion {
    return typeof value === "string" && Object.hasOwn(SUPPORTED_REGIONS, value);
}

/** How a config check says a region is refused: unknown to AWS, or known but not supported. */
export function regionProblem(value: unknown): string | undefined {
    if (!isAwsRegion(value)) return "is not a known AWS region";
    if (!isSupportedRegion(value)) return `is not a region bibox supports (${Object.keys(SUPPORTED_REGIONS).join(", ")}: each needs its row in components/lib/regions.ts SUPPORTED_REGIONS — metro location, Cloudflare health-check region, Fastly shield POP, Akamai origin country, zones)`;
    return undefined;
}

/** The row of a region the config check admitted; any other region is a bug of the caller. */
export function regionSupport(region: string): RegionSupport {
    if (!isSupportedRegion(region)) throw new Error(`${region} is not in SUPPORTED_REGIONS (components/lib/regions.ts): the config check should have refused it`);
    return SUPPORTED_REGIONS[region];
}
