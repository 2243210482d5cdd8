/** Trust policies: who may assume the cluster's roles. */
import { serviceTrust, sourceAccount } from "../iam";

/** The EKS control plane. */
export const eksClusterTrust = (accountId: string) => serviceTrust("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"], sourceAccount(accountId));

/** EC2 instances: managed node group and Karpenter nodes. */
export const ec2NodeTrust = () => serviceTrust("ec2.amazonaws.com");

/** EKS Pod Identity: a service account bound by a PodIdentityAssociation. */
export const podIdentityTrust = (accountId: string) => serviceTrust("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"], sourceAccount(accountId));
