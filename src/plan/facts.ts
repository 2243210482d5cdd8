/**
 * The key facts of each component, read back from what it registered: what a reviewer checks
 * first in a pull-request comment.
 */
import { nodesWithin, PoolLimits } from "../../components/eks/sizing";
import { failoverBudget } from "../../components/edge/failover";
import { ofType } from "../../policies/graph";
import { declaredFailoverPaths } from "../../policies/recovery/edge";
import { planGraph } from "./graph";
import { objectivesSchema } from "../schema";
import { PlanResource } from "./types";

type FactsOf = (component: PlanResource, descendants: PlanResource[], config: Record<string, unknown>) => string[];


const networkFacts: FactsOf = (_component, rs) => {
    const vpc = ofType(rs, "aws:ec2/vpc:Vpc")[0];
    const subnets = ofType(rs, "aws:ec2/subnet:Subnet");
    const zones = [...new Set(subnets.map((s) => String(s.inputs.availabilityZone)))].sort();
    const tierOf = (s: PlanResource) => (s.inputs.tags as Record<string, string> | undefined)?.["bibox:tier"];
    const rows = zones.map((z) => {
        const cidr = (tier: string) => subnets.find((s) => s.inputs.availabilityZone === z && tierOf(s) === tier)?.inputs.cidrBlock ?? "—";
        const nat = ofType(rs, "aws:ec2/natGateway:NatGateway").some((n) => n.name.endsWith(`-${z}`)) ? "yes" : "no";
        return `| ${z} | ${cidr("public")} | ${cidr("private")} | ${cidr("isolated")} | ${nat} |`;
    });
    const endpoints = ofType(rs, "aws:ec2/vpcEndpoint:VpcEndpoint");
    const service = (e: PlanResource) => String(e.inputs.serviceName).split(".").slice(3).join(".");
    const flow = ofType(rs, "aws:ec2/flowLog:FlowLog")[0];
    const group = ofType(rs, "aws:cloudwatch/logGroup:LogGroup")[0];
    return [
        `- VPC \`${vpc?.inputs.cidrBlock}\` across ${zones.length} zones, one NAT gateway per zone`,
        "",
        "| Zone | Public | Private (nodes) | Isolated (data) | NAT |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
        "",
        `- Gateway endpoints: ${endpoints.filter((e) => e.inputs.vpcEndpointType === "Gateway").map(service).join(", ")}`,
        `- Interface endpoints: ${endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface").map(service).join(", ")}`,
        flow
            ? `- Flow logs: ${flow.inputs.trafficType} traffic every ${flow.inputs.maxAggregationInterval} s → \`${group?.inputs.name}\` (KMS-encrypted: ${group?.inputs.kmsKeyId ? "yes" : "no"}, ${group?.inputs.retentionInDays} days)`
            : "- Flow logs: none",
    ];
};

const regionFacts: FactsOf = (_component, rs) => {
    const providers = rs.filter((r) => r.type.startsWith("pulumi:providers:"));
    return providers.map((p) => {
        const tags = p.inputs.defaultTags ? Object.keys((parseMaybeJson(p.inputs.defaultTags) as { tags?: object }).tags ?? {}).length : 0;
        return `- Provider \`${p.name}\` (${p.type.split(":")[2]}): region ${p.inputs.region ?? "—"}, ${tags} default tags`;
    });
};

