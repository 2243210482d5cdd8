/** Trust policies: who may assume the cluster's roles. */

const trust = (Principal: Record<string, string>, Action: string | string[], Condition?: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal, Action, ...(Condition ? { Condition } : {}) }] });

/** The EKS control plane. */
export const eksClusterTrust = (accountId: string) => trust({ Service: "eks.amazonaws.com" }, ["sts:AssumeRole", "sts:TagSession"], { StringEquals: { "aws:SourceAccount": accountId } });

/** EC2 instances: managed node group and Karpenter nodes. */
export const ec2NodeTrust = () => trust({ Service: "ec2.amazonaws.com" }, "sts:AssumeRole");

/** EKS Pod Identity: a service account bound by a PodIdentityAssociation. */
export const podIdentityTrust = (accountId: string) =>
    trust({ Service: "pods.eks.amazonaws.com" }, ["sts:AssumeRole", "sts:TagSession"], { StringEquals: { "aws:SourceAccount": accountId } });

/** AWS managed policies, by name. */
export const managedPolicyArn = (partition: string, name: string) => `arn:${partition}:iam::aws:policy/${name}`;
