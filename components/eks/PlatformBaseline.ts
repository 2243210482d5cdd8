import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_TAG } from "../data/backup-rules";
import { APP_NAMESPACE, regionalName } from "../lib/naming";
import { allowDnsPolicy, allowEgressPolicy, allowFromLoadBalancersPolicy, allowPodIdentityAgentPolicy, defaultDenyPolicy, podSecurityLabels, WORKLOAD_NAMESPACES, WorkloadReach } from "./baseline-objects";
import { podIdentityTrust } from "./iam-trust";
import { GPU_TAINT } from "./karpenter-objects";
import { loadBalancerControllerPolicy } from "./lbc-iam";
import { KUBERNETES_VERSION, LOAD_BALANCER_CONTROLLER_CHART, NVIDIA_DEVICE_PLUGIN_CHART, SYSTEM_POOL_LABEL } from "./versions";

export interface PlatformBaselineArgs {
    /** The stack's region: the controller's role name and its chart's settings. */
    region: string;
    /** The cluster's name as a plain value: descriptions and the controller's settings. */
    clusterName: string;
    /** The cluster's name as an output: AWS resources that need the cluster take it, so they wait for it. */
    cluster: pulumi.Input<string>;
    /** VPC the Load Balancer Controller works in. */
    vpcId: pulumi.Input<string>;
    /** The stack's partition: the ARNs of the controller's policy. */
    partition: pulumi.Input<string>;
    /** The stack's account: the controller role's trust (Pod Identity). */
    accountId: pulumi.Input<string>;
    /** The cluster's Kubernetes provider: the StorageClass, charts, namespaces and policies. */
    k8sProvider: k8s.Provider;
    /** Customer-managed key for persistent volumes. */
    volumeKeyArn: pulumi.Input<string>;
    /** What must exist before controllers can run (system nodes, CoreDNS, Pod Identity agent). */
    systemReady: pulumi.Resource[];
    /** What workloads may reach besides DNS (the default-deny policies' exceptions). */
    reach: WorkloadReach;
    /** @default APP_NAMESPACE ("shop") — the namespace whose Services the origin ALB targets */
    publicNamespace?: string;
    /** @default WORKLOAD_NAMESPACES — shop, media, batch, all Pod Security "restricted" */
    namespaces?: Readonly<Record<string, "restricted" | "baseline">>;
}

const SYSTEM_TOLERATION = { key: "CriticalAddonsOnly", operator: "Exists" };
const LBC_SERVICE_ACCOUNT = "aws-load-balancer-controller";

/**
 * What every workload relies on: the encrypted gp3 default StorageClass, the AWS Load Balancer
 * Controller (Pod Identity), the NVIDIA device plugin for GPU nodes, and workload namespaces with
 * Pod Security Standards and default-deny NetworkPolicies (enforced by the VPC CNI).
 */
export class PlatformBaseline extends pulumi.ComponentResource {
    public readonly namespaces: string[];
    /** What a TargetGroupBinding in a workload namespace needs first: the controller (its CRDs) and the namespace. */
    public readonly bindingPrerequisites: pulumi.Resource[];

