/**
 * The recovery calculus (pure): for every stateful store, the best RPO and RTO its declared
 * resources can achieve when a region is lost and when data is corrupted. Inputs are the stack's
 * resources (type, name, urn, props) and the topology the stack declares; outputs carry the
 * arithmetic so a violation can say why.
 */
import { clusterParameter, ofType } from "../graph";
import { cronIntervalSeconds } from "./cron";
import {
    AURORA_GLOBAL_FAILOVER_SECONDS,
    AURORA_PITR_LAG_SECONDS,
    CACHE_GLOBAL_LAG_SECONDS,
    CACHE_PROMOTION_SECONDS,
    RESTORE_SECONDS,
    S3_CONTINUOUS_BACKUP_SECONDS,
    S3_REPLICA_SWITCH_SECONDS,
    S3_RTC_SECONDS,
} from "./model";

export interface GraphResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    /** URNs this resource depends on. */
    dependencies: string[];
}

/** True when `r` names `target` in `property` (by id, as the engine resolves it) or depends on it. */
export function refers(r: GraphResource, target: GraphResource, property: string): boolean {
    const value = r.props[property];
    return (value !== undefined && value === target.props.id) || r.dependencies.includes(target.urn);
}

/** Data that must be recovered carries this tag (and is in the backup selection). */
export const RECOVERABLE_TAG = { key: "bibox:backup", value: "true" } as const;

/** What RegionStack declares about the whole active-active set (cross-stack facts). */
export interface DeclaredTopology {
    stack: string;
    region: string;
    role: "owner" | "member";
    regions: string[];
    nodePools: Record<string, { instanceType: string; nodesPerRegion?: number; globalNodes?: number }>;
}

export interface Figure {
    seconds: number;
    basis: string;
}

export interface StoreRecovery {
    store: string;
    kind: "Aurora" | "S3" | "ElastiCache";
    urn: string;
    regionLoss: { rpo: Figure; rto: Figure };
    corruption: { rpo: Figure; rto: Figure };
    /** A cache in front of the system of record: its corruption RPO is reported, not judged. */
    ephemeral: boolean;
}

const best = (...figures: (Figure | undefined)[]): Figure =>
    figures.filter((f): f is Figure => f !== undefined).sort((a, b) => a.seconds - b.seconds)[0] ?? { seconds: Infinity, basis: "nothing protects it" };
const tagsOf = (r: GraphResource) => ({ ...(r.props.tagsAll as Record<string, string> | undefined), ...(r.props.tags as Record<string, string> | undefined) });

/** The declared topology, from the RegionStack component's props. */
export function declaredTopology(rs: GraphResource[]): DeclaredTopology | undefined {
    return ofType(rs, "bibox:region:RegionStack")[0]?.props.declared as DeclaredTopology | undefined;
}

export interface BackupCoverage {
    /** Longest gap between snapshots of the plans selecting the resource. */
    snapshotIntervalSeconds?: number;
    continuous: boolean;
    /** Snapshots are copied to a vault in another region. */
    crossRegionCopy: boolean;
    /** The vault is under Vault Lock: an attacker cannot delete the recovery points. */
    vaultLocked: boolean;
}

/** What AWS Backup does for `resource`: the plans whose tag selections pick it. */
export function backupCoverage(resource: GraphResource, rs: GraphResource[]): BackupCoverage {
    const tags = tagsOf(resource);
    const coverage: BackupCoverage = { continuous: false, crossRegionCopy: false, vaultLocked: false };
    const selected = ofType(rs, "aws:backup/selection:Selection").filter((s) =>
        ((s.props.selectionTags ?? []) as { key: string; value: string }[]).some((t) => tags[t.key] === t.value),
    );
    const plans = ofType(rs, "aws:backup/plan:Plan").filter((p) => selected.some((s) => refers(s, p, "planId")));
    for (const plan of plans) {
        for (const rule of (plan.props.rules ?? []) as { schedule?: string; enableContinuousBackup?: boolean; copyActions?: unknown[]; targetVaultName?: string }[]) {
            if (rule.enableContinuousBackup) coverage.continuous = true;
            const interval = rule.schedule ? cronIntervalSeconds(rule.schedule) : undefined;
            if (!rule.enableContinuousBackup && interval !== undefined) {
                coverage.snapshotIntervalSeconds = Math.min(coverage.snapshotIntervalSeconds ?? Infinity, interval);
            }
            if ((rule.copyActions ?? []).length > 0) coverage.crossRegionCopy = true;
            const vault = ofType(rs, "aws:backup/vault:Vault").find((v) => v.props.name === rule.targetVaultName);
            const locked = ofType(rs, "aws:backup/vaultLockConfiguration:VaultLockConfiguration").some((l) => l.props.backupVaultName === rule.targetVaultName);
            if (vault && locked) coverage.vaultLocked = true;
        }
    }
    return coverage;
}

const restore: Figure = { seconds: RESTORE_SECONDS, basis: "restore from a recovery point (estimate)" };

function copiedSnapshots(c: BackupCoverage): Figure | undefined {
    return c.crossRegionCopy && c.snapshotIntervalSeconds !== undefined
        ? { seconds: c.snapshotIntervalSeconds, basis: `snapshots every ${c.snapshotIntervalSeconds / 3600} h copied to another region` }
        : undefined;
}

/** Region loss: a live replica fails over; else snapshots copied out of the region are restored. */
function regionLoss(replicated: Figure | undefined, failover: Figure, coverage: BackupCoverage): StoreRecovery["regionLoss"] {
    const copies = copiedSnapshots(coverage);
    return {
        rpo: best(replicated, copies),
        rto: replicated ? failover : copies ? restore : { seconds: Infinity, basis: "no copy outside the region" },
    };
}

