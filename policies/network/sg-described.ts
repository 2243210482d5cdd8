/**
 * sg-described: every security group and every one of its rules says what it is for. The
 * descriptions are what a reviewer reads in the console at 3 a.m., and no-open-ingress /
 * no-open-egress read their "public:" reasons from them. (checkov CKV_AWS_23; Guard
 * SECURITY_GROUP_DESCRIPTION_RULE; compliance-policies aws-ec2-securitygroup-missing-description,
 * -missing-ingress-rule-description, -missing-egress-rule-description.)
 *
 * A group's `description` defaults to "Managed by Pulumi" (aws.ec2.SecurityGroup,
 * https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/), which describes
 * nothing, and cannot be updated in place (no AWS update API): judged as absent, like Terraform's
 * "Managed by Terraform". Rules — inline ingress/egress, aws:vpc/securityGroup{Ingress,Egress}Rule,
 * aws:ec2/securityGroupRule — have no default description.
 */
import { stackRule, StackProblem } from "../define";
import { asArray, Net, portsOf } from "./refs";

const T = {
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
} as const;

export const DEFAULT_DESCRIPTIONS = ["Managed by Pulumi", "Managed by Terraform"] as const;

const described = (v: unknown) => typeof v === "string" && v.trim() !== "" && !(DEFAULT_DESCRIPTIONS as readonly string[]).includes(v.trim());

/** The problems of one security group (its own description, its inline rules'). */
export function groupDescriptionProblems(name: string, p: Record<string, unknown>): string[] {
    const problems: string[] = [];
    if (!described(p.description)) {
        problems.push(`Security group ${name} has no description of its own (${p.description === undefined ? 'unset, default "Managed by Pulumi"' : JSON.stringify(p.description)}): say what it guards and who may reach it.`);
    }
    for (const direction of ["ingress", "egress"] as const) {
        asArray(p[direction] as Record<string, unknown>[] | undefined).forEach((rule, i) => {
            if (!described(rule.description)) problems.push(`Security group ${name}: ${direction} rule ${i + 1} (${portsOf(rule)}) has no description; say whom it admits and why.`);
        });
    }
    return problems;
}

export const sgDescribed = stackRule(
    {
        name: "sg-described",
        description: "Every security group has a description of its own (not \"Managed by Pulumi\") and every ingress and egress rule a description.",
        severity: "low",
        enforcementLevel: "mandatory",
        remediationSteps: "Give each aws.ec2.SecurityGroup a description (it forces a replacement later, so set it at creation) and each rule a description naming its callers.",
    },
    (rs, _config, judge) => {
        const net = new Net(rs);
        return judge.each(net.ofType(T.sg, T.ingressRule, T.egressRule, T.sgRule), (r): StackProblem[] => {
            if (r.type === T.sg) return groupDescriptionProblems(r.name, r.props).map((message) => ({ urn: r.urn, message }));
            return described(r.props.description) ? [] : [{ urn: r.urn, message: `Security group rule ${r.name} (${portsOf(r.props)}) has no description; say whom it admits and why.` }];
        });
    },
);
