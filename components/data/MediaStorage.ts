import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Account } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { MEDIA_KEY_ALIAS, mediaBucketName, regionalName } from "../lib/naming";
import { BACKUP_TAG } from "./backup-rules";
import { mediaBucketPolicy, mediaKeyPolicy, mediaLifecycleRules, replicationRolePolicy, replicationRules, s3ReplicationTrust } from "./media-policies";

export interface MediaStorageArgs {
    /** The stack's region: names the bucket (mediaBucketName) and the replication role; the source of replication. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** Every region of the active-active set, this one included. */
    regions: readonly string[];
    /** Days before objects under `originals/` move to Glacier Instant Retrieval. */
    coldOriginalsAfterDays: number;
    /** Days a replaced or deleted object version is kept before it expires. */
    noncurrentVersionDays: number;
    /**
     * "mesh": replicate to every other region. "off": no replication configuration yet — S3 refuses
     * one whose destination buckets do not exist, so a fresh set of stacks is brought up with "off"
     * and switched to "mesh" once all three buckets exist (README: bringing up the stacks).
     */
    replication: "mesh" | "off";
    /** Days a deleted media key can still be restored. @default 30 — the longest KMS allows (components/kms.ts customerKey) */
    keyDeletionWindowDays?: number;
}

/**
 * The region's video bucket (originals, renditions, HLS segments, thumbnails): versioned, SSE-KMS
 * with bucket keys, public access blocked, owner-enforced, TLS only, lifecycle rules, and a
 * replication rule to each other region with Replication Time Control.
 */
export class MediaStorage extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: MediaStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:data:MediaStorage", name, {}, opts);
        const parent = { parent: this };
        const scope = scopeIn(args.account, args.region);
        const key = customerKey(`${name}-key`, {
            description: `Media of ${args.region}`,
            alias: MEDIA_KEY_ALIAS,
            deletionWindowInDays: args.keyDeletionWindowDays,
            policy: scope.apply(mediaKeyPolicy),
        }, this);

        const bucket = new aws.s3.Bucket(`${name}-bucket`, {
            bucket: scope.apply((s) => mediaBucketName(args.region, s.accountId)),
            forceDestroy: false,
            tags: { [BACKUP_TAG.key]: BACKUP_TAG.value },
        }, { parent: this, protect: true });
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
        }, parent);
        new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, parent);
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
        new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: bucket.arn.apply(mediaBucketPolicy) }, parent);
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: bucket.id,
            rules: mediaLifecycleRules(args),
        }, { parent: this, dependsOn: [versioning] });

        if (args.replication === "mesh") {
            const role = new aws.iam.Role(`${name}-replication`, {
                name: regionalName(args.region, "media-replication"),
                description: "S3 replication of the media bucket to the other regions",
                assumeRolePolicy: s3ReplicationTrust(),
            }, parent);
            new aws.iam.RolePolicy(`${name}-replication`, {
                name: "replicate-media",
                role: role.id,
                policy: pulumi.all([scope, key.arn]).apply(([s, keyArn]) => replicationRolePolicy(s, args.region, args.regions, keyArn)),
            }, parent);
            new aws.s3.BucketReplicationConfig(`${name}-replication`, {
                bucket: bucket.id,
                role: role.arn,
                rules: scope.apply((s) => replicationRules(s, args.region, args.regions)),
            }, { parent: this, dependsOn: [versioning] });
        }

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.keyArn = key.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
