/**
 * Every other region of the active-active set (the pack's `regions` config) holds a replica of
 * every store of this stack (./inventory.ts) — judged on what must exist, not only on what is
 * present:
 *
 * - S3: an Enabled rule of the bucket's replication configuration, replicating the whole bucket
 *   (no prefix or tag filter), with a destination in each other region. A destination's region is
 *   read from its bucket name, else from its replica KMS key ARN (./placement.ts bucketRegion).
 * - Aurora: the cluster is part of a global database: it names the global cluster it joins
 *   (globalClusterIdentifier — the owner's own aws:rds/globalCluster, a member's the owner's), or
 *   is the source the global cluster is created from. Each region's stack is judged the same way,
 *   so every region of the set holds a member. What one plan cannot show: whether the global
 *   cluster it names exists (the owner's plan creates it; a member names it across stacks).
 * - ElastiCache: the replication group is the primary of an aws:elasticache/globalReplicationGroup
 *   of this stack, or names the global datastore it joins (globalReplicationGroupId).
 * - DynamoDB: the table's `replicas` (or aws:dynamodb/tableReplica resources) cover each other region.
 */
import { stackRule, StackProblem } from "../define";
import { ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import { Platform, PLATFORM_SCHEMA } from "../objectives";
import { refers } from "./backup";
import { list, str } from "./guard";
import { Store, statefulStores } from "./inventory";
import { Placement, placement } from "./placement";
import { s3ReplicaRegions } from "./replication";

/**
 * Why a cluster is in no global database, if it is not: it joins one through its
 * globalClusterIdentifier, or is the source the global cluster is created from. Where the plan
 * creates a global cluster (the owner), the cluster must join that one.
 */
function auroraNotJoined(cluster: GraphResource, rs: GraphResource[], others: string[]): string | undefined {
    const globals = ofType(rs, "aws:rds/globalCluster:GlobalCluster");
    if (globals.some((g) => refers(g, cluster, "sourceDbClusterIdentifier"))) return undefined;
    const gid = str(cluster.props.globalClusterIdentifier);
    if (gid === undefined || gid === "") {
        return `Aurora ${cluster.name} is in no global database, so ${others.join(", ")} hold no replica of it; create it in (owner) or join it to (members) the global cluster with globalClusterIdentifier.`;
    }
    // The global cluster's id is its globalClusterIdentifier once created (the offline plan's ids are `<name>-id`).
    const own = globals.some((g) => [g.props.globalClusterIdentifier, g.props.id, `${g.name}-id`].includes(gid));
    if (globals.length > 0 && !own) {
        return `Aurora ${cluster.name} joins global cluster ${gid}, not the one this stack creates (${globals.map((g) => g.name).join(", ")}), whose members in ${others.join(", ")} would replicate nothing from here; set globalClusterIdentifier to it.`;
    }
    return undefined;
}

function cacheJoined(group: GraphResource, rs: GraphResource[]): boolean {
    const primary = ofType(rs, "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup").some((g) => refers(g, group, "primaryReplicationGroupId"));
    const member = str(group.props.globalReplicationGroupId);
    return primary || (member !== undefined && member !== "");
}

function dynamoRegions(table: GraphResource, rs: GraphResource[], where: Placement): Set<string> {
    const regions = new Set(list<Record<string, unknown>>(table.props.replicas).map((r) => str(r.regionName)).filter((r): r is string => r !== undefined));
    for (const replica of ofType(rs, "aws:dynamodb/tableReplica:TableReplica").filter((r) => refers(r, table, "globalTableArn"))) {
        const region = where.regionOf(replica);
        if (region) regions.add(region);
    }
    return regions;
}

export function replicaProblems(store: Store, rs: GraphResource[], platform: Platform, where: Placement): StackProblem[] {
    const at = { urn: store.urn };
    const region = where.regionOf(store.resource);
    if (region === undefined) return [{ ...at, message: `${store.kind} ${store.name}: its AWS provider names no region, so the pack cannot tell which regions must hold its replicas.` }];
    const others = platform.regions.filter((r) => r !== region);
    if (others.length === 0) return [];
    const r = store.resource;
    switch (store.kind) {
        case "S3": {
            const { reached, notes } = s3ReplicaRegions(r, rs, platform.regions);
            const missing = others.filter((o) => !reached.has(o));
            return missing.length === 0
                ? []
                : [{ ...at, message: `S3 ${store.name} has no replica in ${missing.join(", ")}: no enabled whole-bucket replication rule reaches it${notes.length ? ` (${notes.join("; ")})` : ""}; add an Enabled rule with a destination bucket there.` }];
        }
        case "Aurora": {
            const why = auroraNotJoined(r, rs, others);
            return why ? [{ ...at, message: why }] : [];
        }
        case "ElastiCache":
            return cacheJoined(r, rs)
                ? []
                : [{ ...at, message: `ElastiCache ${store.name} is in no global datastore, so ${others.join(", ")} hold no replica of it; make it the primary of a global replication group (owner) or set globalReplicationGroupId (members).` }];
        case "DynamoDB": {
            const missing = others.filter((o) => !dynamoRegions(r, rs, where).has(o));
            return missing.length === 0 ? [] : [{ ...at, message: `DynamoDB ${store.name} has no replica in ${missing.join(", ")}; add a replica (global table) in each.` }];
        }
    }
}

export const recoveryReplicas = stackRule<Platform>(
    {
        name: "recovery-replicas",
        description: "Every other region of the active-active set holds a replica of every store: S3 replication rules enabled to each, Aurora in a global database, the cache in a global datastore, DynamoDB replicas.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Replicate each bucket to every other region (Enabled rules), join Aurora to the global cluster and the cache to the global datastore.",
        configSchema: PLATFORM_SCHEMA,
    },
    (rs, platform, judge, args) => {
        const where = placement(rs, args);
        return judge.each(statefulStores(rs), (store) => replicaProblems(store, rs, platform, where));
    },
);
