import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { NodePools } from "../region/settings";
import { managedPolicyArn } from "../iam";
import { Account, accountKeyPolicy, ebsKeyPolicy, keyUsePolicy, logGroupKeyPolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { regionalName } from "../lib/naming";
import { ADDON_CONFIGURATION, CLUSTER_ADMIN_POLICY_ARN, CONTROL_PLANE_LOG_TYPES, NODE_ADDONS, WORKLOAD_ADDONS } from "./addons";
import { ec2NodeTrust, eksClusterTrust, podIdentityTrust } from "./iam-trust";
import { Karpenter } from "./Karpenter";
import { NODE_METADATA_OPTIONS } from "./karpenter-objects";
import { kubeconfig } from "./kubeconfig";
import { PlatformBaseline } from "./PlatformBaseline";
import { resolvePools } from "./pools";
import { ADDON_VERSIONS, AddonName, KUBERNETES_VERSION, SYSTEM_AMI_TYPE, SYSTEM_POOL_LABEL, SYSTEM_TAINT } from "./versions";

export interface EksClusterArgs {
    /** The stack's region: the IAM roles' names, the kubeconfig, the scope of the keys. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** The cluster's name (clusterNameFor): its keys' aliases, its log group, Karpenter's discovery tag. */
    clusterName: string;
    /** VPC of the cluster, for the Load Balancer Controller. */
    vpcId: pulumi.Input<string>;
    /** Private subnets, one per zone: control-plane ENIs and NP_SYS nodes. */
    privateSubnetIds: pulumi.Input<string>[];
    /** IAM principals given cluster-admin through access entries. */
    adminPrincipalArns: readonly string[];
    /** CIDRs allowed to reach the API over the internet; empty keeps the endpoint private. */
    publicAccessCidrs: readonly string[];
    /** The business's fleet estimates. */
    nodePools: NodePools;
    /** Regions of the active-active set: each region is sized to carry its share with one lost. */
    regionCount: number;
    /** Cost-allocation tags for nodes (instances and volumes Karpenter creates). */
    nodeTags: Record<string, string>;
    /** What workloads may reach besides DNS: the load balancers' and data stores' subnets. */
    workloadReach: {
        /** Public subnets, where the origin ALB's nodes are: allowed in to the shop. */
        loadBalancerCidrs: readonly string[];
        /** Isolated subnets, where Aurora and Valkey are: allowed out on their ports. */
        dataCidrs: readonly string[];
    };
    /** Kubernetes version of the control plane and NP_SYS. @default KUBERNETES_VERSION — the version the add-ons are pinned for (versions.ts) */
    version?: string;
    /** @default 365 — a year of control-plane audit logs */
    logRetentionDays?: number;
    /** @default 50 — GiB of gp3 root volume for NP_SYS nodes */
    systemVolumeGiB?: number;
    /** @default 30 — the longest KMS allows: days a deleted key (secrets, volumes, logs) can still be restored */
    keyDeletionWindowDays?: number;
}

/**
 * One EKS cluster per region: API-mode access entries, secrets envelope-encrypted with a rotating
 * customer-managed key, every control-plane log, a private endpoint (public only for configured
 * CIDRs), pinned add-ons, the NP_SYS managed node group for system workloads, Karpenter with the
 * NP_CPU / NP_GPU / NP_SPOT pools, and the platform baseline.
 */
export class EksCluster extends pulumi.ComponentResource {
    public readonly clusterName: pulumi.Output<string>;
    public readonly endpoint: pulumi.Output<string>;
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    public readonly clusterArn: pulumi.Output<string>;
    public readonly k8sProvider: k8s.Provider;
    public readonly karpenter: Karpenter;
    public readonly baseline: PlatformBaseline;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:eks:EksCluster", name, {}, opts);
        const pools = resolvePools(args.nodePools, args.regionCount);
        const sys = args.nodePools.NP_SYS;
        const version = args.version ?? KUBERNETES_VERSION;
        const deletionWindowInDays = args.keyDeletionWindowDays ?? 30;
        const parent = { parent: this };
        const protect = { parent: this, protect: true };

        const scope = scopeIn(args.account, args.region);
        const partition = scope.partition;
        const accountId = scope.accountId;
        const key = (role: string, description: string, policy: pulumi.Input<string>) =>
            customerKey(`${name}-${role}-key`, { description, alias: `alias/${args.clusterName}-${role}`, policy, deletionWindowInDays }, this);
        const logGroupName = `/aws/eks/${args.clusterName}/cluster`;
        const secretsKey = key("secrets", `Kubernetes secrets of ${args.clusterName}`, scope.apply(accountKeyPolicy));
        const volumeKey = key("ebs", `Node and persistent volumes of ${args.clusterName}`, scope.apply(ebsKeyPolicy));
        const logsKey = key("logs", `Control-plane logs of ${args.clusterName}`, scope.apply((s) => logGroupKeyPolicy({ ...s, logGroupName })));

        // EKS writes to this group if it exists: created first so it is encrypted and bounded.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-control-plane`, {
            name: logGroupName,
            retentionInDays: args.logRetentionDays ?? 365,
            kmsKeyId: logsKey.arn,
        }, protect);

        const clusterRole = new aws.iam.Role(`${name}-cluster`, {
            name: regionalName(args.region, "eks-cluster"),
            description: `EKS control plane of ${args.clusterName}`,
            assumeRolePolicy: accountId.apply(eksClusterTrust),
        }, parent);
        new aws.iam.RolePolicyAttachment(`${name}-cluster`, {
            role: clusterRole.name,
            policyArn: partition.apply((p) => managedPolicyArn(p, "AmazonEKSClusterPolicy")),
        }, parent);
        new aws.iam.RolePolicy(`${name}-cluster-secrets`, {
            name: "envelope-encryption",
            role: clusterRole.id,
            policy: secretsKey.arn.apply((arn) => keyUsePolicy(arn, ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"])),
        }, parent);

        const cluster = new aws.eks.Cluster(`${name}-cluster`, {
            name: args.clusterName,
            version,
            roleArn: clusterRole.arn,
            vpcConfig: {
                subnetIds: args.privateSubnetIds,
                endpointPrivateAccess: true,
                endpointPublicAccess: args.publicAccessCidrs.length > 0,
                publicAccessCidrs: args.publicAccessCidrs.length > 0 ? [...args.publicAccessCidrs] : undefined,
            },
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
            enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
            bootstrapSelfManagedAddons: false,
            upgradePolicy: { supportType: "STANDARD" },
        }, { parent: this, dependsOn: [logGroup], protect: true });

        // Karpenter finds the node security group by the same discovery tag as the subnets.
        new aws.ec2.Tag(`${name}-cluster-sg-discovery`, {
            resourceId: cluster.vpcConfig.clusterSecurityGroupId,
            key: "karpenter.sh/discovery",
            value: args.clusterName,
        }, parent);

        const adminAccess = args.adminPrincipalArns.map((principalArn) => {
            const id = principalArn.split("/").pop()!;
            const entry = new aws.eks.AccessEntry(`${name}-admin-${id}`, { clusterName: cluster.name, principalArn, type: "STANDARD" }, parent);
            return new aws.eks.AccessPolicyAssociation(`${name}-admin-${id}`, {
                clusterName: cluster.name,
                principalArn,
                policyArn: CLUSTER_ADMIN_POLICY_ARN,
                accessScope: { type: "cluster" },
            }, { parent: this, dependsOn: [entry] });
        });

        const ebsCsiRole = new aws.iam.Role(`${name}-ebs-csi`, {
            name: regionalName(args.region, "ebs-csi-controller"),
            description: `EBS CSI driver of ${args.clusterName} (EKS Pod Identity)`,
            assumeRolePolicy: accountId.apply(podIdentityTrust),
        }, parent);
        new aws.iam.RolePolicyAttachment(`${name}-ebs-csi`, {
            role: ebsCsiRole.name,
            policyArn: partition.apply((p) => managedPolicyArn(p, "service-role/AmazonEBSCSIDriverPolicy")),
        }, parent);
        new aws.iam.RolePolicy(`${name}-ebs-csi-kms`, {
            name: "encrypted-volumes",
            role: ebsCsiRole.id,
            policy: volumeKey.arn.apply((arn) => keyUsePolicy(arn, ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"])),
        }, parent);

        const addon = (addonName: AddonName, dependsOn: pulumi.Resource[]) =>
            new aws.eks.Addon(`${name}-${addonName}`, {
                clusterName: cluster.name,
                addonName,
                addonVersion: ADDON_VERSIONS[addonName],
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                configurationValues: ADDON_CONFIGURATION[addonName] ? JSON.stringify(ADDON_CONFIGURATION[addonName]) : undefined,
                podIdentityAssociations: addonName === "aws-ebs-csi-driver" ? [{ roleArn: ebsCsiRole.arn, serviceAccount: "ebs-csi-controller-sa" }] : undefined,
            }, { parent: this, dependsOn });
        const nodeAddons = NODE_ADDONS.map((a) => addon(a, [cluster]));

        const systemRole = new aws.iam.Role(`${name}-system-node`, {
            name: regionalName(args.region, "eks-system-node"),
            description: `NP_SYS nodes of ${args.clusterName}`,
            assumeRolePolicy: ec2NodeTrust(),
        }, parent);
        const systemPolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"].map(
            (policy) => new aws.iam.RolePolicyAttachment(`${name}-system-node-${policy}`, {
                role: systemRole.name,
                policyArn: partition.apply((p) => managedPolicyArn(p, policy)),
            }, parent),
        );
        const launchTemplate = new aws.ec2.LaunchTemplate(`${name}-system`, {
            description: `NP_SYS nodes of ${args.clusterName}: IMDSv2 only, encrypted gp3 root`,
            metadataOptions: { ...NODE_METADATA_OPTIONS },
            blockDeviceMappings: [{
                deviceName: "/dev/xvda",
                ebs: { volumeSize: args.systemVolumeGiB ?? 50, volumeType: "gp3", encrypted: "true", kmsKeyId: volumeKey.arn, deleteOnTermination: "true" },
            }],
            tagSpecifications: [
                { resourceType: "instance", tags: { ...args.nodeTags, "bibox.io/pool": "np-sys" } },
                { resourceType: "volume", tags: { ...args.nodeTags, "bibox.io/pool": "np-sys" } },
            ],
        }, parent);
        const systemNodes = new aws.eks.NodeGroup(`${name}-np-sys`, {
            clusterName: cluster.name,
            nodeGroupName: "np-sys",
            nodeRoleArn: systemRole.arn,
            subnetIds: args.privateSubnetIds,
            instanceTypes: [sys.instanceType],
            amiType: SYSTEM_AMI_TYPE,
            capacityType: "ON_DEMAND",
            // Fixed size over the three zones: the ASG keeps one node per zone.
            scalingConfig: { minSize: sys.nodesPerRegion, desiredSize: sys.nodesPerRegion, maxSize: sys.nodesPerRegion },
            updateConfig: { maxUnavailable: 1 },
            labels: { ...SYSTEM_POOL_LABEL },
            taints: [{ ...SYSTEM_TAINT }],
            launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        }, { parent: this, dependsOn: [...nodeAddons, ...systemPolicies] });
        const workloadAddons = WORKLOAD_ADDONS.map((a) => addon(a, [systemNodes]));

        // With bootstrapClusterCreatorAdminPermissions off, the identity running `pulumi up` has no
        // Kubernetes rights until its access entry and cluster-admin association exist: every
        // Kubernetes object goes through this provider, and the provider waits for them (its
        // kubeconfig is built from their ids too, so no engine can configure it earlier).
        // deleteUnreachable: a stack whose cluster is gone (a lost region) can still be refreshed
        // and updated; its Kubernetes objects are dropped from state instead of failing the update.
        this.k8sProvider = new k8s.Provider(`${name}-k8s`, {
            kubeconfig: pulumi.secret(
                pulumi.all([cluster.endpoint, cluster.certificateAuthority.data, ...adminAccess.map((a) => a.id)]).apply(([endpoint, ca]) =>
                    kubeconfig({ clusterName: args.clusterName, endpoint, certificateAuthority: ca, region: args.region }),
                ),
            ),
            deleteUnreachable: true,
        }, { parent: this, dependsOn: adminAccess });
        const systemReady = [systemNodes, ...workloadAddons];

        this.karpenter = new Karpenter(`${name}-karpenter`, {
            region: args.region,
            partition,
            accountId,
            clusterName: args.clusterName,
            cluster: cluster.name,
            clusterEndpoint: cluster.endpoint,
            k8sProvider: this.k8sProvider,
            volumeKeyArn: volumeKey.arn,
            pools,
            nodeTags: args.nodeTags,
            systemReady,
        }, parent);
        this.baseline = new PlatformBaseline(`${name}-baseline`, {
            region: args.region,
            clusterName: args.clusterName,
            cluster: cluster.name,
            vpcId: args.vpcId,
            partition,
            accountId,
            k8sProvider: this.k8sProvider,
            volumeKeyArn: volumeKey.arn,
            systemReady,
            reach: args.workloadReach,
        }, parent);

        this.clusterName = cluster.name;
        this.endpoint = cluster.endpoint;
        this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
        this.clusterArn = cluster.arn;
        this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, clusterSecurityGroupId: this.clusterSecurityGroupId });
    }
}
