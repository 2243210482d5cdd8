/**
 * A request's way through a regional origin (pure): the ALB's security groups admit the address
 * the ALB really sees on the port; a listener on that port presents a certificate covering the
 * SNI (and every name the client verifies); the listener's rules, in priority order, match Host,
 * path and headers and forward to a target group; a TargetGroupBinding registers a Service's pods
 * in it (and opens the pods to the ALB's security group); the namespace's NetworkPolicies admit
 * the ALB's subnets on the pods' port. AWS and Kubernetes behaviour it encodes:
 *
 * - Security groups: a connection is admitted when any rule of any group on the interface allows
 *   it; an ALB needs an outbound rule to its targets' port (Terraform/Pulumi remove AWS's default
 *   allow-all egress rule: registry aws_security_group, "NOTE on Egress rules").
 * - Listener rules are evaluated "in priority order, from the lowest value to the highest value",
 *   the default action last; host-header is case-insensitive with `*` and `?` wildcards;
 *   path-pattern is case-sensitive; an http-header condition's name is case-insensitive and its
 *   values are wildcard patterns; within a condition any value matches, across conditions all
 *   must (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html,
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
 *   Conditions the model cannot evaluate (query strings, regex values) never match.
 * - The ALB picks the listener certificate whose names match the SNI; a name covers a host
 *   exactly or, as `*.zone`, one label below it.
 * - TargetGroupBinding networking: "ports … If ports is empty or unspecified, it defaults to all
 *   ports with TCP" (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/spec/).
 * - NetworkPolicy: a pod is isolated for ingress once any policy selecting it has Ingress in its
 *   policyTypes; then only what some policy's ingress rule admits reaches it; an ipBlock admits
 *   its cidr minus `except`; a rule without `from` admits every source, without `ports` every
 *   port (https://kubernetes.io/docs/concepts/services-networking/network-policies/). In ip mode
 *   the ALB connects to pods from its nodes' addresses in its own subnets. A policy with a pod
 *   selector is taken to select the Service's pods only when it is empty or names the Service in
 *   `app` / `app.kubernetes.io/name`; any policy may isolate them.
 */
import { covers, overlaps, ranges, uncovered } from "./cidr";
import { asArray, PlanIndex, R, stackOf } from "./resources";
import type { SourceSet } from "./sources";
import type { DeadEnd, Hop, Outcome } from "./types";

/** A header value the edge sends: a readable value, or a secret (equal to any other secret). */
export type HeaderValue = { secret: true } | { value: string };

export interface OriginRequest {
    alb: R;
    port: number;
    sources: SourceSet;
    /** TLS server name the edge sends. */
    sni: string;
    /** Names the edge verifies the certificate against (besides the SNI). */
    verify?: string[];
    host: string;
    path: string;
    method: string;
    /** Lower-case header name → value. */
    headers: Map<string, HeaderValue>;
    /** Who sends the request this way (named in mismatch findings): a pool, a Fastly backend, a monitor. */
    sentBy?: { what: string; resource: R };
}

export const SECRET_MARK = "[secret]";
export const headerValue = (v: unknown): HeaderValue => (typeof v === "string" && v !== SECRET_MARK ? { value: v } : { secret: true });

interface Rule {
    protocol?: string;
    fromPort?: number;
    toPort?: number;
    cidrBlocks?: string[];
    securityGroups?: string[];
}

const portCovered = (r: Rule, port: number) => {
    const proto = String(r.protocol ?? "").toLowerCase();
    if (proto === "-1" || proto === "all") return true;
    return (proto === "tcp" || proto === "6") && Number(r.fromPort) <= port && port <= Number(r.toPort);
};

