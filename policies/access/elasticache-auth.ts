import { resourceRule } from "../define";
import { list } from "./policy-document";

/**
 * A Valkey/Redis OSS replication group authenticates its clients: an AUTH token (authToken, or the
 * write-only authTokenWo) or an RBAC user group (userGroupIds). Both need TLS in transit — AWS
 * refuses AUTH without it. Without either, anyone who reaches port 6379 reads every session.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html
 * checkov CKV_AWS_31; the AWS Config managed rule elasticache-repl-grp-redis-auth-enabled.
 *
 * A global datastore secondary takes AUTH and TLS from the primary (AuthTokenEnabled and
 * TransitEncryptionEnabled are properties of the global datastore; the provider refuses them on a
 * secondary): https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_GlobalReplicationGroup.html
 * Its primary is judged in the owner stack, so the secondary passes here.
 */
export function cacheAuthenticates(props: Record<string, unknown>): boolean {
    return Boolean(props.authToken || props.authTokenWo) || list(props.userGroupIds).length > 0;
}

export const elasticacheAuth = resourceRule(
    {
        name: "elasticache-auth",
        description: "ElastiCache replication groups require an AUTH token or an RBAC user group, over TLS; a global datastore secondary inherits them from its primary.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Set transitEncryptionEnabled: true and authToken (from a random password kept in Secrets Manager) or userGroupIds.",
    },
    ["aws:elasticache/replicationGroup:ReplicationGroup"],
    (props, args, judge) =>
        judge.one(args, () => {
            if (props.globalReplicationGroupId) return [];
            return cacheAuthenticates(props) ? [] : [{ message: `Cache ${args.name} lets any client that reaches it in without a password: set authToken (or userGroupIds) with transitEncryptionEnabled.` }];
        }),
);
