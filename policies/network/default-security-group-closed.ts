import { StackValidationPolicy } from "@pulumi/policy";
import { withCompanion } from "../graph";

const isEmpty = (rules: unknown) => rules === undefined || (Array.isArray(rules) && rules.length === 0);

export const defaultSecurityGroupClosed: StackValidationPolicy = {
    name: "default-security-group-closed",
    description: "Every VPC's default security group is managed and has no rules (CIS AWS 5.4), so nothing lands in it by accident.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Adopt the VPC's default group with aws.ec2.DefaultSecurityGroup and ingress: [], egress: [].",
    validateStack: (args, reportViolation) => {
        for (const [vpc, group] of withCompanion(args.resources, "aws:ec2/vpc:Vpc", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpcId")) {
            if (!group) {
                reportViolation(`VPC ${vpc.name} leaves its default security group unmanaged (AWS opens it to itself).`, vpc.urn);
            } else if (!isEmpty(group.props.ingress) || !isEmpty(group.props.egress)) {
                reportViolation(`Default security group ${group.name} of VPC ${vpc.name} has rules; it must have none.`, group.urn);
            }
        }
    },
};
