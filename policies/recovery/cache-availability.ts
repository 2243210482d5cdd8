/**
 * cache-availability: every ElastiCache replication group survives the loss of its primary node
 * and of its primary's Availability Zone on its own, within the region (recovery-cache judges the
 * loss of the region). Without it a primary failure stops session writes until someone promotes
 * a replica, while every health check of the platform stays green.
 *
 * What is judged, with the provider defaults (aws.elasticache.ReplicationGroup, @pulumi/aws 7.x,
 * https://www.pulumi.com/registry/packages/aws/api-docs/elasticache/replicationgroup/):
 * - automaticFailoverEnabled === true (default false);
 * - multiAzEnabled === true (default false; requires automatic failover);
 * - a replica to promote: cluster mode disabled, numCacheClusters ≥ 2 (default 1, primary and
 *   replicas together); cluster mode (numNodeGroups or nodeGroupConfigurations set), at least one
 *   replica in every shard — replicasPerNodeGroup, else each nodeGroupConfiguration's
 *   replicaCount (the API's default 0,
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html);
 * - preferredCacheClusterAzs, when it lists two or more nodes, names at least two zones.
 * (checkov CKV2_AWS_50; AWS Config elasticache-repl-grp-auto-failover-enabled.)
 *
 * Global datastores. A secondary (globalReplicationGroupId set) takes engine, node type and
 * encryption from the global datastore and may not set numNodeGroups or nodeType, but it sets its
 * own numCacheClusters, automaticFailoverEnabled and multiAzEnabled (provider docs above; replica
 * counts of members: hashicorp/terraform-provider-aws#20111), so the secondaries in the member
 * stacks are judged like the primary. The aws:elasticache/globalReplicationGroup of the owner
 * stack has its own automaticFailoverEnabled: unset, it inherits the primary's setting when
 * created; set, it applies to every member
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyGlobalReplicationGroup.html;
 * the provider ignores a member's own diff for it: hashicorp/terraform-provider-aws#47647). It
 * must not be false.
 */
import { stackRule, StackProblem } from "../define";
import { ofType } from "../graph";
import { list, num, obj } from "./guard";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";

const shown = (value: unknown, fallback: unknown) => (value === undefined || value === null ? `unset, default ${fallback}` : String(value));

/** Why a group has no replica to promote, if it has none. */
function replicaProblem(name: string, p: Record<string, unknown>): string | undefined {
    const clusterMode = p.numNodeGroups !== undefined || p.nodeGroupConfigurations !== undefined || p.replicasPerNodeGroup !== undefined;
    if (!clusterMode) {
        const nodes = num(p.numCacheClusters, "numCacheClusters", 1);
        return nodes >= 2 ? undefined : `Replication group ${name} has ${nodes} node (numCacheClusters ${shown(p.numCacheClusters, 1)}): no replica to promote when the primary fails. Set numCacheClusters to at least 2, one per zone.`;
    }
    if (p.replicasPerNodeGroup !== undefined) {
        const replicas = num(p.replicasPerNodeGroup, "replicasPerNodeGroup");
        return replicas >= 1 ? undefined : `Replication group ${name} has no replica in its shards (replicasPerNodeGroup ${replicas}): a failed shard primary has no replica to promote. Set replicasPerNodeGroup to at least 1.`;
    }
    const configs = list<Record<string, unknown>>(p.nodeGroupConfigurations);
    const bare = configs
        .map((c, i) => ({ id: String(obj(c).nodeGroupId ?? `#${i + 1}`), replicas: num(obj(c).replicaCount, "nodeGroupConfigurations replicaCount", 0) }))
        .filter((c) => c.replicas < 1)
        .map((c) => c.id);
    if (configs.length === 0) return `Replication group ${name} runs in cluster mode with no replica in its shards (replicasPerNodeGroup unset, default 0): a failed shard primary has no replica to promote. Set replicasPerNodeGroup to at least 1.`;
    return bare.length === 0 ? undefined : `Replication group ${name}: shard ${bare.join(", ")} has no replica (replicaCount unset or 0): its primary has no replica to promote. Give every shard a replica.`;
}

/** The problems of one replication group (props as the plan gives them; absent = the provider default). */
export function cacheGroupProblems(name: string, p: Record<string, unknown>): string[] {
    const problems: string[] = [];
    if (p.automaticFailoverEnabled !== true) {
        problems.push(`Replication group ${name} does not fail over on its own (automaticFailoverEnabled ${shown(p.automaticFailoverEnabled, false)}): when its primary node fails, writes stop until someone promotes a replica. Set automaticFailoverEnabled: true.`);
    }
    if (p.multiAzEnabled !== true) {
        problems.push(`Replication group ${name} is not Multi-AZ (multiAzEnabled ${shown(p.multiAzEnabled, false)}): the loss of its primary's zone is not failed over to a replica in another zone. Set multiAzEnabled: true.`);
    }
    const replica = replicaProblem(name, p);
    if (replica) problems.push(replica);
    const zones = list<unknown>(p.preferredCacheClusterAzs).map(String);
    if (zones.length >= 2 && new Set(zones).size < 2) {
        problems.push(`Replication group ${name} places all its nodes in ${zones[0]} (preferredCacheClusterAzs): the loss of that zone takes the primary and its replicas. Name a different zone for each node.`);
    }
    return problems;
}

export function globalDatastoreProblems(name: string, p: Record<string, unknown>): string[] {
    return p.automaticFailoverEnabled === false
        ? [`Global datastore ${name} turns automatic failover off for every member (automaticFailoverEnabled false). Set it true, or leave it unset to inherit the primary's.`]
        : [];
}

export const cacheAvailability = stackRule(
    {
        name: "cache-availability",
        description: "Every ElastiCache replication group, primary or global-datastore secondary, fails over on its own across zones: automatic failover and Multi-AZ on, a replica to promote in distinct zones; the global datastore does not turn failover off.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set automaticFailoverEnabled: true, multiAzEnabled: true and numCacheClusters ≥ 2 (one node per zone in preferredCacheClusterAzs) on every regional group; leave the global replication group's automaticFailoverEnabled unset or true.",
    },
    (rs, _config, judge) => [
        ...judge.each(ofType(rs, GROUP), (g): StackProblem[] => cacheGroupProblems(g.name, g.props).map((message) => ({ urn: g.urn, message }))),
        ...judge.each(ofType(rs, GLOBAL), (g): StackProblem[] => globalDatastoreProblems(g.name, g.props).map((message) => ({ urn: g.urn, message }))),
    ],
);
