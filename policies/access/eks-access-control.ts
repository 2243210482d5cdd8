import { resourceRule } from "../define";

/**
 * Who can act on an EKS cluster:
 * - accessConfig.authenticationMode: API (access entries) or API_AND_CONFIG_MAP; the API default is
 *   CONFIG_MAP, the aws-auth ConfigMap that anyone who can edit kube-system can rewrite.
 * - accessConfig.bootstrapClusterCreatorAdminPermissions: default true, which makes whoever ran
 *   `pulumi up` a hidden cluster admin outside the program's access entries.
 *   https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html
 *   https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 * Control-plane logs (who did what): audit/audit-eks-control-plane. The endpoint: eks-endpoint-private.
 */

export const eksAccessControl = resourceRule(
    {
        name: "eks-access-control",
        description: "EKS clusters authenticate through access entries (not the aws-auth ConfigMap) and give their creator no hidden cluster-admin.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set accessConfig { authenticationMode: \"API\", bootstrapClusterCreatorAdminPermissions: false }.",
    },
    ["aws:eks/cluster:Cluster"],
    (props, args, judge) =>
        judge.one(args, () => {
            const access = (props.accessConfig ?? {}) as { authenticationMode?: string; bootstrapClusterCreatorAdminPermissions?: boolean };
            const problems: string[] = [];
            const mode = access.authenticationMode ?? "CONFIG_MAP";
            if (mode === "CONFIG_MAP") problems.push(`EKS cluster ${args.name} authenticates through the aws-auth ConfigMap (authenticationMode ${access.authenticationMode ?? "unset, CONFIG_MAP by default"}); use API access entries.`);
            if (access.bootstrapClusterCreatorAdminPermissions !== false) problems.push(`EKS cluster ${args.name} makes its creator a cluster admin outside the access entries; set bootstrapClusterCreatorAdminPermissions: false.`);
            return problems.map((message) => ({ message }));
        }),
);
