/**
 * waf-public-entry: every public entry point that reaches the platform's code passes a WAF.
 *
 * The entries and what guards each (README "The edge"):
 * - www/api: Cloudflare's proxied load balancers. Every Cloudflare zone that proxies traffic runs
 *   the Cloudflare Managed Ruleset (or the Free Managed Ruleset) in its
 *   http_request_firewall_managed phase, enabled and not overridden to log
 *   (ruleset ids: https://developers.cloudflare.com/waf/managed-rules/).
 * - play (Fastly) and direct.<zone> (the Global Accelerator, DNS only) have no WAF in front: they
 *   reach the regional ALB, so every internet-facing ALB carries an AWS WAF web ACL that enforces
 *   at least one rule group (managed or own; a `count` override does not enforce). The Cloudflare
 *   path passes it too.
 * - the accelerator reaches only such ALBs: an endpoint of an endpoint group that is not an ALB of
 *   the plan (an instance, an Elastic IP, a Network Load Balancer) would be an entry with no WAF.
 * - video (Akamai) serves objects of the media buckets, read-only through Akamai's signed origin
 *   access, no code behind it: a WAF has nothing to inspect there (not judged).
 */
import { stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { asArray, Net, T } from "../network/refs";
import { aclsOf, enforcedGroups, publicAlbs } from "./edge";

/** Cloudflare's WAF managed rulesets that count as "the zone runs a WAF". */
export const CLOUDFLARE_WAF_RULESETS: Record<string, string> = {
    efb7b8c949ac4650a09736fc376e9aee: "Cloudflare Managed Ruleset",
    "77454fe2d30c4220b5701f6fdfb893ba": "Cloudflare Free Managed Ruleset",
};

interface CfRule {
    action?: string;
    enabled?: boolean;
    actionParameters?: { id?: string; overrides?: { enabled?: boolean; action?: string } };
}

/** True when a ruleset deploys a Cloudflare WAF managed ruleset that blocks. */
export function runsManagedWaf(ruleset: GraphResource): boolean {
    if (ruleset.props.phase !== "http_request_firewall_managed") return false;
    return asArray(ruleset.props.rules as CfRule[] | undefined).some((r) =>
        r.action === "execute" && r.enabled !== false && CLOUDFLARE_WAF_RULESETS[r.actionParameters?.id ?? ""] !== undefined
        && r.actionParameters?.overrides?.enabled !== false && r.actionParameters?.overrides?.action !== "log");
}

/**
 * The ARN of an ALB as the plan spells it: its own `arn` when known, and the value the resources
 * built on it (listeners, web ACL associations) use for it — the ARN of a new ALB is an output.
 */
export function albArns(net: Net, lb: GraphResource): string[] {
    const uses: [string, string][] = [[T.lbListener, "loadBalancerArn"], [T.webAclAssociation, "resourceArn"]];
    const used = uses.flatMap(([type, prop]) => net.dependents(lb, type).map((r) => r.props[prop]));
    return [lb.props.arn, ...used].filter((v): v is string => typeof v === "string");
}

export const wafPublicEntry = stackRule(
    {
        name: "waf-public-entry",
        description: "Every public entry passes a WAF: proxied Cloudflare zones run the Managed Ruleset; every internet-facing ALB (where Fastly and the Global Accelerator arrive) has an enforcing AWS WAF web ACL; the accelerator reaches only those ALBs.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Keep the origin web ACL on each ALB (components/edge/origin-waf.ts) and the Cloudflare waf-managed ruleset; point accelerator endpoints at the ALBs only.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const problems: StackProblem[] = [];
        const albs = publicAlbs(net);
        problems.push(...judge.each(albs, (lb) => {
            const acls = aclsOf(net, lb);
            if (acls.length === 0) return [{ urn: lb.urn, message: `Load balancer ${lb.name} faces the internet with no WAF web ACL: Fastly and the Global Accelerator reach it with no WAF in front. Associate the origin web ACL (aws.wafv2.WebAclAssociation).` }];
            if (!acls.some((a) => enforcedGroups(a).length > 0)) return [{ urn: lb.urn, message: `Load balancer ${lb.name}: its web ACL ${acls.map((a) => a.name).join(", ")} enforces no rule group (none, or all overridden to count). Run the AWS managed rule groups with overrideAction none.` }];
            return [];
        }));

        const zones = new Map<string, GraphResource>();
        for (const r of net.ofType(T.dnsRecord, T.cfLoadBalancer)) judge.one(r, () => (r.props.proxied === true && !zones.has(String(r.props.zoneId)) && zones.set(String(r.props.zoneId), r), []));
        const rulesets = net.ofType(T.ruleset);
        problems.push(...judge.each([...zones].map(([zone, first]) => ({ name: `Cloudflare zone ${zone}`, urn: first.urn, zone, first })), ({ zone, first }) =>
            rulesets.some((rs) => String(rs.props.zoneId) === zone && runsManagedWaf(rs)) ? [] : [{
                urn: first.urn,
                message: `Cloudflare zone ${zone} proxies ${first.name} but runs no WAF managed ruleset (http_request_firewall_managed executing the Cloudflare Managed Ruleset, enabled): its visitors reach the origin unfiltered.`,
            }]));

        problems.push(...judge.each(net.ofType(T.endpointGroup), (g) => {
            const configs = asArray(g.props.endpointConfigurations as { endpointId?: string }[] | undefined);
            const arns = new Set(net.deps(g, T.lb).filter((lb) => albs.includes(lb)).flatMap((lb) => albArns(net, lb)));
            const unguarded = configs.filter((c) => c.endpointId === undefined || !arns.has(c.endpointId));
            return unguarded.map((c) => ({ urn: g.urn, message: `Accelerator endpoint group ${g.name} sends traffic to ${c.endpointId}, which is not an internet-facing ALB of this plan behind the WAF: direct.<zone> would reach it unfiltered. Point the endpoint at the regional ALB.` }));
        }));
        return problems;
    },
);
