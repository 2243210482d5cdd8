/**
 * A request through Cloudflare (pure): the proxied load balancer named after the hostname, its
 * pools (geo steering: an area's pools in failover order, then the default pools, then the
 * fallback pool), each pool's endpoint (address; Host override, which Cloudflare also sends as
 * SNI), the late-transform rules that add the origin-auth header for that host, and the monitor
 * whose probes decide when a pool is out. Cloudflare's documented behaviour:
 *
 * - "If this hostname already exists as a DNS record …, the Load Balancer will take precedence";
 *   proxied, users reach Cloudflare and Cloudflare reaches the origin
 *   (https://developers.cloudflare.com/api/terraform/resources/load_balancers).
 * - Geo steering: "You can assign multiple pools to the same area and the load balancer will use
 *   them in failover order. Any options not explicitly defined … will fall back to using default
 *   pools and failover" (https://developers.cloudflare.com/load-balancing/understand-basics/traffic-steering/steering-policies/geo-steering/).
 * - An endpoint's Host override takes precedence over a monitor's, for probes too
 *   (https://developers.cloudflare.com/load-balancing/additional-options/override-http-host-headers/);
 *   a Host override also sets the SNI to the same value
 *   (https://developers.cloudflare.com/rules/origin-rules/features/#host-header); without one
 *   Cloudflare sends the visitor's hostname as both.
 * - Request header transform rules run in the http_request_late_transform phase; `set` adds or
 *   replaces a header on the request to the origin, `remove` drops it
 *   (https://developers.cloudflare.com/rules/transform/request-header-modification/). Monitors
 *   send only their own configured headers.
 * - The time: policies/recovery/edge.ts cloudflarePath (interval, consecutive failures, timeout
 *   and retries), binding on the edge-failover objective.
 */
import { cloudflarePath } from "../recovery/edge";
import { arrived, Ctx, dead, judged, originAlb, regionNamed } from "./common";
import { headerValue, HeaderValue } from "./origin";
import { asArray, R } from "./resources";
import { CLOUDFLARE_SOURCES } from "./sources";
import type { Failover, Followed, Hop, TrafficRow } from "./types";

const POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool";
const MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor";

interface PoolOrigin {
    name?: string;
    address?: string;
    enabled?: boolean;
    weight?: number;
    port?: number;
    header?: { hosts?: string[] };
}

/** Headers the zone's late-transform rules leave on a request for `host` (lower-case name → value). */
export function transformHeaders(ctx: Ctx, zoneId: unknown, host: string): Map<string, HeaderValue & { by: R }> {
    const out = new Map<string, HeaderValue & { by: R }>();
    for (const rs of ctx.ix.ofType("cloudflare:index/ruleset:Ruleset")) {
        if (rs.props.phase !== "http_request_late_transform" || (zoneId !== undefined && rs.props.zoneId !== zoneId)) continue;
        for (const rule of asArray(rs.props.rules as { enabled?: boolean; action?: string; expression?: string; actionParameters?: { headers?: Record<string, { operation?: string; value?: unknown }> } }[])) {
            if (rule.enabled === false || rule.action !== "rewrite" || hostExpression(String(rule.expression ?? ""), host) !== true) continue;
            for (const [name, h] of Object.entries(rule.actionParameters?.headers ?? {})) {
                if (h.operation === "remove") out.delete(name.toLowerCase());
                else if (h.operation === "set" || h.operation === "add") out.set(name.toLowerCase(), { ...headerValue(h.value), by: rs });
            }
        }
    }
    return out;
}

/**
 * A Cloudflare rules expression for a request whose http.host is `host`: true, false, or
 * undefined when it reads other fields (then the rule does not hold for every request).
 */
