/**
 * The traffic-path model (pure; imports nothing from components/ or src/): for every public
 * hostname of the plan, a request followed hop by hop from the user's DNS lookup to the service
 * it must arrive at, per region, and for the loss of each region the path after failover and the
 * time it takes, against the edge-failover objective.
 *
 * Hostnames are discovered from the plan — Cloudflare load balancers, Fastly domains, Akamai
 * property hostnames, DNS records of the accelerator's addresses, and the names the origins
 * expect (listener rules' hosts, certificate names) — and held to the design's intent
 * (./intent.ts). Each edge has its own module (./cloudflare.ts, ./fastly.ts, ./akamai.ts,
 * ./accelerator.ts); the origin's hops are ./origin.ts.
 *
 * Scope. The owner's plan holds the edges, each stack's plan its own origin. A hop in a region
 * whose stack is not among the resources is "in stack <x>'s plan", not a violation; a stack
 * without the edge objects (a member) follows its own listener rules as the edges' requests would
 * arrive. Run over the union of every stack's resources (src/plan/run.ts, check-plan with several
 * files), every hostname × region is followed end to end, and a dead end names the resource where
 * the broken hop lives — and so the stack whose plan carries the violation.
 */
import type { Judge } from "../define";
import { seconds } from "../objectives";
import { acceleratorRows, followEndpointGroup, USER_PORT } from "./accelerator";
import { akamaiRows } from "./akamai";
import { cloudflareRows } from "./cloudflare";
import { context, Ctx, dead, elsewhere, judged } from "./common";
import { fastlyRows } from "./fastly";
import { intentOf, Vendor } from "./intent";
import { headerValue, HeaderValue } from "./origin";
import { asArray, PlanIndex, R, stackOf } from "./resources";
import { CLOUDFLARE_SOURCES, FASTLY_SOURCES, SourceSet } from "./sources";
import type { Outcome, TrafficProblem, TrafficReport, TrafficRow } from "./types";

export type { TrafficReport, TrafficRow } from "./types";

const SOURCES: Record<Vendor, SourceSet | undefined> = { Cloudflare: CLOUDFLARE_SOURCES, Fastly: FASTLY_SOURCES, Akamai: undefined, "Global Accelerator": undefined };

/**
 * The model's rows and problems. Given the rule's judge (policies/define.ts), each edge (a
 * Cloudflare load balancer, the Fastly service, the Akamai property, the accelerator) — or, in a
 * member's plan, each expected hostname — is judged on its own: a value unknown during preview
 * makes only that edge "cannot verify", its vendor's other checks (hostnames no edge serves, a
 * region an edge skips) are left out rather than guessed, and every other edge's findings stand;
 * an unexpected error is that edge's finding. Without a judge (the summaries' table) it all runs
 * as one.
 */
export function trafficReport(resources: readonly R[], objectiveSeconds: number, judge?: Judge): TrafficReport {
    const ix = new PlanIndex(resources);
    const ctx = context(ix);
    const scope = new Scope(judge);
    const rows = ix.topology.ownerPresent ? edgeRows(ctx, scope) : localRows(ctx, scope);
    return { rows, problems: [...scope.problems, ...problems(rows, objectiveSeconds)], objectiveSeconds };
}

/** Judges one edge at a time through the rule's judge, remembering which vendors could not be fully judged. */
class Scope {
    readonly problems: TrafficProblem[] = [];
    /** Vendors (and "expected" for the origins' names) with an edge that could not be judged. */
    readonly incomplete = new Set<string>();

    constructor(private readonly judge?: Judge) {}

    rows(subject: R | { name: string; urn?: string }, vendor: string, build: () => TrafficRow[]): TrafficRow[] {
        if (!this.judge) return build();
        let out: TrafficRow[] = [];
        const before = this.judge.unverified.length;
        const found = this.judge.one({ name: subject.name, urn: subject.urn }, () => ((out = build()), []));
        if (found.length > 0 || this.judge.unverified.length > before) {
            this.incomplete.add(vendor);
            this.problems.push(...found.map((f) => ({ urn: f.urn, message: f.message })));
            return [];
        }
        return out;
    }
}

