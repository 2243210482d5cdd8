import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { REPLICATION_TIME_MINUTES, destinationRegions } from "../data/media-policies";
import { Account, alertsKeyPolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { mediaBucketName, regionalName, regionPrefix } from "../lib/naming";
import { auroraLagThresholdMs, ERROR_RATE_PERCENT, queueAgeThresholdSeconds, s3LatencyThresholdSeconds, unhealthyTargetAlarm } from "./thresholds";

export interface ObservabilityArgs {
    /** The stack's region: names the topic, the alarms and the Prometheus workspace. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** Every region of the active-active set: media replication to each of the others is watched. */
    regions: readonly string[];
    /** Who the alert topic pages. */
    onCall: {
        /** The subscription's protocol: a paging webhook or e-mail. */
        protocol: "https" | "email";
        /** The webhook URL or address (secret: bibox:onCallEndpoint). */
        endpoint: pulumi.Input<string>;
    };
    /** The objectives the alarms are derived from. */
    objectives: {
        /** The edge failover objective: unhealthy targets must alarm within it. */
        edgeFailoverSeconds: number;
    };
    /** The region's Aurora cluster, for the replication-lag alarm. */
    aurora: {
        /** The regional cluster's identifier (the alarm's dimension). */
        clusterIdentifier: string;
        /** rds.global_db_rpo: the alarm fires at half of it. */
        globalDbRpoSeconds: number;
    };
    /** Whether the media bucket replicates (no latency alarms while bring-up has it off). */
    mediaReplication: boolean;
    /** The origin ALB, for the 5xx and unhealthy-target alarms. */
    alb: {
        /** `app/<name>/<id>`: the alarms' LoadBalancer dimension. */
        arnSuffix: pulumi.Input<string>;
        /** `targetgroup/<name>/<id>` by service: one unhealthy-target alarm each. */
        targetGroupArnSuffixes: Record<string, pulumi.Input<string>>;
    };
    /** Karpenter's interruption queue: an alarm when its oldest message waits too long. */
    interruptionQueueName: pulumi.Input<string>;
    /** The region's cluster, which the managed Prometheus scraper reads. */
    eks: {
        /** The cluster's name as an output: the scraper's access entry waits for the cluster. */
        cluster: pulumi.Input<string>;
        /** The cluster the scraper collects from. */
        clusterArn: pulumi.Input<string>;
        /** Subnets of the scraper's network interfaces. */
        subnetIds: pulumi.Input<string>[];
        /** Security group of the scraper's network interfaces. */
        securityGroupId: pulumi.Input<string>;
        /** The cluster's Kubernetes provider: the scraper's ClusterRole and binding. */
        k8sProvider: k8s.Provider;
    };
}

/** What the managed scraper collects: the API server, kubelets' cAdvisor and annotated pods. */
export const SCRAPE_CONFIGURATION = `global:
  scrape_interval: 30s
scrape_configs:
  - job_name: apiserver
    kubernetes_sd_configs: [{ role: endpoints }]
    scheme: https
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    relabel_configs:
      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]
        action: keep
        regex: default;kubernetes;https
  - job_name: kubelet-cadvisor
    kubernetes_sd_configs: [{ role: node }]
    scheme: https
    metrics_path: /metrics/cadvisor
  - job_name: pods
    kubernetes_sd_configs: [{ role: pod }]
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
        action: keep
        regex: "true"
`;

const SCRAPER_USER = "aps-collector-user";

/**
 * Seeing trouble before users do: an encrypted alert topic paging on-call; alarms on Aurora
 * global replication lag, S3 replication latency and failures, AWS Backup job failures, ALB 5xx
 * and unhealthy targets, and the Karpenter interruption queue's age — every threshold derived from
 * the objective or setting it guards; and a managed Prometheus workspace with a managed scraper.
 */
export class Observability extends pulumi.ComponentResource {
    public readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:ops:Observability", name, {}, opts);
        const parent = { parent: this };
        const scope = scopeIn(args.account, args.region);

        const topicName = regionalName(args.region, "alerts");
        const alertsPolicy = scope.apply((s) => alertsKeyPolicy({ ...s, topicArn: `arn:${s.partition}:sns:${args.region}:${s.accountId}:${topicName}` }));
        const key = customerKey(`${name}-alerts-key`, { description: "Alert topic", alias: "alias/bibox-alerts", policy: alertsPolicy }, this);
        const topic = new aws.sns.Topic(`${name}-alerts`, { name: topicName, kmsMasterKeyId: key.arn }, parent);
        new aws.sns.TopicPolicy(`${name}-alerts`, {
            arn: topic.arn,
            policy: pulumi.all([topic.arn, scope]).apply(([arn, s]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "AlarmsAndEventsPublish",
                    Effect: "Allow",
                    Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                    Action: "sns:Publish",
                    Resource: arn,
                    Condition: { StringEquals: { "aws:SourceAccount": s.accountId } },
                }],
            })),
        }, parent);
        new aws.sns.TopicSubscription(`${name}-on-call`, { topic: topic.arn, protocol: args.onCall.protocol, endpoint: args.onCall.endpoint }, parent);

        const alarm = (role: string, a: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "name">) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${role}`, { name: regionalName(args.region, role), alarmActions: [topic.arn], okActions: [topic.arn], ...a }, parent);

        alarm("aurora-replication-lag", {
            alarmDescription: `Aurora global replication lag above half of rds.global_db_rpo (${args.aurora.globalDbRpoSeconds} s): commits will soon wait`,
            namespace: "AWS/RDS",
            metricName: "AuroraGlobalDBReplicationLag",
            dimensions: { DBClusterIdentifier: args.aurora.clusterIdentifier },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 1,
            threshold: auroraLagThresholdMs(args.aurora.globalDbRpoSeconds),
            comparisonOperator: "GreaterThanThreshold",
            // The primary publishes no lag: silence there is health, not alarm.
            treatMissingData: "notBreaching",
        });

        if (args.mediaReplication) {
            for (const dest of destinationRegions(args.region, args.regions)) {
                const dimensions = scope.apply((s) => ({ SourceBucket: mediaBucketName(args.region, s.accountId), DestinationBucket: mediaBucketName(dest, s.accountId), RuleId: `to-${dest}` }));
                alarm(`s3-replication-latency-${dest}`, {
                    alarmDescription: `Media replication to ${dest} beyond the ${REPLICATION_TIME_MINUTES}-minute RTC window`,
                    namespace: "AWS/S3",
                    metricName: "ReplicationLatency",
                    dimensions,
                    statistic: "Maximum",
                    period: 60,
                    evaluationPeriods: 5,
                    threshold: s3LatencyThresholdSeconds(REPLICATION_TIME_MINUTES),
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                });
                alarm(`s3-replication-failed-${dest}`, {
                    alarmDescription: `Media objects failing to replicate to ${dest}`,
                    namespace: "AWS/S3",
                    metricName: "OperationsFailedReplication",
                    dimensions,
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: 0,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching",
                });
            }
        }

        const backupFailures = new aws.cloudwatch.EventRule(`${name}-backup-failures`, {
            description: "AWS Backup, copy and restore jobs that failed or were aborted",
            eventPattern: JSON.stringify({
                source: ["aws.backup"],
                "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
                detail: { state: ["FAILED", "ABORTED", "EXPIRED"] },
            }),
        }, parent);
        new aws.cloudwatch.EventTarget(`${name}-backup-failures`, { rule: backupFailures.name, arn: topic.arn }, parent);

        alarm("alb-5xx-rate", {
            alarmDescription: `More than ${ERROR_RATE_PERCENT} % of origin requests answered 5xx`,
            evaluationPeriods: 2,
            threshold: ERROR_RATE_PERCENT,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            metricQueries: [
                { id: "rate", expression: "100 * (errors + elb) / MAX([requests, 1])", label: "5xx %", returnData: true },
                ...[["errors", "HTTPCode_Target_5XX_Count"], ["elb", "HTTPCode_ELB_5XX_Count"], ["requests", "RequestCount"]].map(([id, metricName]) => ({
                    id,
                    metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: { LoadBalancer: args.alb.arnSuffix }, period: 60, stat: "Sum" },
                })),
            ],
        });
        const unhealthy = unhealthyTargetAlarm(args.objectives.edgeFailoverSeconds);
        for (const [svc, suffix] of Object.entries(args.alb.targetGroupArnSuffixes)) {
            alarm(`alb-unhealthy-${svc}`, {
                alarmDescription: `Unhealthy ${svc} targets, noticed within the ${args.objectives.edgeFailoverSeconds} s edge failover objective`,
                namespace: "AWS/ApplicationELB",
                metricName: "UnHealthyHostCount",
                dimensions: { LoadBalancer: args.alb.arnSuffix, TargetGroup: suffix },
                statistic: "Maximum",
                ...unhealthy,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "breaching",
            });
        }
        alarm("karpenter-interruption-queue-age", {
            alarmDescription: "Karpenter is not reading interruption warnings in time",
            namespace: "AWS/SQS",
            metricName: "ApproximateAgeOfOldestMessage",
            dimensions: { QueueName: args.interruptionQueueName },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 1,
            threshold: queueAgeThresholdSeconds(),
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        });

        // Managed Prometheus: a workspace per region, fed by an agentless scraper in the cluster's VPC.
        const workspace = new aws.amp.Workspace(`${name}-prometheus`, { alias: regionPrefix(args.region), kmsKeyArn: key.arn }, parent);
        const scraper = new aws.amp.Scraper(`${name}-scraper`, {
            alias: regionPrefix(args.region),
            source: { eks: { clusterArn: args.eks.clusterArn, subnetIds: args.eks.subnetIds, securityGroupIds: [args.eks.securityGroupId] } },
            destination: { amp: { workspaceArn: workspace.arn } },
            scrapeConfiguration: SCRAPE_CONFIGURATION,
        }, parent);
        const k8sOpts = { parent: this, provider: args.eks.k8sProvider };
        const scraperRole = new k8s.rbac.v1.ClusterRole(`${name}-scraper`, {
            metadata: { name: "aps-collector-role" },
            rules: [
                { apiGroups: [""], resources: ["nodes", "nodes/proxy", "nodes/metrics", "services", "endpoints", "pods", "ingresses", "configmaps"], verbs: ["describe", "get", "list", "watch"] },
                { apiGroups: ["extensions", "networking.k8s.io"], resources: ["ingresses/status", "ingresses"], verbs: ["describe", "get", "list", "watch"] },
                { nonResourceURLs: ["/metrics"], verbs: ["get"] },
            ],
        }, k8sOpts);
        new k8s.rbac.v1.ClusterRoleBinding(`${name}-scraper`, {
            metadata: { name: "aps-collector-user-role-binding" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "aps-collector-role" },
            subjects: [{ kind: "User", name: SCRAPER_USER, apiGroup: "rbac.authorization.k8s.io" }],
        }, { ...k8sOpts, dependsOn: [scraperRole] });
        new aws.eks.AccessEntry(`${name}-scraper`, { clusterName: args.eks.cluster, principalArn: scraper.roleArn, type: "STANDARD", userName: SCRAPER_USER }, parent);

        this.topicArn = topic.arn;
        this.registerOutputs({ topicArn: this.topicArn, prometheusWorkspace: workspace.arn });
    }
}
