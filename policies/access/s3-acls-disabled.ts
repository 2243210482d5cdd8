/**
 * s3-acls-disabled: every bucket has ACLs disabled — Object Ownership "BucketOwnerEnforced": the
 * bucket owner owns every object and access is granted only by policies, which the pack reads.
 * With ACLs enabled an object another account uploads stays that account's, and an ACL can grant
 * what no policy shows. (checkov CKV2_AWS_65; the effect on public access is
 * s3-public-access-blocked's.)
 *
 * A bucket's setting is its aws:s3/bucketOwnershipControls `rule.objectOwnership` (values
 * BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter). A bucket without one has the S3
 * default, BucketOwnerEnforced for every bucket created since April 2023
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html), which passes.
 */
import { stackRule } from "../define";
import { Net } from "../network/refs";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
} as const;

export const S3_DEFAULT_OWNERSHIP = "BucketOwnerEnforced";

export const s3AclsDisabled = stackRule(
    {
        name: "s3-acls-disabled",
        description: "Every S3 bucket has ACLs disabled (Object Ownership BucketOwnerEnforced, the S3 default since April 2023).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set rule.objectOwnership: \"BucketOwnerEnforced\" on the bucket's aws.s3.BucketOwnershipControls (or remove the controls) and grant access through the bucket policy.",
    },
    (rs, _config, judge) => {
        const net = new Net(rs);
        const controls = net.ofType(T.ownership);
        return judge.each(net.ofType(T.bucket), (b) => {
            const own = controls.filter((c) => net.referenced(c, "bucket", [b]).length > 0);
            return own.flatMap((c) => {
                const ownership = (c.props.rule as { objectOwnership?: unknown } | undefined)?.objectOwnership;
                if (ownership === S3_DEFAULT_OWNERSHIP) return [];
                const what = ownership === undefined ? "no objectOwnership" : `objectOwnership ${String(ownership)}`;
                return [{
                    urn: c.urn,
                    message: `Bucket ${b.name} has ACLs enabled (${what} in ${c.name}): objects other accounts upload stay theirs, and ACLs can grant access no policy shows. Set objectOwnership BucketOwnerEnforced.`,
                }];
            });
        });
    },
);
