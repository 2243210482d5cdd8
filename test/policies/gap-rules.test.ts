/**
 * The rules that close the gaps of the public-rule-set comparison (issue #12): the real plans are
 * the compliant fixtures; each single fault of test/mutations/gaps.ts is one test that expects
 * exactly the findings of these rules it causes, with their exact messages; then the pure helpers,
 * table-driven (dates passed in, so the support-date rules are tested for any day), and preview
 * honesty.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { rbacGrants } from "../../policies/access/k8s-rbac-least-privilege";
import { secretReason } from "../../policies/access/lambda-env-no-secrets";
import { alarmRoute, snsTopicName } from "../../policies/audit/alarms-page";
import { clusterProblems, monitoringRoleProblem } from "../../policies/audit/aurora-observability";
import { logGroupNameOf, retentionDays } from "../../policies/audit/log-retention";
import type { GraphResource } from "../../policies/graph-types";
import { EKS_STANDARD_SUPPORT_END, versionProblem } from "../../policies/lifecycle/eks-standard-support";
import { LAMBDA_DEPRECATION, runtimeProblem, successor } from "../../policies/lifecycle/lambda-runtime-supported";
import { abortProblem, wholeBucket } from "../../policies/lifecycle/s3-abort-incomplete-uploads";
import { albProblems } from "../../policies/network/alb-hardening";
import { egressProblem } from "../../policies/network/no-open-egress";
import { groupDescriptionProblems } from "../../policies/network/sg-described";
import { cacheGroupProblems, globalDatastoreProblems } from "../../policies/recovery/cache-availability";
import { policies } from "../../policies/rules";
import { runPolicies, UNKNOWN } from "../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../src/plan/types";
import { change } from "../helpers/mutate";
import { evaluate, STACKS } from "../helpers/project";
import { faults, T } from "../mutations/gaps";

/** The rules this file judges; only they run (they read nothing the others write). */
const RULES = [
    "alb-hardening", "no-open-egress", "sg-described", "cache-availability", "alarms-page", "aurora-observability", "log-retention",
    "eks-standard-support", "lambda-runtime-supported", "s3-acls-disabled", "s3-abort-incomplete-uploads", "k8s-rbac-least-privilege", "lambda-env-no-secrets",
];
const OURS = policies.filter((p) => RULES.includes(p.name));

const fixtures: Record<string, PlanResource[]> = {};
beforeAll(async () => {
    for (const s of STACKS) fixtures[s] = (await evaluate(s)).resources;
}, 120_000);

const brief = (vs: PlanViolation[]) => vs.map(({ policy, level, message }) => ({ policy, level, message }));
const run = async (stack: string, rs = fixtures[stack]) => brief(await runPolicies(structuredClone(rs), OURS));

it("registers every rule of this file in the pack", () => {
    expect(OURS.map((p) => p.name).sort()).toEqual([...RULES].sort());
});

describe.each(STACKS)("the %s plan", (stack) => {
    it("passes every gap rule", async () => {
        expect(await run(stack)).toEqual([]);
    });
});

const M = "mandatory" as const;
const one = (policy: string, message: string) => [{ policy, level: M, message }];
const ALB = "Load balancer bibox-edge-origin-alb";
const CACHE = "Replication group bibox-cache-group";
const PI = (i: string) => `Aurora instance ${i} does not run Performance Insights (performanceInsightsEnabled unset, default false): a slow or locked database leaves no record of which queries waited on what. Set performanceInsightsEnabled: true (with its customer key, see aurora-encrypted).`;
const untrusted = (i: string) => `Aurora instance ${i} cannot deliver Enhanced Monitoring: its monitoring role bibox-aurora-monitoring does not trust monitoring.rds.amazonaws.com. Trust monitoring.rds.amazonaws.com and attach AmazonRDSEnhancedMonitoringRole.`;
const ABORT = "their parts stay, billed, until someone aborts them. Add an Enabled rule with an empty filter and abortIncompleteMultipartUpload.daysAfterInitiation (e.g. 7).";
const RBAC = "a path to cluster-admin. Name the API groups, resources and verbs it needs.";