const eksFacts: FactsOf = (_component, rs) => {
    const cluster = ofType(rs, "aws:eks/cluster:Cluster")[0];
    const vpc = (cluster?.inputs.vpcConfig ?? {}) as { endpointPublicAccess?: boolean; publicAccessCidrs?: string[] };
    const access = (cluster?.inputs.accessConfig ?? {}) as { authenticationMode?: string };
    const sys = ofType(rs, "aws:eks/nodeGroup:NodeGroup")[0];
    const scaling = (sys?.inputs.scalingConfig ?? {}) as { desiredSize?: number };
    const addons = ofType(rs, "aws:eks/addon:Addon").map((a) => `${a.inputs.addonName} ${a.inputs.addonVersion}`);
    const charts = ofType(rs, "kubernetes:helm.sh/v3:Release").map((r) => `${r.inputs.name} ${r.inputs.version}`);
    const pools = ofType(rs, "kubernetes:karpenter.sh/v1:NodePool").map((np) => {
        const spec = np.inputs.spec as {
            template: { spec: { requirements: { key: string; values: string[] }[]; taints: { key: string; effect: string }[] } };
            limits: Record<string, string>;
            disruption: { consolidationPolicy: string; consolidateAfter: string };
        };
        const req = (key: string) => spec.template.spec.requirements.find((r) => r.key === key)?.values ?? [];
        const types = req("node.kubernetes.io/instance-type");
        const limits = `${Object.entries(spec.limits).map(([k, v]) => `${k} ${v}`).join(", ")} (≤ ${nodesWithin(spec.limits as unknown as PoolLimits, types[0])} × ${types[0]})`;
        const taints = spec.template.spec.taints.map((t) => `${t.key}:${t.effect}`).join(", ") || "—";
        return `| ${(np.inputs.metadata as { name: string }).name} | ${types.length > 2 ? `${types[0]} + ${types.length - 1} siblings` : types.join(", ")} | ${req("kubernetes.io/arch").join()} | ${req("karpenter.sh/capacity-type").join()} | ${taints} | ${limits} | ${spec.disruption.consolidationPolicy} after ${spec.disruption.consolidateAfter} |`;
    });
    return [
        `- Cluster \`${cluster?.inputs.name}\` Kubernetes ${cluster?.inputs.version}, auth ${access.authenticationMode}, secrets encrypted with a customer-managed key: ${(cluster?.inputs.encryptionConfig as { provider?: { keyArn?: string } } | undefined)?.provider?.keyArn ? "yes" : "no"}`,
        `- API endpoint: private${vpc.endpointPublicAccess ? `, public from ${vpc.publicAccessCidrs?.join(", ")}` : " only"}; control-plane logs: ${(cluster?.inputs.enabledClusterLogTypes as string[] | undefined)?.join(", ")}`,
        `- Add-ons: ${addons.join(", ")}`,
        `- Charts: ${charts.join(", ")}`,
        "",
        "| Pool | Instance types | Arch | Capacity | Taints | Limits per region | Disruption |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        `| np-sys (managed) | ${(sys?.inputs.instanceTypes as string[] | undefined)?.join(", ")} × ${scaling.desiredSize} | arm64 | on-demand | ${((sys?.inputs.taints as { key: string; effect: string }[] | undefined) ?? []).map((t) => `${t.key}:${t.effect}`).join(", ")} | fixed ${scaling.desiredSize} nodes | rolling, 1 at a time |`,
        ...pools,
    ];
};

const auroraFacts: FactsOf = (_component, rs) => {
    const global = ofType(rs, "aws:rds/globalCluster:GlobalCluster")[0];
    const cluster = ofType(rs, "aws:rds/cluster:Cluster")[0];
    const params = (ofType(rs, "aws:rds/clusterParameterGroup:ClusterParameterGroup")[0]?.inputs.parameters ?? []) as { name: string; value: string }[];
    const instances = ofType(rs, "aws:rds/clusterInstance:ClusterInstance");
    const param = (n: string) => params.find((p) => p.name === n)?.value ?? "—";
    return [
        global
            ? `- Global cluster \`${global.inputs.globalClusterIdentifier}\` (${global.inputs.engine} ${global.inputs.engineVersion}, storage encrypted: ${global.inputs.storageEncrypted}); this region is the **primary** (writer)`
            : `- Secondary of global cluster \`${cluster?.inputs.globalClusterIdentifier}\`, write forwarding: ${cluster?.inputs.enableGlobalWriteForwarding ? "on" : "off"}, no master credentials`,
        `- Cluster \`${cluster?.inputs.clusterIdentifier}\`: ${instances.length} × ${instances[0]?.inputs.instanceClass} in ${instances.map((i) => i.inputs.availabilityZone).join(", ")}; KMS: ${cluster?.inputs.kmsKeyId ? "customer-managed" : "none"}; deletion protection: ${cluster?.inputs.deletionProtection}; protected: ${cluster?.protect}`,
        `- rds.global_db_rpo ${param("rds.global_db_rpo")} s, rds.force_ssl ${param("rds.force_ssl")}; PITR ${cluster?.inputs.backupRetentionPeriod} days; IAM auth: ${cluster?.inputs.iamDatabaseAuthenticationEnabled}`,
    ];
};