/** Every hostname from its edge, plus the names the origins expect that no edge serves. */
function edgeRows(ctx: Ctx, scope: Scope): TrafficRow[] {
    const { ix } = ctx;
    const rows: TrafficRow[] = [];
    for (const lb of ix.ofType("cloudflare:index/loadBalancer:LoadBalancer")) rows.push(...scope.rows(lb, "Cloudflare", () => cloudflareRows(ctx, lb)));
    for (const s of ix.ofType("fastly:index/serviceVcl:ServiceVcl")) rows.push(...scope.rows(s, "Fastly", () => fastlyRows(ctx, s)));
    for (const p of ix.ofType("akamai:index/property:Property")) rows.push(...scope.rows(p, "Akamai", () => akamaiRows(ctx, p)));
    const accelerators = ix.ofType("aws:globalaccelerator/accelerator:Accelerator");
    const expected = expectedHostnames(ctx, scope);
    for (const a of accelerators) {
        rows.push(
            ...scope.rows(a, "Global Accelerator", () => {
                const named = ix.ofType("cloudflare:index/dnsRecord:DnsRecord").filter((r) => r.dependencies.includes(a.urn)).map((r) => String(r.props.name));
                const intended = [...expected.keys()].filter((h) => intentOf(h)?.via === "Global Accelerator");
                return acceleratorRows(ctx, a, [...new Set([...named, ...(accelerators.length === 1 ? intended : [])])]);
            }),
        );
    }
    const served = new Set(rows.map((r) => r.hostname));
    for (const [hostname, by] of expected) {
        if (served.has(hostname)) continue;
        const via = intentOf(hostname)?.via;
        // An edge of that vendor could not be judged: it may serve the name.
        if (scope.incomplete.has(via ?? "Cloudflare")) continue;
        rows.push({ hostname, vendor: via ?? "Cloudflare", region: "?", path: dead([], { kind: "DNS", reason: `no DNS record, load balancer or CDN service sends users of ${hostname} anywhere (the origin expects it: ${by.name})`, resource: by }) });
    }
    // Every region of the set serves every hostname.
    const byHost = new Map<string, TrafficRow[]>();
    for (const r of rows) byHost.set(`${r.hostname}|${r.vendor}`, [...(byHost.get(`${r.hostname}|${r.vendor}`) ?? []), r]);
    for (const group of byHost.values()) {
        const first = group[0];
        if (scope.incomplete.has(first.vendor)) continue;
        if (group.some((r) => r.region === "?" && r.path.outcome.status === "dead-end" && r.path.hops.length === 0)) continue;
        for (const region of ix.topology.regions) {
            if (group.some((r) => r.region === region)) continue;
            const entry = group.find((r) => r.path.hops.length > 0)?.path.hops.slice(0, 1) ?? [];
            rows.push({
                hostname: first.hostname,
                vendor: first.vendor,
                region,
                path: ix.hasRegion(region)
                    ? dead(entry, { kind: "edge", reason: `${first.vendor} sends no users of ${first.hostname} to ${region}`, resource: entry[0]?.urn ? ix.get(entry[0].urn) : undefined })
                    : elsewhere(entry, ix.elsewhere(region), "edge"),
            });
        }
    }
    for (const r of rows) {
        const intent = intentOf(r.hostname);
        if (r.path.outcome.status === "dead-end" && r.path.outcome.deadEnd.kind !== "intent") continue;
        const at = r.path.hops[0]?.urn ? ix.get(r.path.hops[0].urn) : undefined;
        if (!intent) r.path = dead(r.path.hops, { kind: "intent", reason: `${r.hostname} has no intended service in the pack's design table (policies/traffic/intent.ts)`, resource: at });
        else if (intent.via !== r.vendor) r.path = dead(r.path.hops, { kind: "intent", reason: `${r.hostname} is served by ${r.vendor}, the design serves it through ${intent.via} (${intent.why})`, resource: at });
    }
    return sortRows(rows);
}

