/**
 * Preflight over the real prod-us plan: one change that exceeds a quota, breaks a name rule, names
 * a principal that does not exist yet or drops an ordering dependency makes check-plan exit 1 with
 * a message naming the resource and the limit. Ordering cases first repair the plan (so they hold
 * whatever the components currently do), then remove the one dependency.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../../policies/rules";
import { checkPlan } from "../../../src/plan/check";
import { PackConfig, runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../../src/plan/types";
import { evaluate } from "../../helpers/project";
import { change, Mutation } from "../../helpers/mutate";

const preflight = policies.filter((p) => p.name.startsWith("preflight-"));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-preflight-"));
let base: PlanResource[];
let plan: { stack: string; project: string; config: Record<string, unknown>; outputs: Record<string, unknown> };
let baseline: Set<string>;

beforeAll(async () => {
    const e = await evaluate("prod-us");
    base = e.resources;
    plan = { stack: e.stack, project: e.project, config: e.config, outputs: e.outputs };
    baseline = new Set((await runPolicies(base, preflight)).map((v) => v.message));
});

const T = {
    sg: "aws:ec2/securityGroup:SecurityGroup",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    rule: "aws:lb/listenerRule:ListenerRule",
    gaGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    eip: "aws:ec2/eip:Eip",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rds: "aws:rds/cluster:Cluster",
    tg: "aws:lb/targetGroup:TargetGroup",
    key: "aws:kms/key:Key",
    k8s: "pulumi:providers:kubernetes",
    release: "kubernetes:helm.sh/v3:Release",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    nodePool: "kubernetes:karpenter.sh/v1:NodePool",
    entry: "aws:eks/accessEntry:AccessEntry",
    association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
};
const VPC_SG = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups";

const find = (rs: PlanResource[], type: string, name: string) => {
    const r = rs.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name}`);
    return r;
};
const urnOf = (type: string, name: string) => find(base, type, name).urn;
const cidrs = (n: number, second = 0) => Array.from({ length: n }, (_, i) => `198.18.${second}.${i}/32`);
/** Copies of `r` named `${name}-copy-<i>`. */
const copies = (r: PlanResource, n: number): PlanResource[] =>
    Array.from({ length: n }, (_, i) => ({ ...structuredClone(r), name: `${r.name}-copy-${i}`, urn: `${r.urn}-copy-${i}` }));
const add = (...make: ((rs: PlanResource[]) => PlanResource[])[]): Mutation => (rs) => [...rs, ...make.flatMap((m) => m(rs))];
const all = (...ms: Mutation[]): Mutation => (rs) => ms.reduce((acc, m) => m(acc), rs);

async function run(m: Mutation, config: PackConfig = {}): Promise<PlanViolation[]> {
    return runPolicies(m(structuredClone(base)), preflight, config);
}
const fresh = async (m: Mutation, config?: PackConfig) => (await run(m, config)).filter((v) => !baseline.has(v.message));

async function checkPlanOf(label: string, m: Mutation): Promise<{ code: number; lines: string[] }> {
    const file = path.join(dir, `${label.replace(/\W+/g, "-")}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...plan, resources: m(structuredClone(base)), policy: { violations: [] } }));
    const lines: string[] = [];
    return { code: await checkPlan(file, (l) => lines.push(l)), lines };
}

const endpointsSgRules = () => (find(base, T.sg, "bibox-network-endpoints-sg").inputs.ingress as { cidrBlocks?: string[] }[]).reduce((n, r) => n + (r.cidrBlocks?.length ?? 0), 0);

describe("check-plan exits 1 on a plan that exceeds a quota or breaks a name rule", () => {
    const cases: [string, Mutation, string, () => string, () => string][] = [
        ["61 more CIDRs on one group", change(T.sg, "bibox-network-endpoints-sg", (r) => { (r.inputs.ingress as unknown[]).push({ cidrBlocks: cidrs(61), fromPort: 443, toPort: 443, protocol: "tcp", description: "partners" }); }),
            "preflight-sg-rules", () => urnOf(T.sg, "bibox-network-endpoints-sg"),
            () => `bibox-network-endpoints-sg: inbound IPv4 rules is ${endpointsSgRules() + 61}, the limit is 60 (${VPC_SG}). Fix: aggregate the ranges (a prefix list sized to need counts as its maxEntries), split the rules over more groups, or raise the quota and declare it in the pack config.`],
        ["a 33-character load balancer name", change(T.lb, "bibox-edge-origin-alb", (r) => { r.inputs.name = "bibox-prod-us-east-1-origin-alb01"; }),
            "preflight-names", () => urnOf(T.lb, "bibox-edge-origin-alb"),
            () => 'bibox-edge-origin-alb: name length is 33, the limit is 32 (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html). Fix: shorten "bibox-prod-us-east-1-origin-alb01" to at most 32 characters.'],
        ["six security groups on the load balancer", change(T.lb, "bibox-edge-origin-alb", (r) => { r.inputs.securityGroups = ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"]; }),
            "preflight-sg-per-interface", () => urnOf(T.lb, "bibox-edge-origin-alb"),
            () => `bibox-edge-origin-alb: security groups per network interface is 6, the limit is 5 (${VPC_SG}). Fix: merge the groups' rules into fewer groups, or raise the quota (rules × groups ≤ 1,000) and declare it in the pack config.`],
    ];

    it.each(cases)("%s: exit 1, naming the resource and the limit", async (label, mutation, policy, urn, message) => {
        expect(baseline.has(message())).toBe(false);
        const { code, lines } = await checkPlanOf(label, mutation);
        expect(code).toBe(1);
        expect(lines).toContain(`mandatory ${policy}: ${message()} [${urn()}]`);
    });
});

