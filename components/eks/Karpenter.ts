import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn } from "../iam";
import { regionalName } from "../lib/naming";
import { ec2NodeClass, nodePool, PoolDefinition } from "./karpenter-objects";
import { eventPattern, INTERRUPTION_EVENTS, interruptionQueuePolicy, karpenterControllerPolicies } from "./karpenter-iam";
import { ec2NodeTrust, podIdentityTrust } from "./iam-trust";
import { PoolLimits } from "./sizing";
import { AL2023_AMI_ALIAS, KARPENTER_CHART_VERSION, KARPENTER_CHART_REPO, SYSTEM_POOL_LABEL } from "./versions";

/** A pool as the cluster resolved it: definition, types, architecture and per-region limits. */
export interface ResolvedPool {
    /** The pool's fixed choices (POOL_DEFINITIONS). */
    def: PoolDefinition;
    /** The instance types it may launch: the configured type first, then its siblings. */
    instanceTypes: string[];
    /** Their CPU architecture (`arm64`, `amd64`). */
    arch: string;
    /** The most it may run in one region (N-1 sizing). */
    limits: PoolLimits;
}

export interface KarpenterArgs {
    /** The stack's region: the roles' and the queue's names, the controller's policy. */
    region: string;
    /** The stack's partition: ARNs of the managed policies and the controller's policy. */
    partition: pulumi.Input<string>;
    /** The stack's account: the controller's trust and policy. */
    accountId: pulumi.Input<string>;
    /** The cluster's name as a plain value: descriptions, the chart's settings, the node classes' discovery tag. */
    clusterName: string;
    /** The cluster's name as an output: AWS resources that need the cluster take it, so they wait for it. */
    cluster: pulumi.Input<string>;
    /** The API server's endpoint, for the controller's settings. */
    clusterEndpoint: pulumi.Input<string>;
    /** The cluster's Kubernetes provider: the charts, node classes and node pools. */
    k8sProvider: k8s.Provider;
    /** Customer-managed key for node root volumes. */
    volumeKeyArn: pulumi.Input<string>;
    /** The NodePools to create, sized for this region (pools.ts resolvePools). */
    pools: readonly ResolvedPool[];
    /** Cost-allocation tags every node gets. */
    nodeTags: Record<string, string>;
    /** What must exist before the controller can run (system nodes, CoreDNS, Pod Identity agent). */
    systemReady: pulumi.Resource[];
    /** Namespace of the controller. @default "kube-system" — as Karpenter v1 recommends */
    namespace?: string;
    /** Version of the controller and CRD charts. @default KARPENTER_CHART_VERSION — pinned with the other versions (versions.ts) */
    chartVersion?: string;
    /** @default AL2023_AMI_ALIAS — pinned so node AMIs change only in a reviewed commit */
    amiAlias?: string;
    /** @default 100 — GiB of gp3 root volume for CPU and spot nodes */
    rootVolumeGiB?: number;
    /** @default 200 — GiB for GPU nodes (model weights, transcoding scratch) */
    gpuRootVolumeGiB?: number;
}

const SERVICE_ACCOUNT = "karpenter";
const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"];

/**
 * Karpenter v1: node role and access entry, interruption queue fed by EventBridge, controller
 * role through Pod Identity, the CRD chart then the controller chart on the system nodes, and the
 * EC2NodeClasses and NodePools once the CRDs exist.
 */
export class Karpenter extends pulumi.ComponentResource {
    public readonly nodeRoleName: pulumi.Output<string>;
    public readonly queueName: pulumi.Output<string>;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:eks:Karpenter", name, {}, opts);
        const namespace = args.namespace ?? "kube-system";
        const chartVersion = args.chartVersion ?? KARPENTER_CHART_VERSION;
        const amiAlias = args.amiAlias ?? AL2023_AMI_ALIAS;
        const parent = { parent: this };
        const k8sOpts = { parent: this, provider: args.k8sProvider };

        const nodeRole = new aws.iam.Role(`${name}-node`, {
            name: regionalName(args.region, "karpenter-node"),
            description: `Nodes Karpenter launches for ${args.clusterName}`,
            assumeRolePolicy: ec2NodeTrust(),
        }, parent);
        for (const policy of NODE_POLICIES) {
            new aws.iam.RolePolicyAttachment(`${name}-node-${policy}`, {
                role: nodeRole.name,
                policyArn: pulumi.output(args.partition).apply((p) => managedPolicyArn(p, policy)),
            }, parent);
        }
        // Nodes join the cluster through this entry: a NodePool created before it would launch
        // instances that never become Ready.
        const nodeAccess = new aws.eks.AccessEntry(`${name}-node`, { clusterName: args.cluster, principalArn: nodeRole.arn, type: "EC2_LINUX" }, parent);