/**
 * Names the origins expect users to reach them by (listener rule hosts, certificate names other
 * than the origins' own), with the resource that expects each. Origin addresses are not public.
 */
function expectedHostnames(ctx: Ctx, scope: Scope): Map<string, R> {
    const { ix } = ctx;
    // Each resource read on its own: one unknown name leaves out only what that resource expects.
    const each = (rs: R[], read: (r: R) => void) => {
        for (const r of rs) scope.rows(r, "expected", () => (read(r), []));
    };
    const origins = new Set<string>();
    each(ix.ofType("cloudflare:index/dnsRecord:DnsRecord").filter((r) => r.dependencies.some((d) => ix.get(d)?.type === "aws:lb/loadBalancer:LoadBalancer")), (r) => origins.add(String(r.props.name)));
    each(ix.ofType("aws:acm/certificate:Certificate"), (c) => origins.add(String(c.props.domainName)));
    const out = new Map<string, R>();
    const add = (name: string, by: R) => !name.includes("*") && !name.startsWith("_") && !origins.has(name) && !out.has(name) && out.set(name, by);
    each(ix.ofType("aws:lb/listenerRule:ListenerRule"), (rule) => {
        for (const c of asArray(rule.props.conditions as { hostHeader?: { values?: string[] } }[])) for (const v of asArray(c.hostHeader?.values)) add(v, rule);
    });
    each(ix.ofType("aws:acm/certificate:Certificate"), (c) => {
        for (const n of asArray(c.props.subjectAlternativeNames as string[])) add(n, c);
    });
    return out;
}

/**
 * A stack without the edges (a member): every name its origin expects, as that name's edge would
 * send it — Host and SNI the name, from the edge's published ranges on the CDNs' port (443), with
 * the headers the origin's rules for the name require; the accelerator through this stack's own
 * endpoint group. What the edge really sends is in the owner's plan.
 */
function localRows(ctx: Ctx, scope: Scope): TrafficRow[] {
    const { ix } = ctx;
    const rows: TrafficRow[] = [];
    const groups = ix.ofType("aws:globalaccelerator/endpointGroup:EndpointGroup");
    const rules = ix.ofType("aws:lb/listenerRule:ListenerRule");
    // The owner a member reads its outputs from: its StackReference names `<org>/<project>/<stack>`.
    const ref = ix.ofType("pulumi:pulumi:StackReference").map((r) => String(r.props.name ?? "").split("/").pop()).find(Boolean);
    const ownerPlan = ref ? `in stack ${ref}'s plan` : "in the owner stack's plan";
    for (const [host, by] of expectedHostnames(ctx, scope)) rows.push(...scope.rows(by, "local", () => localRowsOf(ctx, host, by, groups, rules, ownerPlan)));
    return sortRows(rows);
}

/** The rows of one name an origin of a member's plan expects. */
function localRowsOf(ctx: Ctx, host: string, by: R, groups: R[], rules: R[], ownerPlan: string): TrafficRow[] {
    const { ix } = ctx;
    const rows: TrafficRow[] = [];
    const intent = intentOf(host);
    if (!intent) {
        rows.push({ hostname: host, vendor: "Cloudflare", region: ix.regionOf(by) ?? "?", path: dead([], { kind: "intent", reason: `${host} has no intended service in the pack's design table (policies/traffic/intent.ts)`, resource: by }) });
        return rows;
    }
    if (intent.destination.kind !== "service") return rows;
    const entry = [{ kind: "edge" as const, text: `${intent.via}: ${ownerPlan}`, short: `${intent.via} (${ownerPlan})` }];
    for (const alb of ix.ofType("aws:lb/loadBalancer:LoadBalancer").filter((a) => a.props.internal !== true)) {
        const region = ix.regionOf(alb) ?? "?";
        if (intent.via === "Global Accelerator") {
            const group = groups.find((g) => asArray(g.props.endpointConfigurations as { endpointId?: string }[]).some((e) => ix.resolve(g, e.endpointId, alb.type)?.urn === alb.urn));
            rows.push({ hostname: host, vendor: intent.via, region, path: group ? followEndpointGroup(ctx, group, host, entry).followed : dead(entry, { kind: "edge", reason: `no accelerator endpoint group of this stack sends to ALB ${alb.name}`, resource: alb }) });
            continue;
        }
        const required = new Map<string, HeaderValue>();
        for (const rule of rules.filter((r) => stackOf(r.urn) === stackOf(alb.urn))) {
            const conditions = asArray(rule.props.conditions as { hostHeader?: { values?: string[] }; httpHeader?: { httpHeaderName: string; values?: unknown[] } }[]);
            if (!conditions.some((c) => asArray(c.hostHeader?.values).includes(host))) continue;
            for (const c of conditions) if (c.httpHeader) required.set(String(c.httpHeader.httpHeaderName).toLowerCase(), headerValue(asArray(c.httpHeader.values)[0]));
        }
        const sources = SOURCES[intent.via] ?? { label: "any address", cidrs: "any" as const };
        const f = ctx.origin.follow({ alb, port: USER_PORT, sources, sni: host, host, path: "/", method: "GET", headers: required });
        rows.push({ hostname: host, vendor: intent.via, region, path: judged(ix, host, { hops: [...entry, ...f.hops], outcome: f.outcome }) });
    }
    return rows;
}