    constructor(name: string, args: PlatformBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:eks:PlatformBaseline", name, {}, opts);
        const parent = { parent: this };
        const k8sOpts = { parent: this, provider: args.k8sProvider };
        const namespaces = args.namespaces ?? WORKLOAD_NAMESPACES;

        new k8s.storage.v1.StorageClass(`${name}-gp3`, {
            metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: {
                type: "gp3",
                encrypted: "true",
                kmsKeyId: args.volumeKeyArn,
                "csi.storage.k8s.io/fstype": "ext4",
                // Persistent volumes join the region's AWS Backup selection.
                tagSpecification_1: `${BACKUP_TAG.key}=${BACKUP_TAG.value}`,
            },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            // A deleted claim keeps its volume: data goes away only by a deliberate act.
            reclaimPolicy: "Retain",
        }, { ...k8sOpts, dependsOn: args.systemReady });

        const lbcRole = new aws.iam.Role(`${name}-lbc`, {
            name: regionalName(args.region, "aws-load-balancer-controller"),
            description: `AWS Load Balancer Controller of ${args.clusterName} (EKS Pod Identity)`,
            assumeRolePolicy: pulumi.output(args.accountId).apply(podIdentityTrust),
        }, parent);
        const lbcPolicy = new aws.iam.Policy(`${name}-lbc`, {
            name: regionalName(args.region, "aws-load-balancer-controller"),
            description: "AWS Load Balancer Controller: load balancers, target groups and security groups tagged for this cluster",
            policy: pulumi.output(args.partition).apply(loadBalancerControllerPolicy),
        }, parent);
        new aws.iam.RolePolicyAttachment(`${name}-lbc`, { role: lbcRole.name, policyArn: lbcPolicy.arn }, parent);
        const lbcIdentity = new aws.eks.PodIdentityAssociation(`${name}-lbc`, {
            clusterName: args.cluster,
            namespace: "kube-system",
            serviceAccount: LBC_SERVICE_ACCOUNT,
            roleArn: lbcRole.arn,
        }, parent);
        const lbc = new k8s.helm.v3.Release(`${name}-lbc`, {
            name: "aws-load-balancer-controller",
            chart: LOAD_BALANCER_CONTROLLER_CHART.chart,
            version: LOAD_BALANCER_CONTROLLER_CHART.version,
            repositoryOpts: { repo: LOAD_BALANCER_CONTROLLER_CHART.repo },
            namespace: "kube-system",
            values: {
                clusterName: args.clusterName,
                region: args.region,
                vpcId: args.vpcId,
                replicaCount: 2,
                // The controller's Service mutator webhook (failurePolicy Fail) admits every Service
                // of the cluster: while the controller is not ready it refuses them all, the
                // Karpenter chart's Service among them. It only sets spec.loadBalancerClass on
                // Services of type LoadBalancer; this program creates none (the origin ALB is bound
                // through TargetGroupBindings), so it is turned off.
                enableServiceMutatorWebhook: false,
                serviceAccount: { create: true, name: LBC_SERVICE_ACCOUNT },
                nodeSelector: SYSTEM_POOL_LABEL,
                tolerations: [SYSTEM_TOLERATION],
            },
        }, { ...k8sOpts, dependsOn: [lbcIdentity, ...args.systemReady] });

        // Without the device plugin GPU nodes never advertise nvidia.com/gpu and GPU pods never start.
        new k8s.helm.v3.Release(`${name}-nvidia-device-plugin`, {
            name: "nvidia-device-plugin",
            chart: NVIDIA_DEVICE_PLUGIN_CHART.chart,
            version: NVIDIA_DEVICE_PLUGIN_CHART.version,
            repositoryOpts: { repo: NVIDIA_DEVICE_PLUGIN_CHART.repo },
            namespace: "kube-system",
            values: {
                // The chart's default affinity wants node-feature-discovery labels EKS nodes lack.
                affinity: null,
                nodeSelector: { "karpenter.k8s.aws/instance-gpu-manufacturer": "nvidia" },
                tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: GPU_TAINT.effect }, SYSTEM_TOLERATION],
            },
        }, { ...k8sOpts, dependsOn: args.systemReady });

        const created: k8s.core.v1.Namespace[] = [];
        for (const [ns, level] of Object.entries(namespaces)) {
            const namespace = new k8s.core.v1.Namespace(`${name}-ns-${ns}`, {
                metadata: { name: ns, labels: podSecurityLabels(level, KUBERNETES_VERSION) },
            }, k8sOpts);
            created.push(namespace);
            const nsOpts = { ...k8sOpts, dependsOn: [namespace] };
            new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-default-deny`, defaultDenyPolicy(ns), nsOpts);
            new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-allow-dns`, allowDnsPolicy(ns), nsOpts);
            new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-allow-egress`, allowEgressPolicy(ns, args.reach), nsOpts);
            new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-allow-pod-identity`, allowPodIdentityAgentPolicy(ns), nsOpts);
            if (ns === (args.publicNamespace ?? APP_NAMESPACE)) {
                new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-allow-load-balancers`, allowFromLoadBalancersPolicy(ns, args.reach), nsOpts);
            }
        }

        this.namespaces = Object.keys(namespaces);
        this.bindingPrerequisites = [lbc, ...created];
        this.registerOutputs({ namespaces: this.namespaces });
    }
}
