/**
 * Preflight helpers, table-driven: how AWS counts security group rules (prefix lists by weight),
 * interfaces' groups, the name rules of names.ts, policy sizes, and the dependency graph the
 * ordering rules walk. The plan-level cases are in preflight-plan.test.ts.
 */
import type { PolicyResource } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { graphOf, kubernetesGroupKind } from "../../../policies/preflight/graph";
import { admits, WEBHOOKS } from "../../../policies/preflight/kubernetes";
import { awsManagedPrefixListWeight, LIMITS, limitValue } from "../../../policies/preflight/limits";
import { nameRulesFor, validateName } from "../../../policies/preflight/names";
import { iamPrincipals, parseIamArn } from "../../../policies/preflight/principals-exist";
import { conditionValues, targetGroupsPerAction } from "../../../policies/preflight/quota-load-balancer";
import { iamPolicyLength } from "../../../policies/preflight/quota-policies";
import { ATTACHERS, groupsPerInterface, inlineRuleEntries, PrefixListResolver, tally, vpcRuleEntries } from "../../../policies/preflight/security-groups";

const lists: Record<string, { weight: number; family: "IPv4" | "IPv6" }> = {
    "pl-customer20": { weight: 20, family: "IPv4" },
    "pl-cloudfront6": { weight: 55, family: "IPv6" },
};
const resolve: PrefixListResolver = (id) => lists[id] ?? { unresolved: `unknown ${id}` };

describe("security group rules count as AWS counts them", () => {
    const cases: [string, Record<string, unknown>, "inbound" | "outbound", { IPv4: number; IPv6: number }][] = [
        ["each CIDR of cidrBlocks is a rule", { cidrBlocks: ["10.0.0.0/8", "192.0.2.0/24", "198.51.100.0/24"] }, "inbound", { IPv4: 3, IPv6: 0 }],
        ["IPv6 CIDRs count apart", { cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: ["2001:db8::/32", "2001:db8:1::/48"] }, "inbound", { IPv4: 1, IPv6: 2 }],
        ["a customer-managed prefix list counts as its maxEntries", { prefixListIds: ["pl-customer20"] }, "outbound", { IPv4: 20, IPv6: 0 }],
        ["an AWS-managed list counts as its weight, in its family", { prefixListIds: ["pl-cloudfront6"] }, "inbound", { IPv4: 0, IPv6: 55 }],
        ["a referenced group is one rule (counted against both families)", { securityGroups: ["sg-a", "sg-b"] }, "inbound", { IPv4: 2, IPv6: 2 }],
        ["self is one rule", { self: true, cidrBlocks: ["10.0.0.0/16"] }, "inbound", { IPv4: 2, IPv6: 1 }],
        ["a securityGroupRule's source group is one rule", { sourceSecurityGroupId: "sg-c" }, "outbound", { IPv4: 1, IPv6: 1 }],
    ];
    it.each(cases)("%s", (_label, rule, direction, expected) => {
        const counted = inlineRuleEntries(rule, direction, resolve);
        expect(counted.problems).toEqual([]);
        expect(tally(counted.entries)[direction]).toEqual(expected);
        expect(tally(counted.entries)[direction === "inbound" ? "outbound" : "inbound"]).toEqual({ IPv4: 0, IPv6: 0 });
    });

    it.each([
        [{ cidrIpv4: "10.0.0.0/8" }, { IPv4: 1, IPv6: 0 }],
        [{ cidrIpv6: "2001:db8::/32" }, { IPv4: 0, IPv6: 1 }],
        [{ prefixListId: "pl-customer20" }, { IPv4: 20, IPv6: 0 }],
        [{ referencedSecurityGroupId: "sg-a" }, { IPv4: 1, IPv6: 1 }],
    ])("aws:vpc rule %j counts %j", (rule, expected) => {
        expect(tally(vpcRuleEntries(rule, "inbound", resolve).entries).inbound).toEqual(expected);
    });

    it("a prefix list that cannot be weighed is a problem, not a zero", () => {
        expect(inlineRuleEntries({ prefixListIds: ["pl-elsewhere"] }, "inbound", resolve)).toEqual({ entries: [], problems: ["unknown pl-elsewhere"] });
    });

    it.each([
        ["com.amazonaws.us-east-1.s3", 1],
        ["com.amazonaws.eu-west-1.dynamodb", 1],
        ["com.amazonaws.global.cloudfront.origin-facing", 55],
        ["com.amazonaws.ap-northeast-1.ipv6.route53-healthchecks", 25],
        ["com.amazonaws.us-east-1.vpc-lattice", 10],
        ["com.amazonaws.us-east-1.unknown-list", undefined],
    ])("AWS-managed prefix list %s weighs %s", (name, weight) => {
        expect(awsManagedPrefixListWeight(name)).toBe(weight);
    });
});

