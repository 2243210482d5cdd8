/**
 * The Karpenter objects (karpenter.sh/v1 NodePool, karpenter.k8s.aws/v1 EC2NodeClass) as plain
 * data: pure builders, validated against the Karpenter CRD schema in test/components/eks/karpenter-objects.test.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FleetPoolName } from "../region/settings";
import { PoolLimits } from "./sizing";

/** The pools Karpenter provisions (NP_SYS is a managed node group). */
export type KarpenterPool = FleetPoolName;

export interface Taint {
    /** The taint's key, e.g. `nvidia.com/gpu`. */
    key: string;
    /** The taint's value. @default none — a taint of the key alone */
    value?: string;
    /** What happens to pods that do not tolerate it. */
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/**
 * A NodePool disruption budget (karpenter.sh/v1). What Karpenter documents
 * (https://karpenter.sh/docs/concepts/disruption/#disruption-budgets):
 * - budgets rate-limit only VOLUNTARY disruption (drift, emptiness, consolidation); expiration is
 *   forceful and "blows past" them;
 * - a budget without reasons applies to every reason; for one reason Karpenter takes the minimum
 *   over the budgets that list it or list none;
 * - `schedule` (cron, always UTC) and `duration` come together; outside its window a scheduled
 *   budget does not apply, so an always-on budget must stand beside it.
 */
export interface DisruptionBudget {
    /** How many nodes may be disrupted at once: a count (`2`) or a share of the pool (`10%`). */
    nodes: string;
    /** The disruption reasons it limits. @default every reason — a budget without reasons applies to all */
    reasons?: ("Underutilized" | "Empty" | "Drifted")[];
    /** Cron (UTC) of the window's start. @default none — the budget applies at all times */
    schedule?: string;
    /** How long the window lasts. @default none — given only with `schedule` */
    duration?: string;
}

export interface PoolDefinition {
    /** The configured pool it implements (bibox:nodePools), which sizes it. */
    readonly pool: KarpenterPool;
    /** Kubernetes object name, e.g. `np-cpu`. */
    readonly name: string;
    /** The EC2NodeClass its nodes use (`default`, `gpu`). */
    readonly nodeClass: string;
    /** Whether it launches on-demand or spot capacity. */
    readonly capacityType: "on-demand" | "spot";
    /** Types allowed besides the configured one; all must be its siblings (same vCPU, GPU, arch). */
    readonly siblings: readonly string[];
    /** Taints of its nodes: only pods that tolerate them land there. */
    readonly taints: readonly Taint[];
    /** Which nodes Karpenter consolidates: only empty ones, or underutilized ones too. */
    readonly consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
    /** How long a node must be consolidatable before Karpenter acts (`10m`). */
    readonly consolidateAfter: string;
    /** How many nodes voluntary disruption may take at a time. */
    readonly budgets: readonly DisruptionBudget[];
    /** Node lifetime: expiry is forceful (no budget applies to it); `Never` turns it off. */
    readonly expireAfter: string;
    /**
     * Longest drain of a deleted node, after which Karpenter deletes even pods that a PDB or the
     * `karpenter.sh/do-not-disrupt` annotation protects. Unset: a drain waits for them.
     * @default unset — Karpenter sets none
     */
    readonly terminationGracePeriod?: string;
    /** Why the pool disrupts the way it does (shown in README and the plan summary). */
    readonly why: string;
}

/** Label every Karpenter node carries with its pool, for nodeSelectors. */
export const POOL_LABEL = "bibox.io/pool";
export const GPU_TAINT: Taint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" };
export const BATCH_TAINT: Taint = { key: "bibox.io/batch", value: "true", effect: "NoSchedule" };

/** US evening peak (19:00-23:00 US Eastern, standard time) in UTC, when no busy shop node is drained. */
export const US_PEAK_WINDOW = { schedule: "0 0 * * *", duration: "4h" } as const;

/**
 * Per-pool choices:
 * - NP_CPU (shop, business logic): on-demand m7g.4xlarge, plus m7gd.4xlarge as a second capacity
 *   pool of the same generation and shape — when a region is lost the survivors must add ~125 nodes
 *   at once, and one type alone risks InsufficientInstanceCapacity. m7g stays cheaper, so Karpenter
 *   prefers it. At most 2 busy nodes (underutilized or drifted) are drained at a time, none in the
 *   US evening peak; empty ones 10 % at a time. No expiry: expiry ignores budgets, and the ~125
 *   nodes a failover adds at once would all expire together. Nodes are renewed by drift instead,
 *   when a reviewed commit moves the AMI alias — and drift is budgeted. No termination grace
 *   period: a drain always honours the shop's PodDisruptionBudgets.
 * - NP_GPU (live transcoding, AI): g5.2xlarge only, tainted nvidia.com/gpu; only empty nodes are
 *   consolidated, one at a time; drift replaces one idle node at a time. A live transcode is never
 *   cut: transcode pods carry `karpenter.sh/do-not-disrupt: "true"`, which keeps their node out of
 *   drift and consolidation; no expiry (expiry is involuntary and would start the drain anyway); no
 *   termination grace period (it would delete the annotated pod when it runs out).
 * - NP_SPOT (archiving, logs): spot, 17 Graviton 4xlarge types so spot-to-spot consolidation
 *   (which needs >= 15) works and interruptions spread over many capacity pools. Work here is
 *   retried anyway: weekly expiry and a 30 min drain bound are fine.
 */
export const POOL_DEFINITIONS: readonly PoolDefinition[] = [
    {
        pool: "NP_CPU",
        name: "np-cpu",
        nodeClass: "default",
        capacityType: "on-demand",
        siblings: ["m7gd.4xlarge"],
        taints: [],
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: "10m",
        budgets: [
            { nodes: "10%", reasons: ["Empty"] },
            { nodes: "2", reasons: ["Underutilized", "Drifted"] },
            { nodes: "0", reasons: ["Underutilized", "Drifted"], ...US_PEAK_WINDOW },
        ],
        expireAfter: "Never",
        why: "shop traffic: at most 2 busy nodes drained at a time and none in the US evening peak (00:00-04:00 UTC), empty ones 10% at a time; renewed by budgeted drift, never by expiry; drains honour PDBs",
    },
    {
        pool: "NP_GPU",
        name: "np-gpu",
        nodeClass: "gpu",
        capacityType: "on-demand",
        siblings: [],
        taints: [GPU_TAINT],
        consolidationPolicy: "WhenEmpty",
        consolidateAfter: "15m",
        budgets: [{ nodes: "1" }],
        expireAfter: "Never",
        why: "live transcoding: only empty nodes are removed or replaced, one at a time; transcodes (do-not-disrupt) are never cut: no expiry, no drain deadline",
    },
    {
        pool: "NP_SPOT",
        name: "np-spot",
        nodeClass: "default",
        capacityType: "spot",
        siblings: [
            "c6g.4xlarge", "c6gd.4xlarge", "c6gn.4xlarge", "c7gd.4xlarge", "c7gn.4xlarge", "c8g.4xlarge",
            "m6g.4xlarge", "m6gd.4xlarge", "m7g.4xlarge", "m7gd.4xlarge", "m8g.4xlarge",
            "r6g.4xlarge", "r6gd.4xlarge", "r7g.4xlarge", "r7gd.4xlarge", "r8g.4xlarge",
        ],
        taints: [BATCH_TAINT],
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: "1m",
        budgets: [{ nodes: "20%" }],
        expireAfter: "168h",
        terminationGracePeriod: "30m",
        why: "batch work that tolerates interruption: aggressive consolidation, weekly renewal, 30 min drain bound",
    },
];

/** The configured type first, then its siblings, without repeats. */
export function poolInstanceTypes(def: PoolDefinition, configuredType: string): string[] {
    return [...new Set([configuredType, ...def.siblings])];
}

export function nodePool(def: PoolDefinition, instanceTypes: readonly string[], arch: string, limits: PoolLimits) {
    return {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: def.name },
        spec: {
            template: {
                metadata: { labels: { [POOL_LABEL]: def.name } },
                spec: {
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: def.nodeClass },
                    requirements: [
                        { key: "kubernetes.io/arch", operator: "In", values: [arch] },
                        { key: "karpenter.sh/capacity-type", operator: "In", values: [def.capacityType] },
                        { key: "node.kubernetes.io/instance-type", operator: "In", values: [...instanceTypes] },
                    ],
                    taints: def.taints.map((t) => ({ ...t })),
                    expireAfter: def.expireAfter,
                    ...(def.terminationGracePeriod ? { terminationGracePeriod: def.terminationGracePeriod } : {}),
                },
            },
            disruption: {
                consolidationPolicy: def.consolidationPolicy,
                consolidateAfter: def.consolidateAfter,
                budgets: def.budgets.map((b) => ({ ...b, ...(b.reasons ? { reasons: [...b.reasons] } : {}) })),
            },
            limits: { ...limits },
        },
    };
}

