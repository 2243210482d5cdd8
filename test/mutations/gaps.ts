/**
 * Single faults for the rules that close the gaps of the public-rule-set comparison (issue #12):
 * ALB hardening, cache availability, alarms that page, Aurora observability, audit log retention,
 * world-open egress, security group descriptions, EKS and Lambda support dates, S3 ACLs and
 * incomplete uploads, Kubernetes RBAC, Lambda environment secrets. Each changes one input, removes one resource or adds one,
 * over the real plans, and names the resource the pack must refuse in a mandatory violation.
 */
import type { PlanResource } from "../../src/plan/types";
import { change, editJson, Mutation, remove } from "../helpers/mutate";
import type { Fault } from "./types";

export const T = {
    lb: "aws:lb/loadBalancer:LoadBalancer",
    cache: "aws:elasticache/replicationGroup:ReplicationGroup",
    cacheGlobal: "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    cluster: "aws:rds/cluster:Cluster",
    instance: "aws:rds/clusterInstance:ClusterInstance",
    role: "aws:iam/role:Role",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    eks: "aws:eks/cluster:Cluster",
    lambda: "aws:lambda/function:Function",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
} as const;

type Stack = Fault["stack"];
const fault = (id: string, stack: Stack, description: string, mutate: Mutation, expect: string): Fault => ({ id, stack, fault: description, mutate, expect });
const set = (type: string, name: string, key: string, value: unknown): Mutation => change(type, name, (r) => { r.inputs[key] = value; });
const unset = (type: string, name: string, key: string): Mutation => change(type, name, (r) => { delete r.inputs[key]; });
const rules = (r: PlanResource) => r.inputs.rules as Record<string, any>[];

