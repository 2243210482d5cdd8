import { stackRule } from "../define";
import { Net, T } from "./refs";

const isEmpty = (rules: unknown) => rules === undefined || (Array.isArray(rules) && rules.length === 0);

export const defaultSecurityGroupClosed = stackRule(
    {
        name: "default-security-group-closed",
        description: "Every VPC's default security group is managed and has no rules (CIS AWS 5.4), so nothing lands in it by accident.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Adopt the VPC's default group with aws.ec2.DefaultSecurityGroup and ingress: [], egress: [].",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const groups = net.ofType("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        return judge.each(net.ofType(T.vpc), (vpc) => {
            // AWS creates the default group with an all-from-itself ingress and an all-out egress
            // rule (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html);
            // adopted with no rules listed, the provider removes them.
            const group = groups.find((g) => net.referenced(g, "vpcId", [vpc]).length > 0);
            if (!group) return [{ urn: vpc.urn, message: `VPC ${vpc.name} leaves its default security group unmanaged (AWS opens it to itself).` }];
            if (!isEmpty(group.props.ingress) || !isEmpty(group.props.egress)) return [{ urn: group.urn, message: `Default security group ${group.name} of VPC ${vpc.name} has rules; it must have none.` }];
            return [];
        });
    },
);