describe("security groups per network interface", () => {
    const attacher = (type: string) => ATTACHERS.find((a) => a.type === type)!;
    it.each([
        ["aws:lb/loadBalancer:LoadBalancer", { securityGroups: ["a", "b", "c"] }, 3],
        ["aws:eks/cluster:Cluster", { vpcConfig: { securityGroupIds: ["a", "b", "c", "d", "e"] } }, 6],
        ["aws:eks/cluster:Cluster", { vpcConfig: {} }, 1],
        ["aws:ec2/launchTemplate:LaunchTemplate", { networkInterfaces: [{ securityGroups: ["a", "b"] }, { securityGroups: ["c", "d", "e"] }] }, 3],
        ["aws:rds/cluster:Cluster", { vpcSecurityGroupIds: ["a"] }, 1],
    ])("%s %j: %i groups on one interface", (type, props, n) => {
        expect(groupsPerInterface(props, attacher(type))).toBe(n);
    });
});

describe("limits", () => {
    it("every row links the vendor's page", () => {
        for (const l of Object.values(LIMITS)) expect(l.source).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|repost\.aws)\//);
    });
    it.each([
        ["sg-rules-per-direction", { "sg-rules-per-direction": 100 }, 100],
        ["sg-rules-per-direction", {}, 60],
        ["alb-target-groups", { "alb-target-groups": 500 }, 100],
        ["ga-endpoints-per-group", { "ga-endpoints-per-group": 20 }, 10],
    ] as const)("%s with %j is %i (only adjustable quotas can be raised)", (id, overrides, value) => {
        expect(limitValue(id, overrides)).toBe(value);
    });
});

describe("ALB rule helpers", () => {
    it.each([
        [{ targetGroupArn: "arn" }, 1],
        [{ forward: { targetGroups: [{ arn: "a" }, { arn: "b" }, { arn: "c" }] } }, 3],
        [{}, 0],
    ])("action %j forwards to %i target groups", (action, n) => expect(targetGroupsPerAction(action)).toBe(n));
    it("condition values add up over a rule's conditions", () => {
        expect(conditionValues([{ hostHeader: { values: ["a", "b"] } }, { pathPattern: { values: ["/x", "/y", "/z"] } }, { queryStrings: [{}] }])).toBe(6);
    });
});

