/**
 * The stateful stores of a stack, decided from what the plan creates (pure) — not from the
 * program's own `bibox:backup` tag: a store that lost its tag is still a store, and the rules
 * that require backups and replicas must then find it unprotected.
 *
 * - every Aurora cluster (aws:rds/cluster) and DynamoDB table: systems of record;
 * - every S3 bucket except a log sink: a bucket another resource of the plan writes its logs to
 *   (a CloudTrail trail's s3BucketName, an S3 flow log's or a load balancer's access-log
 *   destination, a bucket-logging target). A log sink holds the audit trail, which the security
 *   rules judge; its copies are the organisation trail's business, not the product's recovery;
 * - every ElastiCache replication group: a cache in front of the system of record, which must
 *   survive a region (global datastore) but is not backed up (AWS Backup does not support
 *   ElastiCache: https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html).
 */
import { ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import { obj, str } from "./guard";

export type StoreKind = "Aurora" | "S3" | "ElastiCache" | "DynamoDB";

export interface Store {
    kind: StoreKind;
    resource: GraphResource;
    /** The store's resource name (the subject of every message). */
    name: string;
    urn: string;
}

export const STORE_TYPES: Record<string, StoreKind> = {
    "aws:rds/cluster:Cluster": "Aurora",
    "aws:s3/bucket:Bucket": "S3",
    "aws:s3/bucketV2:BucketV2": "S3",
    "aws:dynamodb/table:Table": "DynamoDB",
    "aws:elasticache/replicationGroup:ReplicationGroup": "ElastiCache",
};

/** Bucket names (or the ids the plan gives them) other resources write logs to. */
export function logSinks(rs: GraphResource[]): Set<string> {
    const names = new Set<string>();
    const add = (v: unknown) => {
        const s = str(v);
        if (s) names.add(s.replace(/^arn:[^:]+:s3:::/, "").split("/")[0]);
    };
    for (const t of ofType(rs, "aws:cloudtrail/trail:Trail")) add(t.props.s3BucketName);
    for (const f of ofType(rs, "aws:ec2/flowLog:FlowLog")) if (f.props.logDestinationType === "s3") add(f.props.logDestination);
    for (const lb of ofType(rs, "aws:lb/loadBalancer:LoadBalancer")) if (obj(lb.props.accessLogs).enabled !== false) add(obj(lb.props.accessLogs).bucket);
    for (const type of ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"]) for (const l of ofType(rs, type)) add(l.props.targetBucket);
    return names;
}

/** Whether `bucket` is one of the plan's log sinks (by its name, or the id the plan gives it). */
export const isLogSink = (bucket: GraphResource, sinks: Set<string>): boolean =>
    [str(bucket.props.bucket), str(bucket.props.id), `${bucket.name}-id`].some((n) => n !== undefined && sinks.has(n));

/** Every stateful store of the stack, of the given kinds (all by default). */
export function statefulStores(rs: GraphResource[], kinds?: readonly StoreKind[]): Store[] {
    const sinks = logSinks(rs);
    return rs
        .filter((r) => STORE_TYPES[r.type] !== undefined && (kinds === undefined || kinds.includes(STORE_TYPES[r.type])))
        .filter((r) => STORE_TYPES[r.type] !== "S3" || !isLogSink(r, sinks))
        .map((r) => ({ kind: STORE_TYPES[r.type], resource: r, name: r.name, urn: r.urn }));
}
