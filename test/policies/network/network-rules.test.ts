/**
 * The network, transit and audit rules: the real plans are the compliant fixtures; each single
 * fault of test/mutations/network.ts is one test that expects exactly the violations of these
 * rules it causes, with their exact messages. Then the pure helpers, table-driven.
 *
 * @module-tag slow (the whole pack over many plans: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { uncovered } from "../../../policies/transit/s3-tls-only";
import { atLeastTls12 } from "../../../policies/transit/cloudflare-tls";
import { backendProblems } from "../../../policies/transit/fastly-backend-tls";
import { globCoversPrefix, globMatches, portsOf, tagsSelect } from "../../../policies/network/refs";
import { objectWrites, managementEvents, records } from "../../../policies/audit/trail-events";
import { trailProblems } from "../../../policies/audit/audit-cloudtrail";
import { enforcedGroups } from "../../../policies/audit/edge";
import { runsManagedWaf } from "../../../policies/audit/waf-public-entry";
import { policies } from "../../../policies/rules";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../../src/plan/types";
import { evaluate, STACKS } from "../../helpers/project";
import { faults } from "../../mutations/network";

/** The rules this file judges (policies/network, policies/transit, policies/audit). */
const RULES = [
    "vpc-flow-logs", "default-security-group-closed", "no-public-ip-on-launch", "node-ingress-closed", "private-subnets-private", "no-public-addresses",
    "alb-tls", "alb-tls13-preferred", "cloudflare-tls", "fastly-backend-tls", "akamai-origin-https", "aurora-tls", "s3-tls-only",
    "audit-cloudtrail", "audit-s3-object-writes", "audit-eks-control-plane", "audit-alb-requests", "waf-public-entry",
];

const fixtures: Record<string, PlanResource[]> = {};
beforeAll(async () => {
    for (const s of STACKS) fixtures[s] = (await evaluate(s)).resources;
});

const urn = (stack: string, type: string, name: string) => fixtures[stack].find((r) => r.type === type && r.name === name)!.urn;
const ours = (vs: PlanViolation[]) => vs.filter((v) => RULES.includes(v.policy)).map(({ policy, level, message }) => ({ policy, level, message }));
const byId = (id: string) => faults.find((f) => f.id === id)!;
const runFault = async (id: string) => {
    const f = byId(id);
    return ours(await runPolicies(f.mutate(structuredClone(fixtures[f.stack])), policies, f.config));
};

describe.each(STACKS)("the %s plan", (stack) => {
    it("passes every network, transit and audit rule", async () => {
        expect(ours(await runPolicies(structuredClone(fixtures[stack]), policies))).toEqual([]);
    });
});

const M = "mandatory" as const;
const NODES = "nodes are never reachable from the internet. Admit the load balancer's or the VPC's range, or a security group, instead";
const NODES_OF = "EKS attaches it to the control plane and the managed nodes of bibox-eks-cluster";
const ZONE = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
const igw = (subnet: string, why: string, table: string, dest: string, gateway: string, via: string) =>
    `Subnet ${subnet} is private (${why}) but its route table ${table} sends ${dest} to internet gateway ${gateway} (${via}): it is a public subnet. Send its default route to a NAT gateway.`;
const CONTROL_PLANE = "it holds the control plane of EKS cluster bibox-eks-cluster";
const DB = "database subnet group bibox-aurora-subnets uses it";
const EVERY_BUCKET = "Trail bibox-security-trail does not record the object writes of every bucket of the account (PutObject, DeleteObject, CopyObject as data events): the member regions' buckets go unaudited. Select AWS::S3::Object data events with readOnly false and no ARN allow-list.";
const MEDIA_UNAUDITED = "Bucket bibox-media-bucket: no trail records its object writes and it has no server access logging, so a changed or deleted object leaves no record. Log its AWS::S3::Object write data events.";
const NO_ACL_LOG = "Load balancer bibox-edge-origin-alb keeps no record of its requests: no access logs and no logged WAF web ACL. Log its web ACL (WebAclLoggingConfiguration) or enable accessLogs.";
const NO_CF_WAF = `Cloudflare zone ${ZONE} proxies bibox-edge-cloudflare-lb-api but runs no WAF managed ruleset (http_request_firewall_managed executing the Cloudflare Managed Ruleset, enabled): its visitors reach the origin unfiltered.`;
const fastly = (backend: string, what: string) => `Fastly service bibox-edge-fastly-service: backend ${backend} ${what}`;
const publicSubnet = (nc: string, s: string) => `EC2NodeClass ${nc} launches nodes in subnet ${s}, which maps public IPs on launch, and does not set associatePublicIPAddress false: its nodes get public IPs. Set mapPublicIpOnLaunch false on the subnet.`;

