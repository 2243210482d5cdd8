/**
 * Every version the cluster pins, in one place. Upgrades are a reviewed change of this file:
 * Kubernetes first in the member stacks' order of the README, add-ons to the versions EKS lists for
 * the new Kubernetes version (`aws eks describe-addon-versions --kubernetes-version <v>`).
 */

/** In EKS standard support until March 2027 (1.34 leaves it in December 2026). */
export const KUBERNETES_VERSION = "1.35";

/**
 * EKS add-ons for KUBERNETES_VERSION, as published in AWS's add-on tables; confirm with
 * `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name <name>` before an upgrade.
 */
export const ADDON_VERSIONS = {
    "vpc-cni": "v1.21.2-eksbuild.2",
    "kube-proxy": "v1.35.3-eksbuild.2",
    coredns: "v1.14.2-eksbuild.4",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    "aws-ebs-csi-driver": "v1.62.0-eksbuild.1",
    "metrics-server": "v0.8.1-eksbuild.6",
} as const;

export type AddonName = keyof typeof ADDON_VERSIONS;

/** Karpenter (controller and CRD charts share the version). */
export const KARPENTER_CHART_REPO = "oci://public.ecr.aws/karpenter";
export const KARPENTER_CHART_VERSION = "1.14.1";

/** EKS-optimised Amazon Linux 2023 release for Karpenter nodes; GPU types get its NVIDIA variant. */
export const AL2023_AMI_ALIAS = "al2023@v20260714";

/** Managed node group AMI type of NP_SYS (Graviton). */
export const SYSTEM_AMI_TYPE = "AL2023_ARM_64_STANDARD";

/** Chart and app versions are equal from 3.0 on. Helm installs its CRDs on install only. */
export const LOAD_BALANCER_CONTROLLER_CHART = { repo: "https://aws.github.io/eks-charts", chart: "aws-load-balancer-controller", version: "3.5.0" } as const;
export const NVIDIA_DEVICE_PLUGIN_CHART = { repo: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.20.0" } as const;

/** Label and taint of the NP_SYS managed node group: only system workloads land there. */
export const SYSTEM_POOL_LABEL = { "bibox.io/pool": "np-sys" } as const;
export const SYSTEM_TAINT = { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" } as const;