describe("one quota exceeded, one violation", () => {
    const cases: [string, Mutation, string, string, PackConfig?][] = [
        ["a rule naming a 60-entry customer-managed prefix list counts as 60", add((rs) => {
            const sg = find(rs, T.sg, "bibox-network-endpoints-sg");
            const pl: PlanResource = { ...structuredClone(sg), type: "aws:ec2/managedPrefixList:ManagedPrefixList", name: "bibox-network-partners", urn: `${sg.urn}-pl`, dependencies: [], inputs: { name: "partners", addressFamily: "IPv4", maxEntries: 60, entries: [] } };
            const rule: PlanResource = { ...structuredClone(sg), type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "bibox-network-partners-in", urn: `${sg.urn}-in`,
                dependencies: [sg.urn, pl.urn], inputs: { securityGroupId: "bibox-network-endpoints-sg-id", prefixListId: "bibox-network-partners-id", ipProtocol: "tcp", fromPort: 443, toPort: 443 } };
            return [pl, rule];
        }), "preflight-sg-rules", "bibox-network-endpoints-sg: inbound IPv4 rules is {n+60}, the limit is 60"],
        // The ALB has rules of its own (one per origin route): copies of one make 101.
        ["101 listener rules on the ALB", add((rs) => copies(find(rs, T.rule, "bibox-edge-origin-api"), 101 - rs.filter((r) => r.type === T.rule).length)), "preflight-alb-quotas",
            "bibox-edge-origin-alb: listener rules (defaults excluded) is 101, the limit is 100 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html#rules-quotas)"],
        ["11 endpoints in an accelerator endpoint group", change(T.gaGroup, "bibox-edge-origin-accelerator", (r) => {
            const one = (r.inputs.endpointConfigurations as unknown[])[0];
            r.inputs.endpointConfigurations = Array.from({ length: 11 }, () => one);
        }), "preflight-ga-quotas", "bibox-edge-origin-accelerator: endpoints is 11, the limit is 10 (https://docs.aws.amazon.com/general/latest/gr/global_accelerator.html)"],
        ["51 interface endpoints in the VPC", add((rs) => copies(find(rs, T.endpoint, "bibox-network-sts"), 51 - rs.filter((r) => r.type === T.endpoint && r.inputs.vpcEndpointType === "Interface").length)),
            "preflight-vpc-quotas", "bibox-network-vpc: interface endpoints is 51, the limit is 50 (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-endpoints)"],
        ["six Elastic IPs in the Region", add((rs) => { const eips = rs.filter((r) => r.type === T.eip); return copies(eips[0], 6 - eips.length); }),
            "preflight-vpc-quotas", "this stack's Region: Elastic IP addresses is 6, the limit is 5 (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-eips)"],
        ["eleven managed policies on one role", add((rs) => {
            const mine = rs.filter((r) => r.type === T.attachment && r.dependencies.includes(urnOf("aws:iam/role:Role", "bibox-eks-system-node")));
            return copies(mine[0], 11 - mine.length);
        }), "preflight-policy-quotas", "bibox-eks-system-node: managed policies attached to an IAM role is 11, the limit is 10 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities)"],
        ["an Aurora identifier with a doubled hyphen", change(T.rds, "bibox-aurora-cluster", (r) => { r.inputs.clusterIdentifier = "bibox--us-east-1"; }),
            "preflight-names", 'bibox-aurora-cluster: clusterIdentifier "bibox--us-east-1" must not contain two consecutive hyphens (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html). Fix: rename it.'],
    ];

    it.each(cases)("%s", async (_label, mutation, policy, expected, config) => {
        const text = expected.replace("{n+60}", String(endpointsSgRules() + 60));
        const violations = await fresh(mutation, config);
        expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([expect.stringContaining(`${policy}: ${text}`)]);
        expect(violations[0].level).toBe("mandatory");
    });

    it("a 59-entry prefix list on a one-rule group stays within 60", async () => {
        const sg = find(base, T.sg, "bibox-network-endpoints-sg");
        const pl: PlanResource = { ...structuredClone(sg), type: "aws:ec2/managedPrefixList:ManagedPrefixList", name: "pl", urn: `${sg.urn}-pl`, dependencies: [], inputs: { addressFamily: "IPv4", maxEntries: 60 - endpointsSgRules() } };
        const rule: PlanResource = { ...structuredClone(sg), type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "in", urn: `${sg.urn}-in`, dependencies: [sg.urn, pl.urn], inputs: { prefixListId: "pl-x" } };
        expect(await fresh((rs) => [...rs, pl, rule])).toEqual([]);
    });

    it("a raised quota declared in the pack config is honoured", async () => {
        const mutation = change(T.sg, "bibox-network-endpoints-sg", (r) => { (r.inputs.ingress as unknown[]).push({ cidrBlocks: cidrs(61), fromPort: 443, toPort: 443, protocol: "tcp" }); });
        expect((await fresh(mutation, { "preflight-sg-rules": { quotas: { "sg-rules-per-direction": 100 } } })).filter((v) => v.message.startsWith("bibox-network-endpoints-sg"))).toEqual([]);
    });

    it("an unknown name is 'cannot verify', and the other names are still checked", async () => {
        const violations = await fresh(all(
            change(T.lb, "bibox-edge-origin-alb", (r) => { r.inputs.name = "[unknown]"; }),
            change(T.tg, "bibox-edge-origin-web", (r) => { r.inputs.name = "t".repeat(33); }),
        ));
        expect(violations.map((v) => [v.level, v.message])).toEqual([
            ["mandatory", `bibox-edge-origin-web: name length is 33, the limit is 32 (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html). Fix: shorten "${"t".repeat(33)}" to at most 32 characters.`],
            ["advisory", "cannot verify bibox-edge-origin-alb (string value at .name can't be known during preview)"],
        ]);
    });
});