const expected: Record<string, { policy: string; level: "mandatory" | "advisory"; message: string }[]> = {
    "alb-keeps-invalid-headers": one("alb-hardening", `${ALB} passes headers with invalid field names to its targets (dropInvalidHeaderFields unset, default false); set dropInvalidHeaderFields: true.`),
    "alb-desync-monitor": one("alb-hardening", `${ALB} only monitors HTTP desync (desyncMitigationMode monitor): requests AWS classifies as severe still reach the targets. Use defensive (the default) or strictest.`),
    "alb-no-deletion-protection": one("alb-hardening", `${ALB} faces the internet without deletion protection (enableDeletionProtection false): a replacement or a stray delete changes the ARN the accelerator names and the DNS name the CDNs use as origin. Set enableDeletionProtection: true.`),
    "alb-waf-fail-open": one("alb-hardening", `${ALB} forwards requests when AWS WAF cannot inspect them (enableWafFailOpen true): Fastly and accelerator traffic would then reach the targets unfiltered. Leave enableWafFailOpen false (the default).`),
    "cache-primary-no-failover": one("cache-availability", `${CACHE} does not fail over on its own (automaticFailoverEnabled unset, default false): when its primary node fails, writes stop until someone promotes a replica. Set automaticFailoverEnabled: true.`),
    "cache-secondary-single-az": one("cache-availability", `${CACHE} is not Multi-AZ (multiAzEnabled false): the loss of its primary's zone is not failed over to a replica in another zone. Set multiAzEnabled: true.`),
    "cache-secondary-one-node": one("cache-availability", `${CACHE} has 1 node (numCacheClusters 1): no replica to promote when the primary fails. Set numCacheClusters to at least 2, one per zone.`),
    "cache-nodes-one-zone": one("cache-availability", `${CACHE} places all its nodes in us-east-1a (preferredCacheClusterAzs): the loss of that zone takes the primary and its replicas. Name a different zone for each node.`),
    "cache-global-failover-off": one("cache-availability", "Global datastore bibox-cache-global turns automatic failover off for every member (automaticFailoverEnabled false). Set it true, or leave it unset to inherit the primary's."),
    "alarm-actions-disabled": one("alarms-page", "Alarm bibox-observability-aurora-replication-lag has its actions disabled (actionsEnabled false): it changes state and pages no one. Remove actionsEnabled or set it true."),
    "alarm-no-actions": one("alarms-page", "Alarm bibox-observability-alb-5xx-rate has no alarmActions (default none): it goes to ALARM and pages no one. Send it to the stack's alerts topic."),
    "alarm-foreign-topic": one("alarms-page", "Alarm bibox-observability-karpenter-interruption-queue-age sends its alarm to arn:aws:sns:us-east-1:210987654321:ops-alerts, no SNS topic of this stack: the pack cannot tell that anyone receives it. Send it to the stack's alerts topic."),
    "alerts-topic-unsubscribed": one("alarms-page", "SNS topic bibox-observability-alerts receives 9 alarms (bibox-observability-aurora-replication-lag, …) but has no subscription in this stack: they page no one. Subscribe the on-call endpoint (aws.sns.TopicSubscription)."),
    "aurora-no-log-export": one("aurora-observability", "Aurora cluster bibox-aurora-cluster does not export its postgresql log to CloudWatch Logs (enabledCloudwatchLogsExports unset, default none): errors, slow statements and connection failures stay on the instances and go with them. Add \"postgresql\"."),
    "aurora-no-tag-copy": one("aurora-observability", "Aurora cluster bibox-aurora-cluster does not copy its tags to snapshots (copyTagsToSnapshot false): snapshots lose the backup and cost tags. Set copyTagsToSnapshot: true."),
    "aurora-no-enhanced-monitoring": one("aurora-observability", "Aurora instance bibox-aurora-ap-northeast-1c has no Enhanced Monitoring (monitoringInterval 0): its OS metrics (memory, swap, per-process CPU) are not recorded. Set monitoringInterval (1 to 60 s) with a monitoringRoleArn."),
    "aurora-monitoring-role-untrusted": [...one("aurora-observability", untrusted("bibox-aurora-us-east-1a")), ...one("aurora-observability", untrusted("bibox-aurora-us-east-1b"))],
    "aurora-no-performance-insights": one("aurora-observability", PI("bibox-aurora-eu-west-1b")),
    "flow-logs-kept-30-days": one("log-retention", "Log group bibox-network-flow-logs holds VPC flow logs but keeps them 30 days (retentionInDays 30); VPC flow logs are kept at least 365 days (a year of audit history, PCI DSS 10.5.1). Set retentionInDays to 365 or more."),
    "waf-logs-kept-30-days": one("log-retention", "Log group bibox-edge-origin-waf-logs holds WAF request logs but keeps them 30 days (retentionInDays 30); WAF request logs are kept at least 90 days (three months of every request, immediately available). Set retentionInDays to 90 or more."),
    "eks-logs-delivery-class": one("log-retention", "Log group bibox-eks-control-plane holds EKS control-plane logs but keeps them 2 days (logGroupClass DELIVERY, which forces 2 days); EKS control-plane logs are kept at least 365 days (a year of audit history, PCI DSS 10.5.1). Set retentionInDays to 365 or more."),
    "alb-egress-to-world": one("no-open-egress", "Security group bibox-edge-origin-alb-sg (egress rule 2) allows egress of tcp 443 to 0.0.0.0/0 without a \"public:\" reason in its description: name the destinations' ranges, or say why the group needs the whole internet (\"public: …\")."),
    "cache-sg-default-description": one("sg-described", "Security group bibox-cache-sg has no description of its own (unset, default \"Managed by Pulumi\"): say what it guards and who may reach it."),
    "aurora-sg-rule-undescribed": one("sg-described", "Security group bibox-aurora-sg: ingress rule 1 (tcp 5432) has no description; say whom it admits and why."),
    "eks-version-out-of-standard-support": one("eks-standard-support", "EKS cluster bibox-eks-cluster runs Kubernetes 1.33, whose EKS standard support ended on 2026-07-29: with upgradePolicy STANDARD, EKS upgrades the control plane on its own, off the version the program pins. Upgrade one minor version at a time (1.33 to 1.34 first) until the cluster runs a version in standard support."),
    "eks-version-not-in-calendar": one("eks-standard-support", "EKS cluster bibox-eks-cluster runs Kubernetes 1.37, which the pack's EKS calendar does not list: add its end of standard support (policies/lifecycle/eks-standard-support.ts, from the EKS release calendar) before using it."),
    "lambda-deprecated-runtime": one("lambda-runtime-supported", "Lambda function bibox-region-switch-dial runs nodejs18.x, which AWS Lambda deprecated on 2025-09-01: it gets no security patches, and Lambda blocks creating and then updating functions on it. Move to nodejs24.x."),
    "lambda-runtime-unset": one("lambda-runtime-supported", "Lambda function bibox-region-switch-dial sets no runtime, which a .zip function requires (packageType Zip, the default)."),
    "lambda-env-pulumi-secret": one("lambda-env-no-secrets", "Lambda function bibox-region-switch-dial keeps PAGER_KEY in its environment, and its value is a Pulumi secret: anyone who can read the function's configuration reads it. Keep it in Secrets Manager and pass its ARN."),
    "lambda-env-token-in-clear": one("lambda-env-no-secrets", "Lambda function bibox-region-switch-dial keeps SLACK_TOKEN in its environment, and its name says it is a secret and its value is no ARN or parameter name: anyone who can read the function's configuration reads it. Keep it in Secrets Manager and pass its ARN."),
    "media-bucket-acls-enabled": one("s3-acls-disabled", "Bucket bibox-media-bucket has ACLs enabled (objectOwnership ObjectWriter in bibox-media-ownership): objects other accounts upload stay theirs, and ACLs can grant access no policy shows. Set objectOwnership BucketOwnerEnforced."),
    "media-lifecycle-no-abort": one("s3-abort-incomplete-uploads", `Lifecycle configuration bibox-media-lifecycle does not abort incomplete multipart uploads across the bucket: ${ABORT}`),
    "media-lifecycle-abort-one-prefix": one("s3-abort-incomplete-uploads", `Lifecycle configuration bibox-media-lifecycle does not abort incomplete multipart uploads across the bucket (abort-incomplete-uploads covers only part of it): ${ABORT}`),
    "scraper-role-wildcard-verbs": one("k8s-rbac-least-privilege", `ClusterRole aps-collector-role (bibox-observability-scraper) rule 1 grants * in verbs: ${RBAC}`),
    "scraper-role-impersonates": one("k8s-rbac-least-privilege", `ClusterRole aps-collector-role (bibox-observability-scraper) rule 4 grants the impersonate verb: ${RBAC}`),
};

