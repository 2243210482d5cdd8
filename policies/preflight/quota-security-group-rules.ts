import { PolicyResource } from "@pulumi/policy";
import { Deferred, Graph, graphOf, preflightRule, rawProp } from "./graph";
import { awsManagedPrefixListWeight, LIMITS, limitValue, overLimit, QuotaOverrides } from "./limits";
import {
    Counted,
    Direction,
    Family,
    inlineRuleEntries,
    MANAGED_PREFIX_LIST,
    PrefixListResolver,
    RuleEntry,
    SECURITY_GROUP_TYPES,
    SG_RULE,
    tally,
    VPC_EGRESS_RULE,
    VPC_INGRESS_RULE,
    vpcRuleEntries,
} from "./security-groups";

export interface PreflightConfig {
    /** Raised quotas of the account, by limit id (limits.ts). */
    quotas?: QuotaOverrides;
    /** Weights of prefix lists the plan references but does not declare, by prefix-list id. */
    prefixListWeights?: Record<string, number>;
}

const GATEWAY_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/**
 * The weight of a prefix list a rule of `owner` names: a customer-managed list of the plan weighs
 * its maxEntries; a gateway endpoint's list (com.amazonaws.<region>.s3 / dynamodb) its AWS-managed
 * weight; a list from outside the plan the weight the config declares.
 */
export function prefixListResolver(owner: PolicyResource, g: Graph, config: PreflightConfig): PrefixListResolver {
    const deps = owner.dependencies.map((d) => g.byUrn.get(d.urn)).filter((d): d is PolicyResource => d !== undefined);
    const lists = deps.filter((d) => d.type === MANAGED_PREFIX_LIST);
    const endpoints = deps.filter((d) => d.type === GATEWAY_ENDPOINT && rawProp(d, "vpcEndpointType") === "Gateway");
    return (id) => {
        const declared = lists.filter((l) => rawProp(l, "id") === id);
        const candidates = declared.length > 0 ? declared : lists;
        if (candidates.length > 0) {
            // Several lists and no way to tell which one this id is: the heaviest (never undercount).
            const weights = candidates.map((l) => ({ weight: Number(l.props.maxEntries), family: (l.props.addressFamily === "IPv6" ? "IPv6" : "IPv4") as Family }));
            return weights.reduce((a, b) => (b.weight > a.weight ? b : a));
        }
        for (const e of endpoints) {
            const name = String(rawProp(e, "serviceName"));
            const weight = awsManagedPrefixListWeight(name);
            if (weight !== undefined) return { weight, family: name.includes(".ipv6.") ? "IPv6" : "IPv4" };
        }
        const configured = config.prefixListWeights?.[id];
        if (typeof configured === "number") return { weight: configured, family: "IPv4" };
        return { unresolved: `${owner.name}: prefix list ${id} cannot be weighed: it is neither declared in this plan (aws:ec2/managedPrefixList) nor a gateway endpoint's list (${LIMITS["sg-rules-per-direction"].source}). Fix: declare the list, or give its weight in the pack config prefixListWeights.` };
    };
}

/**
 * The groups a standalone rule belongs to: by property dependency when the engine records one, by
 * a known id, else the one group it depends on; with several candidates, all of them (conservative).
 */
export function ruleTargets(rule: PolicyResource, g: Graph): PolicyResource[] {
    const isGroup = (r: PolicyResource | undefined): r is PolicyResource => r !== undefined && (SECURITY_GROUP_TYPES as readonly string[]).includes(r.type);
    const viaProperty = (rule.propertyDependencies?.securityGroupId ?? []).map((d) => g.byUrn.get(d.urn)).filter(isGroup);
    if (viaProperty.length > 0) return viaProperty;
    const candidates = rule.dependencies.map((d) => g.byUrn.get(d.urn)).filter(isGroup);
    const id = rawProp(rule, "securityGroupId");
    const byId = candidates.filter((c) => rawProp(c, "id") !== undefined && rawProp(c, "id") === id);
    return byId.length > 0 ? byId : candidates;
}

const DIRECTIONS: [Direction, string, string][] = [
    ["inbound", "ingress", "inbound"],
    ["outbound", "egress", "outbound"],
];

export const preflightSecurityGroupRules = preflightRule<PreflightConfig>(
    {
        name: "preflight-sg-rules",
        description: "No security group has more inbound or outbound rules (IPv4 and IPv6 counted apart, a prefix list counted as its weight) than the VPC quota allows.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Aggregate CIDRs into fewer, larger ranges or a customer-managed prefix list sized to need, split the rules over several groups, or raise the quota and declare it in the pack config (quotas).",
        configSchema: { properties: { quotas: { type: "object" }, prefixListWeights: { type: "object" } } },
    },
    (args, report, judge, config) => {
        const g = graphOf(args.resources);
        const max = limitValue("sg-rules-per-direction", config.quotas);
        const entries = new Map<string, RuleEntry[]>();
        const add = (group: PolicyResource, counted: Counted) => {
            const known = entries.get(group.urn);
            if (known) known.push(...counted.entries);
            else entries.set(group.urn, [...counted.entries]);
            for (const p of counted.problems) report(p, group.urn);
        };
        const groups = SECURITY_GROUP_TYPES.flatMap((t) => g.ofType(t));
        const deferred = new Deferred(judge);
        deferred.each(groups, (sg) => {
            const resolve = prefixListResolver(sg, g, config);
            for (const [direction, prop] of DIRECTIONS) {
                for (const rule of (sg.props[prop] as Record<string, unknown>[] | undefined) ?? []) add(sg, inlineRuleEntries(rule, direction, resolve));
            }
        });
        const standalone = [...g.ofType(SG_RULE), ...g.ofType(VPC_INGRESS_RULE), ...g.ofType(VPC_EGRESS_RULE)];
        deferred.each(standalone, (rule) => {
            const resolve = prefixListResolver(rule, g, config);
            const counted =
                rule.type === SG_RULE
                    ? inlineRuleEntries(rule.props, rule.props.type === "egress" ? "outbound" : "inbound", resolve)
                    : vpcRuleEntries(rule.props, rule.type === VPC_EGRESS_RULE ? "outbound" : "inbound", resolve);
            for (const group of ruleTargets(rule, g)) add(group, counted);
        });
        for (const sg of groups) {
            const t = tally(entries.get(sg.urn) ?? []);
            for (const [direction, , word] of DIRECTIONS) {
                for (const family of ["IPv4", "IPv6"] as const) {
                    const n = t[direction][family];
                    if (n > max) {
                        report(overLimit(sg.name, `${word} ${family} rules`, n, LIMITS["sg-rules-per-direction"], max,
                            "aggregate the ranges (a prefix list sized to need counts as its maxEntries), split the rules over more groups, or raise the quota and declare it in the pack config."), sg.urn);
                    }
                }
            }
        }
        deferred.done();
    },
);