describe("principals that must already exist", () => {
    const slr = "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    const naming = (principal: string): Mutation => change(T.key, "bibox-eks-ebs-key", (r) => {
        const doc = JSON.parse(r.inputs.policy as string);
        doc.Statement.push({ Sid: "AutoScalingUsesKey", Effect: "Allow", Principal: { AWS: principal }, Action: ["kms:Decrypt"], Resource: "*" });
        r.inputs.policy = JSON.stringify(doc);
    });

    it("the Auto Scaling service-linked role in a key policy's Principal is refused on a fresh account", async () => {
        const violations = await fresh(naming(slr));
        expect(violations).toEqual([{
            policy: "preflight-principals-exist", level: "mandatory", urn: urnOf(T.key, "bibox-eks-ebs-key"),
            message: `bibox-eks-ebs-key: key policy names principal ${slr}, which this plan does not create; KMS refuses a key policy whose principals do not exist (MalformedPolicyDocumentException) (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html). Fix: name it in an aws:PrincipalArn condition instead (a string comparison, the principal need not exist: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn), create it in this plan, or declare it in the pack config existingPrincipals.`,
        }]);
    });

    it("the same ARN in an aws:PrincipalArn condition is accepted", async () => {
        expect(await fresh(change(T.key, "bibox-eks-ebs-key", (r) => {
            const doc = JSON.parse(r.inputs.policy as string);
            doc.Statement.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "aws:PrincipalArn": slr } } });
            r.inputs.policy = JSON.stringify(doc);
        }))).toEqual([]);
    });

    it("a role the plan creates must be created before the key; one declared to pre-exist is accepted", async () => {
        const role = "arn:aws:iam::123456789012:role/bibox-us-east-1-karpenter-node";
        expect((await fresh(naming(role))).map((v) => v.message)).toEqual([
            `bibox-eks-ebs-key: key policy names principal ${role}, created by bibox-eks-karpenter-node but not before this policy; KMS refuses a key policy whose principals do not exist (MalformedPolicyDocumentException) (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html). Fix: make bibox-eks-ebs-key depend on bibox-eks-karpenter-node.`,
        ]);
        expect(await fresh(naming(slr), { "preflight-principals-exist": { existingPrincipals: [slr] } })).toEqual([]);
    });
});

describe("check-plan exits 1 when an ordering dependency is removed", () => {
    it("the Kubernetes provider without its cluster-scope admin associations", async () => {
        const provider = find(base, T.k8s, "bibox-eks-k8s");
        const admins = base.filter((r) => r.type === T.association && (r.inputs.accessScope as { type?: string }).type === "cluster").map((r) => r.urn);
        const cut: Mutation = (rs) => rs.map((r) => ({ ...r, dependencies: r.dependencies.filter((d) => !admins.includes(d)) }));
        const { code, lines } = await checkPlanOf("cluster-access", cut);
        expect(code).toBe(1);
        const line = lines.find((l) => l.startsWith("mandatory preflight-order-cluster-access: bibox-eks-k8s: Kubernetes provider of cluster bibox-eks-cluster (bootstrapClusterCreatorAdminPermissions false) is not ordered after its cluster-scope admin access policy associations"));
        expect(line, lines.join("\n")).toBeDefined();
        expect(line).toContain(`[${provider.urn}]`);
    });
});
