/** The public entry points of a plan and what guards them: shared by the WAF and request-log rules. */
import type { GraphResource } from "../graph-types";
import { asArray, Net, strings, T } from "../network/refs";

/** Internet-facing ALBs: `internal` defaults to false and `loadBalancerType` to application (aws.lb.LoadBalancer). */
export const publicAlbs = (net: Net) => net.ofType(T.lb).filter((lb) => lb.props.internal !== true && (lb.props.loadBalancerType ?? "application") === "application");

/** The web ACLs associated with a load balancer (aws:wafv2/webAclAssociation on its ARN). */
export function aclsOf(net: Net, lb: GraphResource): GraphResource[] {
    const acls = net.ofType(T.webAcl);
    return net.ofType(T.webAclAssociation)
        .filter((a) => net.referenced(a, "resourceArn", [lb]).length > 0)
        .flatMap((a) => net.referenced(a, "webAclArn", acls));
}

interface WafRule {
    name?: string;
    Name?: string;
    overrideAction?: { none?: unknown; count?: unknown };
    OverrideAction?: { None?: unknown; Count?: unknown };
    statement?: { managedRuleGroupStatement?: unknown; ruleGroupReferenceStatement?: unknown };
    Statement?: { ManagedRuleGroupStatement?: unknown; RuleGroupReferenceStatement?: unknown };
}

/**
 * The rule groups a web ACL enforces: managed or own rule groups whose override is `none` (a
 * `count` override only counts). Rules come as `rules` or as the raw `ruleJson` (PascalCase).
 */
export function enforcedGroups(acl: GraphResource): string[] {
    let json: WafRule[] = [];
    if (typeof acl.props.ruleJson === "string") {
        try {
            json = asArray(JSON.parse(acl.props.ruleJson) as WafRule[]);
        } catch {
            json = [];
        }
    }
    return [...asArray(acl.props.rules as WafRule[] | undefined), ...json]
        .filter((r) => {
            const group = r.statement?.managedRuleGroupStatement ?? r.statement?.ruleGroupReferenceStatement ?? r.Statement?.ManagedRuleGroupStatement ?? r.Statement?.RuleGroupReferenceStatement;
            const counts = r.overrideAction?.count !== undefined || r.OverrideAction?.Count !== undefined;
            return group !== undefined && !counts;
        })
        .map((r) => String(r.name ?? r.Name));
}

/** The logging configurations of a web ACL that deliver somewhere. */
export const aclLogs = (net: Net, acl: GraphResource) =>
    net.ofType(T.webAclLogging).filter((l) => net.referenced(l, "resourceArn", [acl]).length > 0 && strings(l.props.logDestinationConfigs).length > 0);
