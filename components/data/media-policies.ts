/**
 * Media storage documents (pure): the bucket policy, the replication rules of the three-way mesh,
 * the replication role's permissions and the lifecycle rules.
 */
import { serviceTrust } from "../iam";
import { Account, accountKeyPolicy, KeyScope } from "../key-policies";
import { MEDIA_KEY_ALIAS, mediaBucketName } from "../lib/naming";

/** Prefixes of the media bucket: what each holds. */
export const MEDIA_PREFIXES = {
    originals: "originals/",
    renditions: "renditions/",
    hls: "hls/",
    thumbnails: "thumbnails/",
} as const;

/** Replication Time Control: AWS's 15-minute replication guarantee, and its metrics threshold. */
export const REPLICATION_TIME_MINUTES = 15;

/** Refuse every request that does not use TLS. */
export function mediaBucketPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

export const destinationRegions = (region: string, regions: readonly string[]) => regions.filter((r) => r !== region);

/** One rule per destination: everything, with RTC and metrics, delete markers, replica sync, re-encryption. */
export function replicationRules(s: Account, region: string, regions: readonly string[]) {
    return destinationRegions(region, regions).map((dest, i) => ({
        id: `to-${dest}`,
        priority: i + 1,
        status: "Enabled",
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: {
            sseKmsEncryptedObjects: { status: "Enabled" },
            replicaModifications: { status: "Enabled" },
        },
        destination: {
            bucket: `arn:${s.partition}:s3:::${mediaBucketName(dest, s.accountId)}`,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: `arn:${s.partition}:kms:${dest}:${s.accountId}:${MEDIA_KEY_ALIAS}` },
            replicationTime: { status: "Enabled", time: { minutes: REPLICATION_TIME_MINUTES } },
            metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
        },
    }));
}

/** What the replication role may do: read this bucket's versions, write replicas into the siblings. */
export function replicationRolePolicy(s: Account, region: string, regions: readonly string[], sourceKeyArn: string): string {
    const source = `arn:${s.partition}:s3:::${mediaBucketName(region, s.accountId)}`;
    const dests = destinationRegions(region, regions).map((r) => `arn:${s.partition}:s3:::${mediaBucketName(r, s.accountId)}`);
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadSourceConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source },
            {
                Sid: "ReadSourceVersions",
                Effect: "Allow",
                Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold"],
                Resource: `${source}/*`,
            },
            {
                Sid: "WriteReplicas",
                Effect: "Allow",
                Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
                Resource: dests.map((d) => `${d}/*`),
            },
            {
                Sid: "DecryptSource",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: sourceKeyArn,
                Condition: { StringLike: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
            },
            {
                Sid: "EncryptReplicasWithTheDestinationKey",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                Resource: destinationRegions(region, regions).map((r) => `arn:${s.partition}:kms:${r}:${s.accountId}:key/*`),
                Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": MEDIA_KEY_ALIAS } },
            },
        ],
    });
}

/** Trust policy of the replication role. */
export const s3ReplicationTrust = () => serviceTrust("s3.amazonaws.com");

/** Old versions expire; cold originals move to Glacier Instant Retrieval; stale uploads are aborted. */
export function mediaLifecycleRules(a: { coldOriginalsAfterDays: number; noncurrentVersionDays: number }) {
    return [
        { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: a.noncurrentVersionDays } },
        { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
        {
            id: "cold-originals",
            status: "Enabled",
            filter: { prefix: MEDIA_PREFIXES.originals },
            transitions: [{ days: a.coldOriginalsAfterDays, storageClass: "GLACIER_IR" }],
        },
    ];
}

/**
 * The IAM user whose access key the Akamai Cloud Access Manager key holds: Akamai signs its origin
 * requests to the media buckets with it (SigV4). A user, because a CAM key is an access key id and
 * secret (akamai:index/cloudAccessKey:CloudAccessKey credentialsA/B). The owner stack creates it.
 */
export const MEDIA_READER_USER = "bibox-akamai-media-reader";
/** The group that gives the media reader its permissions (mediaReaderPolicy). */
export const MEDIA_READER_GROUP = "bibox-akamai-media-readers";

export const mediaReaderArn = (s: Account) => `arn:${s.partition}:iam::${s.accountId}:user/${MEDIA_READER_USER}`;

/**
 * What the media reader may do: read objects of every region's media bucket, and decrypt with the
 * media key of each region only through S3 there (SSE-KMS objects; with S3 Bucket Keys the
 * requester still needs kms:Decrypt: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html).
 */
export function mediaReaderPolicy(s: Account, regions: readonly string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadMedia", Effect: "Allow", Action: "s3:GetObject", Resource: regions.map((r) => `arn:${s.partition}:s3:::${mediaBucketName(r, s.accountId)}/*`) },
            {
                Sid: "DecryptMediaThroughS3",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: regions.map((r) => `arn:${s.partition}:kms:${r}:${s.accountId}:key/*`),
                Condition: {
                    "ForAnyValue:StringEquals": { "kms:ResourceAliases": MEDIA_KEY_ALIAS },
                    StringEquals: { "kms:ViaService": regions.map((r) => `s3.${r}.amazonaws.com`) },
                },
            },
        ],
    });
}

/**
 * The media key's policy: the account administers it (IAM policies decide), and it admits the
 * media reader explicitly — decrypt only, only through S3 in this region. The reader is named in an
 * aws:PrincipalArn condition, not as the principal: the owner creates the user, and KMS refuses a
 * key policy whose principal does not exist yet (policies/preflight/principals-exist.ts).
 */
export function mediaKeyPolicy(s: KeyScope): string {
    const doc = JSON.parse(accountKeyPolicy(s)) as { Version: string; Statement: object[] };
    doc.Statement.push({
        Sid: "AkamaiOriginDecryptsMediaThroughS3",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
            StringEquals: { "aws:PrincipalArn": mediaReaderArn(s), "kms:CallerAccount": s.accountId, "kms:ViaService": `s3.${s.region}.amazonaws.com` },
        },
    });
    return JSON.stringify(doc);
}
