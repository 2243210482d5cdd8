import { StackValidationPolicy } from "@pulumi/policy";
import { asList, ofType } from "../graph";

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

const opensToWorld = (rule: IngressRule) =>
    [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? []), rule.cidrIpv4, rule.cidrIpv6].some((c) => c !== undefined && WORLD.includes(c));

/** Where a group guards data or nodes: a world-open rule there is never acceptable. */
const GUARDED: Record<string, string> = {
    "aws:rds/cluster:Cluster": "vpcSecurityGroupIds",
    "aws:elasticache/replicationGroup:ReplicationGroup": "securityGroupIds",
    "aws:eks/nodeGroup:NodeGroup": "remoteAccess",
    "aws:ec2/launchTemplate:LaunchTemplate": "vpcSecurityGroupIds",
};

export const noOpenIngress = {
    name: "no-open-ingress",
    description: "No security group admits 0.0.0.0/0 or ::/0 unless the rule's description starts with \"public:\" and says why — and never one guarding a database, cache or node group.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Admit the callers' own ranges or security groups (CDN ranges, the VPC, the node group) instead of the world.",
    validateStack: (args, report) => {
        const guarded = new Set<string>();
        for (const [type, prop] of Object.entries(GUARDED)) {
            for (const r of ofType(args.resources, type)) {
                for (const sg of args.resources.filter((s) => s.type === "aws:ec2/securityGroup:SecurityGroup")) {
                    const ids = asList(r.props[prop] as string | string[] | undefined);
                    if ((sg.props.id !== undefined && ids.includes(sg.props.id as string)) || (r.dependencies.some((d) => d.urn === sg.urn) && ids.length > 0)) guarded.add(sg.urn);
                }
            }
        }
        for (const r of args.resources) {
            let rules: IngressRule[] = [];
            let group = r.urn;
            if (r.type === "aws:ec2/securityGroup:SecurityGroup") rules = (r.props.ingress as IngressRule[] | undefined) ?? [];
            else if (r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" || (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule" && r.props.type === "ingress")) {
                rules = [r.props as IngressRule];
                group = r.dependencies.find((d) => d.type === "aws:ec2/securityGroup:SecurityGroup")?.urn ?? r.urn;
            }
            for (const rule of rules.filter(opensToWorld)) {
                if (guarded.has(group)) report(`${r.name} admits ingress from the whole internet to a group guarding a database, cache or node group.`, r.urn);
                else if (!(rule.description ?? "").startsWith(PUBLIC_REASON_PREFIX)) report(`${r.name} admits ingress from the whole internet without a "${PUBLIC_REASON_PREFIX}" reason in its description.`, r.urn);
            }
        }
    },
} satisfies StackValidationPolicy;
