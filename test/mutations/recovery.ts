/**
 * Single faults of the recovery rules over the real plans (issue #12 item 6): capacity, stores and
 * backups, replicas, edge failover. Each changes one input, removes one resource or adds one (or
 * changes the pack's config), and expects a mandatory violation naming the pool, store or resource.
 */
import type { PackConfig } from "../../src/plan/policy-runner";
import type { PlanResource } from "../../src/plan/types";
import { change, editJson, remove } from "../helpers/mutate";

export type { Fault } from "./types";
import type { Fault } from "./types";

const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const BUCKET = "aws:s3/bucket:Bucket";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const CLUSTER = "aws:rds/cluster:Cluster";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor";
const POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool";
const FASTLY = "fastly:index/serviceVcl:ServiceVcl";
const AKAMAI = "akamai:index/property:Property";

type Req = { key: string; operator: string; values: string[] };
const spec = (r: PlanResource) => r.inputs.spec as { limits?: Record<string, string>; template: { spec: { requirements: Req[] } } };
const requirement = (r: PlanResource, key: string) => spec(r).template.spec.requirements.find((q) => q.key === key)!;
const rules = (r: PlanResource) => r.inputs.rules as Record<string, unknown>[];
const fleet = (edit: (pools: Record<string, Record<string, unknown>>) => void): PackConfig => {
    const pools: Record<string, Record<string, unknown>> = {
        NP_SYS: { instanceType: "m7g.large", capacityType: "on-demand", nodesPerRegion: 3 },
        NP_CPU: { instanceType: "m7g.4xlarge", capacityType: "on-demand", globalNodes: 250 },
        NP_GPU: { instanceType: "g5.2xlarge", capacityType: "on-demand", globalNodes: 60 },
        NP_SPOT: { instanceType: "c7g.4xlarge", capacityType: "spot", globalNodes: 40 },
    };
    edit(pools);
    return { "recovery-capacity": { nodePools: pools } };
};
/** A resource of the stack's own provider, parent and URN shape, added by a fault. */
const added = (like: (rs: PlanResource[]) => PlanResource, type: string, name: string, inputs: Record<string, unknown>) => (rs: PlanResource[]): PlanResource[] => {
    const base = like(rs);
    const urn = `${base.urn.slice(0, base.urn.lastIndexOf("$") + 1)}${type}::${name}`;
    return [...rs, { ...structuredClone(base), urn, type, name, inputs: structuredClone(inputs), dependencies: [], protect: true }];
};
const bucketOf = (rs: PlanResource[]) => rs.find((r) => r.type === BUCKET && r.name === "bibox-media-bucket")!;

