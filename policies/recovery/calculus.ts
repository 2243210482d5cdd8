/**
 * The recovery calculus (pure): for every stateful store, the best RPO and RTO its resources can
 * achieve when a region is lost and when data is corrupted. Inputs are the stack's resources
 * (type, name, urn, props), the active-active regions of the pack's config and where each
 * resource lives (./placement.ts); outputs carry the arithmetic so a violation can say why.
 * Absent settings take the provider's defaults (./model.ts, ./guard.ts), never NaN.
 */
import { clusterParameter, ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import { BUSINESS_PLATFORM } from "../objectives";
import { backupCoverage as coverageOf, BackupCoverage, refers } from "./backup";
import { list, num, obj } from "./guard";
import { Store, StoreKind, statefulStores } from "./inventory";
import {
    AURORA_DEFAULT_RETENTION_DAYS,
    AURORA_GLOBAL_FAILOVER_SECONDS,
    AURORA_MIN_RETENTION_DAYS,
    AURORA_PITR_LAG_SECONDS,
    CACHE_GLOBAL_LAG_SECONDS,
    CACHE_PROMOTION_SECONDS,
    RESTORE_SECONDS,
    S3_CONTINUOUS_BACKUP_SECONDS,
    S3_REPLICA_SWITCH_SECONDS,
    S3_RTC_SECONDS,
} from "./model";
import { Placement, placement } from "./placement";
import { wholeBucket } from "./replication";

export { refers } from "./backup";
export type { BackupCoverage } from "./backup";

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

const storeOf = (r: GraphResource, kind: StoreKind): Store => ({ kind, resource: r, name: r.name, urn: r.urn });

/** What AWS Backup does for `resource` (of `kind`): the plans whose selections really pick it. */
export function backupCoverage(resource: GraphResource, rs: GraphResource[], kind: StoreKind = "S3", where: Placement = placement(rs)): BackupCoverage {
    return coverageOf(storeOf(resource, kind), rs, where);
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

export function auroraRecovery(cluster: GraphResource, rs: GraphResource[], regions: readonly string[], where: Placement = placement(rs)): StoreRecovery {
    const rpo = clusterParameter(cluster, rs, "rds.global_db_rpo");
    const inGlobal = Boolean(cluster.props.globalClusterIdentifier) || ofType(rs, "aws:rds/globalCluster:GlobalCluster").some((g) => refers(g, cluster, "sourceDbClusterIdentifier"));
    const siblings = regions.length > 1;
    const coverage = coverageOf(storeOf(cluster, "Aurora"), rs, where);
    const retention = num(cluster.props.backupRetentionPeriod, `${cluster.name} backupRetentionPeriod`, AURORA_DEFAULT_RETENTION_DAYS);
    // A window shorter than the minimum does not count as point-in-time recovery (./model.ts).
    const pitr = retention >= AURORA_MIN_RETENTION_DAYS || coverage.continuous;
    const pitrBasis = retention >= AURORA_MIN_RETENTION_DAYS ? "point-in-time recovery" : "continuous backup (AWS Backup)";

    const replicated: Figure | undefined =
        inGlobal && siblings
            ? rpo !== undefined
                ? { seconds: num(rpo, "rds.global_db_rpo"), basis: `global database, rds.global_db_rpo ${rpo} s` }
                : { seconds: Infinity, basis: "global database without rds.global_db_rpo: lag unbounded" }
            : undefined;
    return {
        store: cluster.name,
        kind: "Aurora",
        urn: cluster.urn,
        regionLoss: regionLoss(replicated, { seconds: AURORA_GLOBAL_FAILOVER_SECONDS, basis: "managed global database failover" }, coverage),
        corruption: {
            rpo: best(pitr ? { seconds: AURORA_PITR_LAG_SECONDS, basis: pitrBasis } : undefined, snapshots(coverage)),
            rto: pitr || coverage.snapshotIntervalSeconds !== undefined ? restore : { seconds: Infinity, basis: "no backup" },
        },
        ephemeral: false,
    };
}

export function s3Recovery(bucket: GraphResource, rs: GraphResource[], where: Placement = placement(rs)): StoreRecovery {
    const refersToBucket = (r: GraphResource) => refers(r, bucket, "bucket");
    const replication = ofType(rs, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").filter(refersToBucket);
    const rules = replication.flatMap((c) => list<Record<string, unknown>>(c.props.rules)).filter((r) => r.status === "Enabled" && wholeBucket(r));
    const rtcMinutes = rules.map((r) => {
        const rtc = obj(obj(r.destination).replicationTime);
        return rtc.status === "Enabled" ? num(obj(rtc.time).minutes, "replicationTime.time.minutes", S3_RTC_SECONDS / 60) : Infinity;
    });
    const versioned = ofType(rs, "aws:s3/bucketVersioning:BucketVersioning").some((v) => refersToBucket(v) && obj(v.props.versioningConfiguration).status === "Enabled");
    const coverage = coverageOf(storeOf(bucket, "S3"), rs, where);

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

export function cacheRecovery(group: GraphResource, rs: GraphResource[], regions: readonly string[]): StoreRecovery {
    const primaryOfGlobal = ofType(rs, "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup").some((g) => refers(g, group, "primaryReplicationGroupId"));
    const inGlobal = primaryOfGlobal || Boolean(group.props.globalReplicationGroupId);
    const siblings = regions.length > 1;
    // snapshotRetentionLimit: 0 (no automatic snapshots) when left out (AWS provider default).
    const snapshotDays = num(group.props.snapshotRetentionLimit, `${group.name} snapshotRetentionLimit`, 0);
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

/** The figures of one store of the inventory (DynamoDB has none in this calculus yet). */
export function storeRecovery(store: Store, rs: GraphResource[], regions: readonly string[], where: Placement = placement(rs)): StoreRecovery | undefined {
    switch (store.kind) {
        case "Aurora":
            return auroraRecovery(store.resource, rs, regions, where);
        case "S3":
            return s3Recovery(store.resource, rs, where);
        case "ElastiCache":
            return cacheRecovery(store.resource, rs, regions);
        default:
            return undefined;
    }
}

/**
 * Every store of the stack with its figures (the plan summary's recovery table). `regions`
 * defaults to the business platform's, as the pack's config does.
 */
export function storeRecoveries(rs: GraphResource[], regions: readonly string[] = BUSINESS_PLATFORM.regions): StoreRecovery[] {
    const where = placement(rs);
    return (["Aurora", "S3", "ElastiCache"] as const).flatMap((kind) => statefulStores(rs, [kind]).flatMap((s) => storeRecovery(s, rs, regions, where) ?? []));
}
