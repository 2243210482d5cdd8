/**
 * What every edge's path shares (pure): the origin's DNS name to its ALB, the region a hop lives
 * in, and the check that a request arriving somewhere arrived where the design says.
 */
import { describeDestination, intentOf } from "./intent";
import { OriginIndex } from "./origin";
import { PlanIndex, R, read, stackOf } from "./resources";
import type { DeadEnd, Followed, Hop, HopKind, Outcome } from "./types";

export interface Ctx {
    ix: PlanIndex;
    origin: OriginIndex;
    /** Cloudflare DNS records by name (lower case), every stack. */
    records: Map<string, R[]>;
}

export function context(ix: PlanIndex): Ctx {
    const records = new Map<string, R[]>();
    for (const r of ix.ofType("cloudflare:index/dnsRecord:DnsRecord")) {
        const name = String(read(r, "name") ?? "").toLowerCase();
        records.set(name, [...(records.get(name) ?? []), r]);
    }
    return { ix, origin: new OriginIndex(ix), records };
}

export const dead = (hops: Hop[], d: DeadEnd): Followed => ({ hops, outcome: { status: "dead-end", deadEnd: d } });
export const elsewhere = (hops: Hop[], where: string, kind: HopKind): Followed => ({ hops, outcome: { status: "elsewhere", where, kind } });

/** The region a name or hostname mentions (origin-<region>.<zone>, <bucket>.s3.<region>.amazonaws.com). */
export function regionNamed(ix: PlanIndex, name: string): string | undefined {
    return [...ix.topology.regions].sort((a, b) => b.length - a.length).find((r) => name.includes(r));
}

/** The one internet-facing ALB of a stack: where a missing origin record of its region belongs. */
function albOfRegion(ix: PlanIndex, region: string | undefined): R | undefined {
    const stack = region ? ix.topology.stackOfRegion.get(region) : undefined;
    const albs = stack ? ix.ofType("aws:lb/loadBalancer:LoadBalancer", stack).filter((a) => a.props.internal !== true) : [];
    return albs.length === 1 ? albs[0] : undefined;
}

/**
 * The ALB an edge reaches at `address`: its Cloudflare DNS record (CNAME, DNS only) and the ALB
 * the record points at (the record depends on it, or names its DNS name). A record of a region
 * whose stack is not in these resources is another plan's hop.
 */
export function originAlb(ctx: Ctx, from: R, address: string, hops: Hop[]): { alb: R } | { followed: Followed } {
    const { ix } = ctx;
    const region = regionNamed(ix, address);
    const record = (ctx.records.get(address.toLowerCase()) ?? []).find((r) => ["CNAME", "A", "AAAA"].includes(String(r.props.type)));
    if (!record) {
        if (region && !ix.hasRegion(region)) return { followed: elsewhere(hops, ix.elsewhere(region), "origin DNS") };
        return { followed: dead(hops, { kind: "origin DNS", reason: `no DNS record names ${address}, the origin ${from.name} sends to`, resource: albOfRegion(ix, region) ?? from }) };
    }
    const albs = record.dependencies.map((d) => ix.get(d)).filter((d): d is R => d?.type === "aws:lb/loadBalancer:LoadBalancer");
    const content = String(record.props.content ?? "");
    const alb =
        albs[0] ??
        ix.ofType("aws:lb/loadBalancer:LoadBalancer").find((a) => a.props.dnsName === content || (typeof a.props.name === "string" && content.includes(".elb.amazonaws.com") && (content.startsWith(`${a.props.name}-`) || content.startsWith(`${a.props.name}.`))));
    if (!alb) return { followed: dead(hops, { kind: "origin DNS", reason: `DNS record ${record.props.name} points at ${content}, which is no load balancer in the plan`, resource: record }) };
    if (record.props.proxied === true) return { followed: dead(hops, { kind: "origin DNS", reason: `origin record ${record.props.name} is proxied: the edge would reach Cloudflare, not ALB ${alb.name}`, resource: record }) };
    hops.push({ kind: "origin DNS", text: `${address} → ALB ${alb.props.name ?? alb.name} (${stackOf(alb.urn)})`, short: address, urn: record.urn });
    return { alb };
}

/**
 * Holds an arrival to the design: a Service path must end at the intended Service (the listener
 * rule that sent it elsewhere is the hop to fix); buckets are checked by the Akamai path itself.
 */
export function judged(ix: PlanIndex, hostname: string, f: Followed): Followed {
    const intent = intentOf(hostname);
    if (f.outcome.status !== "arrives" || !intent || intent.destination.kind !== "service") return f;
    const service = f.outcome.at.split("/").pop();
    if (service === intent.destination.service) return f;
    const ruleHop = [...f.hops].reverse().find((h) => h.kind === "listener rule");
    return dead(f.hops, {
        kind: "service",
        reason: `${hostname} arrives at Service ${f.outcome.at}, the design sends it to ${describeDestination(intent.destination)} (${intent.why})`,
        resource: ruleHop?.urn ? ix.get(ruleHop.urn) : undefined,
    });
}

export const arrived = (o: Outcome) => o.status === "arrives";