const expected: Record<string, { policy: string; level: "mandatory" | "advisory"; message: string }[]> = {
    "node-cluster-sg-ssh-from-world": [{ policy: "node-ingress-closed", level: M, message: `bibox-eks-cluster-ssh admits tcp 22 from 0.0.0.0/0 into the cluster security group of bibox-eks-cluster (${NODES_OF}): ${NODES}.` }],
    "node-cluster-sg-all-from-ipv6-world": [
        { policy: "node-ingress-closed", level: M, message: `bibox-eks-cluster-any-v6 admits all traffic from ::/0 into the cluster security group of bibox-eks-cluster (${NODES_OF}): ${NODES}.` },
    ],
    "node-karpenter-selects-open-group": [{ policy: "node-ingress-closed", level: M, message: `Security group bibox-eks-extra-nodes guards the nodes of EC2NodeClass bibox-eks-karpenter-nodeclass-default and admits tcp 443 from 0.0.0.0/0: ${NODES}.` }],
    "node-group-ssh-key-without-sources": [{ policy: "node-ingress-closed", level: M, message: "Node group bibox-eks-np-sys sets an SSH key without sourceSecurityGroupIds, so EKS opens port 22 on its nodes to 0.0.0.0/0: nodes are never reachable from the internet. Drop remoteAccess and reach nodes through SSM." }],
    "private-default-route-to-igw": [{ policy: "private-subnets-private", level: M, message: igw("bibox-network-private-us-east-1a", CONTROL_PLANE, "bibox-network-private-rt-us-east-1a", "0.0.0.0/0", "bibox-network-igw", "route bibox-network-private-default-us-east-1a") }],
    "private-ipv6-route-to-igw": [{ policy: "private-subnets-private", level: M, message: igw("bibox-network-private-eu-west-1b", CONTROL_PLANE, "bibox-network-private-rt-eu-west-1b", "::/0", "bibox-network-igw", "route bibox-network-private-v6-default") }],
    "private-subnet-on-public-table": [{ policy: "private-subnets-private", level: M, message: igw("bibox-network-private-ap-northeast-1c", CONTROL_PLANE, "bibox-network-public-rt", "0.0.0.0/0", "bibox-network-igw", "route bibox-network-public-default") }],
    "database-subnet-on-public-table": [{ policy: "private-subnets-private", level: M, message: igw("bibox-network-isolated-us-east-1a", DB, "bibox-network-public-rt", "0.0.0.0/0", "bibox-network-igw", "route bibox-network-public-default") }],
    "isolated-table-inline-igw-route": ["a", "b", "c"].map((z) => ({ policy: "private-subnets-private", level: M, message: igw(`bibox-network-isolated-eu-west-1${z}`, DB, "bibox-network-isolated-rt", "0.0.0.0/0", "igw-0a1b2c3d4e5f", "an inline route") })),
    "launch-template-public-ip": [{ policy: "no-public-addresses", level: M, message: "Launch template bibox-eks-system gives its instances a public IP (networkInterfaces associatePublicIpAddress true): nodes stay private; set it false." }],
    "node-class-public-ip": [{ policy: "no-public-addresses", level: M, message: "EC2NodeClass bibox-eks-karpenter-nodeclass-gpu gives its nodes public IPs (associatePublicIPAddress true): nodes stay private; set it false." }],
    "node-subnet-maps-public-ip": [
        { policy: "no-public-ip-on-launch", level: "advisory", message: "Subnet bibox-network-private-ap-northeast-1a gives every instance launched in it a public IP." },
        { policy: "no-public-addresses", level: M, message: publicSubnet("bibox-eks-karpenter-nodeclass-default", "bibox-network-private-ap-northeast-1a") },
        { policy: "no-public-addresses", level: M, message: publicSubnet("bibox-eks-karpenter-nodeclass-gpu", "bibox-network-private-ap-northeast-1a") },
        { policy: "no-public-addresses", level: M, message: "Node group bibox-eks-np-sys runs in subnet bibox-network-private-ap-northeast-1a, which maps public IPs on launch: its nodes get public IPs. Set mapPublicIpOnLaunch false on the subnet." },
    ],
    "aurora-instance-public": [{ policy: "no-public-addresses", level: M, message: "Database instance bibox-aurora-us-east-1b is publicly accessible: it gets a public address. Set publiclyAccessible false (the default)." }],
    "elastic-ip-on-instance": [{ policy: "no-public-addresses", level: M, message: "Elastic IP bibox-debug-eip gives an instance or network interface a public address: only NAT gateways and load balancers face the internet." }],
    "cloudflare-min-tls-missing": [{ policy: "cloudflare-tls", level: M, message: `Cloudflare zone ${ZONE} has no min_tls_version setting: the API default 1.0 applies (minimum must be 1.2). Add a ZoneSetting min_tls_version 1.2.` }],
    "cloudflare-min-tls-1-1": [{ policy: "cloudflare-tls", level: M, message: "Zone setting bibox-edge-cloudflare-min-tls-version allows TLS 1.1 (minimum must be 1.2)." }],
    "cloudflare-ssl-missing": [{ policy: "cloudflare-tls", level: M, message: `Cloudflare zone ${ZONE} has no ssl setting: the API default off applies and origin certificates go unchecked. Add a ZoneSetting ssl strict.` }],
    "cloudflare-ssl-flexible": [{ policy: "cloudflare-tls", level: M, message: "Zone setting bibox-edge-cloudflare-ssl sets SSL to flexible, not strict: origin certificates go unchecked." }],
    "fastly-min-tls-missing": [{ policy: "fastly-backend-tls", level: M, message: fastly("origin_eu_west_1", "sets no minTlsVersion, so Fastly accepts any TLS version the origin offers; set it to 1.2.") }],
    "fastly-min-tls-1-0": [{ policy: "fastly-backend-tls", level: M, message: fastly("origin_us_east_1", "accepts TLS 1.0 (minimum must be 1.2).") }],
    "fastly-use-ssl-missing": [{ policy: "fastly-backend-tls", level: M, message: fastly("origin_ap_northeast_1", "is not reached over TLS with certificate checks.") }],
    "fastly-port-missing": [{ policy: "fastly-backend-tls", level: M, message: fastly("origin_us_east_1", "speaks TLS to port 80 (the default); set port 443.") }],
    "s3-tls-deny-bucket-only": [{ policy: "s3-tls-only", level: M, message: "Bucket bibox-media-bucket refuses requests without TLS on the bucket but not on its objects (the Deny must name both arn:aws:s3:::bibox-media-eu-west-1-123456789012 and arn:aws:s3:::bibox-media-eu-west-1-123456789012/*)." }],
    "s3-tls-deny-objects-only": [{ policy: "s3-tls-only", level: M, message: "Bucket bibox-media-bucket refuses requests without TLS on its objects but not on the bucket (the Deny must name both arn:aws:s3:::bibox-media-ap-northeast-1-123456789012 and arn:aws:s3:::bibox-media-ap-northeast-1-123456789012/*)." }],
    "s3-tls-deny-inverted": [{ policy: "s3-tls-only", level: M, message: "Bucket bibox-security-trail-bucket does not refuse requests without TLS." }],
    "alb-listener-default-tls-policy": [
        { policy: "alb-tls", level: M, message: "Listener bibox-edge-origin-accelerator-https uses TLS policy ELBSecurityPolicy-2016-08 (the default), which allows versions below TLS 1.2." },
        { policy: "alb-tls13-preferred", level: "advisory", message: "Listener bibox-edge-origin-accelerator-https does not offer TLS 1.3." },
    ],
    "aurora-force-ssl-missing": [{ policy: "aurora-tls", level: M, message: "Aurora cluster bibox-aurora-cluster accepts connections without TLS (rds.force_ssl is not 1)." }],
    "trail-single-region": [{ policy: "audit-cloudtrail", level: M, message: "Trail bibox-security-trail records one region only (isMultiRegionTrail is false); make it multi-region." }],
    "trail-no-log-validation": [{ policy: "audit-cloudtrail", level: M, message: "Trail bibox-security-trail does not validate its log files (enableLogFileValidation is unset, default false): a changed or deleted log file would go unnoticed." }],
    "trail-no-kms": [{ policy: "audit-cloudtrail", level: M, message: "Trail bibox-security-trail does not encrypt its log files with a KMS key (kmsKeyId unset)." }],
    "trail-missing": [{ policy: "audit-cloudtrail", level: M, message: "This plan holds the platform's global resources (bibox-edge-accelerator) but no CloudTrail trail: nothing records the account's API activity. Add the organisation trail (SecurityBaseline, role owner)." }],
    "trail-no-data-events": [{ policy: "audit-s3-object-writes", level: M, message: EVERY_BUCKET }, { policy: "audit-s3-object-writes", level: M, message: MEDIA_UNAUDITED }],
    "trail-data-events-own-region-only": [{ policy: "audit-s3-object-writes", level: M, message: EVERY_BUCKET }],
    "trail-no-management-events": [{ policy: "audit-cloudtrail", level: M, message: "Trail bibox-security-trail does not record all read and write management events; keep a selector of eventCategory Management without a readOnly filter." }],
    "trail-excludes-media-bucket": [{ policy: "audit-s3-object-writes", level: M, message: MEDIA_UNAUDITED }],
    "eks-no-audit-log": [{ policy: "audit-eks-control-plane", level: M, message: "EKS cluster bibox-eks-cluster does not log audit (enabledClusterLogTypes is api, authenticator)." }],
    "eks-no-logs": [{ policy: "audit-eks-control-plane", level: M, message: "EKS cluster bibox-eks-cluster does not log api, audit, authenticator (enabledClusterLogTypes unset: EKS logs nothing by default)." }],
    "alb-without-waf": [
        { policy: "audit-alb-requests", level: M, message: NO_ACL_LOG },
        { policy: "waf-public-entry", level: M, message: "Load balancer bibox-edge-origin-alb faces the internet with no WAF web ACL: Fastly and the Global Accelerator reach it with no WAF in front. Associate the origin web ACL (aws.wafv2.WebAclAssociation)." },
    ],
    "waf-count-only": [{ policy: "waf-public-entry", level: M, message: "Load balancer bibox-edge-origin-alb: its web ACL bibox-edge-origin-waf enforces no rule group (none, or all overridden to count). Run the AWS managed rule groups with overrideAction none." }],
    "waf-not-logged": [{ policy: "audit-alb-requests", level: M, message: NO_ACL_LOG }],
    "cloudflare-managed-waf-disabled": [{ policy: "waf-public-entry", level: M, message: NO_CF_WAF }],
    "cloudflare-managed-waf-removed": [{ policy: "waf-public-entry", level: M, message: NO_CF_WAF }],
    "accelerator-endpoint-not-alb": [{ policy: "waf-public-entry", level: M, message: "Accelerator endpoint group bibox-edge-origin-accelerator sends traffic to eipalloc-0123456789abcdef0, which is not an internet-facing ALB of this plan behind the WAF: direct.<zone> would reach it unfiltered. Point the endpoint at the regional ALB." }],
};