export function hostExpression(expr: string, host: string): boolean | undefined {
    const tokens = expr.match(/"(?:[^"\\]|\\.)*"|&&|\|\||==|!=|[(){}!]|[^\s(){}!"]+/g) ?? [];
    let i = 0;
    const peek = () => tokens[i];
    const or = (): boolean | undefined => {
        let v = and();
        while (peek() === "or" || peek() === "||") {
            i++;
            const w = and();
            v = v === true || w === true ? true : v === false && w === false ? false : undefined;
        }
        return v;
    };
    const and = (): boolean | undefined => {
        let v = not();
        while (peek() === "and" || peek() === "&&") {
            i++;
            const w = not();
            v = v === false || w === false ? false : v === true && w === true ? true : undefined;
        }
        return v;
    };
    const not = (): boolean | undefined => {
        if (peek() === "not" || peek() === "!") {
            i++;
            const v = not();
            return v === undefined ? undefined : !v;
        }
        return primary();
    };
    const skipBalanced = () => {
        let depth = 0;
        do {
            if (peek() === "(") depth++;
            if (peek() === ")") depth--;
            i++;
        } while (depth > 0 && i < tokens.length);
    };
    const primary = (): boolean | undefined => {
        const t = tokens[i++];
        if (t === "(") {
            const v = or();
            i++; // )
            return v;
        }
        if (t === "true") return true;
        if (t === "false") return false;
        if (peek() === "(") {
            skipBalanced(); // a function call: not modelled
            return undefined;
        }
        const op = peek();
        if (!["eq", "ne", "==", "!=", "in", "contains", "matches", "~", "lt", "le", "gt", "ge", "wildcard", "strict"].includes(op ?? "")) return undefined;
        i++;
        let values: string[] = [];
        if (peek() === "{") {
            i++;
            while (peek() !== "}" && i < tokens.length) values.push(tokens[i++]);
            i++;
        } else values = [tokens[i++]];
        if (t !== "http.host") return undefined;
        const literal = values.map((v) => (v.startsWith('"') ? v.slice(1, -1) : v));
        if (op === "eq" || op === "==") return literal[0] === host;
        if (op === "ne" || op === "!=") return literal[0] !== host;
        if (op === "in") return literal.includes(host);
        return undefined;
    };
    const v = or();
    return i >= tokens.length ? v : undefined;
}

interface PoolPath {
    pool: R;
    region: string;
    followed: Followed;
    monitor?: R;
}

function followPool(ctx: Ctx, lb: R, pool: R, hostname: string, dnsHop: Hop): PoolPath {
    const hops: Hop[] = [dnsHop];
    const { ix } = ctx;
    const origins = asArray(pool.props.origins as PoolOrigin[]).filter((o) => o.enabled !== false && (o.weight ?? 1) > 0);
    const monitor = ix.resolve(pool, pool.props.monitor, MONITOR);
    const o = origins[0];
    const guess = (o?.address && regionNamed(ix, o.address)) || "?";
    if (pool.props.enabled === false || !o?.address) return { pool, region: guess, monitor, followed: dead(hops, { kind: "edge", reason: `pool ${pool.props.name ?? pool.name} has no enabled endpoint`, resource: pool }) };
    const host = o.header?.hosts?.[0] ?? hostname;
    const port = o.port || 443;
    hops.push({ kind: "edge", text: `pool ${pool.props.name ?? pool.name} → ${o.address}:${port}, Host and SNI ${host}`, short: `pool ${pool.props.name ?? pool.name}`, urn: pool.urn });
    const found = originAlb(ctx, pool, o.address, hops);
    if ("followed" in found) return { pool, region: guess, monitor, followed: found.followed };
    const region = ix.regionOf(found.alb) ?? guess;
    const headers = transformHeaders(ctx, lb.props.zoneId, hostname);
    const req = { alb: found.alb, port, sources: CLOUDFLARE_SOURCES, sni: host, host, path: "/", method: "GET", headers, sentBy: { what: `pool ${pool.props.name ?? pool.name}`, resource: pool } };
    const user = ctx.origin.follow(req);
    let followed = judged(ix, hostname, { hops: [...hops, ...user.hops], outcome: user.outcome });
    if (arrived(followed.outcome) && monitor) {
        // The probe: the monitor's path, method and headers, the endpoint's Host (it overrides the monitor's).
        const mh = (monitor.props.header ?? {}) as Record<string, unknown>;
        const probeHeaders = new Map<string, HeaderValue>(Object.entries(mh).filter(([k]) => k.toLowerCase() !== "host").map(([k, v]) => [k.toLowerCase(), headerValue(asArray(v)[0])]));
        const probeHost = o.header?.hosts?.[0] ?? (asArray(mh.Host ?? mh.host)[0] as string | undefined) ?? o.address;
        const probe = ctx.origin.follow({ ...req, sentBy: { what: `monitor ${monitor.name}`, resource: monitor }, port: Number(monitor.props.port) || port, sni: probeHost, host: probeHost, path: String(monitor.props.path ?? "/"), method: String(monitor.props.method ?? "GET"), headers: probeHeaders }, "target group");
        const same = probe.targetGroup && probe.targetGroup.urn === user.targetGroup?.urn;
        if (!same) {
            const why = probe.outcome.status === "dead-end" ? probe.outcome.deadEnd.reason : `it reaches target group ${probe.targetGroup?.props.name}, users reach ${user.targetGroup?.props.name}`;
            followed = dead(followed.hops, { kind: "health check", reason: `monitor ${monitor.name}'s probe (${monitor.props.method ?? "GET"} ${monitor.props.path ?? "/"}, Host ${probeHost}) does not check what users reach: ${why}`, resource: monitor });
        } else followed.hops.push({ kind: "health check", text: `monitor ${monitor.name} probes ${monitor.props.path ?? "/"} through the same rule to ${probe.targetGroup?.props.name}`, short: "monitor probe ✓", urn: monitor.urn });
    }
    return { pool, region, followed, monitor };
}

