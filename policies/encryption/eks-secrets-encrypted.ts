import { resourceRule } from "../define";

export const eksSecretsEncrypted = resourceRule(
    {
        name: "eks-secrets-encrypted",
        description: "EKS envelope-encrypts Kubernetes secrets with a customer-managed KMS key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } } on the cluster.",
    },
    ["aws:eks/cluster:Cluster"],
    (props, args) => {
        const config = props.encryptionConfig as { resources?: string[]; provider?: { keyArn?: string } } | undefined;
        return config?.resources?.includes("secrets") && config.provider?.keyArn ? [] : [`EKS cluster ${args.name} does not envelope-encrypt secrets with a customer-managed key.`];
    },
);
