/**
 * S3 replication as the recovery rules read it (pure): which regions a bucket's replication
 * configuration really reaches. A rule counts when it is Enabled, replicates the whole bucket (no
 * prefix, tag or `and` filter) and its destination bucket is in a region of the set
 * (./placement.ts bucketRegion); every rule that does not count says why.
 */
import { ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import { refers } from "./backup";
import { list, obj, str } from "./guard";
import { bucketRegion } from "./placement";

/** Whether a replication rule replicates every object (no prefix, tag or `and` filter). */
export function wholeBucket(rule: Record<string, unknown>): boolean {
    const filter = obj(rule.filter);
    const prefix = str(filter.prefix) ?? str(rule.prefix) ?? "";
    return prefix === "" && filter.tag === undefined && filter.and === undefined;
}

/** The regions the bucket's enabled whole-bucket replication rules reach, and why others do not count. */
export function s3ReplicaRegions(bucket: GraphResource, rs: GraphResource[], regions: readonly string[]): { reached: Set<string>; notes: string[] } {
    const reached = new Set<string>();
    const notes: string[] = [];
    for (const config of ofType(rs, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").filter((c) => refers(c, bucket, "bucket"))) {
        for (const rule of list<Record<string, unknown>>(config.props.rules)) {
            const id = str(rule.id) ?? "(unnamed)";
            const dest = obj(rule.destination);
            const to = bucketRegion(dest.bucket, regions, obj(dest.encryptionConfiguration).replicaKmsKeyId);
            if (rule.status !== "Enabled") notes.push(`rule ${id} is ${String(rule.status ?? "without status")}`);
            else if (!wholeBucket(rule)) notes.push(`rule ${id} replicates only part of the bucket (filter)`);
            else if (to === undefined) notes.push(`rule ${id}'s destination ${String(dest.bucket ?? "(none)")} is in no region of the set`);
            else reached.add(to);
        }
    }
    return { reached, notes };
}
