/**
 * IPv4 prefixes as number ranges (pure): does a set of admitted CIDRs cover every address of
 * another prefix? The traffic-path model asks it of security groups (the sources the ALB sees),
 * NetworkPolicy ipBlocks (the ALB's subnets) and listener rules' source-ip conditions. IPv6
 * prefixes are not modelled: the origin ALBs are IPv4 (ipAddressType defaults to ipv4), so the
 * CDNs and the accelerator reach them over IPv4.
 */

export interface Range {
    start: number;
    end: number;
}

/** `a.b.c.d/n` as its first and last address; undefined for anything that is not an IPv4 prefix. */
export function ipv4Range(cidr: string): Range | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const bits = m[5] === undefined ? 32 : Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 32) return undefined;
    const address = octets.reduce((a, o) => a * 256 + o, 0);
    const size = 2 ** (32 - bits);
    const start = Math.floor(address / size) * size;
    return { start, end: start + size - 1 };
}

/** Merged, sorted ranges of a list of prefixes (IPv6 and malformed entries are ignored). */
export function ranges(cidrs: readonly string[]): Range[] {
    const sorted = cidrs.map(ipv4Range).filter((r): r is Range => r !== undefined).sort((a, b) => a.start - b.start);
    const merged: Range[] = [];
    for (const r of sorted) {
        const last = merged[merged.length - 1];
        if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
        else merged.push({ ...r });
    }
    return merged;
}

/** True when the merged `admitted` ranges hold every address of `cidr`. */
export function covers(admitted: readonly Range[], cidr: string): boolean {
    const r = ipv4Range(cidr);
    return r !== undefined && admitted.some((a) => a.start <= r.start && r.end <= a.end);
}

/** True when some address of `cidr` is in one of the ranges. */
export function overlaps(within: readonly Range[], cidr: string): boolean {
    const r = ipv4Range(cidr);
    return r !== undefined && within.some((a) => a.start <= r.end && r.start <= a.end);
}

/** The prefixes of `wanted` that `admitted` does not fully cover. */
export function uncovered(admitted: readonly string[], wanted: readonly string[]): string[] {
    const merged = ranges(admitted);
    return wanted.filter((c) => !covers(merged, c));
}
