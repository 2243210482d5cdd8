/**
 * Who may reach a region's origin ALB, as security-group rules (pure). The ALB speaks HTTPS only,
 * nothing needs port 80: Cloudflare and Fastly connect on 443 (and must carry the origin-auth
 * header, origin-routes.ts); Global Accelerator, which cannot add a header, connects on its own
 * listener port 8443 (the endpoint group's port override 443 -> 8443), which only the accelerator
 * groups admit — so a CDN customer's request can never reach the header-less listener.
 *
 * Sized to AWS's VPC quotas (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups):
 * 60 inbound rules per security group (each CIDR is a rule; IPv4 and IPv6 count separately), 5
 * security groups per network interface, and rules per group × groups per interface <= 1,000.
 * With the published lists (src/plan/fixtures: Cloudflare 15 IPv4 prefixes, Fastly 19, Global
 * Accelerator 86 point-of-presence prefixes), one group cannot hold them all, so the ALB carries
 * four: the two CDNs together (34 rules), and the accelerator's points of presence by area
 * (Americas 33, Europe/Middle East/Africa 28, Asia-Pacific 25 in the recorded copy).
 */

/** A group of sources and the ip-ranges.json "region" values whose GLOBALACCELERATOR prefixes it admits. */
export interface AcceleratorArea {
    key: "americas" | "emea" | "apac";
    description: string;
    /** ip-ranges.json region values of the area (commercial partition). */
    regions: readonly string[];
}

/**
 * Global Accelerator's source addresses by area. With client IP preservation off the ALB sees the
 * accelerator's own addresses: ip-ranges.json lists them as GLOBALACCELERATOR prefixes with a
 * geographical "region" (points of presence; the "GLOBAL" entries are the static anycast addresses
 * users connect to, never a source) —
 * https://docs.aws.amazon.com/global-accelerator/latest/dg/introduction-ip-ranges.html.
 * The region values are those of ip-ranges.json (syncToken 1787411825, 2026-08-22).
 */
export const ACCELERATOR_AREAS: readonly AcceleratorArea[] = [
    {
        key: "americas",
        description: "the Americas",
        regions: ["us-east-1", "us-east-2", "us-south-1", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1", "sa-west-1"],
    },
    {
        key: "emea",
        description: "Europe, the Middle East and Africa",
        regions: [
            "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
            "il-central-1", "me-central-1", "me-south-1", "me-west-1", "af-south-1",
        ],
    },
    {
        key: "apac",
        description: "Asia-Pacific",
        regions: [
            "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
        ],
    },
];

/** The HTTPS port the CDNs connect on. */
export const ORIGIN_PORT = 443;

/**
 * The HTTPS port Global Accelerator connects on: the accelerator's TCP 443 listener maps it here
 * with the endpoint group's port override (listenerPort 443 -> endpointPort 8443,
 * https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-port-override.html).
 */
export const ACCELERATOR_PORT = 8443;

export interface IngressRule {
    protocol: "tcp";
    fromPort: number;
    toPort: number;
    cidrBlocks: string[];
    description: string;
}

/** One HTTPS rule per source (inline rules keep the group's rule set exact), on `port` (443 by default). */
export function httpsFrom(source: string, cidrBlocks: readonly string[], port: number = ORIGIN_PORT): IngressRule[] {
    const what = port === ORIGIN_PORT ? "HTTPS" : `HTTPS on ${port}`;
    return [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [...cidrBlocks], description: `${what} from ${source}` }];
}