describe("name rules", () => {
    const rule = (type: string, property: string) => nameRulesFor(type).find((r) => r.property === property)!;
    const cases: [string, string, string, string[]][] = [
        ["aws:lb/loadBalancer:LoadBalancer", "name", "bibox-us-east-1", []],
        ["aws:lb/loadBalancer:LoadBalancer", "name", "a".repeat(33), ["is 33 characters long"]],
        ["aws:lb/loadBalancer:LoadBalancer", "name", "internal-origin", ['must not begin with "internal-"']],
        ["aws:lb/loadBalancer:LoadBalancer", "name", "-origin", ["must not begin or end with a hyphen"]],
        ["aws:lb/targetGroup:TargetGroup", "name", "web_1", ["must contain only letters, digits and hyphens"]],
        ["aws:rds/cluster:Cluster", "clusterIdentifier", "bibox--us", ["must not contain two consecutive hyphens"]],
        ["aws:rds/cluster:Cluster", "clusterIdentifier", "bibox-us-", ["must not end with a hyphen"]],
        ["aws:rds/cluster:Cluster", "clusterIdentifier", "1bibox", ["must contain only letters, digits and hyphens, starting with a letter"]],
        ["aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId", "b".repeat(41), ["is 41 characters long"]],
        ["aws:s3/bucket:Bucket", "bucket", "bibox-media-us-east-1-123456789012", []],
        ["aws:s3/bucket:Bucket", "bucket", "Bibox_Media", ["must contain only lowercase letters, digits, periods and hyphens, starting and ending with a letter or digit"]],
        ["aws:s3/bucket:Bucket", "bucket", "ab", ["is 2 characters long"]],
        ["aws:s3/bucket:Bucket", "bucket", "media..bucket", ["must not contain two adjacent periods"]],
        ["aws:s3/bucket:Bucket", "bucket", "192.168.5.4", ["must not be formatted as an IP address"]],
        ["aws:s3/bucket:Bucket", "bucket", "xn--media", ['must not begin with "xn--"']],
        ["aws:s3/bucket:Bucket", "bucket", "media-s3alias", ['must not end with "-s3alias"']],
        ["aws:kms/alias:Alias", "name", "alias/bibox-us-east-1-ebs", []],
        ["aws:kms/alias:Alias", "name", "bibox-ebs", ['must begin with "alias/"']],
        ["aws:kms/alias:Alias", "name", "alias/aws/ebs", ['must not begin with "alias/aws/" (reserved for AWS managed keys)']],
        ["aws:iam/role:Role", "name", "r".repeat(65), ["is 65 characters long"]],
        ["aws:iam/role:Role", "name", "bibox role", ["must contain only letters, digits and _+=,.@-"]],
        ["aws:eks/cluster:Cluster", "name", "_bibox", ["must contain only letters, digits, hyphens and underscores, starting with a letter or digit"]],
        ["aws:cloudtrail/trail:Trail", "name", "bibox-_trail", ["must not have adjacent periods, underscores or dashes"]],
        ["aws:backup/vault:Vault", "name", "v", ["is 1 character long"]],
        ["aws:sqs/queue:Queue", "name", "jobs.fifo", []],
        ["aws:globalaccelerator/accelerator:Accelerator", "name", "bibox.", ["must not begin or end with a hyphen or period"]],
        ["kubernetes:core/v1:Namespace", "metadata.name", "Shop", ["must contain only lowercase letters, digits and hyphens, starting and ending with a letter or digit (RFC 1123 label)"]],
        ["kubernetes:core/v1:Service", "metadata.name", "1-web", ["must contain only lowercase letters, digits and hyphens, starting with a letter (RFC 1035 label)"]],
        ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "metadata.name", "system:aggregate-to-edit", []],
        ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "metadata.name", "a/b", ['must contain only any characters but "/" and "%", and not "." or ".." (path segment)']],
        ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "metadata.name", "allow-dns", []],
        ["kubernetes:karpenter.sh/v1:NodePool", "metadata.name", "np_cpu", ["must contain only lowercase letters, digits, hyphens and periods (DNS subdomain)"]],
        ["kubernetes:helm.sh/v3:Release", "name", "k".repeat(54), ["is 54 characters long"]],
    ];
    it.each(cases)("%s %s %j", (type, property, name, clauses) => {
        expect(validateName(rule(type, property), name).map((p) => p.clause)).toEqual(clauses);
    });
    it("Pulumi's non-object Kubernetes types have no name rule of their own", () => {
        expect(nameRulesFor("kubernetes:yaml/v2:ConfigGroup")).toEqual([]);
        expect(nameRulesFor("aws:ec2/vpc:Vpc")).toEqual([]);
    });
});

describe("policy documents", () => {
    it("IAM does not count white space outside strings", () => {
        expect(iamPolicyLength('{ "Version": "2012-10-17",\n  "Statement": [] }')).toBe('{"Version":"2012-10-17","Statement":[]}'.length);
    });
    it.each([
        [{ AWS: "arn:aws:iam::123456789012:root" }, []],
        [{ AWS: ["*", "123456789012", "arn:aws:iam::123456789012:role/app"] }, ["arn:aws:iam::123456789012:role/app"]],
        [{ Service: "logs.amazonaws.com" }, []],
        ["*", []],
        [{ AWS: "arn:aws:iam::123456789012:user/ci" }, ["arn:aws:iam::123456789012:user/ci"]],
    ])("principal %j names IAM roles/users %j", (principal, arns) => expect(iamPrincipals(principal)).toEqual(arns));
    it("a service-linked role ARN splits into path and name", () => {
        expect(parseIamArn("arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling")).toEqual({
            kind: "role", path: "/aws-service-role/autoscaling.amazonaws.com/", name: "AWSServiceRoleForAutoScaling",
        });
    });
});