const NO_BACKUP: BackupCoverage = { continuous: false, crossRegionCopy: false, vaultLocked: false };

function snapshots(c: BackupCoverage): Figure | undefined {
    return c.snapshotIntervalSeconds !== undefined ? { seconds: c.snapshotIntervalSeconds, basis: `snapshots every ${c.snapshotIntervalSeconds / 3600} h` } : undefined;
}

export function auroraRecovery(cluster: GraphResource, rs: GraphResource[], topology: DeclaredTopology | undefined): StoreRecovery {
    const rpo = clusterParameter(cluster, rs, "rds.global_db_rpo");
    const inGlobal = Boolean(cluster.props.globalClusterIdentifier);
    const siblings = (topology?.regions.length ?? 1) > 1;
    const coverage = backupCoverage(cluster, rs);
    const pitr = Number(cluster.props.backupRetentionPeriod ?? 0) > 0 || coverage.continuous;

    const replicated: Figure | undefined =
        inGlobal && siblings
            ? rpo !== undefined
                ? { seconds: Number(rpo), basis: `global database, rds.global_db_rpo ${rpo} s` }
                : { seconds: Infinity, basis: "global database without rds.global_db_rpo: lag unbounded" }
            : undefined;
    return {
        store: cluster.name,
        kind: "Aurora",
        urn: cluster.urn,
        regionLoss: regionLoss(replicated, { seconds: AURORA_GLOBAL_FAILOVER_SECONDS, basis: "managed global database failover" }, coverage),
        corruption: {
            rpo: best(pitr ? { seconds: AURORA_PITR_LAG_SECONDS, basis: "point-in-time recovery" } : undefined, snapshots(coverage)),
            rto: pitr || coverage.snapshotIntervalSeconds !== undefined ? restore : { seconds: Infinity, basis: "no backup" },
        },
        ephemeral: false,
    };
}

export function s3Recovery(bucket: GraphResource, rs: GraphResource[]): StoreRecovery {
    const refersToBucket = (r: GraphResource) => refers(r, bucket, "bucket");
    const replication = ofType(rs, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").find(refersToBucket);
    const rules = ((replication?.props.rules ?? []) as { status?: string; destination?: { replicationTime?: { status?: string; time?: { minutes?: number } } } }[]).filter((r) => r.status === "Enabled");
    const rtcMinutes = rules.map((r) => (r.destination?.replicationTime?.status === "Enabled" ? (r.destination.replicationTime.time?.minutes ?? S3_RTC_SECONDS / 60) : Infinity));
    const versioned = ofType(rs, "aws:s3/bucketVersioning:BucketVersioning").some((v) => refersToBucket(v) && (v.props.versioningConfiguration as { status?: string } | undefined)?.status === "Enabled");
    const coverage = backupCoverage(bucket, rs);

    let replicated: Figure | undefined;
    if (rules.length > 0) {
        const worst = Math.max(...rtcMinutes);
        replicated = Number.isFinite(worst)
            ? { seconds: worst * 60, basis: `replication with RTC (${worst} min) to ${rules.length} region(s)` }
            : { seconds: Infinity, basis: "replication without RTC: no time bound" };
    }
    return {
        store: bucket.name,
        kind: "S3",
        urn: bucket.urn,
        regionLoss: regionLoss(replicated, { seconds: S3_REPLICA_SWITCH_SECONDS, basis: "replicas already serve through CDN origin failover" }, coverage),
        corruption: {
            rpo: best(
                versioned ? { seconds: 0, basis: "versioning keeps every previous version" } : undefined,
                coverage.continuous ? { seconds: S3_CONTINUOUS_BACKUP_SECONDS, basis: "continuous backup" } : undefined,
                snapshots(coverage),
            ),
            rto: versioned || coverage.continuous || coverage.snapshotIntervalSeconds !== undefined ? restore : { seconds: Infinity, basis: "no backup" },
        },
        ephemeral: false,
    };
}

export function cacheRecovery(group: GraphResource, rs: GraphResource[], topology: DeclaredTopology | undefined): StoreRecovery {
    const primaryOfGlobal = ofType(rs, "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup").some((g) => refers(g, group, "primaryReplicationGroupId"));
    const inGlobal = primaryOfGlobal || Boolean(group.props.globalReplicationGroupId);
    const siblings = (topology?.regions.length ?? 1) > 1;
    const snapshotDays = Number(group.props.snapshotRetentionLimit ?? 0);
    const daily: Figure | undefined = snapshotDays > 0 ? { seconds: 86400, basis: "daily snapshots" } : undefined;
    const replicated = inGlobal && siblings ? { seconds: CACHE_GLOBAL_LAG_SECONDS, basis: "global datastore replication" } : undefined;
    return {
        store: group.name,
        kind: "ElastiCache",
        urn: group.urn,
        regionLoss: regionLoss(replicated, { seconds: CACHE_PROMOTION_SECONDS, basis: "promote a global datastore secondary" }, NO_BACKUP),
        corruption: { rpo: best(daily), rto: daily ? restore : { seconds: Infinity, basis: "no snapshot" } },
        ephemeral: true,
    };
}

/** Every store of the stack with its figures. */
export function storeRecoveries(rs: GraphResource[]): StoreRecovery[] {
    const topology = declaredTopology(rs);
    return [
        ...ofType(rs, "aws:rds/cluster:Cluster").map((c) => auroraRecovery(c, rs, topology)),
        ...ofType(rs, "aws:s3/bucket:Bucket").filter((b) => tagsOf(b)[RECOVERABLE_TAG.key] === RECOVERABLE_TAG.value).map((b) => s3Recovery(b, rs)),
        ...ofType(rs, "aws:elasticache/replicationGroup:ReplicationGroup").map((g) => cacheRecovery(g, rs, topology)),
    ];
}
