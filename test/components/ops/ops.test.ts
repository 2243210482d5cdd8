/** Security baseline, observability and disaster recovery as the plans declare them. */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { keyArn } from "../../helpers/mock-values";
import { plannedSwitchover, runbookMarkdown, total, unplannedFailover, failback } from "../../../components/ops/runbook";
import { RUNBOOK_ARGS } from "../../../components/ops/runbook-args";
import { auroraLagThresholdMs, queueAgeThresholdSeconds, s3LatencyThresholdSeconds, unhealthyTargetAlarm } from "../../../components/ops/thresholds";
import { declaredFailoverPaths } from "../../../policies/recovery/edge";
import * as packModel from "../../../policies/recovery/model";
import { planGraph } from "../../../src/plan/graph";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, ROOT, STACKS } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
beforeAll(async () => {
    for (const s of STACKS) plans[s] = (await evaluate(s)).resources;
});

describe("thresholds", () => {
    it.each([[20, 10000], [60, 30000], [1800, 900000]])("Aurora lag alarm for global_db_rpo %i s: %i ms", (rpo, ms) => expect(auroraLagThresholdMs(rpo)).toBe(ms));
    it("S3 latency alarm at the RTC window", () => expect(s3LatencyThresholdSeconds(15)).toBe(900));
    it.each([[30, 60], [90, 120]])("unhealthy-target alarm for a %i s edge objective: %i s period", (objective, period) => {
        expect(unhealthyTargetAlarm(objective)).toEqual({ period, evaluationPeriods: 1 });
    });
    it("queue age alarm at half the spot warning", () => expect(queueAgeThresholdSeconds()).toBe(60));
});

describe.each(STACKS)("security baseline of %s", (stack) => {
    const rs = () => plans[stack];
    it("has GuardDuty with EKS and runtime monitoring, Security Hub with CIS and FSBP, Access Analyzer", () => {
        expect(ofType(rs(), "aws:guardduty/detector:Detector").map((d) => d.inputs.enable)).toEqual([true]);
        const features = ofType(rs(), "aws:guardduty/detectorFeature:DetectorFeature");
        expect(features.map((f) => f.inputs.name)).toEqual(expect.arrayContaining(["EKS_AUDIT_LOGS", "RUNTIME_MONITORING"]));
        for (const f of features) expect(f.inputs.status).toBe("ENABLED");
        expect(features.find((f) => f.inputs.name === "RUNTIME_MONITORING")!.inputs.additionalConfigurations).toEqual([{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }]);
        expect(ofType(rs(), "aws:securityhub/standardsSubscription:StandardsSubscription").map((s) => s.inputs.standardsArn)).toEqual([
            `arn:aws:securityhub:${REGION[stack]}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
            `arn:aws:securityhub:${REGION[stack]}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        ]);
        expect(ofType(rs(), "aws:accessanalyzer/analyzer:Analyzer")).toHaveLength(1);
    });

    it("gives no node an SSH key", () => {
        for (const ng of ofType(rs(), "aws:eks/nodeGroup:NodeGroup")) expect(ng.inputs.remoteAccess).toBeUndefined();
        for (const lt of ofType(rs(), "aws:ec2/launchTemplate:LaunchTemplate")) expect(lt.inputs.keyName).toBeUndefined();
    });
});

