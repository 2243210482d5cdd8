import { resourceRule } from "../define";

export const auroraEncrypted = resourceRule(
    {
        name: "aurora-encrypted",
        description: "Aurora clusters and the global cluster encrypt storage, regional clusters with a customer-managed KMS key.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Set storageEncrypted: true, and kmsKeyId to the region's customer-managed key on every regional cluster.",
    },
    ["aws:rds/cluster:Cluster", "aws:rds/globalCluster:GlobalCluster"],
    (props, args) => {
        const problems: string[] = [];
        if (props.storageEncrypted !== true) problems.push(`Aurora ${args.name} does not encrypt its storage.`);
        if (args.type === "aws:rds/cluster:Cluster" && !props.kmsKeyId) problems.push(`Aurora cluster ${args.name} is not encrypted with a customer-managed KMS key.`);
        return problems;
    },
);
