import { stackRule } from "../define";
import { asList, ofType } from "../graph";
import type { GraphResource } from "../graph-types";

/** A rule open to the world is accepted only when its description starts with this and says why. */
export const PUBLIC_REASON_PREFIX = "public:";
const WORLD = ["0.0.0.0/0", "::/0"];
const SG = "aws:ec2/securityGroup:SecurityGroup";

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

/** The URNs of the groups that guard a database, cache or node group. */
function guardedGroups(rs: GraphResource[]): Set<string> {
    const guarded = new Set<string>();
    for (const [type, prop] of Object.entries(GUARDED)) {
        for (const r of ofType(rs, type)) {
            const ids = asList(r.props[prop] as string | string[] | undefined);
            for (const sg of ofType(rs, SG)) {
                if ((sg.props.id !== undefined && ids.includes(sg.props.id as string)) || (r.dependencies.includes(sg.urn) && ids.length > 0)) guarded.add(sg.urn);
            }
        }
    }
    return guarded;
}

/** checkov CKV_AWS_24/25/260, AWSGuard EC2_SECURITY_GROUP_INGRESS_OPEN_TO_WORLD_RULE, pulumi aws-ec2-securitygroup-disallow-public-internet-ingress. */
export const noOpenIngress = stackRule(
    {
        name: "no-open-ingress",
        description: "No security group admits 0.0.0.0/0 or ::/0 unless the rule's description starts with \"public:\" and says why — and never one guarding a database, cache or node group.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Admit the callers' own ranges or security groups (CDN ranges, the VPC, the node group) instead of the world.",
    },
    (rs, _config, judge) => {
        // An unknown id makes the guard set "cannot verify" (the advisory names it); every rule is still judged.
        let guarded = new Set<string>();
        const setup = judge.one({ name: "the security groups guarding data stores and nodes" }, () => {
            guarded = guardedGroups(rs);
            return [];
        });
        const byUrn = new Map(rs.map((r) => [r.urn, r]));
        return [
            ...setup,
            ...judge.each(rs, (r) => {
                let rules: IngressRule[] = [];
                let group = r.urn;
                if (r.type === SG) rules = (r.props.ingress as IngressRule[] | undefined) ?? [];
                else if (r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" || (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule" && r.props.type === "ingress")) {
                    rules = [r.props as IngressRule];
                    group = r.dependencies.find((d) => byUrn.get(d)?.type === SG) ?? r.urn;
                }
                return rules.filter(opensToWorld).flatMap((rule) => {
                    if (guarded.has(group)) return [{ urn: r.urn, message: `${r.name} admits ingress from the whole internet to a group guarding a database, cache or node group.` }];
                    if (!(rule.description ?? "").startsWith(PUBLIC_REASON_PREFIX)) return [{ urn: r.urn, message: `${r.name} admits ingress from the whole internet without a "${PUBLIC_REASON_PREFIX}" reason in its description.` }];
                    return [];
                });
            }),
        ];
    },
);
