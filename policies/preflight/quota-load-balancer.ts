import { PolicyResource } from "@pulumi/policy";
import { eachDeferringUnknowns, Graph, graphOf, preflightRule, rawProp } from "./graph";
import { quotaChecker } from "./limits";
import { PreflightConfig } from "./quota-security-group-rules";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const CERT = "aws:lb/listenerCertificate:ListenerCertificate";
const TG = "aws:lb/targetGroup:TargetGroup";

/** The resources of `type` that `r` depends on (through `property` when the engine records it). */
export function dependenciesOfType(r: PolicyResource, g: Graph, type: string, property?: string): PolicyResource[] {
    const via = property ? (r.propertyDependencies?.[property] ?? []) : [];
    const deps = via.length > 0 ? via : r.dependencies;
    return deps.map((d) => g.byUrn.get(d.urn)).filter((d): d is PolicyResource => d?.type === type);
}

interface Action {
    targetGroupArn?: string;
    forward?: { targetGroups?: { arn?: string }[] };
}

/** How many target groups one listener or rule action forwards to. */
export function targetGroupsPerAction(action: Action): number {
    const weighted = action.forward?.targetGroups?.length ?? 0;
    return Math.max(weighted, action.targetGroupArn ? 1 : 0);
}

interface Condition {
    hostHeader?: { values?: unknown[] };
    pathPattern?: { values?: unknown[] };
    httpHeader?: { values?: unknown[] };
    httpRequestMethod?: { values?: unknown[] };
    sourceIp?: { values?: unknown[] };
    queryStrings?: unknown[];
}

/** Condition values of one listener rule, all conditions together. */
export function conditionValues(conditions: readonly Condition[]): number {
    let n = 0;
    for (const c of conditions) {
        for (const key of ["hostHeader", "pathPattern", "httpHeader", "httpRequestMethod", "sourceIp"] as const) n += c[key]?.values?.length ?? 0;
        n += c.queryStrings?.length ?? 0;
    }
    return n;
}

interface PerAlb {
    listeners: number;
    rules: number;
    certificates: number;
    targetGroups: Set<string>;
}

export const preflightLoadBalancer = preflightRule<PreflightConfig>(
    {
        name: "preflight-alb-quotas",
        description: "No Application Load Balancer exceeds its quotas on listeners, rules (defaults excluded), target groups, certificates (defaults excluded), target groups per action or condition values per rule.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Split the routes over another load balancer, merge host/path conditions, or raise an adjustable quota and declare it in the pack config (quotas).",
        configSchema: { properties: { quotas: { type: "object" } } },
    },
    (args, report, judge, config) => {
        const g = graphOf(args.resources);
        const { quotas } = config;
        const albs = g.ofType(LB).filter((lb) => (rawProp(lb, "loadBalancerType") ?? "application") === "application");
        const per = new Map<string, PerAlb>(albs.map((a) => [a.urn, { listeners: 0, rules: 0, certificates: 0, targetGroups: new Set<string>() }]));
        const albsOfListener = new Map<string, PerAlb[]>();
        for (const l of g.ofType(LISTENER)) {
            const owners = dependenciesOfType(l, g, LB, "loadBalancerArn").map((lb) => per.get(lb.urn)).filter((p): p is PerAlb => p !== undefined);
            albsOfListener.set(l.urn, owners);
            for (const o of owners) {
                o.listeners++;
                for (const tg of dependenciesOfType(l, g, TG)) o.targetGroups.add(tg.urn);
            }
        }
        const viaListener = (r: PolicyResource) => dependenciesOfType(r, g, LISTENER, "listenerArn").flatMap((l) => albsOfListener.get(l.urn) ?? []);
        for (const rule of g.ofType(RULE)) {
            for (const o of viaListener(rule)) {
                o.rules++;
                for (const tg of dependenciesOfType(rule, g, TG)) o.targetGroups.add(tg.urn);
            }
        }
        for (const cert of g.ofType(CERT)) for (const o of viaListener(cert)) o.certificates++;

        const check = quotaChecker(report, quotas);
        for (const alb of albs) {
            const p = per.get(alb.urn)!;
            check(alb, "alb-listeners", "listeners", p.listeners, "serve more ports from fewer listeners or split over another load balancer.");
            check(alb, "alb-rules", "listener rules (defaults excluded)", p.rules, "merge conditions (up to five values a rule), move routes to another load balancer, or raise the quota.");
            check(alb, "alb-target-groups", "target groups", p.targetGroups.size, "route fewer services through this load balancer.");
            check(alb, "alb-certificates", "certificates (defaults excluded)", p.certificates, "use a SAN or wildcard certificate, or raise the quota.");
        }
        eachDeferringUnknowns(judge, [...g.ofType(LISTENER), ...g.ofType(RULE)], (r) => {
            const actions = ((r.type === RULE ? r.props.actions : r.props.defaultActions) as Action[] | undefined) ?? [];
            for (const a of actions) check(r, "alb-target-groups-per-action", "target groups of one forward action", targetGroupsPerAction(a), "forward to at most five weighted target groups.");
            if (r.type === RULE) check(r, "alb-condition-values", "condition values", conditionValues((r.props.conditions as Condition[] | undefined) ?? []), "split the rule into several rules.");
        });
    },
);