export const faults: Fault[] = [
    // Capacity: pools matched by what NodePools admit, figures from the pack's own table.
    { id: "np-cpu-limit-halved", stack: "prod-us", fault: "np-cpu's cpu limit halved to 1000", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).limits!.cpu = "1000"; }), expect: "NP_CPU (m7g.4xlarge, on-demand): 2 surviving regions × 62 nodes" },
    { id: "np-spot-memory-limit-halved", stack: "prod-eu", fault: "np-spot's memory limit halved to 1280Gi (its largest type has 128 GiB)", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-spot", (r) => { spec(r).limits!.memory = "1280Gi"; }), expect: "NP_SPOT (c7g.4xlarge, spot): 2 surviving regions × 10 nodes" },
    { id: "np-gpu-gpu-limit-lowered", stack: "prod-ap", fault: "np-gpu's nvidia.com/gpu limit lowered to 20", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-gpu", (r) => { spec(r).limits!["nvidia.com/gpu"] = "20"; }), expect: "NP_GPU (g5.2xlarge, on-demand): 2 surviving regions × 20 nodes" },
    { id: "np-cpu-type-dropped", stack: "prod-us", fault: "np-cpu no longer lists m7g.4xlarge", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-cpu", (r) => { requirement(r, "node.kubernetes.io/instance-type").values = ["m7gd.4xlarge"]; }), expect: "NP_CPU (m7g.4xlarge, on-demand): no Karpenter NodePool admits" },
    { id: "np-cpu-capacity-spot", stack: "prod-eu", fault: "np-cpu's capacity type becomes spot", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-cpu", (r) => { requirement(r, "karpenter.sh/capacity-type").values = ["spot"]; }), expect: "NP_CPU (m7g.4xlarge, on-demand): no Karpenter NodePool admits" },
    { id: "np-gpu-removed", stack: "prod-ap", fault: "the np-gpu NodePool is removed", mutate: remove(NODE_POOL, "bibox-eks-karpenter-np-gpu"), expect: "NP_GPU (g5.2xlarge, on-demand): no Karpenter NodePool admits" },
    { id: "np-gpu-arch-arm", stack: "prod-us", fault: "np-gpu's arch requirement becomes arm64 (g5 is amd64)", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-gpu", (r) => { requirement(r, "kubernetes.io/arch").values = ["arm64"]; }), expect: "NP_GPU (g5.2xlarge, on-demand): no Karpenter NodePool admits" },
    { id: "np-spot-unknown-type", stack: "prod-us", fault: "np-spot may also launch c7g.12xlarge, which the pack cannot size", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-spot", (r) => { requirement(r, "node.kubernetes.io/instance-type").values.push("c7g.12xlarge"); }), expect: "NP_SPOT (c7g.4xlarge, spot): cannot size NodePool np-spot may launch c7g.12xlarge" },
    { id: "np-cpu-open-types", stack: "prod-eu", fault: "np-cpu's instance-type list is replaced by instance-family m7g", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-cpu", (r) => { Object.assign(requirement(r, "node.kubernetes.io/instance-type"), { key: "karpenter.k8s.aws/instance-family", values: ["m7g"] }); }), expect: "NP_CPU (m7g.4xlarge, on-demand): cannot size NodePool np-cpu lists no node.kubernetes.io/instance-type" },
    { id: "np-spot-admits-on-demand", stack: "prod-ap", fault: "np-spot also admits on-demand, so it carries NP_CPU's type too", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-spot", (r) => { requirement(r, "karpenter.sh/capacity-type").values = ["spot", "on-demand"]; }), expect: "NP_CPU (m7g.4xlarge, on-demand): NodePool np-spot also admits" },
    { id: "np-cpu-limit-garbage", stack: "prod-us", fault: "np-cpu's memory limit is not a quantity", mutate: change(NODE_POOL, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).limits!.memory = "lots"; }), expect: "could not judge NP_CPU" },
    { id: "np-sys-min-below-three", stack: "prod-us", fault: "the system node group's minSize drops to 2", mutate: change(NODE_GROUP, "bibox-eks-np-sys", (r) => { (r.inputs.scalingConfig as Record<string, number>).minSize = 2; }), expect: "NP_SYS (m7g.large, on-demand), 3 per region: node group bibox-eks-np-sys scalingConfig.minSize is 2 < 3" },
    { id: "np-sys-desired-below-three", stack: "prod-eu", fault: "the system node group's desiredSize drops to 1", mutate: change(NODE_GROUP, "bibox-eks-np-sys", (r) => { (r.inputs.scalingConfig as Record<string, number>).desiredSize = 1; }), expect: "NP_SYS (m7g.large, on-demand), 3 per region: node group bibox-eks-np-sys scalingConfig.desiredSize is 1 < 3" },
    { id: "np-sys-spot", stack: "prod-ap", fault: "the system node group runs on spot", mutate: change(NODE_GROUP, "bibox-eks-np-sys", (r) => { r.inputs.capacityType = "SPOT"; }), expect: "NP_SYS (m7g.large, on-demand), 3 per region: no EKS managed node group runs m7g.large" },
    { id: "fleet-grows-past-limits", stack: "prod-us", fault: "the configured NP_CPU fleet grows to 400 nodes", mutate: (rs) => rs, config: fleet((p) => { p.NP_CPU.globalNodes = 400; }), expect: "NP_CPU (m7g.4xlarge, on-demand): 2 surviving regions × 125 nodes (NodePool np-cpu 125) = 250 < the global fleet of 400" },
    { id: "fleet-unknown-instance-type", stack: "prod-eu", fault: "the configured NP_GPU pool moves to g6.2xlarge, which the pack cannot size", mutate: (rs) => rs, config: fleet((p) => { p.NP_GPU.instanceType = "g6.2xlarge"; }), expect: "NP_GPU (g6.2xlarge, on-demand): cannot size g6.2xlarge" },

    // Stores and backups: what must exist for every store, tagged or not.
    { id: "selection-selects-nothing", stack: "prod-us", fault: "the backup selection's tag value becomes \"false\"", mutate: change(SELECTION, "bibox-backups-selection", (r) => { (r.inputs.selectionTags as { value: string }[])[0].value = "false"; }), expect: "Aurora bibox-aurora-cluster is selected by no AWS Backup selection" },
    { id: "media-bucket-loses-tag", stack: "prod-eu", fault: "the media bucket loses its bibox:backup tag", mutate: change(BUCKET, "bibox-media-bucket", (r) => { delete r.inputs.tags; }), expect: "S3 bibox-media-bucket is selected by no AWS Backup selection" },
    { id: "aurora-loses-tag", stack: "prod-ap", fault: "the Aurora cluster loses its bibox:backup tag", mutate: change(CLUSTER, "bibox-aurora-cluster", (r) => { delete r.inputs.tags; }), expect: "Aurora bibox-aurora-cluster is selected by no AWS Backup selection" },
    { id: "new-bucket-untagged", stack: "prod-us", fault: "a new data bucket is added without the backup tag", mutate: added(bucketOf, BUCKET, "bibox-uploads-bucket", { bucket: "bibox-uploads-us-east-1-123456789012", forceDestroy: false }), expect: "S3 bibox-uploads-bucket is selected by no AWS Backup selection" },
    { id: "new-dynamodb-table", stack: "prod-eu", fault: "a DynamoDB table is added with neither backup tag nor replicas", mutate: added(bucketOf, "aws:dynamodb/table:Table", "bibox-ledger-table", { name: "bibox-ledger", hashKey: "id", billingMode: "PAY_PER_REQUEST" }), expect: "DynamoDB bibox-ledger-table has no replica in us-east-1, ap-northeast-1" },
    { id: "copies-to-local-vault", stack: "prod-us", fault: "the backup plan's copies go to its own region's vault", mutate: change(PLAN, "bibox-backups-plan", (r) => { for (const c of rules(r)[0].copyActions as { destinationVaultArn: string }[]) c.destinationVaultArn = "arn:aws:backup:us-east-1:123456789012:backup-vault:bibox-us-east-1"; }), expect: "Backup plan bibox-backups-plan copies no recovery point out of its region us-east-1" },
    { id: "copy-actions-removed", stack: "prod-eu", fault: "the backup plan's copy actions are removed", mutate: change(PLAN, "bibox-backups-plan", (r) => { delete rules(r)[0].copyActions; }), expect: "S3 bibox-media-bucket: no backup plan that selects it (bibox-backups-plan) copies its recovery points to a vault outside eu-west-1" },
    { id: "vault-lock-governance", stack: "prod-ap", fault: "the vault lock loses changeableForDays (governance mode)", mutate: change(LOCK, "bibox-backups-lock", (r) => { delete r.inputs.changeableForDays; }), expect: "Backup plan bibox-backups-plan writes to vault bibox-ap-northeast-1, whose Vault Lock is in governance mode" },
    { id: "vault-lock-removed", stack: "prod-us", fault: "the vault lock is removed", mutate: remove(LOCK, "bibox-backups-lock"), expect: "Aurora bibox-aurora-cluster: its backup plans write only to bibox-us-east-1 (lock: none)" },
    { id: "continuous-backup-off", stack: "prod-eu", fault: "the continuous-backup rule is turned off", mutate: change(PLAN, "bibox-backups-plan", (r) => { rules(r)[1].enableContinuousBackup = false; }), expect: "Backup plan bibox-backups-plan: best RPO is 43200 s (12h)" },
    { id: "plan-writes-to-foreign-vault", stack: "prod-ap", fault: "the continuous rule writes to a vault the stack does not create", mutate: change(PLAN, "bibox-backups-plan", (r) => { rules(r)[1].targetVaultName = "bibox-shared"; }), expect: "Backup plan bibox-backups-plan writes to vault bibox-shared, which this stack does not create" },
    { id: "aurora-retention-1-day", stack: "prod-us", fault: "Aurora backupRetentionPeriod set to 1 day", mutate: change(CLUSTER, "bibox-aurora-cluster", (r) => { r.inputs.backupRetentionPeriod = 1; }), expect: "Aurora bibox-aurora-cluster keeps automated backups 1 day(s)" },
    { id: "aurora-retention-deleted", stack: "prod-eu", fault: "Aurora backupRetentionPeriod deleted (provider default 1 day)", mutate: change(CLUSTER, "bibox-aurora-cluster", (r) => { delete r.inputs.backupRetentionPeriod; }), expect: "Aurora bibox-aurora-cluster keeps automated backups 1 day(s) (the provider's default)" },
    { id: "aurora-skip-final-snapshot", stack: "prod-ap", fault: "Aurora skipFinalSnapshot set to true", mutate: change(CLUSTER, "bibox-aurora-cluster", (r) => { r.inputs.skipFinalSnapshot = true; }), expect: "Aurora bibox-aurora-cluster sets skipFinalSnapshot" },

    // Replicas: every other region holds one of every store.
    { id: "replication-rule-disabled", stack: "prod-us", fault: "the media bucket's rule to eu-west-1 is Disabled", mutate: change(REPLICATION, "bibox-media-replication", (r) => { rules(r).find((x) => x.id === "to-eu-west-1")!.status = "Disabled"; }), expect: "S3 bibox-media-bucket has no replica in eu-west-1" },
    { id: "replication-destination-removed", stack: "prod-eu", fault: "the media bucket's rule to us-east-1 is removed (three copies become two)", mutate: change(REPLICATION, "bibox-media-replication", (r) => { r.inputs.rules = rules(r).filter((x) => x.id !== "to-us-east-1"); }), expect: "S3 bibox-media-bucket has no replica in us-east-1" },
    { id: "replication-config-removed", stack: "prod-ap", fault: "the media bucket's replication configuration is removed", mutate: remove(REPLICATION, "bibox-media-replication"), expect: "S3 bibox-media-bucket has no replica in us-east-1, eu-west-1" },
    { id: "replication-prefix-filter", stack: "prod-us", fault: "the rule to ap-northeast-1 replicates only hls/", mutate: change(REPLICATION, "bibox-media-replication", (r) => { rules(r).find((x) => x.id === "to-ap-northeast-1")!.filter = { prefix: "hls/" }; }), expect: "S3 bibox-media-bucket has no replica in ap-northeast-1" },
    { id: "replication-destination-local", stack: "prod-ap", fault: "the rule to eu-west-1 points at a bucket in ap-northeast-1", mutate: change(REPLICATION, "bibox-media-replication", (r) => { const d = rules(r).find((x) => x.id === "to-eu-west-1")!.destination as Record<string, unknown>; d.bucket = "arn:aws:s3:::bibox-media-ap-northeast-1-123456789012"; }), expect: "S3 bibox-media-bucket has no replica in eu-west-1" },
    { id: "aurora-member-leaves-global", stack: "prod-eu", fault: "the member Aurora cluster's globalClusterIdentifier is deleted", mutate: change(CLUSTER, "bibox-aurora-cluster", (r) => { delete r.inputs.globalClusterIdentifier; }), expect: "Aurora bibox-aurora-cluster is in no global database" },
    { id: "aurora-owner-leaves-global", stack: "prod-us", fault: "the owner Aurora cluster's globalClusterIdentifier is deleted", mutate: change(CLUSTER, "bibox-aurora-cluster", (r) => { delete r.inputs.globalClusterIdentifier; }), expect: "Aurora bibox-aurora-cluster is in no global database" },
    { id: "aurora-owner-joins-other-global", stack: "prod-us", fault: "the owner Aurora cluster names another global cluster than the one its stack creates", mutate: change(CLUSTER, "bibox-aurora-cluster", (r) => { r.inputs.globalClusterIdentifier = "bibox-other"; }), expect: "Aurora bibox-aurora-cluster joins global cluster bibox-other, not the one this stack creates (bibox-aurora-global)" },
    { id: "cache-member-leaves-global", stack: "prod-ap", fault: "the member cache's globalReplicationGroupId is deleted", mutate: change(CACHE, "bibox-cache-group", (r) => { delete r.inputs.globalReplicationGroupId; }), expect: "ElastiCache bibox-cache-group is in no global datastore" },
    { id: "cache-global-datastore-removed", stack: "prod-us", fault: "the owner's global datastore is removed", mutate: remove("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup", "bibox-cache-global"), expect: "ElastiCache bibox-cache-group is in no global datastore" },

    // Edge: absent settings at the vendor's defaults, every pool and backend health-checked.
    { id: "monitor-interval-deleted", stack: "prod-us", fault: "the api monitor's interval is deleted (Cloudflare default 60 s)", mutate: change(MONITOR, "bibox-edge-cloudflare-monitor-api", (r) => { delete r.inputs.interval; }), expect: "Cloudflare load balancer (bibox-edge-cloudflare-monitor-api) detects a dead region in 124 s" },
    { id: "monitor-interval-raised", stack: "prod-us", fault: "the web monitor's interval is raised to 15 s", mutate: change(MONITOR, "bibox-edge-cloudflare-monitor-web", (r) => { r.inputs.interval = 15; }), expect: "Cloudflare load balancer (bibox-edge-cloudflare-monitor-web) detects a dead region in 34 s" },
    { id: "pool-monitor-removed", stack: "prod-us", fault: "the web pool of eu-west-1 loses its monitor", mutate: change(POOL, "bibox-edge-cloudflare-pool-web-eu-west-1", (r) => { delete r.inputs.monitor; }), expect: "Cloudflare pool bibox-web-eu-west-1 (bibox-edge-cloudflare-pool-web-eu-west-1) has no monitor" },
    { id: "monitor-resource-removed", stack: "prod-us", fault: "the api monitor resource is removed", mutate: remove(MONITOR, "bibox-edge-cloudflare-monitor-api"), expect: "Cloudflare pool bibox-api-us-east-1 (bibox-edge-cloudflare-pool-api-us-east-1) names monitor bibox-edge-cloudflare-monitor-api-id, which this plan does not create" },
    { id: "fastly-backend-without-healthcheck", stack: "prod-us", fault: "the eu-west-1 Fastly backend loses its healthcheck", mutate: change(FASTLY, "bibox-edge-fastly-service", (r) => { delete (r.inputs.backends as Record<string, unknown>[]).find((b) => b.name === "origin_eu_west_1")!.healthcheck; }), expect: "Fastly backend origin_eu_west_1 of service bibox-edge-fastly-service has no health check" },
    { id: "fastly-healthcheck-renamed", stack: "prod-us", fault: "the ap-northeast-1 health check is renamed, its backend still names the old one", mutate: change(FASTLY, "bibox-edge-fastly-service", (r) => { (r.inputs.healthchecks as Record<string, unknown>[]).find((h) => h.name === "hc_ap_northeast_1")!.name = "hc_ap"; }), expect: "Fastly backend origin_ap_northeast_1 of service bibox-edge-fastly-service names health check hc_ap_northeast_1, which the service does not define" },
    { id: "fastly-check-interval-raised", stack: "prod-us", fault: "the us-east-1 Fastly health check runs every 10 s", mutate: change(FASTLY, "bibox-edge-fastly-service", (r) => { (r.inputs.healthchecks as Record<string, unknown>[]).find((h) => h.name === "hc_us_east_1")!.checkInterval = 10000; }), expect: "Fastly backends (bibox-edge-fastly-service) detects a dead region in 31 s" },
    { id: "akamai-timeout-raised", stack: "prod-us", fault: "the Akamai eu-west-1 origin's failover timeout rises to 40 s", mutate: change(AKAMAI, "bibox-edge-akamai-property", (r) => editJson(r, "rules", (doc) => { doc.rules.children.find((c: { name: string }) => c.name === "Origin eu-west-1").behaviors.find((b: { name: string }) => b.name === "originFailureRecoveryPolicy").options.originResponsivenessCustomTimeout = 40; })), expect: "Akamai origin failover (bibox-edge-akamai-property) detects a dead region in 40 s" },
];
