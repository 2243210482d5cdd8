/**
 * The source addresses an origin ALB really sees, per edge (pure table). A CDN connects to the
 * origin from its own published egress ranges; Global Accelerator, with client IP preservation
 * off, from its points of presence (with it on, the ALB sees every user's own address).
 *
 * The pack cannot read the data sources the program asks (cloudflare.getIpRanges,
 * fastly.getFastlyIpRanges, aws.getIpRanges), so it keeps the published lists here, IPv4 only (the
 * ALBs are IPv4). test/policies/traffic/traffic-model.test.ts holds them to the recorded copies the offline plan
 * answers from (src/plan/fixtures), so a refresh of one is a refresh of both.
 */

export interface SourceSet {
    /** Who connects, for messages: "Cloudflare", "Global Accelerator (client IP preservation off)". */
    label: string;
    /** Every IPv4 prefix the ALB may see the connection come from; "any" = any internet address. */
    cidrs: readonly string[] | "any";
}

/**
 * Cloudflare's IPv4 egress ranges: https://www.cloudflare.com/ips-v4 (the same list as
 * https://api.cloudflare.com/client/v4/ips, etag 38f79d050aa027e3be3865e495dcc9bc). Cloudflare
 * connects to origins from these addresses (https://developers.cloudflare.com/fundamentals/concepts/cloudflare-ip-addresses/).
 */
export const CLOUDFLARE_IPV4: readonly string[] = [
    "173.245.48.0/20", "103.21.244.0/22", "103.22.200.0/22", "103.31.4.0/22", "141.101.64.0/18",
    "108.162.192.0/18", "190.93.240.0/20", "188.114.96.0/20", "197.234.240.0/22", "198.41.128.0/17",
    "162.158.0.0/15", "104.16.0.0/13", "104.24.0.0/14", "172.64.0.0/13", "131.0.72.0/22",
];

/**
 * Fastly's IPv4 addresses ("addresses" of https://api.fastly.com/public-ip-list): the ranges
 * Fastly's caches and shields connect to backends from
 * (https://www.fastly.com/documentation/reference/api/utils/public-ip-list/).
 */
export const FASTLY_IPV4: readonly string[] = [
    "23.235.32.0/20", "43.249.72.0/22", "103.244.50.0/24", "103.245.222.0/23", "103.245.224.0/24",
    "104.156.80.0/20", "140.248.64.0/18", "140.248.128.0/17", "146.75.0.0/17", "151.101.0.0/16",
    "157.52.64.0/18", "167.82.0.0/17", "167.82.128.0/20", "167.82.160.0/20", "167.82.224.0/20",
    "172.111.64.0/18", "185.31.16.0/22", "199.27.72.0/21", "199.232.0.0/16",
];

/**
 * Global Accelerator's points of presence: the GLOBALACCELERATOR prefixes of
 * https://ip-ranges.amazonaws.com/ip-ranges.json (syncToken 1787411825, 2026-08-22) whose "region"
 * is not GLOBAL — the GLOBAL ones are the static anycast addresses users connect to, never a
 * source (https://docs.aws.amazon.com/global-accelerator/latest/dg/introduction-ip-ranges.html).
 * A user is served by the nearest point of presence, so the ALB may see any of them.
 */
export const ACCELERATOR_POP_IPV4: Readonly<Record<string, readonly string[]>> = {
    "ap-east-1": ["35.34.102.0/24", "159.248.133.0/24", "99.83.96.0/24"],
    "ap-northeast-1": ["99.82.170.0/24", "13.248.98.0/24", "3.2.61.0/24", "13.248.115.0/24"],
    "ap-northeast-2": ["35.34.103.0/24", "99.82.168.0/24"],
    "ap-northeast-3": ["99.83.100.0/24"],
    "ap-south-1": ["13.248.117.0/24", "13.248.105.0/24", "99.82.160.0/24", "35.34.98.0/24"],
    "ap-southeast-1": ["99.83.102.0/24", "99.82.173.0/24", "13.248.127.0/24", "99.83.104.0/24", "13.248.125.0/24", "13.248.107.0/24"],
    "ap-southeast-2": ["3.2.60.0/24", "13.248.109.0/24", "13.248.102.0/24"],
    "ap-southeast-3": ["13.248.110.0/24"],
    "ap-southeast-4": ["35.34.104.0/24"],
    "ca-central-1": ["99.82.174.0/24", "13.248.126.0/24"],
    "eu-central-1": ["3.2.53.0/24", "13.248.97.0/24", "13.248.123.0/24", "99.83.99.0/24", "99.82.163.0/24", "99.83.103.0/24"],
    "eu-north-1": ["13.248.100.0/24", "13.248.122.0/24"],
    "eu-south-1": ["99.83.109.0/24", "99.83.108.0/24", "99.83.107.0/24"],
    "eu-west-1": ["13.248.119.0/24", "13.248.113.0/24", "99.83.105.0/24", "13.248.96.0/24", "13.248.121.0/24", "13.248.118.0/24", "3.2.59.0/24", "99.82.162.0/24", "3.2.57.0/24"],
    "eu-west-2": ["13.248.120.0/24", "35.34.96.0/24", "99.82.169.0/24", "3.2.48.0/24", "13.248.101.0/24"],
    "eu-west-3": ["35.34.105.0/24", "99.82.161.0/24"],
    "me-south-1": ["3.2.56.0/24"],
    "sa-east-1": ["3.2.49.0/24", "99.82.164.0/24", "13.248.114.0/24", "13.248.104.0/24"],
    "us-east-1": [
        "3.2.58.0/24", "99.83.106.0/24", "13.248.124.0/24", "99.82.166.0/24", "99.82.171.0/24", "99.82.167.0/24", "35.34.99.0/24", "99.83.101.0/24",
        "99.82.175.0/24", "13.248.103.0/24", "13.248.108.0/24", "3.2.52.0/24", "3.2.50.0/24", "35.34.100.0/24", "3.2.51.0/24", "99.82.165.0/24", "13.248.116.0/24",
    ],
    "us-east-2": ["13.248.111.0/24"],
    "us-west-1": ["99.83.97.0/24", "99.82.172.0/24", "3.2.54.0/24", "99.83.98.0/24", "13.248.99.0/24", "35.34.101.0/24"],
    "us-west-2": ["35.34.97.0/24", "13.248.112.0/24", "3.2.55.0/24"],
};

export const CLOUDFLARE_SOURCES: SourceSet = { label: "Cloudflare's published ranges", cidrs: CLOUDFLARE_IPV4 };
export const FASTLY_SOURCES: SourceSet = { label: "Fastly's published ranges", cidrs: FASTLY_IPV4 };

/**
 * What the ALB sees from the accelerator: its points of presence with client IP preservation
 * off, every user's own address with it on — the default for an internet-facing ALB endpoint
 * ("client IP address preservation is enabled by default":
 * https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.html).
 */
export function acceleratorSources(clientIpPreservation: boolean): SourceSet {
    return clientIpPreservation
        ? { label: "every user's own address (client IP preservation on)", cidrs: "any" }
        : { label: "Global Accelerator's points of presence (client IP preservation off)", cidrs: Object.values(ACCELERATOR_POP_IPV4).flat() };
}