        const queue = new aws.sqs.Queue(`${name}-interruption`, {
            name: regionalName(args.region, "karpenter-interruption"),
            messageRetentionSeconds: 300,
            sqsManagedSseEnabled: true,
        }, parent);
        new aws.sqs.QueuePolicy(`${name}-interruption`, { queueUrl: queue.url, policy: queue.arn.apply(interruptionQueuePolicy) }, parent);
        for (const [key, event] of Object.entries(INTERRUPTION_EVENTS)) {
            const rule = new aws.cloudwatch.EventRule(`${name}-${key}`, {
                description: `${event.detailType} → Karpenter (${args.clusterName})`,
                eventPattern: eventPattern(event),
            }, parent);
            new aws.cloudwatch.EventTarget(`${name}-${key}`, { rule: rule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" }, parent);
        }

        const controllerRole = new aws.iam.Role(`${name}-controller`, {
            name: regionalName(args.region, "karpenter-controller"),
            description: `Karpenter controller of ${args.clusterName} (EKS Pod Identity)`,
            assumeRolePolicy: pulumi.output(args.accountId).apply(podIdentityTrust),
        }, parent);
        const policies = pulumi
            .all([args.partition, args.accountId, nodeRole.arn, queue.arn, args.volumeKeyArn])
            .apply(([partition, accountId, nodeRoleArn, queueArn, volumeKeyArn]) =>
                karpenterControllerPolicies({ partition, region: args.region, accountId, clusterName: args.clusterName }, { nodeRoleArn, queueArn, volumeKeyArn }),
            );
        for (const part of ["node-lifecycle", "instance-profiles", "integration"] as const) {
            const policy = new aws.iam.Policy(`${name}-controller-${part}`, {
                name: regionalName(args.region, `karpenter-controller-${part}`),
                description: `Karpenter v1 controller permissions (${part}), scoped to ${args.clusterName}`,
                policy: policies.apply((p) => p[part]),
            }, parent);
            new aws.iam.RolePolicyAttachment(`${name}-controller-${part}`, { role: controllerRole.name, policyArn: policy.arn }, parent);
        }
        const podIdentity = new aws.eks.PodIdentityAssociation(`${name}-controller`, {
            clusterName: args.cluster,
            namespace,
            serviceAccount: SERVICE_ACCOUNT,
            roleArn: controllerRole.arn,
        }, parent);

        const crds = new k8s.helm.v3.Release(`${name}-crd`, {
            name: "karpenter-crd",
            chart: `${KARPENTER_CHART_REPO}/karpenter-crd`,
            version: chartVersion,
            namespace,
        }, { ...k8sOpts, dependsOn: args.systemReady });
        const controller = new k8s.helm.v3.Release(`${name}-controller`, {
            name: "karpenter",
            chart: `${KARPENTER_CHART_REPO}/karpenter`,
            version: chartVersion,
            namespace,
            skipCrds: true,
            values: {
                settings: {
                    clusterName: args.clusterName,
                    clusterEndpoint: args.clusterEndpoint,
                    interruptionQueue: queue.name,
                    featureGates: { spotToSpotConsolidation: true },
                },
                replicas: 2,
                podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
                serviceAccount: { create: true, name: SERVICE_ACCOUNT },
                nodeSelector: { "kubernetes.io/os": "linux", ...SYSTEM_POOL_LABEL },
                tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
                controller: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
            },
        }, { ...k8sOpts, dependsOn: [crds, podIdentity, ...args.systemReady] });

        // Node classes and pools come after the controller, so `pulumi destroy` deletes them first:
        // the controller removes their termination finalizers (and drains their nodes); deleted
        // after it, they hang on the finalizer. Pools also wait for the nodes' access entry.
        const nodeClasses = [
            ec2NodeClass({ name: "default", role: nodeRole.name, clusterName: args.clusterName, amiAlias, kmsKeyId: args.volumeKeyArn, volumeGiB: args.rootVolumeGiB ?? 100, tags: args.nodeTags }),
            ec2NodeClass({ name: "gpu", role: nodeRole.name, clusterName: args.clusterName, amiAlias, kmsKeyId: args.volumeKeyArn, volumeGiB: args.gpuRootVolumeGiB ?? 200, tags: args.nodeTags }),
        ].map((obj) => new k8s.apiextensions.CustomResource(`${name}-nodeclass-${obj.metadata.name}`, obj, { ...k8sOpts, dependsOn: [crds, controller] }));

        for (const pool of args.pools) {
            const obj = nodePool(pool.def, pool.instanceTypes, pool.arch, pool.limits);
            new k8s.apiextensions.CustomResource(`${name}-${pool.def.name}`, obj, { ...k8sOpts, dependsOn: [crds, controller, nodeAccess, ...nodeClasses] });
        }

        this.nodeRoleName = nodeRole.name;
        this.queueName = queue.name;
        this.registerOutputs({ nodeRoleName: this.nodeRoleName, queueName: this.queueName });
    }
}