describe("one fault, its violations", () => {
    it("covers every fault of test/mutations/network.ts, at least 30", () => {
        expect(faults.length).toBeGreaterThanOrEqual(30);
        expect(Object.keys(expected).sort()).toEqual(faults.map((f) => f.id).sort());
    });
    it.each(faults.map((f) => [f.id, f.fault] as const))("%s: %s", async (id) => {
        const got = await runFault(id);
        expect(got).toEqual(expected[id]);
        expect(got.some((v) => v.level === "mandatory" && v.message.includes(byId(id).expect))).toBe(true);
    });
    it("reports the subnet, not the table, for a routing fault", async () => {
        const f = byId("private-default-route-to-igw");
        const vs = (await runPolicies(f.mutate(structuredClone(fixtures[f.stack])), policies)).filter((v) => v.policy === "private-subnets-private");
        expect(vs.map((v) => v.urn)).toEqual([urn(f.stack, "aws:ec2/subnet:Subnet", "bibox-network-private-us-east-1a")]);
    });
});

describe("an unknown value makes only its subject unverified", () => {
    it("an unknown cidr on one ingress rule: that rule cannot be verified, the others are still judged", async () => {
        const f = byId("node-cluster-sg-ssh-from-world");
        const plan = f.mutate(structuredClone(fixtures[f.stack]));
        plan.find((r) => r.name === "bibox-eks-cluster-ssh")!.inputs.cidrIpv4 = "[unknown]";
        const vs = (await runPolicies(plan, policies)).filter((v) => v.policy === "node-ingress-closed");
        expect(vs).toEqual([{ policy: "node-ingress-closed", level: "advisory", message: expect.stringMatching(/^cannot verify bibox-eks-cluster-ssh \(/) }]);
    });
    it("an unknown bucket policy: that bucket cannot be verified", async () => {
        const plan = structuredClone(fixtures["prod-eu"]);
        plan.find((r) => r.name === "bibox-media-policy")!.inputs.policy = "[unknown]";
        const vs = (await runPolicies(plan, policies)).filter((v) => v.policy === "s3-tls-only");
        expect(vs).toEqual([{ policy: "s3-tls-only", level: "advisory", message: expect.stringMatching(/^cannot verify bibox-media-bucket \(/) }]);
    });
});

describe("pure helpers", () => {
    it.each([
        ["arn:aws:s3:::b/*", "arn:aws:s3:::b/", true],
        ["arn:aws:s3:::b*", "arn:aws:s3:::b/", true],
        ["*", "arn:aws:s3:::b/", true],
        ["arn:aws:s3:::b", "arn:aws:s3:::b/", false],
        ["arn:aws:s3:::b/AWSLogs/*", "arn:aws:s3:::b/", false],
        ["arn:aws:s3:::b/a*", "arn:aws:s3:::b/", false],
        ["s3:*", "s3:", true],
        ["s3:Get*", "s3:", false],
    ])("globCoversPrefix(%s, %s) is %s", (pattern, prefix, covers) => expect(globCoversPrefix(pattern, prefix)).toBe(covers));
    it.each([
        ["arn:aws:s3:::b", "arn:aws:s3:::b", true],
        ["arn:aws:s3:::b*", "arn:aws:s3:::b", true],
        ["arn:aws:s3:::b/*", "arn:aws:s3:::b", false],
        ["arn:aws:s3:::?", "arn:aws:s3:::b", true],
    ])("globMatches(%s, %s) is %s", (pattern, value, match) => expect(globMatches(pattern, value)).toBe(match));
    it.each([
        [{ "karpenter.sh/discovery": "c" }, { "karpenter.sh/discovery": "c", Name: "x" }, true],
        [{ "karpenter.sh/discovery": "*" }, { "karpenter.sh/discovery": "c" }, true],
        [{ "karpenter.sh/discovery": "c" }, { "karpenter.sh/discovery": "d" }, false],
        [{ a: "1", b: "2" }, { a: "1" }, false],
        [{}, { a: "1" }, false],
    ])("tagsSelect(%j, %j) is %s", (term, tags, selects) => expect(tagsSelect(term, tags)).toBe(selects));
    it.each([
        [{ protocol: "-1" }, "all traffic"],
        [{ protocol: "tcp", fromPort: 22, toPort: 22 }, "tcp 22"],
        [{ ipProtocol: "tcp", fromPort: 443, toPort: 8443 }, "tcp 443-8443"],
    ])("portsOf(%j) is %s", (rule, text) => expect(portsOf(rule)).toBe(text));
    it.each([["1.0", false], ["1.1", false], ["1.2", true], ["1.3", true], ["TLSv1.2", false], [undefined, false]])("atLeastTls12(%s) is %s", (v, ok) => expect(atLeastTls12(v)).toBe(ok));

    const deny = (resource: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resource, Condition: { Bool: { "aws:SecureTransport": "false" } }, ...extra }] });
    const B = "arn:aws:s3:::b";
    it.each([
        [deny([B, `${B}/*`]), []],
        [deny(B), ["its objects"]],
        [deny(`${B}/*`), ["the bucket"]],
        [deny(`${B}*`), []],
        [deny([B, `${B}/*`], { Principal: { Service: "x.amazonaws.com" } }), ["the bucket", "its objects"]],
        [deny([B, `${B}/*`], { Action: "s3:GetObject" }), ["the bucket", "its objects"]],
        [deny([B, `${B}/*`], { Condition: { Bool: { "aws:SecureTransport": false } } }), []],
        [deny([B, `${B}/*`], { Effect: "Allow" }), ["the bucket", "its objects"]],
        [undefined, ["the bucket", "its objects"]],
    ])("uncovered(%s) is %j", (policy, gaps) => expect(uncovered(B, policy)).toEqual(gaps));

    it.each([
        [{ name: "o", useSsl: true, sslCertHostname: "o.example", minTlsVersion: "1.2", port: 443 }, 0],
        [{ name: "o", useSsl: true, sslCertHostname: "o.example", minTlsVersion: "1.2" }, 1],
        [{ name: "o", useSsl: true, sslCheckCert: false, sslCertHostname: "o.example", minTlsVersion: "1.2", port: 443 }, 1],
        [{ name: "o", sslCertHostname: "o.example", minTlsVersion: "1.2", port: 443 }, 1],
        [{ name: "o", useSsl: true, sslCertHostname: "o.example", port: 443 }, 1],
    ])("backendProblems(%j) finds %i", (backend, n) => expect(backendProblems("svc", backend)).toHaveLength(n));

    const S3_WRITES = { advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "readOnly", equals: ["false"] }] }] };
    it.each([
        ["no selectors: management only", {}, true, false],
        ["basic, all buckets", { eventSelectors: [{ readWriteType: "All", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }] }, true, true],
        ["basic, read only", { eventSelectors: [{ readWriteType: "ReadOnly", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }] }, false, false],
        ["basic, management excluded", { eventSelectors: [{ includeManagementEvents: false, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }] }, false, true],
        ["advanced, S3 writes only", S3_WRITES, false, true],
        ["advanced, one event name only", { advancedEventSelectors: [{ fieldSelectors: [...S3_WRITES.advancedEventSelectors[0].fieldSelectors, { field: "eventName", equals: ["PutObject"] }] }] }, false, false],
        ["advanced, management reads only", { advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: ["true"] }] }] }, false, false],
    ])("%s: management %s, object writes %s", (_label, trail, management, writes) => {
        expect(managementEvents.every((e) => records(trail, e))).toBe(management);
        expect(objectWrites("arn:aws:s3:::b").every((e) => records(trail, e))).toBe(writes);
    });
    it("trailProblems reads the provider's defaults for absent values", () => {
        expect(trailProblems("t", { kmsKeyId: "k" })).toEqual([
            "Trail t records one region only (isMultiRegionTrail is unset, default false); make it multi-region.",
            "Trail t does not validate its log files (enableLogFileValidation is unset, default false): a changed or deleted log file would go unnoticed.",
        ]);
    });
    it.each([
        [{ rules: [{ name: "crs", overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name: "x", vendorName: "AWS" } } }] }, ["crs"]],
        [{ rules: [{ name: "crs", overrideAction: { count: {} }, statement: { managedRuleGroupStatement: { name: "x", vendorName: "AWS" } } }] }, []],
        [{ rules: [{ name: "ip", action: { block: {} }, statement: { ipSetReferenceStatement: {} } }] }, []],
        [{ ruleJson: JSON.stringify([{ Name: "crs", OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { Name: "x", VendorName: "AWS" } } }]) }, ["crs"]],
    ])("enforcedGroups(%j) is %j", (props, groups) => expect(enforcedGroups({ type: "aws:wafv2/webAcl:WebAcl", name: "acl", urn: "u", props, dependencies: [] })).toEqual(groups));
    it.each([
        [{ phase: "http_request_firewall_managed", rules: [{ action: "execute", actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee" } }] }, true],
        [{ phase: "http_request_firewall_managed", rules: [{ action: "execute", actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee", overrides: { action: "log" } } }] }, false],
        [{ phase: "http_request_firewall_managed", rules: [{ action: "execute", actionParameters: { id: "4814384a9e5d4991b9815dcfc25d2f1f" } }] }, false],
        [{ phase: "http_request_firewall_custom", rules: [{ action: "execute", actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee" } }] }, false],
    ])("runsManagedWaf(%j) is %s", (props, runs) => expect(runsManagedWaf({ type: "cloudflare:index/ruleset:Ruleset", name: "rs", urn: "u", props, dependencies: [] })).toBe(runs));
});
