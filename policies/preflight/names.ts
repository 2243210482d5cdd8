/**
 * The one table of name rules: for every physically named resource type the plans create, the
 * property holding the name, its length bounds, its character set and the service's extra rules,
 * each row with the API reference that states them. Names the program leaves to Pulumi's
 * auto-naming are not checked here (no input is set).
 */

export interface ExtraRule {
    /** True when the name breaks the rule. */
    broken: (name: string) => boolean;
    /** What the rule requires, as a clause: "must not end with a hyphen". */
    text: string;
}

export interface NameRule {
    /** Pulumi type tokens the row applies to. */
    types: readonly string[];
    /** Input path of the name, dotted (`metadata.name`). */
    property: string;
    min: number;
    max?: number;
    pattern: RegExp;
    /** The character set, in words. */
    charset: string;
    extra?: readonly ExtraRule[];
    source: string;
}

const noTrailingHyphen: ExtraRule = { broken: (n) => n.endsWith("-"), text: "must not end with a hyphen" };
const noDoubleHyphen: ExtraRule = { broken: (n) => n.includes("--"), text: "must not contain two consecutive hyphens" };
const noEdgeHyphen: ExtraRule = { broken: (n) => n.startsWith("-") || n.endsWith("-"), text: "must not begin or end with a hyphen" };
const notIp: ExtraRule = { broken: (n) => /^\d+\.\d+\.\d+\.\d+$/.test(n), text: "must not be formatted as an IP address" };
const startsWith = (prefix: string): ExtraRule => ({ broken: (n) => n.startsWith(prefix), text: `must not begin with "${prefix}"` });
const endsWith = (suffix: string): ExtraRule => ({ broken: (n) => n.endsWith(suffix), text: `must not end with "${suffix}"` });

