/**
 * IPv4 CIDR arithmetic for the regional network: pure functions, no Pulumi, table-tested in
 * test/components/lib/cidr.test.ts.
 */

export interface Ipv4Block {
    /** Network address as an unsigned 32-bit integer. */
    readonly base: number;
    /** Prefix length, 0–32. */
    readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses "a.b.c.d/n". Returns a reason instead of a block when the text is not a canonical
 * network block (bad octet, bad prefix, or host bits set such as 10.0.0.1/16).
 */
export function parseCidr(text: string): Ipv4Block | { error: string } {
    const m = CIDR.exec(text);
    if (!m) return { error: "not an IPv4 CIDR block of the form a.b.c.d/n" };
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return { error: "an octet is above 255" };
    const prefix = Number(m[5]);
    if (prefix > 32) return { error: "the prefix length is above 32" };
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (base % blockSize(prefix) !== 0) {
        return { error: `host bits are set; the block starts at ${formatAddress(alignDown(base, prefix))}/${prefix}` };
    }
    return { base, prefix };
}

export function isBlock(value: Ipv4Block | { error: string }): value is Ipv4Block {
    return (value as Ipv4Block).base !== undefined;
}

/** Parses a CIDR that is known to be valid; throws otherwise. */
export function mustParseCidr(text: string): Ipv4Block {
    const parsed = parseCidr(text);
    if (!isBlock(parsed)) throw new Error(`invalid CIDR ${text}: ${parsed.error}`);
    return parsed;
}

export function formatCidr(block: Ipv4Block): string {
    return `${formatAddress(block.base)}/${block.prefix}`;
}

export function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
    return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/**
 * The `index`-th block of prefix `newPrefix` inside `parent`. Throws when it does not fit: a
 * caller asking for block 9 of 8 has a layout bug, not a config problem.
 */
export function subBlock(parent: Ipv4Block, newPrefix: number, index: number): Ipv4Block {
    if (newPrefix < parent.prefix || newPrefix > 32) {
        throw new Error(`cannot carve /${newPrefix} blocks out of ${formatCidr(parent)}`);
    }
    const count = blockSize(parent.prefix) / blockSize(newPrefix);
    if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new Error(`${formatCidr(parent)} holds ${count} /${newPrefix} blocks; block ${index} does not exist`);
    }
    return { base: parent.base + index * blockSize(newPrefix), prefix: newPrefix };
}

/** The three subnets one availability zone gets. */
export interface ZoneSubnets {
    /** Load balancers and NAT gateways. */
    readonly public: string;
    /** EKS nodes and pods (VPC CNI gives every pod a VPC address, so this tier is the large one). */
    readonly private: string;
    /** Databases and caches: no route to or from the internet. */
    readonly isolated: string;
}

/** Availability zones the layout supports: three used, the fourth quarter kept for the small tiers. */
export const MAX_ZONES = 3;

/**
 * Splits a VPC block into public, private and isolated subnets for up to three zones.
 *
 * The VPC is cut into four quarters. Quarters 0–2 are the private subnets of zones 0–2 (for a /16,
 * a /18 each: 16,379 usable addresses for nodes and pods per zone). Quarter 3 is cut into eight
 * blocks of prefix+5 (a /21 for a /16): blocks 0–2 are the public subnets, 3–5 the isolated ones,
 * 6–7 stay free for later tiers. The result depends only on the VPC block and the zone order, so
 * adding a zone never renumbers an existing subnet.
 */
export function planSubnets(vpcCidr: string, zones: readonly string[]): Record<string, ZoneSubnets> {
    const vpc = mustParseCidr(vpcCidr);
    if (vpc.prefix + 5 > 28) {
        throw new Error(`${vpcCidr} is too small: the public and isolated tiers need at least a /28 each`);
    }
    if (zones.length === 0 || zones.length > MAX_ZONES) {
        throw new Error(`the subnet layout takes 1 to ${MAX_ZONES} availability zones, got ${zones.length}`);
    }
    if (new Set(zones).size !== zones.length) {
        throw new Error(`availability zones repeat: ${zones.join(", ")}`);
    }
    const smallTiers = subBlock(vpc, vpc.prefix + 2, 3);
    const plan: Record<string, ZoneSubnets> = {};
    zones.forEach((zone, i) => {
        plan[zone] = {
            private: formatCidr(subBlock(vpc, vpc.prefix + 2, i)),
            public: formatCidr(subBlock(smallTiers, vpc.prefix + 5, i)),
            isolated: formatCidr(subBlock(smallTiers, vpc.prefix + 5, MAX_ZONES + i)),
        };
    });
    return plan;
}

function formatAddress(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function alignDown(value: number, prefix: number): number {
    return value - (value % blockSize(prefix));
}
