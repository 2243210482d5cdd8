/**
 * A request through Fastly (pure): the domain's DNS record (a CNAME to Fastly, DNS only) and a
 * TLS subscription covering it; the vcl_recv snippets' choice of region for the client's
 * continent, turned into a backend by the backends' REQUEST conditions (./vcl.ts); the backend's
 * address, Host (`overrideHost`), SNI (`sslSniHostname`) and certificate check
 * (`sslCertHostname`); the origin-auth header the vcl_miss and vcl_pass snippets set on requests
 * to the origin; and the backend's health check, whose probes must reach what users reach.
 *
 * Fastly's documented behaviour: `ssl_sni_hostname` "Overrides ssl_hostname, but only for SNI in
 * the handshake", `ssl_cert_hostname` "Overrides ssl_hostname, but only for cert verification",
 * `override_host` is the Host sent to the backend
 * (https://www.fastly.com/documentation/reference/api/services/backend/); a cache miss goes to
 * the backend through vcl_miss, a pass through vcl_pass, so a header for the origin must be set in
 * both (https://www.fastly.com/documentation/reference/vcl/subroutines/); a health check sends its
 * own `host`, `path`, `method` and `headers` only; a domain is served over TLS when a TLS
 * subscription covers it, and users reach Fastly through a CNAME to a fastly.net name
 * (https://www.fastly.com/documentation/guides/getting-started/domains/working-with-domains/working-with-domains/).
 * The time: policies/recovery/edge.ts fastlyPath (check interval, window, threshold, timeout).
 */
import { fastlyPath } from "../recovery/edge";
import { arrived, Ctx, dead, judged, originAlb, regionNamed } from "./common";
import { headerValue, HeaderValue } from "./origin";
import { asArray, R } from "./resources";
import { FASTLY_SOURCES } from "./sources";
import type { Failover, Followed, Hop, TrafficRow } from "./types";
import { bereqHeaders, CONTINENT_CODES, evaluate, parseVcl, run } from "./vcl";

interface Backend {
    name: string;
    address?: string;
    port?: number;
    useSsl?: boolean;
    overrideHost?: string;
    sslSniHostname?: string;
    sslCertHostname?: string;
    sslHostname?: string;
    sslCheckCert?: boolean;
    requestCondition?: string;
    healthcheck?: string;
}

interface Healthcheck {
    name: string;
    host?: string;
    path?: string;
    method?: string;
    headers?: string[];
    checkInterval: number;
    window: number;
    threshold: number;
    timeout: number;
}

/** Fastly names a backend's VCL variable F_ + its name with every non-alphanumeric as `_`. */
const vclName = (backend: string) => `F_${backend.replace(/[^A-Za-z0-9]/g, "_")}`;

/** The backend a client of `continent` is sent to when the backends in `sick` are unhealthy. */
export function chooseBackend(service: R, continent: string, sick: ReadonlySet<string>): Backend | undefined {
    const backends = asArray(service.props.backends as Backend[]);
    const conditions = new Map(asArray(service.props.conditions as { name: string; statement: string; type: string; priority?: number }[]).filter((c) => c.type === "REQUEST").map((c) => [c.name, c]));
    const env = { continent, healthy: (v: string) => !backends.some((b) => vclName(b.name) === v && sick.has(b.name)), headers: new Map<string, string>() };
    const recv = asArray(service.props.snippets as { type: string; priority?: number; content: string }[]).filter((s) => s.type === "recv").sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100));
    for (const s of recv) run(parseVcl(s.content), env);
    const satisfied = backends
        .filter((b) => b.requestCondition && conditions.has(b.requestCondition) && evaluate(conditions.get(b.requestCondition)!.statement, env) === true)
        .sort((a, b) => (conditions.get(a.requestCondition!)!.priority ?? 10) - (conditions.get(b.requestCondition!)!.priority ?? 10));
    return satisfied[0] ?? backends.find((b) => !b.requestCondition);
}