const mediaFacts: FactsOf = (_component, rs) => {
    const bucket = ofType(rs, "aws:s3/bucket:Bucket")[0];
    const replication = ofType(rs, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")[0];
    const rules = (replication?.inputs.rules ?? []) as { id: string; destination: { replicationTime?: { time?: { minutes?: number } } } }[];
    return [
        `- Bucket \`${bucket?.inputs.bucket}\`: versioned, SSE-KMS with bucket keys, public access blocked, owner enforced, TLS only; protected: ${bucket?.protect}`,
        rules.length > 0
            ? `- Replication: ${rules.map((r) => `${r.id} (RTC ${r.destination.replicationTime?.time?.minutes ?? "off"} min)`).join(", ")}`
            : "- Replication: **off** (bring-up mode: set bibox:mediaReplication back to mesh)",
    ];
};

const cacheFacts: FactsOf = (_component, rs) => {
    const group = ofType(rs, "aws:elasticache/replicationGroup:ReplicationGroup")[0];
    const global = ofType(rs, "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup")[0];
    return [
        `- ${global ? `Global datastore primary (\`${global.inputs.globalReplicationGroupIdSuffix}\`)` : `Global datastore secondary of \`${group?.inputs.globalReplicationGroupId}\``}: \`${group?.inputs.replicationGroupId}\`, ${group?.inputs.numCacheClusters} nodes, multi-AZ ${group?.inputs.multiAzEnabled}, failover ${group?.inputs.automaticFailoverEnabled}, region key (CMK) ${Boolean(group?.inputs.kmsKeyId)}, ${global ? `encrypted at rest ${group?.inputs.atRestEncryptionEnabled} and in transit ${group?.inputs.transitEncryptionEnabled}` : "encryption inherited from the primary"}`,
    ];
};

const backupFacts: FactsOf = (_component, rs) => {
    const vault = ofType(rs, "aws:backup/vault:Vault")[0];
    const lock = ofType(rs, "aws:backup/vaultLockConfiguration:VaultLockConfiguration")[0];
    const rules = (ofType(rs, "aws:backup/plan:Plan")[0]?.inputs.rules ?? []) as { ruleName: string; schedule: string; enableContinuousBackup?: boolean; copyActions?: { destinationVaultArn: string }[] }[];
    return [
        `- Vault \`${vault?.inputs.name}\` (CMK), Vault Lock compliance mode after ${lock?.inputs.changeableForDays} days, retention ${lock?.inputs.minRetentionDays}–${lock?.inputs.maxRetentionDays} days`,
        ...rules.map((r) => `- Rule ${r.ruleName}: ${r.schedule}${r.enableContinuousBackup ? ", continuous (PITR)" : ""}${r.copyActions?.length ? `, copies to ${r.copyActions.map((c) => c.destinationVaultArn.split(":")[3]).join(", ")}` : ""}`),
        `- Restore tests: ${ofType(rs, "aws:backup/restoreTestingSelection:RestoreTestingSelection").map((s) => s.inputs.protectedResourceType).join(", ")}`,
    ];
};

/** What a failover row's verdict is: bound by the objective (fits or misses), or reported only. */
export function failoverVerdict(r: { fits: boolean; binding?: boolean }): string {
    if (r.binding === false) return "reported (not bound)";
    return r.fits ? "✅ binding, fits" : "❌ binding, misses";
}

const edgeFacts: FactsOf = (_component, rs, config) => {
    const listeners = ofType(rs, "aws:lb/listener:Listener").filter((l) => l.inputs.protocol === "HTTPS");
    const acceleratorPorts = new Set(ofType(rs, "aws:globalaccelerator/endpointGroup:EndpointGroup").flatMap((g) => ((g.inputs.portOverrides ?? []) as { endpointPort: number }[]).map((o) => o.endpointPort)));
    const ports = [...new Set(listeners.map((l) => Number(l.inputs.port)))].sort((a, b) => a - b).map((p) => `${p} (${acceleratorPorts.has(p) ? "accelerator" : "CDNs"})`);
    const plain = ofType(rs, "aws:lb/listener:Listener").filter((l) => l.inputs.protocol === "HTTP").map((l) => `HTTP ${l.inputs.port}`);
    // The objective as the program read it (the config model converts it), not re-parsed here.
    const objectives = objectivesSchema.safeParse(config["bibox:objectives"]);
    const objective = objectives.success ? objectives.data.edgeFailoverSeconds : 0;
    const rows = failoverBudget(declaredFailoverPaths(planGraph(rs)), objective).map(
        (r) => `| ${r.path} | ${r.detectionSeconds} s | ${r.formula} | ${r.objectiveSeconds} s | ${failoverVerdict(r)} |`,
    );
    const global = [
        ofType(rs, "aws:globalaccelerator/accelerator:Accelerator").length ? "Global Accelerator" : "",
        ofType(rs, "cloudflare:index/loadBalancer:LoadBalancer").length ? `Cloudflare (${ofType(rs, "cloudflare:index/ruleset:Ruleset").map((r) => r.inputs.phase).join(", ")})` : "",
        ofType(rs, "fastly:index/serviceVcl:ServiceVcl").length ? "Fastly" : "",
        ofType(rs, "akamai:index/property:Property").length ? "Akamai" : "",
    ].filter(Boolean);
    return [
        `- Origin \`${ofType(rs, "cloudflare:index/dnsRecord:DnsRecord").find((d) => String(d.inputs.name).startsWith("origin-"))?.inputs.name}\`: ALB HTTPS ${ports.join(", ") || "none"}${plain.length ? `, ${plain.join(", ")}` : ", no HTTP listener"}, ${listeners[0]?.inputs.sslPolicy}; admits Cloudflare, Fastly and Global Accelerator ranges only`,
        `- Accelerator endpoint group for this region: ${ofType(rs, "aws:globalaccelerator/endpointGroup:EndpointGroup").length === 1 ? "yes" : "no"}; global edge objects here: ${global.join(", ") || "none (member stack)"}`,
        "",
        "| Failover path | Detection | Arithmetic | Objective | Verdict |",
        "| --- | ---: | --- | ---: | :---: |",
        ...rows,
    ];
};

const securityFacts: FactsOf = (_component, rs) => {
    const trail = ofType(rs, "aws:cloudtrail/trail:Trail")[0];
    return [
        `- GuardDuty: ${ofType(rs, "aws:guardduty/detectorFeature:DetectorFeature").map((f) => f.inputs.name).join(", ")}`,
        `- Security Hub standards: ${ofType(rs, "aws:securityhub/standardsSubscription:StandardsSubscription").map((s) => String(s.inputs.standardsArn).split("standards/")[1]).join(", ")}`,
        `- IAM Access Analyzer: ${ofType(rs, "aws:accessanalyzer/analyzer:Analyzer").map((a) => `${a.inputs.analyzerName} (${a.inputs.type})`).join(", ")}`,
        trail
            ? `- CloudTrail \`${trail.inputs.name}\`: multi-region ${trail.inputs.isMultiRegionTrail}, organisation ${trail.inputs.isOrganizationTrail}, log file validation ${trail.inputs.enableLogFileValidation}, KMS ${Boolean(trail.inputs.kmsKeyId)}, bucket under Object Lock`
            : "- CloudTrail: the owner stack's organisation trail",
    ];
};

const observabilityFacts: FactsOf = (_component, rs) => [
    `- Alert topic \`${ofType(rs, "aws:sns/topic:Topic")[0]?.inputs.name}\` (KMS), on-call via ${ofType(rs, "aws:sns/topicSubscription:TopicSubscription")[0]?.inputs.protocol}`,
    "",
    "| Alarm | Metric | Threshold |",
    "| --- | --- | ---: |",
    ...ofType(rs, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => `| ${a.inputs.name} | ${a.inputs.metricName ?? "5xx rate (metric math)"} | ${a.inputs.threshold} ${thresholdUnit(a.inputs.metricName as string | undefined)} |`),
    "",
    `- Backup failures: EventBridge → alert topic; Managed Prometheus workspace with a managed scraper: ${ofType(rs, "aws:amp/scraper:Scraper").length === 1 ? "yes" : "no"}`,
];

const regionSwitchFacts: FactsOf = (_component, rs) =>
    ofType(rs, "aws:arcregionswitch/plan:Plan").flatMap((plan) => {
        const workflows = (plan.inputs.workflows ?? []) as { workflowTargetAction: string; steps: { name: string; executionBlockType: string }[] }[];
        return [
            `- ARC Region switch plan \`${plan.inputs.name}\` (${plan.inputs.recoveryApproach}, RTO ${plan.inputs.recoveryTimeObjectiveMinutes} min) over ${(plan.inputs.regions as string[] | undefined)?.join(", ")}`,
            ...workflows.map((w) => `  - ${w.workflowTargetAction}: ${w.steps.map((s) => `${s.name} (${s.executionBlockType})`).join(" → ")}`),
        ];
    });

const FACTS: Record<string, FactsOf> = {
    "bibox:ops:SecurityBaseline": securityFacts,
    "bibox:ops:Observability": observabilityFacts,
    "bibox:ops:RegionSwitch": regionSwitchFacts,
    "bibox:edge:EdgeLayer": edgeFacts,
    "bibox:data:AuroraGlobal": auroraFacts,
    "bibox:data:MediaStorage": mediaFacts,
    "bibox:data:SessionCache": cacheFacts,
    "bibox:data:Backups": backupFacts,
    "bibox:region:RegionStack": regionFacts,
    "bibox:network:Network": networkFacts,
    "bibox:eks:EksCluster": eksFacts,
};

/** Facts of every component of the plan that has a facts function, in registration order. */
export function componentFacts(resources: PlanResource[], config: Record<string, unknown>): { component: PlanResource; facts: string[] }[] {
    return resources
        .filter((r) => !r.custom && FACTS[r.type])
        .map((component) => ({ component, facts: FACTS[component.type](component, descendants(component, resources), config) }));
}

export function descendants(root: PlanResource, resources: PlanResource[]): PlanResource[] {
    const out: PlanResource[] = [];
    const frontier = [root.urn];
    while (frontier.length > 0) {
        const urn = frontier.pop()!;
        for (const r of resources) {
            if (r.parent === urn) {
                out.push(r);
                frontier.push(r.urn);
            }
        }
    }
    return out;
}

function parseMaybeJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/**
 * The unit each alarm's threshold is in: the metric's unit as the service publishes it (RDS
 * AuroraGlobalDBReplicationLag in milliseconds; S3 replication metrics; SQS
 * ApproximateAgeOfOldestMessage in seconds; ELB UnHealthyHostCount a count); the ALB 5xx rate is
 * the program's own metric math, in percent.
 */
const THRESHOLD_UNITS: Record<string, string> = {
    AuroraGlobalDBReplicationLag: "ms",
    ReplicationLatency: "s",
    OperationsFailedReplication: "operations",
    ApproximateAgeOfOldestMessage: "s",
    UnHealthyHostCount: "targets",
};

export function thresholdUnit(metricName: string | undefined): string {
    if (metricName === undefined) return "%";
    return THRESHOLD_UNITS[metricName] ?? "(unit not recorded)";
}

