/**
 * s3-abort-incomplete-uploads: every S3 lifecycle configuration aborts incomplete multipart
 * uploads across the whole bucket. S3 keeps the parts of an upload that was never completed or
 * aborted, billed as storage, until the upload is aborted
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html);
 * large (media) uploads are multipart, and an interrupted one leaves its parts behind. (checkov
 * CKV_AWS_300, which judges lifecycle configurations only — so does this rule: a bucket without
 * one, such as the CloudTrail bucket that only CloudTrail writes to, is not judged.)
 *
 * A rule counts when it is Enabled, sets abortIncompleteMultipartUpload.daysAfterInitiation ≥ 1
 * and covers the whole bucket: no filter, an empty filter, or an empty prefix (a tag or object-size
 * filter cannot select uploads: S3 refuses abortIncompleteMultipartUpload with a tag filter).
 * aws.s3.BucketLifecycleConfiguration: https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketlifecycleconfiguration/
 */
import { resourceRule } from "../define";
import { list, num, obj } from "../recovery/guard";

interface LifecycleRule {
    id?: unknown;
    status?: unknown;
    prefix?: unknown;
    filter?: unknown;
    abortIncompleteMultipartUpload?: unknown;
}

/** True when a rule's filter selects every object of the bucket. */
export function wholeBucket(rule: LifecycleRule): boolean {
    const prefix = rule.prefix;
    if (prefix !== undefined && prefix !== null && prefix !== "") return false;
    if (rule.filter === undefined || rule.filter === null) return true;
    const filter = obj(rule.filter);
    return Object.entries(filter).every(([k, v]) => v === undefined || v === null || (k === "prefix" && v === ""));
}

/** The problem of one lifecycle configuration, if it leaves incomplete uploads anywhere in the bucket. */
export function abortProblem(name: string, rules: unknown): string | undefined {
    const all = list<LifecycleRule>(rules).map((r) => obj(r) as LifecycleRule);
    const aborting = all.filter((r) => r.status === "Enabled" && obj(r.abortIncompleteMultipartUpload).daysAfterInitiation !== undefined
        && num(obj(r.abortIncompleteMultipartUpload).daysAfterInitiation, "abortIncompleteMultipartUpload.daysAfterInitiation") >= 1);
    if (aborting.some(wholeBucket)) return undefined;
    const partial = aborting.map((r) => String(r.id ?? "a rule"));
    return `Lifecycle configuration ${name} does not abort incomplete multipart uploads across the bucket${partial.length ? ` (${partial.join(", ")} covers only part of it)` : ""}: their parts stay, billed, until someone aborts them. Add an Enabled rule with an empty filter and abortIncompleteMultipartUpload.daysAfterInitiation (e.g. 7).`;
}

export const s3AbortIncompleteUploads = resourceRule(
    {
        name: "s3-abort-incomplete-uploads",
        description: "Every S3 lifecycle configuration has an Enabled whole-bucket rule aborting incomplete multipart uploads.",
        severity: "low",
        enforcementLevel: "mandatory",
        remediationSteps: "Add { id: \"abort-incomplete-uploads\", status: \"Enabled\", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } } to the bucket's lifecycle rules.",
    },
    ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"],
    (props, args, judge) => judge.one(args, () => {
        const problem = abortProblem(args.name, props.rules);
        return problem ? [{ message: problem }] : [];
    }),
);