export interface NodeClassArgs {
    /** The EC2NodeClass's name, which pools reference (`default`, `gpu`). */
    name: string;
    /** IAM role (name) the nodes get; Karpenter manages the instance profile. */
    role: pulumi.Input<string>;
    /** The cluster's name: the discovery tag the subnets and security groups are selected by. */
    clusterName: string;
    /** The AMI alias of the nodes (`al2023@v…`). */
    amiAlias: string;
    /** Customer-managed key of the root volume. */
    kmsKeyId: pulumi.Input<string>;
    /** GiB of the gp3 root volume. */
    volumeGiB: number;
    /** Tags of the instances and volumes (the discovery tag is added). */
    tags: Record<string, string>;
}

/** IMDS as nodes get it: v2 only, one hop, so pods cannot reach the node's credentials. */
export const NODE_METADATA_OPTIONS = {
    httpEndpoint: "enabled",
    httpProtocolIPv6: "disabled",
    httpPutResponseHopLimit: 1,
    httpTokens: "required",
} as const;

export function ec2NodeClass(a: NodeClassArgs) {
    const discovery = { "karpenter.sh/discovery": a.clusterName };
    return {
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name: a.name },
        spec: {
            role: a.role,
            amiSelectorTerms: [{ alias: a.amiAlias }],
            subnetSelectorTerms: [{ tags: discovery }],
            securityGroupSelectorTerms: [{ tags: discovery }],
            metadataOptions: { ...NODE_METADATA_OPTIONS },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: {
                        volumeSize: `${a.volumeGiB}Gi`,
                        volumeType: "gp3",
                        encrypted: true,
                        kmsKeyID: a.kmsKeyId,
                        deleteOnTermination: true,
                    },
                },
            ],
            tags: { ...a.tags, ...discovery },
        },
    };
}
