/** The data layer's pure documents: replication mesh, replication role, lifecycle, backup rules, parameters. */
import { describe, expect, it } from "vitest";
import { clusterParameters } from "../../../components/data/AuroraGlobal";
import { backupRules, siblingVaultArns } from "../../../components/data/backup-rules";
import { destinationRegions, mediaBucketPolicy, mediaLifecycleRules, replicationRolePolicy, replicationRules } from "../../../components/data/media-policies";
import { cronIntervalSeconds } from "../../../policies/recovery/cron";

const REGIONS = ["ap-northeast-1", "eu-west-1", "us-east-1"];
const scope = { partition: "aws", accountId: "111122223333" };

describe("replicationRules", () => {
    it.each(REGIONS)("%s replicates to exactly the two other regions, one rule each", (region) => {
        const rules = replicationRules(scope, region, REGIONS);
        expect(rules.map((r) => r.id)).toEqual(destinationRegions(region, REGIONS).map((d) => `to-${d}`));
        expect(rules).toHaveLength(2);
        expect(new Set(rules.map((r) => r.priority)).size).toBe(2);
        for (const [i, rule] of rules.entries()) {
            const dest = destinationRegions(region, REGIONS)[i];
            expect(rule).toEqual({
                id: `to-${dest}`,
                priority: i + 1,
                status: "Enabled",
                filter: {},
                deleteMarkerReplication: { status: "Enabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" }, replicaModifications: { status: "Enabled" } },
                destination: {
                    bucket: `arn:aws:s3:::bibox-media-${dest}-111122223333`,
                    storageClass: "STANDARD",
                    encryptionConfiguration: { replicaKmsKeyId: `arn:aws:kms:${dest}:111122223333:alias/bibox-media` },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                },
            });
        }
    });
});

describe("replicationRolePolicy", () => {
    const policy = JSON.parse(replicationRolePolicy(scope, "eu-west-1", REGIONS, "arn:aws:kms:eu-west-1:111122223333:key/src"));
    const sid = (s: string) => policy.Statement.find((st: { Sid: string }) => st.Sid === s);

    it("writes replicas only into the sibling buckets", () => {
        expect(sid("WriteReplicas").Resource).toEqual(["arn:aws:s3:::bibox-media-ap-northeast-1-111122223333/*", "arn:aws:s3:::bibox-media-us-east-1-111122223333/*"]);
    });

    it("re-encrypts with the destination region's media key, found by alias", () => {
        expect(sid("EncryptReplicasWithTheDestinationKey")).toMatchObject({
            Resource: ["arn:aws:kms:ap-northeast-1:111122223333:key/*", "arn:aws:kms:us-east-1:111122223333:key/*"],
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/bibox-media" } },
        });
        expect(sid("DecryptSource")).toMatchObject({ Resource: "arn:aws:kms:eu-west-1:111122223333:key/src", Condition: { StringLike: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } });
    });
});

describe("media bucket documents", () => {
    it("refuses every request without TLS", () => {
        expect(JSON.parse(mediaBucketPolicy("arn:aws:s3:::b")).Statement).toEqual([
            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ]);
    });

    it.each([
        [90, 30],
        [180, 7],
    ])("expires noncurrent versions and moves originals to Glacier IR after %i days (noncurrent %i)", (cold, noncurrent) => {
        const rules = mediaLifecycleRules({ coldOriginalsAfterDays: cold, noncurrentVersionDays: noncurrent });
        expect(rules.find((r) => r.id === "expire-noncurrent-versions")?.noncurrentVersionExpiration).toEqual({ noncurrentDays: noncurrent });
        expect(rules.find((r) => r.id === "cold-originals")).toMatchObject({ filter: { prefix: "originals/" }, transitions: [{ days: cold, storageClass: "GLACIER_IR" }] });
    });
});

describe("backupRules", () => {
    const args = { partition: "aws", accountId: "111122223333", region: "us-east-1", regions: REGIONS, vaultName: "bibox-us-east-1", retentionDays: 35 };

    it("snapshots every 12 hours and copies them to both other regions' vaults", () => {
        const [snapshots] = backupRules(args);
        // Read by the pack's own cron reader: never more than 12 hours between two snapshots.
        expect(cronIntervalSeconds(snapshots.schedule)).toBe(12 * 3600);
        expect(snapshots.copyActions).toEqual([
            { destinationVaultArn: "arn:aws:backup:ap-northeast-1:111122223333:backup-vault:bibox-ap-northeast-1", lifecycle: { deleteAfter: 35 } },
            { destinationVaultArn: "arn:aws:backup:eu-west-1:111122223333:backup-vault:bibox-eu-west-1", lifecycle: { deleteAfter: 35 } },
        ]);
    });

    it("keeps a continuous backup for point-in-time restore", () => {
        const continuous = backupRules(args)[1];
        expect(continuous).toMatchObject({ ruleName: "continuous", enableContinuousBackup: true, lifecycle: { deleteAfter: 35 }, targetVaultName: "bibox-us-east-1" });
    });

    it.each(REGIONS)("copies from %s never target its own vault", (region) => {
        const arns = siblingVaultArns({ ...args, region });
        expect(arns).toHaveLength(2);
        expect(arns.some((a) => a.includes(`:${region}:`))).toBe(false);
    });
});

describe("clusterParameters", () => {
    it.each([20, 60, 1800])("sets rds.global_db_rpo to %i s and requires TLS", (seconds) => {
        expect(clusterParameters(seconds)).toEqual([
            { name: "rds.global_db_rpo", value: String(seconds), applyMethod: "immediate" },
            { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        ]);
    });
});
