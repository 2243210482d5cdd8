/**
 * no-open-egress: a security group that may send to the whole internet says why. Egress to the
 * world is not refused — a workload may need it (a payment or mail API with no published ranges)
 * — but, like world-open ingress (access/no-open-ingress), it is a decision the rule's
 * description must state, starting with "public:". Every egress the plans hold today is scoped to
 * the VPC, a subnet or a port; the nodes' egress goes through the EKS-managed cluster security
 * group, which is outside the plans.
 *
 * Egress rules come inline (aws:ec2/securityGroup `egress`, its `cidrBlocks`/`ipv6CidrBlocks`),
 * as aws:vpc/securityGroupEgressRule (`cidrIpv4`/`cidrIpv6`) or as aws:ec2/securityGroupRule of
 * type egress. An absent `egress` is no egress: the provider removes AWS's default allow-all rule
 * from every group it creates in a VPC (aws.ec2.SecurityGroup, "NOTE on Egress rules",
 * https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/).
 * (checkov CKV_AWS_382; Guard EC2_SECURITY_GROUP_EGRESS_OPEN_TO_WORLD_RULE,
 * SECURITY_GROUP_EGRESS_ALL_PROTOCOLS_RULE.)
 */
import { PUBLIC_REASON_PREFIX } from "../access/no-open-ingress";
import { stackRule, StackProblem } from "../define";
import { asArray, Net, portsOf, worldSources } from "../network/refs";

const T = {
    sg: "aws:ec2/securityGroup:SecurityGroup",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
} as const;

interface EgressRule {
    protocol?: unknown;
    ipProtocol?: unknown;
    fromPort?: unknown;
    toPort?: unknown;
    cidrBlocks?: unknown;
    ipv6CidrBlocks?: unknown;
    cidrIpv4?: unknown;
    cidrIpv6?: unknown;
    description?: unknown;
}

/** The problem of one egress rule, if it reaches the world without a stated reason. */
export function egressProblem(label: string, rule: EgressRule): string | undefined {
    const world = worldSources(rule.cidrBlocks, rule.ipv6CidrBlocks, rule.cidrIpv4, rule.cidrIpv6);
    if (world.length === 0) return undefined;
    const description = typeof rule.description === "string" ? rule.description : "";
    if (description.startsWith(PUBLIC_REASON_PREFIX) && description.length > PUBLIC_REASON_PREFIX.length) return undefined;
    return `${label} allows egress of ${portsOf(rule)} to ${world.join(", ")} without a "${PUBLIC_REASON_PREFIX}" reason in its description: name the destinations' ranges, or say why the group needs the whole internet ("${PUBLIC_REASON_PREFIX} …").`;
}

export const noOpenEgress = stackRule(
    {
        name: "no-open-egress",
        description: "Security group egress to 0.0.0.0/0 or ::/0 carries a \"public:\" reason in its description; otherwise egress names its destinations.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Scope egress to the VPC, the endpoints' subnets or the destination's published ranges; where the world is needed, start the rule's description with \"public:\" and the reason.",
    },
    (rs, _config, judge) => {
        const net = new Net(rs);
        return judge.each(net.ofType(T.sg, T.egressRule, T.sgRule), (r): StackProblem[] => {
            let rules: { label: string; rule: EgressRule }[] = [];
            if (r.type === T.sg) rules = asArray(r.props.egress as EgressRule[] | undefined).map((rule, i) => ({ label: `Security group ${r.name} (egress rule ${i + 1})`, rule }));
            else if (r.type === T.egressRule || r.props.type === "egress") rules = [{ label: `Egress rule ${r.name}`, rule: r.props as EgressRule }];
            return rules.flatMap(({ label, rule }) => {
                const problem = egressProblem(label, rule);
                return problem ? [{ urn: r.urn, message: problem }] : [];
            });
        });
    },
);