/** Headers the service sets on requests to the origin: those set in both vcl_miss and vcl_pass snippets. */
function originHeaders(service: R): { headers: Map<string, HeaderValue>; partial: string[] } {
    const snippets = asArray(service.props.snippets as { type: string; content: string }[]);
    const dictionaries = new Set(asArray(service.props.dictionaries as { name: string }[]).map((d) => d.name));
    const set = (type: string) => {
        const out = new Map<string, string>();
        for (const s of snippets.filter((x) => x.type === type)) for (const [k, v] of bereqHeaders(s.content)) out.set(k, v);
        return out;
    };
    const miss = set("miss");
    const pass = set("pass");
    const headers = new Map<string, HeaderValue>();
    for (const [name, expr] of miss) {
        if (!pass.has(name)) continue;
        const table = /table\.lookup\((\w+)/.exec(expr)?.[1];
        if (table && !dictionaries.has(table)) continue;
        headers.set(name, table ? { secret: true } : headerValue(/^"(.*)"$/.exec(expr)?.[1] ?? "[secret]"));
    }
    const partial = [...new Set([...miss.keys(), ...pass.keys()])].filter((h) => !headers.has(h));
    return { headers, partial };
}

function followBackend(ctx: Ctx, service: R, domain: string, b: Backend, entry: Hop[]): { region: string; followed: Followed; check?: Healthcheck } {
    const { ix } = ctx;
    const hops = [...entry];
    const region = (b.address && regionNamed(ix, b.address)) || "?";
    const check = asArray(service.props.healthchecks as Healthcheck[]).find((h) => h.name === b.healthcheck);
    if (!b.address || b.useSsl === false) return { region, check, followed: dead(hops, { kind: "edge", reason: `backend ${b.name} ${b.address ? "does not use TLS" : "has no address"}`, resource: service }) };
    const host = b.overrideHost ?? domain;
    const sni = b.sslSniHostname ?? b.sslHostname ?? b.address;
    const verify = b.sslCheckCert === false ? [] : [b.sslCertHostname ?? b.sslHostname ?? b.address];
    const port = b.port ?? 443;
    hops.push({ kind: "edge", text: `backend ${b.name}${b.requestCondition ? ` (condition ${b.requestCondition})` : ""} → ${b.address}:${port}, Host ${host}, SNI ${sni}`, short: `backend ${b.name}`, urn: service.urn });
    const found = originAlb(ctx, service, b.address, hops);
    if ("followed" in found) return { region, check, followed: found.followed };
    const { headers, partial } = originHeaders(service);
    if (partial.length > 0) return { region, check, followed: dead(hops, { kind: "edge", reason: `service ${service.name} sets ${partial.join(", ")} in only one of vcl_miss and vcl_pass: some requests reach the origin without it`, resource: service }) };
    const req = { alb: found.alb, port, sources: FASTLY_SOURCES, sni, verify, host, path: "/", method: "GET", headers, sentBy: { what: `Fastly backend ${b.name}`, resource: service } };
    const user = ctx.origin.follow(req);
    let followed = judged(ix, domain, { hops: [...hops, ...user.hops], outcome: user.outcome });
    if (arrived(followed.outcome) && check) {
        const probeHeaders = new Map<string, HeaderValue>(asArray(check.headers).map((h) => h.split(/:\s*/)).map(([k, ...v]) => [k.toLowerCase(), { value: v.join(":") }]));
        const probe = ctx.origin.follow({ ...req, sentBy: { what: `health check ${check.name}`, resource: service }, host: check.host ?? host, path: check.path ?? "/", method: check.method ?? "HEAD", headers: probeHeaders }, "target group");
        if (!probe.targetGroup || probe.targetGroup.urn !== user.targetGroup?.urn) {
            const why = probe.outcome.status === "dead-end" ? probe.outcome.deadEnd.reason : `it reaches target group ${probe.targetGroup?.props.name}, users reach ${user.targetGroup?.props.name}`;
            followed = dead(followed.hops, { kind: "health check", reason: `health check ${check.name} (${check.method ?? "HEAD"} ${check.path ?? "/"}, Host ${check.host ?? host}) of backend ${b.name} does not check what users reach: ${why}`, resource: service });
        } else followed.hops.push({ kind: "health check", text: `health check ${check.name} probes ${check.path} to ${probe.targetGroup.props.name}`, short: "health check ✓", urn: service.urn });
    }
    return { region: ix.regionOf(found.alb) ?? region, followed, check };
}

/** Rows of one Fastly service: per domain, one per region a continent's backend reaches. */
export function fastlyRows(ctx: Ctx, service: R): TrafficRow[] {
    const rows: TrafficRow[] = [];
    const backends = asArray(service.props.backends as Backend[]);
    for (const domain of asArray(service.props.domains as { name: string }[]).map((d) => d.name)) {
        const entry: Hop[] = [];
        const record = (ctx.records.get(domain.toLowerCase()) ?? []).find((r) => r.props.type === "CNAME");
        const tls = ctx.ix.ofType("fastly:index/tlsSubscription:TlsSubscription").find((t) => asArray(t.props.domains as string[]).includes(domain));
        const entryDead = !record
            ? `no DNS record sends users of ${domain} to Fastly`
            : !String(record.props.content ?? "").endsWith(".fastly.net")
              ? `DNS record ${record.props.name} points at ${record.props.content}, not at Fastly (a fastly.net name)`
              : record.props.proxied === true
                ? `DNS record ${record.props.name} is proxied: Cloudflare, not Fastly, would answer users (and Fastly would see Cloudflare, not the client's continent)`
                : !tls
                  ? `no Fastly TLS subscription covers ${domain}: users' TLS handshakes fail`
                  : undefined;
        if (entryDead) {
            rows.push({ hostname: domain, vendor: "Fastly", region: "?", path: dead([], { kind: "DNS", reason: entryDead, resource: record && !entryDead.startsWith("no Fastly TLS") ? record : service }) });
            continue;
        }
        entry.push({ kind: "DNS", text: `${domain} CNAME ${record!.props.content} (DNS only, TLS by ${tls!.name})`, short: `CNAME ${record!.props.content}`, urn: record!.urn });
        const none = new Set<string>();
        const first = new Map<string, string[]>();
        for (const c of CONTINENT_CODES) {
            const b = chooseBackend(service, c, none);
            if (b) first.set(b.name, [...(first.get(b.name) ?? []), c]);
        }
        const paths = new Map(backends.map((b) => [b.name, followBackend(ctx, service, domain, b, entry)]));
        if (first.size === 0) rows.push({ hostname: domain, vendor: "Fastly", region: "?", path: dead(entry, { kind: "edge", reason: `no backend of service ${service.name} is selected for any continent (no REQUEST condition holds and no backend is the default)`, resource: service }) });
        for (const [name, continents] of first) {
            const p = paths.get(name)!;
            const sick = new Set([name]);
            const moved = continents.map((c) => ({ c, b: chooseBackend(service, c, sick) }));
            const to = [...new Map(moved.filter((m) => m.b && m.b.name !== name).map((m) => [m.b!.name, { region: paths.get(m.b!.name)!.region, outcome: paths.get(m.b!.name)!.followed.outcome }])).values()];
            const failover: Failover = p.check
                ? { who: continents, to, ...fastlyPath(p.check), binding: true, decidedBy: service }
                : { who: continents, to, detectionSeconds: Number.POSITIVE_INFINITY, formula: "no health check", binding: true, decidedBy: service, none: `backend ${name} has no health check: Fastly never sees it sick` };
            const stuck = moved.filter((m) => !m.b || m.b.name === name).map((m) => m.c);
            if (stuck.length > 0 && !failover.none) failover.none = `with backend ${name} sick, ${stuck.join(", ")} still go to it (geo routing has no healthy alternative)`;
            rows.push({ hostname: domain, vendor: "Fastly", region: p.region, path: p.followed, failover });
        }
    }
    return rows;
}
