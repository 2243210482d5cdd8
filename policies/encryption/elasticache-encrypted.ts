import { resourceRule } from "../define";

export const elasticacheEncrypted = resourceRule(
    {
        name: "elasticache-encrypted",
        description: "ElastiCache encrypts at rest with a customer-managed key and in transit (TLS); a global datastore secondary inherits the flags from its primary and brings its region's key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set atRestEncryptionEnabled, kmsKeyId and transitEncryptionEnabled on the replication group.",
    },
    ["aws:elasticache/replicationGroup:ReplicationGroup"],
    (props, args) => {
        const problems: string[] = [];
        const secondary = Boolean(props.globalReplicationGroupId);
        if ((!secondary && props.atRestEncryptionEnabled !== true) || !props.kmsKeyId) problems.push(`Cache ${args.name} is not encrypted at rest with a customer-managed key.`);
        if (!secondary && props.transitEncryptionEnabled !== true) problems.push(`Cache ${args.name} does not require TLS in transit.`);
        return problems;
    },
);
