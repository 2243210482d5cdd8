/**
 * A request through Global Accelerator (pure): the DNS-only A records of the accelerator's static
 * addresses, the accelerator's TCP listener on the port users dial, each region's endpoint group
 * (traffic dial, the endpoint's weight, the port override to the ALB's listener), and the source
 * the ALB sees: the accelerator's points of presence with client IP preservation off, the user's
 * own address with it on (the default for ALB endpoints). TCP passes through, so the TLS name the
 * ALB sees is the one the user dialled and no header can be added.
 *
 * AWS's documented behaviour: a standard accelerator routes to the endpoint group nearest the
 * user that has healthy endpoints, "traffic dial" sets the share of traffic a group takes, an
 * endpoint with weight 0 takes none
 * (https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-traffic-dial.html,
 * about-endpoints-endpoint-weights.html); a port override maps the listener port to the
 * endpoint's (about-endpoint-groups-port-override.html). The time: policies/recovery/edge.ts
 * acceleratorPath — reported, not bound by the objective.
 */
import { acceleratorPath } from "../recovery/edge";
import { Ctx, dead, elsewhere, judged } from "./common";
import { asArray, R, stackOf } from "./resources";
import { acceleratorSources } from "./sources";
import type { Failover, Followed, Hop, TrafficRow } from "./types";

export const USER_PORT = 443;

interface EndpointConfiguration {
    endpointId?: string;
    weight?: number;
    clientIpPreservationEnabled?: boolean;
}

/** The path from an endpoint group to the service (also the member stack's local part of the path). */
export function followEndpointGroup(ctx: Ctx, group: R, hostname: string, entry: Hop[]): { region: string; followed: Followed; targetGroup?: R } {
    const { ix } = ctx;
    const hops = [...entry];
    const region = String(group.props.endpointGroupRegion ?? ix.regionOf(group) ?? "?");
    if (Number(group.props.trafficDialPercentage ?? 100) <= 0) return { region, followed: dead(hops, { kind: "edge", reason: `endpoint group ${group.name} has traffic dial 0: it takes no traffic`, resource: group }) };
    const endpoint = asArray(group.props.endpointConfigurations as EndpointConfiguration[]).find((e) => (e.weight ?? 128) > 0 && ix.resolve(group, e.endpointId, "aws:lb/loadBalancer:LoadBalancer"));
    const alb = endpoint ? ix.resolve(group, endpoint.endpointId, "aws:lb/loadBalancer:LoadBalancer") : undefined;
    if (!endpoint || !alb) return { region, followed: dead(hops, { kind: "edge", reason: `endpoint group ${group.name} has no endpoint with weight above 0 that is a load balancer in the plan`, resource: group }) };
    const override = asArray(group.props.portOverrides as { listenerPort: number; endpointPort: number }[]).find((p) => Number(p.listenerPort) === USER_PORT);
    const port = override ? Number(override.endpointPort) : USER_PORT;
    const preserve = endpoint.clientIpPreservationEnabled ?? true;
    hops.push({ kind: "edge", text: `endpoint group ${region} (${stackOf(group.urn)}) → ALB ${alb.props.name ?? alb.name}:${port}${override ? ` (port override ${USER_PORT} → ${port})` : ""}, client IP preservation ${preserve ? "on" : "off"}`, short: `endpoint group ${region}`, urn: group.urn });
    const user = ctx.origin.follow({ alb, port, sources: acceleratorSources(preserve), sni: hostname, host: hostname, path: "/", method: "GET", headers: new Map(), sentBy: { what: `users of ${hostname} through endpoint group ${group.name}`, resource: group } });
    return { region: ix.regionOf(alb) ?? region, followed: judged(ix, hostname, { hops: [...hops, ...user.hops], outcome: user.outcome }), targetGroup: user.targetGroup };
}

/** Rows of one accelerator: per hostname its records carry, one per endpoint group of its listeners. */
export function acceleratorRows(ctx: Ctx, accelerator: R, hostnames: string[]): TrafficRow[] {
    const { ix } = ctx;
    const rows: TrafficRow[] = [];
    const records = ix.ofType("cloudflare:index/dnsRecord:DnsRecord").filter((r) => r.dependencies.includes(accelerator.urn));
    const listeners = ix.ofType("aws:globalaccelerator/listener:Listener").filter((l) => ix.resolve(l, l.props.acceleratorArn, accelerator.type, { sole: true })?.urn === accelerator.urn);
    const listener = listeners.find((l) => String(l.props.protocol) === "TCP" && asArray(l.props.portRanges as { fromPort: number; toPort: number }[]).some((p) => p.fromPort <= USER_PORT && USER_PORT <= p.toPort));
    const groups = listener ? ix.ofType("aws:globalaccelerator/endpointGroup:EndpointGroup").filter((g) => ix.resolve(g, g.props.listenerArn, listener.type, { sole: true })?.urn === listener.urn) : [];
    for (const hostname of hostnames) {
        const own = records.filter((r) => r.props.name === hostname);
        const entryDead = own.length === 0
            ? `no DNS record gives users the static addresses of accelerator ${accelerator.name} for ${hostname}`
            : own.some((r) => r.props.proxied === true)
              ? `a record of ${hostname} is proxied: Cloudflare, not the accelerator, would answer users`
              : accelerator.props.enabled === false
                ? `accelerator ${accelerator.name} is disabled`
                : !listener
                  ? `accelerator ${accelerator.name} has no TCP listener on ${USER_PORT}`
                  : undefined;
        if (entryDead) {
            rows.push({ hostname, vendor: "Global Accelerator", region: "?", path: dead([], { kind: "DNS", reason: entryDead, resource: accelerator }) });
            continue;
        }
        const entry: Hop[] = [{ kind: "DNS", text: `${hostname} A ${own.map((r) => r.props.content).join(", ")} (DNS only) → accelerator ${accelerator.props.name ?? accelerator.name}, TCP ${USER_PORT}`, short: `A ×${own.length} → accelerator`, urn: own[0].urn }];
        const paths = groups.map((g) => ({ g, ...followEndpointGroup(ctx, g, hostname, entry) }));
        for (const region of ix.topology.regions) {
            if (paths.some((p) => p.region === region)) continue;
            rows.push({
                hostname,
                vendor: "Global Accelerator",
                region,
                path: ix.hasRegion(region)
                    ? dead(entry, { kind: "edge", reason: `accelerator listener ${listener!.name} has no endpoint group in ${region}`, resource: ix.ofType("aws:lb/loadBalancer:LoadBalancer", ix.topology.stackOfRegion.get(region))[0] ?? listener! })
                    : elsewhere(entry, ix.elsewhere(region), "edge"),
            });
        }
        for (const p of paths) {
            const others = paths.filter((q) => q.region !== p.region);
            const health = p.targetGroup?.props.healthCheck as { interval: number; unhealthyThreshold: number; timeout: number } | undefined;
            const failover: Failover = {
                who: ["every client of this endpoint group"],
                to: others.map((q) => ({ region: q.region, outcome: q.followed.outcome })),
                ...(health ? acceleratorPath(health) : { detectionSeconds: Number.POSITIVE_INFINITY, formula: "no target health" }),
                binding: false,
                decidedBy: p.targetGroup ?? p.g,
            };
            if (others.length === 0 && ix.topology.regions.every((r) => ix.hasRegion(r))) failover.none = `no other endpoint group of listener ${listener!.name} takes ${p.region}'s clients`;
            rows.push({ hostname, vendor: "Global Accelerator", region: p.region, path: p.followed, failover });
        }
    }
    return rows;
}
