/**
 * audit-s3-object-writes: who wrote or deleted an object of a data bucket is on record. Accepted
 * evidence, either:
 * - S3 server access logging of the bucket (aws:s3/bucketLogging with a target bucket), or
 * - a trail of the plan whose selectors record the bucket's object writes (PutObject, DeleteObject,
 *   CopyObject) as data events — what the program has: the owner's organisation trail logs the
 *   write data events of every bucket but its own (components/ops/SecurityBaseline.ts).
 * CloudTrail records no data events unless a selector asks for them
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html).
 *
 * A member plan holds no trail: its buckets are covered by the owner's multi-region trail, which
 * the owner's plan proves covers every bucket of the account — its selectors are judged against
 * its own buckets and against a bucket no plan names (a selector that names buckets is refused
 * there), so it cannot cover the owner's buckets only. A trail's own bucket is exempt (its
 * objects are CloudTrail's deliveries; AWS suggests excluding it).
 */
import { stackRule, StackProblem } from "../define";
import { Net, T } from "../network/refs";
import { objectWrites, records } from "./trail-events";

/** A bucket no selector names: a trail that records its writes records every bucket's. */
export const ANY_BUCKET_ARN = "arn:aws:s3:::any-bucket-of-the-account";

export const auditS3ObjectWrites = stackRule(
    {
        name: "audit-s3-object-writes",
        description: "Object writes and deletes of every data bucket are recorded: S3 server access logging, or CloudTrail data events of a trail that covers every bucket of the account.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Keep the owner trail's advanced selector: eventCategory Data, resources.type AWS::S3::Object, readOnly false, no ARN allow-list (exclude only the trail's bucket).",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const trails = net.ofType(T.trail);
        const problems: StackProblem[] = judge.each(trails, (t) =>
            objectWrites(ANY_BUCKET_ARN).every((e) => records(t.props, e)) ? [] : [{
                urn: t.urn,
                message: `Trail ${t.name} does not record the object writes of every bucket of the account (PutObject, DeleteObject, CopyObject as data events): the member regions' buckets go unaudited. Select AWS::S3::Object data events with readOnly false and no ARN allow-list.`,
            }]);
        if (trails.length === 0) return problems;
        const trailBuckets = new Set(trails.map((t) => String(t.props.s3BucketName)));
        const logged = net.ofType(T.bucketLogging);
        const buckets = net.ofType(T.bucket).filter((b) => !trailBuckets.has(String(b.props.bucket)));
        problems.push(...judge.each(buckets, (b) => {
            if (logged.some((l) => net.referenced(l, "bucket", [b]).length > 0 && l.props.targetBucket)) return [];
            const arn = `arn:aws:s3:::${String(b.props.bucket ?? b.name)}`;
            if (trails.some((t) => objectWrites(arn).every((e) => records(t.props, e)))) return [];
            return [{ urn: b.urn, message: `Bucket ${b.name}: no trail records its object writes and it has no server access logging, so a changed or deleted object leaves no record. Log its AWS::S3::Object write data events.` }];
        }));
        return problems;
    },
);