/** RDS identifiers: a letter first; letters, digits and hyphens; no trailing or doubled hyphen. */
const rdsIdentifier = { pattern: /^[A-Za-z][A-Za-z0-9-]*$/, charset: "letters, digits and hyphens, starting with a letter", extra: [noTrailingHyphen, noDoubleHyphen] };
const iamName = { pattern: /^[\w+=,.@-]+$/, charset: "letters, digits and _+=,.@-" };
const RDS_API = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference";
const K8S_NAMES = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const NAME_RULES: readonly NameRule[] = [
    // Elastic Load Balancing v2
    { types: ["aws:lb/loadBalancer:LoadBalancer"], property: "name", min: 1, max: 32, pattern: /^[A-Za-z0-9-]+$/, charset: "letters, digits and hyphens", extra: [noEdgeHyphen, startsWith("internal-")], source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html" },
    { types: ["aws:lb/targetGroup:TargetGroup"], property: "name", min: 1, max: 32, pattern: /^[A-Za-z0-9-]+$/, charset: "letters, digits and hyphens", extra: [noEdgeHyphen], source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html" },
    // RDS
    { types: ["aws:rds/cluster:Cluster"], property: "clusterIdentifier", min: 1, max: 63, ...rdsIdentifier, source: `${RDS_API}/API_CreateDBCluster.html` },
    { types: ["aws:rds/cluster:Cluster"], property: "finalSnapshotIdentifier", min: 1, max: 255, ...rdsIdentifier, source: `${RDS_API}/API_DeleteDBCluster.html` },
    { types: ["aws:rds/clusterInstance:ClusterInstance"], property: "identifier", min: 1, max: 63, ...rdsIdentifier, source: `${RDS_API}/API_CreateDBInstance.html` },
    // The create call states no constraint; ModifyGlobalCluster states the identifier's.
    { types: ["aws:rds/globalCluster:GlobalCluster"], property: "globalClusterIdentifier", min: 1, max: 63, ...rdsIdentifier, source: `${RDS_API}/API_ModifyGlobalCluster.html` },
    { types: ["aws:rds/clusterParameterGroup:ClusterParameterGroup"], property: "name", min: 1, max: 255, ...rdsIdentifier, source: `${RDS_API}/API_CreateDBClusterParameterGroup.html` },
    { types: ["aws:rds/subnetGroup:SubnetGroup"], property: "name", min: 1, max: 255, pattern: /^[A-Za-z][A-Za-z0-9._ -]*$/, charset: "letters, digits, periods, underscores, spaces and hyphens, starting with a letter", extra: [{ broken: (n) => n.toLowerCase() === "default", text: 'must not be "default"' }], source: `${RDS_API}/API_CreateDBSubnetGroup.html` },
    // ElastiCache
    { types: ["aws:elasticache/replicationGroup:ReplicationGroup"], property: "replicationGroupId", min: 1, max: 40, ...rdsIdentifier, source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html" },
    { types: ["aws:elasticache/subnetGroup:SubnetGroup"], property: "name", min: 1, max: 255, pattern: /^[A-Za-z0-9-]+$/, charset: "letters, digits and hyphens", source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html" },
    // EKS
    { types: ["aws:eks/cluster:Cluster"], property: "name", min: 1, max: 100, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/, charset: "letters, digits, hyphens and underscores, starting with a letter or digit", source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html" },
    // The EKS API reference states no bound; the provider's does (63, letter or digit first).
    { types: ["aws:eks/nodeGroup:NodeGroup"], property: "nodeGroupName", min: 1, max: 63, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/, charset: "letters, digits, hyphens and underscores, starting with a letter or digit", source: "https://www.pulumi.com/registry/packages/aws/api-docs/eks/nodegroup/" },
    // IAM
    { types: ["aws:iam/role:Role"], property: "name", min: 1, max: 64, ...iamName, source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html" },
    { types: ["aws:iam/policy:Policy"], property: "name", min: 1, max: 128, ...iamName, source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html" },
    { types: ["aws:iam/rolePolicy:RolePolicy"], property: "name", min: 1, max: 128, ...iamName, source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html" },
    // KMS
    { types: ["aws:kms/alias:Alias"], property: "name", min: 1, max: 256, pattern: /^[A-Za-z0-9/_-]+$/, charset: "letters, digits, slashes, underscores and hyphens",
        extra: [{ broken: (n) => !n.startsWith("alias/"), text: 'must begin with "alias/"' }, { broken: (n) => n.startsWith("alias/aws/"), text: 'must not begin with "alias/aws/" (reserved for AWS managed keys)' }],
        source: "https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html" },
    // Lambda, SQS, SNS, CloudWatch, Secrets Manager
    { types: ["aws:lambda/function:Function"], property: "name", min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, charset: "letters, digits, hyphens and underscores", source: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html" },
    { types: ["aws:sqs/queue:Queue"], property: "name", min: 1, max: 80, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/, charset: 'letters, digits, hyphens and underscores (and ".fifo" for a FIFO queue)', source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html" },
    { types: ["aws:sns/topic:Topic"], property: "name", min: 1, max: 256, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/, charset: 'letters, digits, hyphens and underscores (and ".fifo" for a FIFO topic)', source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html" },
    { types: ["aws:cloudwatch/logGroup:LogGroup"], property: "name", min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, charset: "letters, digits and ._-/#", source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html" },
    { types: ["aws:cloudwatch/metricAlarm:MetricAlarm"], property: "name", min: 1, max: 255, pattern: /\S/, charset: "any characters, not only white space", source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html" },
    { types: ["aws:secretsmanager/secret:Secret"], property: "name", min: 1, max: 512, pattern: /^[A-Za-z0-9/_+=.@-]+$/, charset: "letters, digits and /_+=.@-", source: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html" },
    // AWS Backup
    { types: ["aws:backup/vault:Vault"], property: "name", min: 2, max: 50, pattern: /^[A-Za-z0-9_-]+$/, charset: "letters, digits, hyphens and underscores", source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html" },
    { types: ["aws:backup/plan:Plan"], property: "name", min: 1, max: 200, pattern: /^[A-Za-z0-9._-]+$/, charset: "letters, digits and -_.", source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlan.html" },
    { types: ["aws:backup/selection:Selection"], property: "name", min: 1, max: 50, pattern: /^[A-Za-z0-9._-]+$/, charset: "letters, digits and -_.", source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupSelection.html" },
    { types: ["aws:backup/restoreTestingPlan:RestoreTestingPlan"], property: "name", min: 1, pattern: /^[A-Za-z0-9_]+$/, charset: "letters, digits and underscores", source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html" },
    // CloudTrail, Access Analyzer, Global Accelerator
    { types: ["aws:cloudtrail/trail:Trail"], property: "name", min: 3, max: 128, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, charset: "letters, digits, periods, underscores and dashes, starting and ending with a letter or digit",
        extra: [{ broken: (n) => /[._-]{2}/.test(n), text: "must not have adjacent periods, underscores or dashes" }, notIp],
        source: "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html" },
    { types: ["aws:accessanalyzer/analyzer:Analyzer"], property: "analyzerName", min: 1, max: 255, pattern: /^[A-Za-z][A-Za-z0-9_.-]*$/, charset: "letters, digits and _.-, starting with a letter", source: "https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html" },
    { types: ["aws:globalaccelerator/accelerator:Accelerator"], property: "name", min: 1, max: 64, pattern: /^[A-Za-z0-9.-]+$/, charset: "letters, digits, periods and hyphens",
        extra: [{ broken: (n) => /^[.-]|[.-]$/.test(n), text: "must not begin or end with a hyphen or period" }],
        source: "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateAccelerator.html" },
    // S3 general purpose buckets
    { types: ["aws:s3/bucket:Bucket"], property: "bucket", min: 3, max: 63, pattern: /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/, charset: "lowercase letters, digits, periods and hyphens, starting and ending with a letter or digit",
        extra: [{ broken: (n) => n.includes(".."), text: "must not contain two adjacent periods" }, notIp, startsWith("xn--"), startsWith("sthree-"), startsWith("amzn-s3-demo-"), endsWith("-s3alias"), endsWith("--ol-s3"), endsWith(".mrap"), endsWith("--x-s3")],
        source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html" },
    // Kubernetes object names: Namespace is an RFC 1123 label, Service an RFC 1035 label, RBAC
    // objects path segments, everything else a DNS subdomain (kubernetes/kubernetes
    // pkg/apis/core/validation/validation.go ValidateNamespaceName/ValidateServiceName,
    // pkg/apis/rbac/validation ValidateRBACName).
    { types: ["kubernetes:core/v1:Namespace"], property: "metadata.name", min: 1, max: 63, pattern: DNS_LABEL, charset: "lowercase letters, digits and hyphens, starting and ending with a letter or digit (RFC 1123 label)", source: `${K8S_NAMES}#dns-label-names` },
    { types: ["kubernetes:core/v1:Service"], property: "metadata.name", min: 1, max: 63, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, charset: "lowercase letters, digits and hyphens, starting with a letter (RFC 1035 label)", source: `${K8S_NAMES}#rfc-1035-label-names` },
    { types: ["kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"],
        property: "metadata.name", min: 1, pattern: /^(?!\.{1,2}$)[^/%]+$/, charset: 'any characters but "/" and "%", and not "." or ".." (path segment)', source: `${K8S_NAMES}#path-segment-names` },
    // Helm: a release name is a DNS subdomain of at most 53 characters (helm/helm#6006;
    // the error "must match regex … and the length must not be longer than 53").
    { types: ["kubernetes:helm.sh/v3:Release"], property: "name", min: 1, max: 53, pattern: DNS_SUBDOMAIN, charset: "lowercase letters, digits, hyphens and periods (DNS subdomain)", source: "https://github.com/helm/helm/issues/6006" },
];

/** Any other Kubernetes object: a DNS subdomain name. */
export const KUBERNETES_DEFAULT: NameRule = { types: [], property: "metadata.name", min: 1, max: 253, pattern: DNS_SUBDOMAIN, charset: "lowercase letters, digits, hyphens and periods (DNS subdomain)", source: `${K8S_NAMES}#dns-subdomain-names` };

/** Pulumi Kubernetes types that are not API objects (no metadata.name of their own). */
const NOT_OBJECTS = /^kubernetes:(helm\.sh|yaml|kustomize)\//;

const byType = new Map<string, NameRule[]>();
for (const rule of NAME_RULES) for (const t of rule.types) byType.set(t, [...(byType.get(t) ?? []), rule]);

export function nameRulesFor(type: string): readonly NameRule[] {
    const rows = byType.get(type);
    if (rows) return rows;
    return type.startsWith("kubernetes:") && !NOT_OBJECTS.test(type) ? [KUBERNETES_DEFAULT] : [];
}

export interface NameProblem {
    /** What is wrong, as a clause about the name. */
    clause: string;
    /** The length problem as numbers, when it is one. */
    length?: { is: number; limit: number; bound: "max" | "min" };
}

/** Everything wrong with `name` under `rule`; empty when it is valid. */
export function validateName(rule: NameRule, name: string): NameProblem[] {
    const problems: NameProblem[] = [];
    const long = `is ${name.length} character${name.length === 1 ? "" : "s"} long`;
    if (rule.max !== undefined && name.length > rule.max) problems.push({ clause: long, length: { is: name.length, limit: rule.max, bound: "max" } });
    if (name.length < rule.min) problems.push({ clause: long, length: { is: name.length, limit: rule.min, bound: "min" } });
    if (name.length > 0 && !rule.pattern.test(name)) problems.push({ clause: `must contain only ${rule.charset}` });
    for (const x of rule.extra ?? []) if (x.broken(name)) problems.push({ clause: x.text });
    return problems;
}