describe("Kubernetes facts", () => {
    it.each([
        ["kubernetes:core/v1:Service", undefined, { group: "", kind: "Service" }],
        ["kubernetes:karpenter.sh/v1:NodePool", undefined, { group: "karpenter.sh", kind: "NodePool" }],
        ["kubernetes:apiextensions.k8s.io:CustomResource", "elbv2.k8s.aws/v1beta1", { group: "elbv2.k8s.aws", kind: "CustomResource" }],
        ["aws:eks/cluster:Cluster", undefined, undefined],
    ])("%s is %j", (type, apiVersion, expected) => expect(kubernetesGroupKind(type, apiVersion)).toEqual(expected));

    const lbc = WEBHOOKS["aws-load-balancer-controller"];
    const hook = (name: string) => lbc.find((w) => w.name === name)!;
    it.each([
        ["mservice.elbv2.k8s.aws", "", "Service", { "app.kubernetes.io/name": "karpenter" }, {}, true],
        ["mservice.elbv2.k8s.aws", "", "Service", { "app.kubernetes.io/name": "aws-load-balancer-controller" }, {}, false],
        ["mtargetgroupbinding.elbv2.k8s.aws", "elbv2.k8s.aws", "TargetGroupBinding", {}, {}, true],
        ["mpod.elbv2.k8s.aws", "apps", "Deployment", {}, {}, false],
        ["mpod.elbv2.k8s.aws", "apps", "Deployment", {}, { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" }, true],
    ])("%s admits %s/%s %j in a namespace %j: %s", (name, group, kind, labels, nsLabels, expected) => {
        expect(admits(hook(name), group, kind, labels, nsLabels)).toBe(expected);
    });
    it("the Service webhook is off when the chart values turn it off", () => {
        expect(hook("mservice.elbv2.k8s.aws").enabled({ enableServiceMutatorWebhook: false })).toBe(false);
        expect(hook("mservice.elbv2.k8s.aws").enabled({})).toBe(true);
    });
});

describe("the dependency graph", () => {
    const r = (name: string, extra: Partial<PolicyResource> = {}): PolicyResource =>
        ({ type: "test:index:Thing", name, urn: `urn:${name}`, props: {}, dependencies: [], propertyDependencies: {}, ...extra }) as unknown as PolicyResource;
    const component = r("comp", { type: "test:index:Component" });
    const child = r("child", { parent: component, provider: { urn: "urn:prov" } as PolicyResource["provider"] });
    const grandchild = r("grandchild", { parent: child, provider: { urn: "urn:prov" } as PolicyResource["provider"] });
    const cluster = r("cluster", { provider: { urn: "urn:aws" } as PolicyResource["provider"] });
    const provider = r("prov", { type: "pulumi:providers:test", urn: "urn:prov", dependencies: [cluster] });
    const user = r("user", { dependencies: [component], provider: { urn: "urn:prov" } as PolicyResource["provider"] });

    it("depending on a component means depending on its descendants, their providers and theirs", () => {
        const g = graphOf([component, child, grandchild, cluster, provider, user]);
        expect([...g.prerequisites(user)].sort()).toEqual(["urn:aws", "urn:child", "urn:cluster", "urn:comp", "urn:grandchild", "urn:prov"]);
        expect(g.isComponent(component)).toBe(true);
        expect(g.isComponent(child)).toBe(false);
    });
    it("a cycle ends instead of recursing forever", () => {
        const a = r("a");
        const b = r("b", { dependencies: [a] });
        (a as { dependencies: PolicyResource[] }).dependencies = [b];
        expect([...graphOf([a, b]).prerequisites(a)].sort()).toEqual(["urn:a", "urn:b"]);
    });
});