describe("single faults (test/mutations/gaps.ts)", () => {
    it("has an expectation for every fault, and at least 15 faults", () => {
        expect(faults.length).toBeGreaterThanOrEqual(15);
        expect(Object.keys(expected).sort()).toEqual(faults.map((f) => f.id).sort());
    });
    it.each(faults.map((f) => [f.id, f] as const))("%s", async (id, f) => {
        const found = await run(f.stack, f.mutate(structuredClone(fixtures[f.stack])));
        expect(found).toEqual(expected[id]);
        expect(found.some((v) => v.level === "mandatory" && v.message.includes(f.expect))).toBe(true);
    });
});

describe("preview honesty", () => {
    it("an alarm whose actions are unknown is \"cannot verify\", never a pass or a finding", async () => {
        const rs = change(T.alarm, "bibox-observability-alb-5xx-rate", (r) => { r.inputs.alarmActions = [UNKNOWN]; })(structuredClone(fixtures["prod-us"]));
        const found = await run("prod-us", rs);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ policy: "alarms-page", level: "advisory" });
        expect(found[0].message).toMatch(/^cannot verify bibox-observability-alb-5xx-rate \(/);
    });
    it("an unknown ALB setting makes the ALB \"cannot verify\", not a pass or a partial finding", async () => {
        const rs = change(T.lb, "bibox-edge-origin-alb", (r) => { r.inputs.desyncMitigationMode = UNKNOWN; r.inputs.enableDeletionProtection = false; })(structuredClone(fixtures["prod-eu"]));
        const found = await run("prod-eu", rs);
        expect(found.map((v) => v.level)).toEqual(["advisory"]);
        expect(found[0].message).toMatch(/^cannot verify bibox-edge-origin-alb \(string value at \.desyncMitigationMode can't be known during preview\)$/);
    });
});

// --- Pure helpers

describe("albProblems", () => {
    const good = { loadBalancerType: "application", dropInvalidHeaderFields: true, enableDeletionProtection: true };
    it.each<[string, Record<string, unknown>, number]>([
        ["the plans' settings", good, 0],
        ["strictest desync", { ...good, desyncMitigationMode: "strictest" }, 0],
        ["an internal ALB without deletion protection", { ...good, internal: true, enableDeletionProtection: false, enableWafFailOpen: true }, 0],
        ["a network load balancer", { loadBalancerType: "network" }, 0],
        ["no type and nothing set (defaults: application, internet-facing)", {}, 2],
        ["an unknown desync mode", { ...good, desyncMitigationMode: "off" }, 1],
        ["waf fail-open", { ...good, enableWafFailOpen: true }, 1],
    ])("%s: %i problem(s)", (_what, props, n) => {
        expect(albProblems("lb", props)).toHaveLength(n);
    });
});

describe("cache availability", () => {
    const ok = { automaticFailoverEnabled: true, multiAzEnabled: true, numCacheClusters: 2 };
    it.each<[string, Record<string, unknown>, string[]]>([
        ["the plans' settings", ok, []],
        ["nothing set (defaults false, false, 1 node)", {}, ["does not fail over", "is not Multi-AZ", "has 1 node"]],
        ["cluster mode with a replica per shard", { ...ok, numCacheClusters: undefined, numNodeGroups: 3, replicasPerNodeGroup: 1 }, []],
        ["cluster mode, replicas unset (default 0)", { ...ok, numCacheClusters: undefined, numNodeGroups: 3 }, ["no replica in its shards (replicasPerNodeGroup unset, default 0)"]],
        ["cluster mode, one shard without a replica", { ...ok, numCacheClusters: undefined, nodeGroupConfigurations: [{ nodeGroupId: "0001", replicaCount: 1 }, { nodeGroupId: "0002" }] }, ["shard 0002 has no replica"]],
        ["distinct zones", { ...ok, preferredCacheClusterAzs: ["a", "b"] }, []],
        ["one zone twice", { ...ok, preferredCacheClusterAzs: ["a", "a"] }, ["places all its nodes in a"]],
    ])("%s", (_what, props, parts) => {
        const found = cacheGroupProblems("g", props);
        expect(found).toHaveLength(parts.length);
        parts.forEach((p, i) => expect(found[i]).toContain(p));
    });
    it.each<[unknown, number]>([[undefined, 0], [true, 0], [false, 1]])("a global datastore with automaticFailoverEnabled %s: %i problem(s)", (v, n) => {
        expect(globalDatastoreProblems("gd", { automaticFailoverEnabled: v })).toHaveLength(n);
    });
});

const res = (type: string, name: string, props: Record<string, unknown>, dependencies: string[] = []): GraphResource => ({ type, name, urn: `urn:${name}`, props, dependencies });

describe("alarms", () => {
    it.each<[string, string | undefined]>([
        ["arn:aws:sns:eu-west-1:123456789012:bibox-eu-west-1-alerts", "bibox-eu-west-1-alerts"],
        ["arn:aws:sns:us-east-1:123456789012:orders.fifo", "orders.fifo"],
        ["arn:aws:automate:us-east-1:ec2:stop", undefined],
        ["arn:aws:sns:us-east-1:123456789012:a:sub-id", undefined],
    ])("snsTopicName(%s) is %s", (arn, name) => {
        expect(snsTopicName(arn)).toBe(name);
    });
    const queue = res("aws:sqs/queue:Queue", "q", {});
    const named = res("aws:sns/topic:Topic", "alerts", { name: "alerts" });
    const unnamed = res("aws:sns/topic:Topic", "auto", {});
    it.each<[string, GraphResource, GraphResource[], string]>([
        ["an action naming the topic", res(T.alarm, "a", { alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"] }), [named], "alerts"],
        ["an autonamed topic the alarm depends on", res(T.alarm, "a", { alarmActions: ["arn:aws:sns:us-east-1:123456789012:auto-1a2b3c"] }, ["urn:auto"]), [unnamed], "auto"],
        ["an autonamed topic it does not depend on", res(T.alarm, "a", { alarmActions: ["arn:aws:sns:us-east-1:123456789012:auto-1a2b3c"] }), [unnamed], "no SNS topic of this stack"],
        ["an EC2 action only", res(T.alarm, "a", { alarmActions: ["arn:aws:automate:us-east-1:ec2:stop"] }), [named, queue], "no SNS topic of this stack"],
        ["an empty list", res(T.alarm, "a", { alarmActions: [] }), [named], "has no alarmActions"],
    ])("%s", (_what, alarm, topics, outcome) => {
        const route = alarmRoute(alarm, topics);
        if ("topics" in route) expect(route.topics.map((t) => t.name)).toEqual([outcome]);
        else expect(route.problem).toContain(outcome);
    });
});

describe("Aurora observability", () => {
    it.each<[Record<string, unknown>, number]>([
        [{ engine: "aurora-postgresql", enabledCloudwatchLogsExports: ["postgresql"], copyTagsToSnapshot: true }, 0],
        [{ engine: "aurora-postgresql" }, 2],
        [{ engine: "aurora-mysql" }, 0],
        [{}, 0],
    ])("clusterProblems(%j) has %i problem(s)", (props, n) => {
        expect(clusterProblems("c", props)).toHaveLength(n);
    });
    const trust = (service: string) => JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
    const POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
    it.each<[string, GraphResource, GraphResource[], string | undefined]>([
        ["trusted and attached", res("r", "m", { name: "m", assumeRolePolicy: trust("monitoring.rds.amazonaws.com") }), [res("a", "a", { policyArn: POLICY, role: "m" })], undefined],
        ["attached inline through managedPolicyArns", res("r", "m", { name: "m", assumeRolePolicy: trust("monitoring.rds.amazonaws.com"), managedPolicyArns: [POLICY] }), [], undefined],
        ["not attached", res("r", "m", { name: "m", assumeRolePolicy: trust("monitoring.rds.amazonaws.com") }), [], "its monitoring role m has no AmazonRDSEnhancedMonitoringRole"],
        ["neither", res("r", "m", { name: "m", assumeRolePolicy: trust("rds.amazonaws.com") }), [], "its monitoring role m does not trust monitoring.rds.amazonaws.com and has no AmazonRDSEnhancedMonitoringRole"],
    ])("monitoring role: %s", (_what, role, attachments, problem) => {
        expect(monitoringRoleProblem(role, attachments)).toBe(problem);
    });
});

describe("log retention", () => {
    it.each<[string, string | undefined]>([
        ["arn:aws:logs:us-east-1:123456789012:log-group:/bibox/us-east-1/vpc-flow-logs", "/bibox/us-east-1/vpc-flow-logs"],
        ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-x:*", "aws-waf-logs-x"],
        ["arn:aws:s3:::bucket", undefined],
    ])("logGroupNameOf(%s) is %s", (arn, name) => {
        expect(logGroupNameOf(arn)).toBe(name);
    });
    it.each<[Record<string, unknown>, number]>([
        [{}, Infinity], [{ retentionInDays: 0 }, Infinity], [{ retentionInDays: 365 }, 365], [{ retentionInDays: 3653, logGroupClass: "DELIVERY" }, 2], [{ retentionInDays: 90, logGroupClass: "INFREQUENT_ACCESS" }, 90],
    ])("retentionDays(%j) is %s", (props, days) => {
        expect(retentionDays(props)).toBe(days);
    });
});

describe("egress and descriptions", () => {
    it.each<[Record<string, unknown>, boolean]>([
        [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }, false],
        [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }, true],
        [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0", description: "public: the payment API publishes no ranges" }, false],
        [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0", description: "public:" }, true],
    ])("egressProblem(%j) finds a problem: %s", (rule, problem) => {
        expect(egressProblem("r", rule) !== undefined).toBe(problem);
    });
    it.each<[Record<string, unknown>, number]>([
        [{ description: "Valkey: 6379 from the nodes", ingress: [{ protocol: "tcp", fromPort: 6379, toPort: 6379, description: "from nodes" }], egress: [] }, 0],
        [{ description: "Managed by Pulumi" }, 1],
        [{ description: "x", ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1 }], egress: [{ protocol: "-1", description: " " }] }, 2],
    ])("groupDescriptionProblems(%j) has %i problem(s)", (props, n) => {
        expect(groupDescriptionProblems("sg", props)).toHaveLength(n);
    });
});

describe("support dates", () => {
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    it("the EKS calendar ends in version order", () => {
        const ends = Object.values(EKS_STANDARD_SUPPORT_END).map(Date.parse);
        expect(ends).toEqual([...ends].sort((a, b) => a - b));
    });
    it.each<[unknown, string, string | undefined]>([
        ["1.35", "2027-03-26", undefined],
        ["1.35", "2027-03-27", "whose EKS standard support ended on 2027-03-27: with upgradePolicy unset (default EXTENDED), it runs on extended support"],
        ["1.34", "2026-12-01", undefined],
        ["1.34", "2026-12-02", "(1.34 to 1.35 first)"],
        ["1.28", "2024-01-01", "older than 1.29"],
        ["1.40", "2026-01-01", "does not list"],
        [undefined, "2026-01-01", "sets no version"],
        ["latest", "2026-01-01", "is not a Kubernetes minor version"],
    ])("EKS %s on %s", (version, date, problem) => {
        const found = versionProblem("c", { version }, day(date));
        if (problem === undefined) expect(found).toBeUndefined();
        else expect(found).toContain(problem);
    });
    it("a STANDARD upgrade policy says EKS upgrades on its own", () => {
        expect(versionProblem("c", { version: "1.33", upgradePolicy: { supportType: "STANDARD" } }, day("2026-08-01"))).toContain("EKS upgrades the control plane on its own");
    });
    it.each<[Record<string, unknown>, string, string | undefined]>([
        [{ runtime: "nodejs22.x" }, "2027-04-29", undefined],
        [{ runtime: "nodejs22.x" }, "2027-04-30", "deprecated on 2027-04-30"],
        [{ runtime: "python3.9" }, "2026-01-01", "Move to python3.14."],
        [{ runtime: "go1.x" }, "2026-01-01", "Move to a supported runtime."],
        [{ runtime: "nodejs26.x" }, "2026-01-01", "does not list"],
        [{ packageType: "Image" }, "2026-01-01", undefined],
        [{}, "2026-01-01", "sets no runtime"],
    ])("Lambda %j on %s", (props, date, problem) => {
        const found = runtimeProblem("f", props, day(date));
        if (problem === undefined) expect(found).toBeUndefined();
        else expect(found).toContain(problem);
    });
    it("every Lambda runtime family's newest row is the successor while it is supported", () => {
        expect(successor("nodejs18.x", day("2026-01-01"))).toBe("nodejs24.x");
        expect(successor("java8", day("2026-01-01"))).toBe("java25");
        expect(successor("nodejs18.x", day("2028-05-01"))).toBeUndefined();
        expect(Object.values(LAMBDA_DEPRECATION).every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    });
});

describe("Lambda environment secrets", () => {
    it.each<[string, unknown, string | undefined]>([
        ["LISTENER_ARN", "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l", undefined],
        ["DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db", undefined],
        ["API_TOKEN_PARAMETER", "/bibox/api-token", undefined],
        ["TOKENIZER_MODE", "fast", undefined],
        ["REGION", "[secret]", "a Pulumi secret"],
        ["KEY", "AKIAABCDEFGHIJKLMNOP", "access key"],
        ["DB_PASSWORD", "hunter2", "its name says it is a secret"],
        ["apiKey", "abc", "its name says it is a secret"],
        ["API_KEY", "abc", "its name says it is a secret"],
    ])("%s = %j", (name, value, reason) => {
        const found = secretReason(name, value);
        if (reason === undefined) expect(found).toBeUndefined();
        else expect(found).toContain(reason);
    });
});

describe("S3 lifecycle and RBAC", () => {
    it.each<[Record<string, unknown>, boolean]>([
        [{}, true], [{ filter: {} }, true], [{ filter: { prefix: "" } }, true], [{ prefix: "" }, true],
        [{ filter: { prefix: "uploads/" } }, false], [{ prefix: "uploads/" }, false], [{ filter: { objectSizeGreaterThan: 1 } }, false],
    ])("wholeBucket(%j) is %s", (rule, whole) => {
        expect(wholeBucket(rule)).toBe(whole);
    });
    it.each<[unknown, boolean]>([
        [[{ id: "a", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }], false],
        [[{ id: "a", status: "Disabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }], true],
        [[{ id: "a", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 30 } }], true],
        [undefined, true],
    ])("abortProblem(%j) finds a problem: %s", (rules, problem) => {
        expect(abortProblem("l", rules) !== undefined).toBe(problem);
    });
    it.each<[Record<string, unknown>, string[]]>([
        [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }, []],
        [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, ["* in apiGroups, resources, verbs"]],
        [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind", "escalate"] }, ["the escalate, bind verbs"]],
        [{ apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["patch"] }, ["write access to admission webhook configurations"]],
        [{ apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["get"] }, []],
        [{ apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["approve"] }, ["approval of certificate signing requests"]],
        [{ nonResourceURLs: ["*"], verbs: ["get"] }, ["* in nonResourceURLs"]],
    ])("rbacGrants(%j)", (rule, grants) => {
        expect(rbacGrants(rule)).toEqual(grants);
    });
});
