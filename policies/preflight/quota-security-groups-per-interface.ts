import { eachDeferringUnknowns, graphOf, preflightRule } from "./graph";
import { LIMITS, limitValue } from "./limits";
import { PreflightConfig } from "./quota-security-group-rules";
import { ATTACHERS, groupsPerInterface } from "./security-groups";

export const preflightSecurityGroupsPerInterface = preflightRule<PreflightConfig>(
    {
        name: "preflight-sg-per-interface",
        description: "No load balancer, launch template, instance, EKS cluster, database, cache, endpoint or function puts more security groups on a network interface than the VPC quota allows; the quotas in force keep rules × groups within 1,000.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Merge the groups' rules into fewer groups, or raise the quota (rules × groups must stay within 1,000) and declare it in the pack config (quotas).",
        configSchema: { properties: { quotas: { type: "object" } } },
    },
    (args, report, judge, config) => {
        const g = graphOf(args.resources);
        const max = limitValue("sg-per-interface", config.quotas);
        const rules = limitValue("sg-rules-per-direction", config.quotas);
        const product = LIMITS["sg-rules-times-groups"];
        if (rules * max > product.value) {
            report(`pack config: ${product.what} is ${rules} × ${max} = ${rules * max}, the limit is ${product.value} (${product.source}). Fix: AWS raises one quota only by lowering the other; declare the pair the account actually has.`);
        }
        const attached = ATTACHERS.flatMap((attacher) => g.ofType(attacher.type).map((r) => ({ attacher, r })));
        eachDeferringUnknowns(judge, attached, ({ attacher, r }) => {
            const n = groupsPerInterface(r.props, attacher);
            if (n > max) {
                const added = attacher.added > 0 ? ` (${attacher.added} the service adds itself, ${attacher.source})` : "";
                report(`${r.name}: ${LIMITS["sg-per-interface"].what} is ${n}${added}, the limit is ${max} (${LIMITS["sg-per-interface"].source}). Fix: merge the groups' rules into fewer groups, or raise the quota (rules × groups ≤ 1,000) and declare it in the pack config.`, r.urn);
            }
        }, ({ r }) => r);
    },
);
