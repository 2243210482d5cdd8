import { resourceRule } from "../define";
import { isCustomerKey } from "./customer-key";

/**
 * Without encryptionConfig, EKS stores Kubernetes secrets in etcd under AWS's own volume
 * encryption only; envelope encryption puts them under a key the platform controls.
 * https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html (checkov CKV_AWS_58,
 * AWSGuard EKS_SECRETS_ENCRYPTED, pulumi aws-eks-cluster-enable-cluster-encryption-config).
 */
export const eksSecretsEncrypted = resourceRule(
    {
        name: "eks-secrets-encrypted",
        description: "EKS envelope-encrypts Kubernetes secrets with a customer-managed KMS key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } } on the cluster.",
    },
    ["aws:eks/cluster:Cluster"],
    (props, args, judge) =>
        judge.one(args, () => {
            const config = props.encryptionConfig as { resources?: string[]; provider?: { keyArn?: string } } | undefined;
            return config?.resources?.includes("secrets") && isCustomerKey(config.provider?.keyArn) ? [] : [{ message: `EKS cluster ${args.name} does not envelope-encrypt secrets with a customer-managed key.` }];
        }),
);