/** Wildcard match (`*` any run, `?` one character), as ALB conditions use them. */
export function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
    const esc = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${esc}$`, caseInsensitive ? "i" : "").test(value);
}

/** A certificate name covers a host: exactly, or `*.zone` one label below the zone. */
export function certCovers(name: string, host: string): boolean {
    const n = name.toLowerCase();
    const h = host.toLowerCase();
    if (n === h) return true;
    return n.startsWith("*.") && h.endsWith(n.slice(1)) && !h.slice(0, h.length - n.length + 1).includes(".");
}

const fmtRequest = (q: OriginRequest) =>
    `Host ${q.host}${q.path !== "/" ? ` ${q.path}` : ""}${q.headers.size ? ` with ${[...q.headers.keys()].map(canonical).join(", ")}` : " without headers"}`;
const canonical = (h: string) => h.replace(/(^|-)([a-z])/g, (_m, d, c) => d + c.toUpperCase());

/** Per-origin lookups built once: listeners, certificates and rules by their parent, SG rules, bindings, policies. */
export class OriginIndex {
    private readonly listeners: Map<string, R[]>;
    private readonly rules: Map<string, R[]>;
    private readonly extraCerts: Map<string, R[]>;
    private readonly ingress = new Map<string, Rule[]>();
    private readonly egress = new Map<string, Rule[]>();
    private readonly bindings = new Map<string, R[]>();
    private readonly policies = new Map<string, R[]>();

    constructor(private readonly ix: PlanIndex) {
        this.listeners = ix.referrers("aws:lb/listener:Listener", (r) => r.props.loadBalancerArn, "aws:lb/loadBalancer:LoadBalancer");
        this.rules = ix.referrers("aws:lb/listenerRule:ListenerRule", (r) => r.props.listenerArn, "aws:lb/listener:Listener");
        this.extraCerts = ix.referrers("aws:lb/listenerCertificate:ListenerCertificate", (r) => r.props.listenerArn, "aws:lb/listener:Listener");
        for (const sg of ix.ofType("aws:ec2/securityGroup:SecurityGroup")) {
            this.ingress.set(sg.urn, asArray(sg.props.ingress as Rule[]));
            this.egress.set(sg.urn, asArray(sg.props.egress as Rule[]));
        }
        const add = (map: Map<string, Rule[]>, sg: R | undefined, rule: Rule) => sg && map.set(sg.urn, [...(map.get(sg.urn) ?? []), rule]);
        for (const r of ix.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
            add(this.ingress, ix.resolve(r, r.props.securityGroupId, "aws:ec2/securityGroup:SecurityGroup"), { protocol: String(r.props.ipProtocol), fromPort: r.props.fromPort as number, toPort: r.props.toPort as number, cidrBlocks: asArray(r.props.cidrIpv4 as string) });
        }
        for (const r of ix.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")) {
            add(this.egress, ix.resolve(r, r.props.securityGroupId, "aws:ec2/securityGroup:SecurityGroup"), { protocol: String(r.props.ipProtocol), fromPort: r.props.fromPort as number, toPort: r.props.toPort as number, cidrBlocks: asArray(r.props.cidrIpv4 as string) });
        }
        for (const r of ix.ofType("aws:ec2/securityGroupRule:SecurityGroupRule")) {
            add(r.props.type === "egress" ? this.egress : this.ingress, ix.resolve(r, r.props.securityGroupId, "aws:ec2/securityGroup:SecurityGroup"), r.props as Rule);
        }
        for (const b of ix.ofType("kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding")) {
            const spec = (b.props.spec ?? {}) as { targetGroupARN?: string; targetGroupName?: string };
            const tg = ix.resolve(b, spec.targetGroupARN ?? spec.targetGroupName, "aws:lb/targetGroup:TargetGroup");
            if (tg) this.bindings.set(tg.urn, [...(this.bindings.get(tg.urn) ?? []), b]);
        }
        for (const p of ix.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")) {
            const key = `${stackOf(p.urn)}/${(p.props.metadata as { namespace?: string } | undefined)?.namespace ?? "default"}`;
            this.policies.set(key, [...(this.policies.get(key) ?? []), p]);
        }
    }

    listenersOf(alb: R): R[] {
        return this.listeners.get(alb.urn) ?? [];
    }

    /** Follows `q` from the ALB to the Service; `stopAt` "target group" for a health probe. */
    follow(q: OriginRequest, stopAt?: "target group"): { hops: Hop[]; outcome: Outcome; targetGroup?: R } {
        const hops: Hop[] = [];
        const dead = (d: DeadEnd) => ({ hops, outcome: { status: "dead-end" as const, deadEnd: d } });
        const { alb } = q;
        const sgs = asArray(alb.props.securityGroups as string[]).map((id) => this.ix.resolve(alb, id, "aws:ec2/securityGroup:SecurityGroup")).filter((s): s is R => s !== undefined);
        if (sgs.length === 0) return dead({ kind: "security group", reason: `ALB ${alb.name} has no security group in the plan`, resource: alb });
        const admitting = sgs.flatMap((sg) => (this.ingress.get(sg.urn) ?? []).filter((r) => portCovered(r, q.port)).flatMap((r) => r.cidrBlocks ?? []));
        const missing = q.sources.cidrs === "any" ? (covers(ranges(admitting), "0.0.0.0/0") ? [] : ["0.0.0.0/0"]) : uncovered(admitting, q.sources.cidrs);
        if (missing.length > 0) {
            return dead({
                kind: "security group",
                reason: `no security group of ALB ${alb.name} (${sgs.map((s) => s.name).join(", ")}) admits ${q.sources.label} on ${q.port}${q.sources.cidrs === "any" ? "" : ` (${missing.length} of ${q.sources.cidrs.length} prefixes not admitted, e.g. ${missing[0]})`}`,
                resource: sgs[0],
            });
        }
        hops.push({ kind: "security group", text: `ALB ${alb.name} admits ${q.sources.label} on ${q.port}`, short: `ALB :${q.port}`, urn: sgs[0].urn });

        const listener = this.listenersOf(alb).find((l) => Number(l.props.port) === q.port);
        if (!listener) return dead({ kind: "TLS certificate", reason: `ALB ${alb.name} has no listener on ${q.port}`, resource: alb });
        if (String(listener.props.protocol) !== "HTTPS") return dead({ kind: "TLS certificate", reason: `listener ${listener.name} on ${q.port} speaks ${String(listener.props.protocol)}, the edge connects with TLS (SNI ${q.sni})`, resource: listener });
        const certs = [listener.props.certificateArn, ...(this.extraCerts.get(listener.urn) ?? []).map((c) => c.props.certificateArn)].map((arn) => this.certificate(listener, arn)).filter((c): c is R => c !== undefined);
        const names = (c: R) => [c.props.domainName as string, ...asArray(c.props.subjectAlternativeNames as string[])].filter(Boolean);
        const wanted = [...new Set([q.sni, ...(q.verify ?? [])])];
        const cert = certs.find((c) => wanted.every((w) => names(c).some((n) => certCovers(n, w))));
        if (!cert) {
            const c = certs[0];
            return dead({
                kind: "TLS certificate",
                reason: c ? `certificate ${c.name} of listener ${listener.name} names ${names(c).join(", ")}, not ${wanted.filter((w) => !names(c).some((n) => certCovers(n, w))).join(", ")} (the SNI ${q.sentBy?.what ?? "the edge"} sends${q.verify?.length ? " and verifies" : ""})` : `listener ${listener.name} has no certificate in the plan`,
                resource: c ?? listener,
                also: q.sentBy?.resource,
            });
        }
        hops.push({ kind: "TLS certificate", text: `listener ${q.port}: certificate ${cert.name} covers ${wanted.join(", ")}`, short: `TLS ${q.sni}`, urn: cert.urn });

        const rules = [...(this.rules.get(listener.urn) ?? [])].sort((a, b) => Number(a.props.priority) - Number(b.props.priority));
        const rule = rules.find((r) => this.matches(r, q));
        const actions = (rule ? rule.props.actions : listener.props.defaultActions) as Action[] | undefined;
        const action = [...asArray(actions)].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).find((a) => ["forward", "fixed-response", "redirect"].includes(a.type));
        const by = rule ? `rule ${rule.name} (priority ${rule.props.priority})` : `listener ${listener.name}'s default action`;
        const tgArn = action?.type === "forward" ? (action.targetGroupArn ?? action.forward?.targetGroups?.find((t) => (t.weight ?? 1) > 0)?.arn) : undefined;
        if (!tgArn) {
            const answer = action?.type === "fixed-response" ? `answers ${action.fixedResponse?.statusCode ?? "?"}` : action?.type === "redirect" ? "redirects" : "forwards nowhere";
            return dead({ kind: "listener rule", reason: `no rule of listener ${listener.name} (${q.port}) matches ${fmtRequest(q)}${q.sentBy ? `, as ${q.sentBy.what} sends it` : ""}: ${by} ${answer}`, resource: rule ?? listener, also: q.sentBy?.resource });
        }
        hops.push({ kind: "listener rule", text: `${by} matches ${fmtRequest(q)}`, short: rule ? `rule ${rule.props.priority}` : "default action", urn: (rule ?? listener).urn });
        const tg = this.ix.resolve(rule ?? listener, tgArn, "aws:lb/targetGroup:TargetGroup");
        if (!tg) return dead({ kind: "target group", reason: `${by} forwards to ${tgArn}, which is no target group in the plan`, resource: rule ?? listener });
        hops.push({ kind: "target group", text: `target group ${tg.props.name ?? tg.name} (${tg.props.protocol} ${tg.props.port})`, short: `TG ${tg.props.name ?? tg.name}`, urn: tg.urn });
        if (stopAt === "target group") return { hops, outcome: { status: "arrives", at: String(tg.props.name ?? tg.name) }, targetGroup: tg };

        const egress = sgs.flatMap((sg) => this.egress.get(sg.urn) ?? []).some((r) => portCovered(r, Number(tg.props.port)));
        if (!egress) return dead({ kind: "security group", reason: `no security group of ALB ${alb.name} lets it reach its targets on ${tg.props.port}`, resource: sgs[0] });

        const binding = this.bindings.get(tg.urn)?.[0];
        if (!binding) return dead({ kind: "TargetGroupBinding", reason: `no TargetGroupBinding registers pods in target group ${tg.props.name ?? tg.name}: it has no targets`, resource: tg });
        const spec = (binding.props.spec ?? {}) as { serviceRef?: { name?: string; port?: number | string }; networking?: { ingress?: { from?: { securityGroup?: { groupID?: string }; ipBlock?: { cidr?: string } }[]; ports?: { port?: number | string }[] }[] } };
        const meta = binding.props.metadata as { namespace?: string } | undefined;
        const namespace = meta?.namespace ?? "default";
        // The controller registers the endpoints of spec.serviceRef, a required field of the CRD
        // (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/spec/):
        // without it the binding registers nothing.
        const service = spec.serviceRef?.name;
        if (typeof service !== "string" || service === "") return dead({ kind: "TargetGroupBinding", reason: `TargetGroupBinding ${binding.name} names no Service (spec.serviceRef.name), so it registers no pods in target group ${tg.props.name ?? tg.name}`, resource: binding });
        const podPort = typeof spec.serviceRef?.port === "number" ? spec.serviceRef.port : Number(tg.props.port);
        if (spec.networking) {
            const sgUrns = new Set(sgs.map((s) => s.urn));
            const opened = asArray(spec.networking.ingress).some(
                (rule) =>
                    (rule.ports === undefined || rule.ports.length === 0 || rule.ports.some((p) => p.port === undefined || Number(p.port) === podPort)) &&
                    asArray(rule.from).some((f) => {
                        const sg = f.securityGroup?.groupID ? this.ix.resolve(binding, f.securityGroup.groupID, "aws:ec2/securityGroup:SecurityGroup") : undefined;
                        return sg !== undefined && sgUrns.has(sg.urn);
                    }),
            );
            if (!opened) return dead({ kind: "TargetGroupBinding", reason: `TargetGroupBinding ${namespace}/${service} opens the pods on ${podPort} to none of ALB ${alb.name}'s security groups`, resource: binding });
        }
        hops.push({ kind: "TargetGroupBinding", text: `TargetGroupBinding → Service ${namespace}/${service}:${podPort}`, short: "binding", urn: binding.urn });

        const subnets = [...asArray(alb.props.subnets as string[]), ...asArray(alb.props.subnetMappings as { subnetId?: string }[]).map((m) => m.subnetId)]
            .map((id) => this.ix.resolve(alb, id, "aws:ec2/subnet:Subnet"))
            .filter((s): s is R => s !== undefined)
            .map((s) => String(s.props.cidrBlock));
        if (subnets.length === 0) return dead({ kind: "NetworkPolicy", reason: `ALB ${alb.name}'s subnets are not in the plan: the addresses pods see cannot be checked`, resource: alb });
        const np = this.networkPolicies(stackOf(binding.urn), namespace, service, podPort, subnets);
        if (!np.ok) return dead({ kind: "NetworkPolicy", reason: np.reason, resource: np.resource });
        hops.push({ kind: "NetworkPolicy", text: np.text, short: "NetworkPolicy", urn: np.resource?.urn });
        hops.push({ kind: "service", text: `Service ${namespace}/${service}`, short: `${namespace}/${service}`, urn: binding.urn });
        return { hops, outcome: { status: "arrives", at: `${namespace}/${service}` }, targetGroup: tg };
    }

    /** The Certificate a listener names, directly or through a CertificateValidation. */
    private certificate(listener: R, arn: unknown): R | undefined {
        const direct = this.ix.resolve(listener, arn, "aws:acm/certificate:Certificate");
        if (direct) return direct;
        const validation = this.ix.resolve(listener, arn, "aws:acm/certificateValidation:CertificateValidation");
        return validation ? this.ix.resolve(validation, validation.props.certificateArn, "aws:acm/certificate:Certificate") : undefined;
    }

    private matches(rule: R, q: OriginRequest): boolean {
        return asArray(rule.props.conditions as Condition[]).every((c) => {
            if (c.hostHeader) return asArray(c.hostHeader.values).some((v) => wildcard(v, q.host, true));
            if (c.pathPattern) return asArray(c.pathPattern.values).some((v) => wildcard(v, q.path, false));
            if (c.httpRequestMethod) return asArray(c.httpRequestMethod.values).includes(q.method);
            if (c.httpHeader) {
                const sent = q.headers.get(String(c.httpHeader.httpHeaderName).toLowerCase());
                if (!sent) return false;
                return asArray(c.httpHeader.values).some((v) => ("secret" in sent ? true : v === SECRET_MARK || wildcard(v, sent.value, true)));
            }
            if (c.sourceIp) return q.sources.cidrs !== "any" && uncovered(asArray(c.sourceIp.values), q.sources.cidrs).length === 0;
            return false;
        });
    }

    private networkPolicies(stack: string, namespace: string, service: string, port: number, subnets: string[]): { ok: true; text: string; resource?: R } | { ok: false; reason: string; resource?: R } {
        const all = this.policies.get(`${stack}/${namespace}`) ?? [];
        const types = (p: R) => {
            const spec = (p.props.spec ?? {}) as { policyTypes?: string[]; egress?: unknown };
            return spec.policyTypes ?? ["Ingress", ...(spec.egress ? ["Egress"] : [])];
        };
        const isolating = all.filter((p) => types(p).includes("Ingress"));
        if (isolating.length === 0) return { ok: true, text: `no NetworkPolicy isolates ${namespace}` };
        const selects = (p: R) => {
            const sel = ((p.props.spec ?? {}) as { podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } }).podSelector ?? {};
            const labels = Object.entries(sel.matchLabels ?? {});
            if (labels.length === 0 && !sel.matchExpressions?.length) return true;
            return !sel.matchExpressions?.length && labels.every(([k, v]) => ["app", "app.kubernetes.io/name"].includes(k) && v === service);
        };
        const notAdmitted = subnets.filter((subnet) => !isolating.filter(selects).some((p) =>
            asArray(((p.props.spec ?? {}) as { ingress?: IngressRule[] }).ingress).some((rule) => admitsPort(rule, port) && admitsSource(rule, subnet)),
        ));
        if (notAdmitted.length > 0) {
            const allow = isolating.find((p) => asArray(((p.props.spec ?? {}) as { ingress?: unknown[] }).ingress).length > 0);
            return {
                ok: false,
                reason: `the NetworkPolicies of namespace ${namespace} (${isolating.map((p) => (p.props.metadata as { name?: string }).name ?? p.name).join(", ")}) isolate Service ${service}'s pods and admit none of ALB subnet${notAdmitted.length > 1 ? "s" : ""} ${notAdmitted.join(", ")} on ${port}`,
                resource: allow ?? isolating[0],
            };
        }
        const by = isolating.find((p) => asArray(((p.props.spec ?? {}) as { ingress?: unknown[] }).ingress).length > 0);
        return { ok: true, text: `NetworkPolicies of ${namespace} admit the ALB's subnets (${subnets.join(", ")}) on ${port}`, resource: by };
    }
}