describe("CloudTrail", () => {
    it("only the owner records the organisation's multi-region trail: validated, KMS-encrypted, into a locked versioned bucket", () => {
        const rs = plans["prod-us"];
        expect(one(rs, "aws:cloudtrail/trail:Trail", "bibox-security-trail").inputs).toMatchObject({
            name: "bibox-organization",
            isMultiRegionTrail: true,
            isOrganizationTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            kmsKeyId: keyArn("us-east-1", "bibox-security-trail-key"),
        });
        expect(one(rs, "aws:s3/bucket:Bucket", "bibox-security-trail-bucket")).toMatchObject({ protect: true, inputs: { objectLockEnabled: true } });
        expect(one(rs, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "bibox-security-trail-lock").inputs.rule).toEqual({ defaultRetention: { mode: "COMPLIANCE", days: 400 } });
        expect(one(rs, "aws:s3/bucketVersioning:BucketVersioning", "bibox-security-trail-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
        for (const m of ["prod-eu", "prod-ap"]) expect(ofType(plans[m], "aws:cloudtrail/trail:Trail")).toEqual([]);
    });
});

describe.each(STACKS)("observability of %s", (stack) => {
    const rs = () => plans[stack];
    const region = REGION[stack];
    const alarms = () => Object.fromEntries(ofType(rs(), "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [String(a.inputs.name).replace(`bibox-${region}-`, ""), a.inputs]));

    it("pages on-call through an encrypted topic; the endpoint is a secret", () => {
        expect(one(rs(), "aws:sns/topic:Topic", "bibox-observability-alerts").inputs).toMatchObject({ name: `bibox-${region}-alerts`, kmsMasterKeyId: keyArn(region, "bibox-observability-alerts-key") });
        expect(one(rs(), "aws:sns/topicSubscription:TopicSubscription", "bibox-observability-on-call").inputs).toMatchObject({ protocol: "https", endpoint: "[secret]" });
    });

    it("alarms on replication lag from the RPO setting and on S3 replication latency per destination", () => {
        const a = alarms();
        expect(a["aurora-replication-lag"]).toMatchObject({ metricName: "AuroraGlobalDBReplicationLag", threshold: 30000, dimensions: { DBClusterIdentifier: `bibox-${region}` } });
        const others = STACKS.filter((s) => s !== stack).map((s) => REGION[s]);
        for (const dest of others) {
            expect(a[`s3-replication-latency-${dest}`]).toMatchObject({ metricName: "ReplicationLatency", threshold: 900, dimensions: { DestinationBucket: `bibox-media-${dest}-123456789012`, RuleId: `to-${dest}` } });
            expect(a[`s3-replication-failed-${dest}`]).toMatchObject({ metricName: "OperationsFailedReplication", threshold: 0 });
        }
        for (const alarm of Object.values(a)) expect(alarm.alarmActions).toEqual([`arn:aws:sns:${region}:123456789012:bibox-${region}-alerts`]);
    });

    it("alarms on ALB 5xx and unhealthy targets and the interruption queue; backup failures go to the topic", () => {
        const a = alarms();
        expect(Object.keys(a)).toEqual(expect.arrayContaining(["alb-5xx-rate", "alb-unhealthy-web", "alb-unhealthy-api", "karpenter-interruption-queue-age"]));
        expect(a["karpenter-interruption-queue-age"]).toMatchObject({ threshold: 60, dimensions: { QueueName: `bibox-${region}-karpenter-interruption` } });
        const rule = one(rs(), "aws:cloudwatch/eventRule:EventRule", "bibox-observability-backup-failures");
        expect(JSON.parse(rule.inputs.eventPattern as string)).toMatchObject({ source: ["aws.backup"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } });
        expect(one(rs(), "aws:cloudwatch/eventTarget:EventTarget", "bibox-observability-backup-failures").inputs.arn).toBe(`arn:aws:sns:${region}:123456789012:bibox-${region}-alerts`);
    });

    it("has a Managed Prometheus workspace with a managed scraper of the cluster", () => {
        expect(ofType(rs(), "aws:amp/workspace:Workspace")).toHaveLength(1);
        const scraper = one(rs(), "aws:amp/scraper:Scraper", "bibox-observability-scraper");
        expect((scraper.inputs.source as { eks: { clusterArn: string } }).eks.clusterArn).toBe(`arn:aws:eks:${region}:123456789012:cluster/bibox-${region}`);
        expect(one(rs(), "aws:eks/accessEntry:AccessEntry", "bibox-observability-scraper").inputs).toMatchObject({ userName: "aps-collector-user", type: "STANDARD" });
    });

    it("lets the Region switch plans scale the shop namespace with ARC's scaling access policy, nothing more", () => {
        expect(one(rs(), "aws:eks/accessEntry:AccessEntry", "bibox-region-switch-access-entry").inputs.principalArn).toBe("arn:aws:iam::123456789012:role/bibox-us-east-1-region-switch");
        expect(one(rs(), "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "bibox-region-switch-access-scaling").inputs).toMatchObject({
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonARCRegionSwitchScalingPolicy",
            accessScope: { type: "namespace", namespaces: ["shop"] },
        });
    });

    it("runs its own traffic-dial function, logging to its own encrypted log group made first", () => {
        const fn = one(rs(), "aws:lambda/function:Function", "bibox-region-switch-dial");
        const logs = one(rs(), "aws:cloudwatch/logGroup:LogGroup", "bibox-region-switch-dial-logs");
        expect(fn.inputs).toMatchObject({ name: `bibox-${region}-ga-traffic-dial`, loggingConfig: { logGroup: `/aws/lambda/bibox-${region}-ga-traffic-dial` } });
        expect(logs.inputs).toMatchObject({ name: `/aws/lambda/bibox-${region}-ga-traffic-dial`, retentionInDays: 365, kmsKeyId: keyArn(region, "bibox-region-switch-dial-logs-key") });
        expect(fn.dependencies).toContain(logs.urn);
        const policy = JSON.parse(one(rs(), "aws:iam/rolePolicy:RolePolicy", "bibox-region-switch-dial").inputs.policy as string);
        expect(policy.Statement.map((st: { Action: string | string[] }) => st.Action).flat()).toContain("arc-region-switch:GetPlanExecution");
    });
});

describe("the Region switch plans", () => {
    const PLANS = ["bibox-us-east-1-eu-west-1", "bibox-us-east-1-ap-northeast-1", "bibox-eu-west-1-ap-northeast-1"];
    const planOf = (name: string) => ofType(plans["prod-us"], "aws:arcregionswitch/plan:Plan").find((p) => p.inputs.name === name)!;
    type Step = { executionBlockType: string; customActionLambdaConfigs?: any[]; globalAuroraConfigs?: any[]; eksResourceScalingConfigs?: any[] };

    it("are one per region pair (ARC takes exactly two regions), active-active with the RTO, only in the owner stack", () => {
        const all = ofType(plans["prod-us"], "aws:arcregionswitch/plan:Plan");
        expect(all.map((p) => p.inputs.name)).toEqual(PLANS);
        for (const p of all) {
            expect((p.inputs.regions as string[]).length).toBe(2);
            expect(p.inputs).toMatchObject({ recoveryApproach: "activeActive", recoveryTimeObjectiveMinutes: 5 });
            expect(String(p.inputs.name).length).toBeLessThanOrEqual(32);
        }
        expect(all.map((p) => p.name)).toEqual(["bibox-region-switch-us-east-1-eu-west-1", "bibox-region-switch-us-east-1-ap-northeast-1", "bibox-region-switch-eu-west-1-ap-northeast-1"]);
        for (const m of ["prod-eu", "prod-ap"]) expect(ofType(plans[m], "aws:arcregionswitch/plan:Plan")).toEqual([]);
    });

    it.each(PLANS)("%s evacuates either region: each region's dial function, Aurora switchover or failover, both clusters scaled", (name) => {
        const plan = planOf(name);
        const [a, b] = plan.inputs.regions as string[];
        const [deactivate, activate] = plan.inputs.workflows as { workflowTargetAction: string; steps: Step[] }[];
        expect(deactivate.workflowTargetAction).toBe("deactivate");
        expect(deactivate.steps.map((s) => s.executionBlockType)).toEqual(["CustomActionLambda", "AuroraGlobalDatabase", "EKSResourceScaling"]);
        const fn = (r: string) => `arn:aws:lambda:${r}:123456789012:function:bibox-${r}-ga-traffic-dial`;
        expect(deactivate.steps[0].customActionLambdaConfigs![0]).toMatchObject({ lambdas: [{ arn: fn(a) }, { arn: fn(b) }], regionToRun: "activatingRegion" });
        expect(deactivate.steps[1].globalAuroraConfigs![0]).toEqual(expect.objectContaining({
            behavior: "switchoverOnly",
            ungracefuls: [{ ungraceful: "failover" }],
            globalClusterIdentifier: "bibox-pleasure",
            databaseClusterArns: [`arn:aws:rds:${a}:123456789012:cluster:bibox-${a}`, `arn:aws:rds:${b}:123456789012:cluster:bibox-${b}`],
        }));
        const scaling = deactivate.steps[2].eksResourceScalingConfigs![0];
        expect(scaling).toMatchObject({ capacityMonitoringApproach: "sampledMaxInLast24Hours", targetPercent: 150 });
        expect(scaling.eksClusters).toEqual([{ clusterArn: `arn:aws:eks:${a}:123456789012:cluster/bibox-${a}` }, { clusterArn: `arn:aws:eks:${b}:123456789012:cluster/bibox-${b}` }]);
        for (const entry of scaling.scalingResources) expect(entry.resources.map((r: { resourceName: string }) => r.resourceName)).toEqual([a, b]);
        expect(scaling.scalingResources.map((e: any) => e.resources[0].name)).toEqual(["web", "api"]);
        expect(activate.workflowTargetAction).toBe("activate");
        expect(activate.steps[0].customActionLambdaConfigs![0].lambdas).toEqual([{ arn: fn(a) }, { arn: fn(b) }]);
    });

    it("run under one role that may invoke and read every dial function, describe the clusters and list their access entries", () => {
        const policy = JSON.parse(one(plans["prod-us"], "aws:iam/rolePolicy:RolePolicy", "bibox-region-switch-role").inputs.policy as string);
        const sid = (id: string) => policy.Statement.find((st: { Sid: string }) => st.Sid === id);
        const regions = ["us-east-1", "eu-west-1", "ap-northeast-1"];
        expect(sid("TrafficDials")).toMatchObject({ Action: ["lambda:GetFunction", "lambda:InvokeFunction"], Resource: regions.map((r) => `arn:aws:lambda:${r}:123456789012:function:bibox-${r}-ga-traffic-dial`) });
        expect(sid("EksAccessEntries")).toMatchObject({ Action: "eks:ListAssociatedAccessPolicies", Resource: regions.map((r) => `arn:aws:eks:${r}:123456789012:access-entry/bibox-${r}/*`) });
        expect(sid("EksClusters").Resource).toEqual(regions.map((r) => `arn:aws:eks:${r}:123456789012:cluster/bibox-${r}`));
        expect(sid("PlanEvaluation")).toMatchObject({ Action: "iam:SimulatePrincipalPolicy", Resource: "arn:aws:iam::123456789012:role/bibox-us-east-1-region-switch" });
    });

    it("moved the owner's dial function out of the plan component with an alias, so it is not replaced", () => {
        const urn = one(plans["prod-us"], "aws:lambda/function:Function", "bibox-region-switch-dial").urn;
        expect(urn).toBe("urn:pulumi:prod-us::bibox::bibox:region:RegionStack$bibox:ops:RegionSwitchDial$aws:lambda/function:Function::bibox-region-switch-dial");
    });
});

describe("the runbook", () => {
    it("has unplanned failover and planned switchover within the RTO", () => {
        expect(total(unplannedFailover(RUNBOOK_ARGS))).toBeLessThan(300);
        expect(total(plannedSwitchover(RUNBOOK_ARGS))).toBeLessThan(300);
        expect(failback(RUNBOOK_ARGS).length).toBeGreaterThan(2);
    });

    it("starts from the slowest edge path the owner's plan declares and the objective binds", () => {
        const slowest = Math.max(...declaredFailoverPaths(planGraph(plans["prod-us"])).filter((p) => p.binding).map((p) => p.detectionSeconds));
        expect(RUNBOOK_ARGS.edgeDetectionSeconds).toBe(slowest);
    });

    it("is the table README shows", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const block = /<!-- runbook:start -->\n([\s\S]*?)\n<!-- runbook:end -->/.exec(readme)?.[1];
        expect(block).toBe(runbookMarkdown(RUNBOOK_ARGS, 300, ["us-east-1", "eu-west-1", "ap-northeast-1"]).trimEnd());
    });
});

describe("the runbook's failover figures", () => {
    it("are the program's own and equal to the pack's recovery model (the judge and the runbook agree)", () => {
        expect(RUNBOOK_ARGS.auroraFailoverSeconds).toBe(packModel.AURORA_GLOBAL_FAILOVER_SECONDS);
        expect(RUNBOOK_ARGS.cachePromotionSeconds).toBe(packModel.CACHE_PROMOTION_SECONDS);
    });
});