export const faults: Fault[] = [
    // --- ALB hardening (alb-hardening)
    fault("alb-keeps-invalid-headers", "prod-us", "The origin ALB's dropInvalidHeaderFields is removed (default false).",
        unset(T.lb, "bibox-edge-origin-alb", "dropInvalidHeaderFields"), "Load balancer bibox-edge-origin-alb passes headers with invalid field names"),
    fault("alb-desync-monitor", "prod-eu", "The origin ALB only monitors HTTP desync.",
        set(T.lb, "bibox-edge-origin-alb", "desyncMitigationMode", "monitor"), "Load balancer bibox-edge-origin-alb only monitors HTTP desync"),
    fault("alb-no-deletion-protection", "prod-ap", "The origin ALB's deletion protection is turned off.",
        set(T.lb, "bibox-edge-origin-alb", "enableDeletionProtection", false), "Load balancer bibox-edge-origin-alb faces the internet without deletion protection"),
    fault("alb-waf-fail-open", "prod-us", "The origin ALB forwards requests when WAF is unreachable.",
        set(T.lb, "bibox-edge-origin-alb", "enableWafFailOpen", true), "Load balancer bibox-edge-origin-alb forwards requests when AWS WAF cannot inspect them"),

    // --- Cache availability (cache-availability)
    fault("cache-primary-no-failover", "prod-us", "The primary cache group's automaticFailoverEnabled is removed (default false).",
        unset(T.cache, "bibox-cache-group", "automaticFailoverEnabled"), "Replication group bibox-cache-group does not fail over on its own"),
    fault("cache-secondary-single-az", "prod-eu", "The eu-west-1 secondary is not Multi-AZ.",
        set(T.cache, "bibox-cache-group", "multiAzEnabled", false), "Replication group bibox-cache-group is not Multi-AZ"),
    fault("cache-secondary-one-node", "prod-ap", "The ap-northeast-1 secondary has one node.",
        set(T.cache, "bibox-cache-group", "numCacheClusters", 1), "Replication group bibox-cache-group has 1 node"),
    fault("cache-nodes-one-zone", "prod-us", "Both nodes of the primary are placed in us-east-1a.",
        set(T.cache, "bibox-cache-group", "preferredCacheClusterAzs", ["us-east-1a", "us-east-1a"]), "Replication group bibox-cache-group places all its nodes in us-east-1a"),
    fault("cache-global-failover-off", "prod-us", "The global datastore turns automatic failover off.",
        set(T.cacheGlobal, "bibox-cache-global", "automaticFailoverEnabled", false), "Global datastore bibox-cache-global turns automatic failover off"),

    // --- Alarms that page (alarms-page)
    fault("alarm-actions-disabled", "prod-eu", "The Aurora replication-lag alarm has its actions disabled.",
        set(T.alarm, "bibox-observability-aurora-replication-lag", "actionsEnabled", false), "Alarm bibox-observability-aurora-replication-lag has its actions disabled"),
    fault("alarm-no-actions", "prod-ap", "The ALB 5xx alarm loses its alarmActions.",
        unset(T.alarm, "bibox-observability-alb-5xx-rate", "alarmActions"), "Alarm bibox-observability-alb-5xx-rate has no alarmActions"),
    fault("alarm-foreign-topic", "prod-us", "The Karpenter queue-age alarm pages a topic of another account.",
        set(T.alarm, "bibox-observability-karpenter-interruption-queue-age", "alarmActions", ["arn:aws:sns:us-east-1:210987654321:ops-alerts"]), "Alarm bibox-observability-karpenter-interruption-queue-age sends its alarm to arn:aws:sns:us-east-1:210987654321:ops-alerts, no SNS topic of this stack"),
    fault("alerts-topic-unsubscribed", "prod-us", "The on-call subscription of the alerts topic is removed.",
        remove(T.subscription, "bibox-observability-on-call"), "SNS topic bibox-observability-alerts receives 9 alarms"),

    // --- Aurora observability (aurora-observability)
    fault("aurora-no-log-export", "prod-us", "The Aurora cluster exports no log to CloudWatch Logs.",
        unset(T.cluster, "bibox-aurora-cluster", "enabledCloudwatchLogsExports"), "Aurora cluster bibox-aurora-cluster does not export its postgresql log"),
    fault("aurora-no-tag-copy", "prod-eu", "The Aurora cluster does not copy tags to snapshots.",
        set(T.cluster, "bibox-aurora-cluster", "copyTagsToSnapshot", false), "Aurora cluster bibox-aurora-cluster does not copy its tags to snapshots"),
    fault("aurora-no-enhanced-monitoring", "prod-ap", "An Aurora instance turns Enhanced Monitoring off.",
        set(T.instance, "bibox-aurora-ap-northeast-1c", "monitoringInterval", 0), "Aurora instance bibox-aurora-ap-northeast-1c has no Enhanced Monitoring"),
    fault("aurora-monitoring-role-untrusted", "prod-us", "The Enhanced Monitoring role trusts EC2 instead of monitoring.rds.amazonaws.com.",
        change(T.role, "bibox-aurora-monitoring", (r) => editJson(r, "assumeRolePolicy", (d) => { d.Statement[0].Principal.Service = "ec2.amazonaws.com"; })),
        "Aurora instance bibox-aurora-us-east-1a cannot deliver Enhanced Monitoring: its monitoring role bibox-aurora-monitoring does not trust monitoring.rds.amazonaws.com"),
    fault("aurora-no-performance-insights", "prod-eu", "An Aurora instance's performanceInsightsEnabled is removed (default false).",
        unset(T.instance, "bibox-aurora-eu-west-1b", "performanceInsightsEnabled"), "Aurora instance bibox-aurora-eu-west-1b does not run Performance Insights"),

    // --- Audit log retention (log-retention)
    fault("flow-logs-kept-30-days", "prod-us", "The VPC flow log group keeps 30 days.",
        set(T.logGroup, "bibox-network-flow-logs", "retentionInDays", 30), "Log group bibox-network-flow-logs holds VPC flow logs but keeps them 30 days"),
    fault("waf-logs-kept-30-days", "prod-eu", "The WAF log group keeps 30 days.",
        set(T.logGroup, "bibox-edge-origin-waf-logs", "retentionInDays", 30), "Log group bibox-edge-origin-waf-logs holds WAF request logs but keeps them 30 days"),
    fault("eks-logs-delivery-class", "prod-ap", "The EKS control-plane log group is of class DELIVERY (2 days).",
        set(T.logGroup, "bibox-eks-control-plane", "logGroupClass", "DELIVERY"), "Log group bibox-eks-control-plane holds EKS control-plane logs but keeps them 2 days"),

    // --- World-open egress and descriptions (no-open-egress, sg-described)
    fault("alb-egress-to-world", "prod-us", "The origin ALB's security group may send 443 to 0.0.0.0/0, with no reason given.",
        change(T.sg, "bibox-edge-origin-alb-sg", (r) => { (r.inputs.egress as Record<string, unknown>[]).push({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS out" }); }),
        "Security group bibox-edge-origin-alb-sg (egress rule 2) allows egress of tcp 443 to 0.0.0.0/0 without a \"public:\" reason"),
    fault("cache-sg-default-description", "prod-eu", "The cache security group's description is removed (default \"Managed by Pulumi\").",
        unset(T.sg, "bibox-cache-sg", "description"), "Security group bibox-cache-sg has no description of its own"),
    fault("aurora-sg-rule-undescribed", "prod-ap", "The Aurora security group's ingress rule loses its description.",
        change(T.sg, "bibox-aurora-sg", (r) => { delete (r.inputs.ingress as Record<string, unknown>[])[0].description; }), "Security group bibox-aurora-sg: ingress rule 1 (tcp 5432) has no description"),

    // --- Support dates (eks-standard-support, lambda-runtime-supported)
    fault("eks-version-out-of-standard-support", "prod-eu", "The EKS cluster runs Kubernetes 1.33 (standard support ended 2026-07-29).",
        set(T.eks, "bibox-eks-cluster", "version", "1.33"), "EKS cluster bibox-eks-cluster runs Kubernetes 1.33, whose EKS standard support ended on 2026-07-29"),
    fault("eks-version-not-in-calendar", "prod-ap", "The EKS cluster asks for Kubernetes 1.37, which the pack's calendar does not list.",
        set(T.eks, "bibox-eks-cluster", "version", "1.37"), "EKS cluster bibox-eks-cluster runs Kubernetes 1.37, which the pack's EKS calendar does not list"),
    fault("lambda-deprecated-runtime", "prod-us", "The region-switch dial runs nodejs18.x (deprecated 2025-09-01).",
        set(T.lambda, "bibox-region-switch-dial", "runtime", "nodejs18.x"), "Lambda function bibox-region-switch-dial runs nodejs18.x, which AWS Lambda deprecated on 2025-09-01"),
    fault("lambda-runtime-unset", "prod-eu", "The region-switch dial's runtime is removed.",
        unset(T.lambda, "bibox-region-switch-dial", "runtime"), "Lambda function bibox-region-switch-dial sets no runtime"),

    fault("lambda-env-pulumi-secret", "prod-ap", "The region-switch dial gets a Pulumi secret as an environment variable.",
        change(T.lambda, "bibox-region-switch-dial", (r) => { (r.inputs.environment as { variables: Record<string, string> }).variables.PAGER_KEY = "[secret]"; }), "Lambda function bibox-region-switch-dial keeps PAGER_KEY in its environment, and its value is a Pulumi secret"),
    fault("lambda-env-token-in-clear", "prod-us", "The region-switch dial gets an API token in clear as an environment variable.",
        change(T.lambda, "bibox-region-switch-dial", (r) => { (r.inputs.environment as { variables: Record<string, string> }).variables.SLACK_TOKEN = "xoxb-1234-5678"; }), "Lambda function bibox-region-switch-dial keeps SLACK_TOKEN in its environment"),

    // --- S3 (s3-acls-disabled, s3-abort-incomplete-uploads)
    fault("media-bucket-acls-enabled", "prod-ap", "The media bucket's Object Ownership is ObjectWriter (ACLs enabled).",
        change(T.ownership, "bibox-media-ownership", (r) => { r.inputs.rule = { objectOwnership: "ObjectWriter" }; }), "Bucket bibox-media-bucket has ACLs enabled (objectOwnership ObjectWriter in bibox-media-ownership)"),
    fault("media-lifecycle-no-abort", "prod-us", "The media lifecycle loses its abort-incomplete-uploads rule.",
        change(T.lifecycle, "bibox-media-lifecycle", (r) => { r.inputs.rules = rules(r).filter((x) => x.id !== "abort-incomplete-uploads"); }), "Lifecycle configuration bibox-media-lifecycle does not abort incomplete multipart uploads across the bucket"),
    fault("media-lifecycle-abort-one-prefix", "prod-eu", "The media lifecycle aborts incomplete uploads under uploads/ only.",
        change(T.lifecycle, "bibox-media-lifecycle", (r) => { rules(r).find((x) => x.id === "abort-incomplete-uploads")!.filter = { prefix: "uploads/" }; }), "Lifecycle configuration bibox-media-lifecycle does not abort incomplete multipart uploads across the bucket (abort-incomplete-uploads covers only part of it)"),

    // --- Kubernetes RBAC (k8s-rbac-least-privilege)
    fault("scraper-role-wildcard-verbs", "prod-us", "The metrics scraper's ClusterRole grants every verb on its core resources.",
        change(T.clusterRole, "bibox-observability-scraper", (r) => { rules(r)[0].verbs = ["*"]; }), "ClusterRole aps-collector-role (bibox-observability-scraper) rule 1 grants * in verbs"),
    fault("scraper-role-impersonates", "prod-ap", "The metrics scraper's ClusterRole may impersonate users.",
        change(T.clusterRole, "bibox-observability-scraper", (r) => { rules(r).push({ apiGroups: [""], resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] }); }), "ClusterRole aps-collector-role (bibox-observability-scraper) rule 4 grants the impersonate verb"),
];