const sortRows = (rows: TrafficRow[]) => rows.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.region.localeCompare(b.region));

const where = (r: TrafficRow) => `${r.hostname} via ${r.vendor}${r.region !== "?" ? ` through ${r.region}` : ""}`;

/** The dead ends and failovers the objective binds that miss it, each on the resource to fix; deduplicated. */
function problems(rows: TrafficRow[], objectiveSeconds: number): TrafficProblem[] {
    const out = new Map<string, TrafficProblem>();
    const add = (urn: string | undefined, message: string) => out.set(`${urn}|${message}`, { urn, message });
    for (const r of rows) {
        if (r.path.outcome.status === "dead-end") {
            const d = r.path.outcome.deadEnd;
            const message = `${where(r)}: dead end at the ${d.kind}: ${d.reason}.`;
            add(d.resource?.urn, message);
            if (d.also && (!d.resource || stackOf(d.also.urn) !== stackOf(d.resource.urn))) add(d.also.urn, message);
        }
        const f = r.failover;
        if (!f || r.path.outcome.status !== "arrives") continue;
        if (f.none) add(f.decidedBy?.urn, `${r.hostname} via ${r.vendor}: when ${r.region} is lost, ${f.none}.`);
        else if (f.binding && f.detectionSeconds > objectiveSeconds) {
            add(f.decidedBy?.urn, `${r.hostname} via ${r.vendor}: when ${r.region} is lost, ${f.who.join(", ")} move to ${f.to.map((t) => t.region).join(", ")} after ${seconds(f.detectionSeconds)} (${f.formula}), above the edge failover objective ${seconds(objectiveSeconds)}.`);
        }
    }
    return [...out.values()];
}

/** A row's verdict, for the table: ✅ arrives and fails over in time, ❌ a dead end or too slow, ↪ another plan. */
export function verdict(r: TrafficRow, objectiveSeconds: number): string {
    const o = r.path.outcome;
    if (o.status === "elsewhere") return `↪ ${o.where}`;
    if (o.status === "dead-end") return `❌ dead end at the ${o.deadEnd.kind}`;
    const f = r.failover;
    if (!f) return "✅ arrives";
    if (f.none) return "❌ no failover";
    if (f.to.some((t) => t.outcome.status === "dead-end")) return "❌ failover dead-ends";
    if (!f.binding) return `✅ arrives; failover reported (not bound by the objective)`;
    return f.detectionSeconds <= objectiveSeconds ? `✅ within ${seconds(objectiveSeconds)}` : `❌ above ${seconds(objectiveSeconds)}`;
}

export const describeOutcome = (o: Outcome): string =>
    o.status === "arrives" ? `✅ ${o.at}` : o.status === "elsewhere" ? `↪ ${o.where}` : `❌ dead end at the ${o.deadEnd.kind}${o.deadEnd.resource ? ` (${o.deadEnd.resource.name})` : ""}`;