/** Rows of one load balancer: one per region its pools reach, each with its failover. */
export function cloudflareRows(ctx: Ctx, lb: R): TrafficRow[] {
    const { ix } = ctx;
    const hostname = String(lb.props.name);
    const dnsHop: Hop = { kind: "DNS", text: `${hostname}: Cloudflare load balancer ${lb.name} (proxied, ${lb.props.steeringPolicy ?? "off"} steering)`, short: "LB (proxied)", urn: lb.urn };
    const resolve = (id: unknown) => ix.resolve(lb, id, POOL);
    const regionPools = Object.entries((lb.props.regionPools ?? {}) as Record<string, string[]>);
    const defaults = asArray(lb.props.defaultPools as string[]);
    const fallback = lb.props.fallbackPool as string | undefined;
    const lists: [string, string[]][] = [...regionPools.map(([area, ids]): [string, string[]] => [area, [...ids, ...defaults]]), ["default pools", defaults]];
    const ids = [...new Set([...lists.flatMap(([, l]) => l), ...(fallback ? [fallback] : [])])];
    const pools = new Map<string, PoolPath>();
    const rows: TrafficRow[] = [];
    for (const id of ids) {
        const pool = resolve(id);
        if (!pool) {
            rows.push({ hostname, vendor: "Cloudflare", region: "?", path: dead([dnsHop], { kind: "edge", reason: `load balancer ${lb.name} names pool ${id}, which is not in the plan`, resource: lb }) });
            continue;
        }
        if (lb.props.proxied !== true) {
            rows.push({ hostname, vendor: "Cloudflare", region: "?", path: dead([], { kind: "DNS", reason: `load balancer ${lb.name} is DNS only: users would get the origin's address and connect without the origin-auth header`, resource: lb }) });
            return rows;
        }
        if (!pools.has(pool.urn)) pools.set(pool.urn, followPool(ctx, lb, pool, hostname, dnsHop));
    }
    const byId = (id: string) => {
        const p = resolve(id);
        return p ? pools.get(p.urn) : undefined;
    };
    const seen = new Set<string>();
    for (const p of pools.values()) {
        if (seen.has(p.region)) continue;
        seen.add(p.region);
        // Who this region serves: the areas whose first pool is in it; when it is lost, their next pool elsewhere.
        const moves = lists.filter(([, l]) => byId(l[0])?.region === p.region).map(([area, l]) => ({ area, next: [...l, ...(fallback ? [fallback] : [])].map(byId).find((q) => q && q.region !== p.region) }));
        const to = [...new Map(moves.filter((m) => m.next).map((m) => [m.next!.region, { region: m.next!.region, outcome: m.next!.followed.outcome }])).values()];
        const failover: Failover = p.monitor
            ? { who: moves.map((m) => m.area), to, ...cloudflarePath(p.monitor.props as { interval: number; timeout: number; retries?: number; consecutiveDown?: number }), binding: true, decidedBy: p.monitor }
            : { who: moves.map((m) => m.area), to, detectionSeconds: Number.POSITIVE_INFINITY, formula: "no monitor", binding: true, decidedBy: p.pool, none: `pool ${p.pool.props.name ?? p.pool.name} has no monitor: Cloudflare never marks it unhealthy` };
        if (moves.length > 0 && to.length === 0) failover.none = `no pool outside ${p.region} follows in any list of load balancer ${lb.name}`;
        rows.push({ hostname, vendor: "Cloudflare", region: p.region, path: p.followed, failover: moves.length > 0 ? failover : undefined });
    }
    return rows;
}
