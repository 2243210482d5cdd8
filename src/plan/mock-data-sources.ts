/**
 * The offline plan's data sources: each answers from the recorded facts (./fixtures) the way the
 * real provider reads its API (sources in each fixture file), honouring its arguments, and refuses
 * what the fixtures cannot answer truthfully instead of returning a plausible empty list.
 */
import {
    AVAILABILITY_ZONES,
    AWS_IP_RANGES_COPY,
    AWS_IP_RANGES_RECORDED,
    AWS_IP_RANGES_REGIONS,
    AWS_IP_RANGES_SERVICES,
    CLOUDFLARE_IPS,
    FASTLY_PUBLIC_IP_LIST,
    PLAN_CALLER_IDENTITY,
    PLAN_PARTITION,
    REGION_DESCRIPTIONS,
    ZONE_FILTER_FIELDS,
    ZONE_FILTERS_NOT_RECORDED,
    ZONE_STATES,
    ZoneFact,
} from "./fixtures";

/** Go's sort.Strings / slices.Sort: byte-wise, which for these ASCII strings is UTF-16 order. */
const goSorted = (xs: readonly string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const refuse = (token: string, why: string): never => {
    throw new Error(`${token}: ${why}`);
};

const IP_RANGES = "aws:index/getIpRanges:getIpRanges";

/** aws.getIpRanges: `services` (required) and `regions` filters, compared lower-cased. */
export function awsIpRanges(args: { services?: string[]; regions?: string[]; url?: string; id?: string }): Record<string, unknown> {
    const services = args.services ?? [];
    if (services.length === 0) refuse(IP_RANGES, "`services` is required and must name at least one service");
    if (args.url !== undefined && args.url !== AWS_IP_RANGES_COPY.url) {
        refuse(IP_RANGES, `the plan records only ${AWS_IP_RANGES_COPY.url}, not url ${JSON.stringify(args.url)}`);
    }
    const wanted = new Set(services.map((s) => s.toLowerCase()));
    for (const s of services) {
        const published = AWS_IP_RANGES_SERVICES.find((p) => p.toLowerCase() === s.toLowerCase());
        if (!published) refuse(IP_RANGES, `unknown service ${JSON.stringify(s)}; ip-ranges.json (syncToken ${AWS_IP_RANGES_COPY.syncToken}) publishes ${AWS_IP_RANGES_SERVICES.join(", ")}`);
        if (!AWS_IP_RANGES_RECORDED[published!]) {
            refuse(IP_RANGES, `service ${published} is published but not recorded in src/plan/fixtures (recorded: ${Object.keys(AWS_IP_RANGES_RECORDED).join(", ")}); record it from the same copy`);
        }
    }
    const regions = args.regions ?? [];
    for (const r of regions) {
        if (!AWS_IP_RANGES_REGIONS.some((p) => p.toLowerCase() === r.toLowerCase())) {
            refuse(IP_RANGES, `unknown region ${JSON.stringify(r)}; ip-ranges.json (syncToken ${AWS_IP_RANGES_COPY.syncToken}) has ${AWS_IP_RANGES_REGIONS.join(", ")}`);
        }
    }
    const regionWanted = (region: string) => regions.length === 0 || regions.some((r) => r.toLowerCase() === region.toLowerCase());
    const ipv4: string[] = [];
    const ipv6: string[] = [];
    for (const [service, ranges] of Object.entries(AWS_IP_RANGES_RECORDED)) {
        if (!ranges || !wanted.has(service.toLowerCase())) continue;
        for (const [region, prefixes] of Object.entries(ranges.ipv4)) if (regionWanted(region)) ipv4.push(...prefixes);
        for (const [region, prefixes] of Object.entries(ranges.ipv6)) if (regionWanted(region)) ipv6.push(...prefixes);
    }
    return {
        cidrBlocks: goSorted(ipv4),
        ipv6CidrBlocks: goSorted(ipv6),
        createDate: AWS_IP_RANGES_COPY.createDate,
        syncToken: Number(AWS_IP_RANGES_COPY.syncToken),
        id: AWS_IP_RANGES_COPY.syncToken,
        url: AWS_IP_RANGES_COPY.url,
        services,
        ...(args.regions !== undefined ? { regions: args.regions } : {}),
    };
}

/** cloudflare.getIpRanges: the API's lists in its order; `networks` other than unset is refused. */
export function cloudflareIpRanges(args: { networks?: string }): Record<string, unknown> {
    if (args.networks !== undefined) {
        refuse("cloudflare:index/getIpRanges:getIpRanges", `networks=${JSON.stringify(args.networks)}: the JD Cloud list (networks=jdcloud) is not recorded in src/plan/fixtures/cdn-ranges.ts`);
    }
    return { etag: CLOUDFLARE_IPS.etag, ipv4Cidrs: [...CLOUDFLARE_IPS.ipv4Cidrs], ipv6Cidrs: [...CLOUDFLARE_IPS.ipv6Cidrs], jdcloudCidrs: [] };
}

/** CRC-32 (IEEE 802.3, reflected 0xEDB88320), as Go's hash/crc32.ChecksumIEEE. */
export function crc32(text: string): number {
    let c = 0xffffffff;
    for (const byte of Buffer.from(text, "utf8")) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
}

/** fastly.getFastlyIpRanges: both lists sorted; id the provider's hash of the API's lists. */
export function fastlyIpRanges(): Record<string, unknown> {
    const { addresses, ipv6Addresses } = FASTLY_PUBLIC_IP_LIST;
    return {
        cidrBlocks: goSorted(addresses),
        ipv6CidrBlocks: goSorted(ipv6Addresses),
        id: String(crc32([...addresses, ...ipv6Addresses].map((s) => `${s}-`).join(""))),
    };
}

const REGION = "aws:index/getRegion:getRegion";

/** aws.getRegion: `region` (or deprecated `name`, not both) or `endpoint`, else the provider's region. */
export function awsRegion(args: { region?: string; name?: string; endpoint?: string; id?: string }, providerRegion: string): Record<string, unknown> {
    if (args.region !== undefined && args.name !== undefined) refuse(REGION, "`name` and `region` conflict; use `region`");
    const known = (r: string) => REGION_DESCRIPTIONS[r] !== undefined;
    let region: string | undefined;
    if (args.endpoint !== undefined) {
        region = Object.keys(REGION_DESCRIPTIONS).find((r) => `ec2.${r}.amazonaws.com` === args.endpoint);
        if (!region) refuse(REGION, `finding Region by endpoint (${args.endpoint}): no such EC2 endpoint`);
    }
    const name = args.region ?? args.name;
    if (name !== undefined) {
        if (!known(name)) refuse(REGION, `finding Region by name (${name}): not a region of the aws partition`);
        if (region !== undefined && region !== name) refuse(REGION, "multiple Regions matched: use additional constraints to reduce matches to a single Region");
        region = name;
    }
    region ??= providerRegion;
    if (!known(region)) refuse(REGION, `finding Region by name (${region}): not a region of the aws partition`);
    return { description: REGION_DESCRIPTIONS[region], endpoint: `ec2.${region}.amazonaws.com`, id: region, name: region, region };
}

const ZONES = "aws:index/getAvailabilityZones:getAvailabilityZones";

interface ZoneArgs {
    allAvailabilityZones?: boolean;
    excludeNames?: string[];
    excludeZoneIds?: string[];
    filters?: { name: string; values: string[] }[];
    region?: string;
    state?: string;
}

/** EC2 filter values accept * (any run) and ? (one character). */
const globMatch = (pattern: string, value: string) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(value);

/** aws.getAvailabilityZones in `region` (the argument, else the provider's). */
export function awsAvailabilityZones(args: ZoneArgs, providerRegion: string): Record<string, unknown> {
    const region = args.region ?? providerRegion;
    const zones = AVAILABILITY_ZONES[region];
    if (!zones) refuse(ZONES, `no Availability Zones recorded for ${region} (recorded: ${Object.keys(AVAILABILITY_ZONES).join(", ")}); add them to src/plan/fixtures/aws-zones.ts`);
    if (args.allAvailabilityZones) {
        refuse(ZONES, `allAvailabilityZones adds ${region}'s Local and Wavelength Zones, opted in or not; src/plan/fixtures/aws-zones.ts records only its Availability Zones`);
    }
    if (args.state !== undefined && !(ZONE_STATES as readonly string[]).includes(args.state)) {
        refuse(ZONES, `state ${JSON.stringify(args.state)} is not one of ${ZONE_STATES.join(", ")}`);
    }
    const filters = [...(args.state !== undefined ? [{ name: "state", values: [args.state] }] : []), ...(args.filters ?? [])];
    for (const f of filters) {
        if ((ZONE_FILTERS_NOT_RECORDED as readonly string[]).includes(f.name)) refuse(ZONES, `filter ${f.name}: that field is not recorded in src/plan/fixtures/aws-zones.ts`);
        if (!ZONE_FILTER_FIELDS[f.name]) refuse(ZONES, `InvalidParameterValue: unknown filter name ${JSON.stringify(f.name)} (DescribeAvailabilityZones accepts ${[...Object.keys(ZONE_FILTER_FIELDS), ...ZONE_FILTERS_NOT_RECORDED].join(", ")})`);
    }
    const passes = (z: ZoneFact) => filters.every((f) => f.values.some((v) => globMatch(v, String(z[ZONE_FILTER_FIELDS[f.name]]))));
    const chosen = zones!
        .filter(passes)
        .sort((a, b) => (a.zoneName < b.zoneName ? -1 : 1))
        .filter((z) => !(args.excludeNames ?? []).includes(z.zoneName) && !(args.excludeZoneIds ?? []).includes(z.zoneId));
    return {
        ...args,
        groupNames: goSorted([...new Set(chosen.map((z) => z.groupName))]),
        id: region,
        names: chosen.map((z) => z.zoneName),
        region,
        zoneIds: chosen.map((z) => z.zoneId),
    };
}

export const callerIdentity = (): Record<string, unknown> => ({ ...PLAN_CALLER_IDENTITY });
export const partition = (): Record<string, unknown> => ({ ...PLAN_PARTITION });
