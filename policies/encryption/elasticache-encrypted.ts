import { resourceRule } from "../define";
import { isCustomerKey } from "./customer-key";

/**
 * Provider defaults (aws.elasticache.ReplicationGroup): engine `redis`; atRestEncryptionEnabled
 * false for redis, true for valkey; transitEncryptionEnabled false; with TLS on, the mode is
 * `required` unless set to `preferred`, which still accepts plaintext clients.
 * https://www.pulumi.com/registry/packages/aws/api-docs/elasticache/replicationgroup/
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (TransitEncryptionMode)
 * A global datastore secondary (globalReplicationGroupId set) takes engine, encryption settings and
 * AUTH from the primary — AWS refuses them on a secondary — and brings its own region's key.
 */
export function atRestEncrypted(props: Record<string, unknown>): boolean {
    return (props.atRestEncryptionEnabled ?? (props.engine ?? "redis") === "valkey") === true;
}

/** TLS required for every client: on, and not in the `preferred` migration mode. */
export function transitRequired(props: Record<string, unknown>): boolean {
    return props.transitEncryptionEnabled === true && (props.transitEncryptionMode ?? "required") === "required";
}

export const elasticacheEncrypted = resourceRule(
    {
        name: "elasticache-encrypted",
        description: "ElastiCache encrypts at rest with a customer-managed key and requires TLS in transit; a global datastore secondary inherits the flags from its primary and brings its region's key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set atRestEncryptionEnabled, kmsKeyId (a customer-managed key) and transitEncryptionEnabled (mode required) on the replication group.",
    },
    ["aws:elasticache/replicationGroup:ReplicationGroup"],
    (props, args, judge) =>
        judge.one(args, () => {
            const problems: string[] = [];
            const secondary = Boolean(props.globalReplicationGroupId);
            if ((!secondary && !atRestEncrypted(props)) || !isCustomerKey(props.kmsKeyId)) problems.push(`Cache ${args.name} is not encrypted at rest with a customer-managed key.`);
            if (!secondary && props.transitEncryptionEnabled !== true) problems.push(`Cache ${args.name} does not require TLS in transit.`);
            else if (!secondary && !transitRequired(props)) problems.push(`Cache ${args.name} accepts plaintext clients (transitEncryptionMode ${String(props.transitEncryptionMode)}); set it to required.`);
            return problems.map((message) => ({ message }));
        }),
);
