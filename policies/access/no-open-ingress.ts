import { ResourceValidationPolicy } from "@pulumi/policy";

/** A rule open to the world is accepted only when its description starts with this and says why. */
export const PUBLIC_REASON_PREFIX = "public:";
const WORLD = ["0.0.0.0/0", "::/0"];

interface IngressRule {
    cidrBlocks?: string[];
    ipv6CidrBlocks?: string[];
    cidrIpv4?: string;
    cidrIpv6?: string;
    description?: string;
}

function opensToWorld(rule: IngressRule): boolean {
    const cidrs = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? []), rule.cidrIpv4, rule.cidrIpv6];
    return cidrs.some((c) => c !== undefined && WORLD.includes(c));
}

export const noOpenIngress: ResourceValidationPolicy = {
    name: "no-open-ingress",
    description: "No security group admits traffic from 0.0.0.0/0 or ::/0 unless the rule's description starts with \"public:\" and says why.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Admit the callers' own ranges or security groups (CDN ranges, the VPC, the node group) instead of the world.",
    validateResource: (args, reportViolation) => {
        let rules: IngressRule[] = [];
        if (args.type === "aws:ec2/securityGroup:SecurityGroup") rules = (args.props.ingress as IngressRule[] | undefined) ?? [];
        else if (args.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") rules = [args.props as IngressRule];
        else if (args.type === "aws:ec2/securityGroupRule:SecurityGroupRule" && args.props.type === "ingress") rules = [args.props as IngressRule];
        for (const rule of rules) {
            if (opensToWorld(rule) && !(rule.description ?? "").startsWith(PUBLIC_REASON_PREFIX)) {
                reportViolation(`${args.name} admits ingress from the whole internet without a "${PUBLIC_REASON_PREFIX}" reason in its description.`);
            }
        }
    },
};
