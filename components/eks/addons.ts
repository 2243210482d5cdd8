/** EKS add-on settings (pure): what runs where, and what each add-on is configured with. */
import { AddonName, SYSTEM_POOL_LABEL } from "./versions";

const SYSTEM_TOLERATIONS = [{ key: "CriticalAddonsOnly", operator: "Exists" }];

/**
 * configurationValues per add-on (the add-on's own JSON schema). Controllers run on NP_SYS;
 * vpc-cni enforces NetworkPolicies (without it they are silently ignored).
 */
export const ADDON_CONFIGURATION: Readonly<Record<AddonName, Record<string, unknown> | undefined>> = {
    "vpc-cni": { enableNetworkPolicy: "true" },
    "kube-proxy": undefined,
    "eks-pod-identity-agent": undefined,
    coredns: { replicaCount: 3, nodeSelector: SYSTEM_POOL_LABEL, tolerations: SYSTEM_TOLERATIONS },
    "aws-ebs-csi-driver": { controller: { nodeSelector: SYSTEM_POOL_LABEL, tolerations: SYSTEM_TOLERATIONS } },
    "metrics-server": { nodeSelector: SYSTEM_POOL_LABEL, tolerations: SYSTEM_TOLERATIONS },
};

/** Add-ons nodes need to become Ready: installed before the first node group. */
export const NODE_ADDONS: readonly AddonName[] = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"];
/** Add-ons that schedule pods: installed once NP_SYS exists. */
export const WORKLOAD_ADDONS: readonly AddonName[] = ["coredns", "aws-ebs-csi-driver", "metrics-server"];

/** The five control-plane log types EKS offers: all on. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export const CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