interface Action {
    type: string;
    order?: number;
    targetGroupArn?: string;
    forward?: { targetGroups?: { arn: string; weight?: number }[] };
    fixedResponse?: { statusCode?: string };
}

interface Condition {
    hostHeader?: { values?: string[] };
    pathPattern?: { values?: string[] };
    httpRequestMethod?: { values?: string[] };
    httpHeader?: { httpHeaderName?: string; values?: string[] };
    sourceIp?: { values?: string[] };
}

interface IngressRule {
    from?: { ipBlock?: { cidr?: string; except?: string[] }; podSelector?: unknown; namespaceSelector?: unknown }[];
    ports?: { port?: number | string; endPort?: number; protocol?: string }[];
}

function admitsPort(rule: IngressRule, port: number): boolean {
    if (!rule.ports || rule.ports.length === 0) return true;
    return rule.ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || (typeof p.port === "number" && p.port <= port && port <= (p.endPort ?? p.port))));
}

function admitsSource(rule: IngressRule, cidr: string): boolean {
    if (!rule.from || rule.from.length === 0) return true;
    return rule.from.some((f) => f.ipBlock?.cidr !== undefined && covers(ranges([f.ipBlock.cidr]), cidr) && !overlaps(ranges(f.ipBlock.except ?? []), cidr));
}
