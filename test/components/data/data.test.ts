/** The data layer as each stack declares it.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { keyArn } from "../../helpers/mock-values";
import { AURORA_ENGINE_VERSION, GLOBAL_CLUSTER_ID } from "../../../components/data/versions";
import { STATEFUL_TYPES } from "../../../policies/graph";
import { cronIntervalSeconds } from "../../../policies/recovery/cron";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, STACKS, tempProject } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const outputs: Record<string, Record<string, unknown>> = {};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const MEMBERS = ["prod-eu", "prod-ap"] as const;

beforeAll(async () => {
    for (const stack of STACKS) {
        const e = await evaluate(stack);
        plans[stack] = e.resources;
        outputs[stack] = e.outputs;
    }
});

/** What AWS keeps data in (the pack's list, plus log groups): every one must be protected and encrypted. */
const STATEFUL = [...STATEFUL_TYPES, "aws:cloudwatch/logGroup:LogGroup"];

describe("Aurora global database", () => {
    it("has its global cluster only in the owner stack, encrypted and deletion-protected", () => {
        expect(ofType(plans["prod-us"], "aws:rds/globalCluster:GlobalCluster").map((g) => g.inputs)).toEqual([
            { globalClusterIdentifier: GLOBAL_CLUSTER_ID, engine: "aurora-postgresql", engineVersion: AURORA_ENGINE_VERSION, databaseName: "pleasure", storageEncrypted: true, deletionProtection: true },
        ]);
        for (const m of MEMBERS) expect(ofType(plans[m], "aws:rds/globalCluster:GlobalCluster")).toEqual([]);
        expect(outputs["prod-us"].globalWriterEndpoint).toBe("bibox-pleasure.global-plan.global.rds.amazonaws.com");
        for (const m of MEMBERS) expect(outputs[m]).not.toHaveProperty("globalWriterEndpoint");
    });

    it("gives the primary generated master credentials kept only as secrets", () => {
        const primary = one(plans["prod-us"], "aws:rds/cluster:Cluster", "bibox-aurora-cluster");
        expect(primary.inputs).toMatchObject({ masterUsername: "pleasure_admin", masterPassword: "[secret]", databaseName: "pleasure", globalClusterIdentifier: "bibox-aurora-global-id" });
        expect(primary.inputs).not.toHaveProperty("enableGlobalWriteForwarding");
        expect(one(plans["prod-us"], "aws:secretsmanager/secretVersion:SecretVersion", "bibox-aurora-master").inputs.secretString).toBe("[secret]");
    });

    it.each(MEMBERS)("%s joins as a secondary without credentials, with write forwarding", (stack) => {
        const cluster = one(plans[stack], "aws:rds/cluster:Cluster", "bibox-aurora-cluster");
        expect(cluster.inputs).toMatchObject({ globalClusterIdentifier: GLOBAL_CLUSTER_ID, enableGlobalWriteForwarding: true, engineVersion: AURORA_ENGINE_VERSION });
        for (const k of ["masterUsername", "masterPassword", "databaseName", "manageMasterUserPassword"]) expect(cluster.inputs).not.toHaveProperty(k);
        expect(ofType(plans[stack], "random:index/randomPassword:RandomPassword").filter((r) => r.name.includes("aurora"))).toEqual([]);
    });

    it.each(STACKS)("%s: ignores replication drift, keeps PITR, IAM auth, logs, TLS and a bounded global_db_rpo", (stack) => {
        const cluster = one(plans[stack], "aws:rds/cluster:Cluster", "bibox-aurora-cluster");
        expect(cluster.ignoreChanges).toEqual(["replicationSourceIdentifier", "globalClusterIdentifier"]);
        expect(cluster.inputs).toMatchObject({
            clusterIdentifier: `bibox-${REGION[stack]}`,
            storageEncrypted: true,
            kmsKeyId: keyArn(REGION[stack], "bibox-aurora-storage-key"),
            deletionProtection: true,
            backupRetentionPeriod: 35,
            copyTagsToSnapshot: true,
            iamDatabaseAuthenticationEnabled: true,
            enabledCloudwatchLogsExports: ["postgresql"],
            dbSubnetGroupName: `bibox-${REGION[stack]}`,
            tags: { "bibox:backup": "true" },
        });
        const params = one(plans[stack], "aws:rds/clusterParameterGroup:ClusterParameterGroup", "bibox-aurora-params").inputs.parameters as { name: string; value: string }[];
        const rpo = Number(params.find((p) => p.name === "rds.global_db_rpo")!.value);
        expect(rpo).toBeGreaterThanOrEqual(20);
        expect(rpo).toBeLessThanOrEqual(1800);
        expect(params.find((p) => p.name === "rds.force_ssl")!.value).toBe("1");
        const subnets = one(plans[stack], "aws:rds/subnetGroup:SubnetGroup", "bibox-aurora-subnets").inputs.subnetIds as string[];
        expect(subnets.every((s) => s.startsWith("bibox-network-isolated-"))).toBe(true);
    });

    it.each(STACKS)("%s: two instances in two zones with Performance Insights on its own key", (stack) => {
        const instances = ofType(plans[stack], "aws:rds/clusterInstance:ClusterInstance");
        expect(instances).toHaveLength(2);
        expect(new Set(instances.map((i) => i.inputs.availabilityZone)).size).toBe(2);
        for (const i of instances) {
            expect(i.inputs).toMatchObject({
                instanceClass: "db.r7g.2xlarge",
                publiclyAccessible: false,
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: keyArn(REGION[stack], "bibox-aurora-insights-key"),
            });
        }
    });

    it.each(STACKS)("%s: PostgreSQL and Valkey admit only the EKS nodes' security group (and the owner's PostgreSQL its secret rotation function)", (stack) => {
        for (const [name, port] of [["bibox-aurora-sg", 5432], ["bibox-cache-sg", 6379]] as const) {
            const sg = one(plans[stack], "aws:ec2/securityGroup:SecurityGroup", name);
            const rotation = stack === "prod-us" && name === "bibox-aurora-sg" ? [expect.objectContaining({ protocol: "tcp", fromPort: port, toPort: port, securityGroups: ["bibox-aurora-rotation-sg-id"] })] : [];
            expect(sg.inputs.ingress).toEqual([expect.objectContaining({ protocol: "tcp", fromPort: port, toPort: port, securityGroups: ["sg-bibox-" + REGION[stack]] }), ...rotation]);
            expect(JSON.stringify(sg.inputs.ingress)).not.toContain("cidrBlocks");
        }
    });
});

describe("media storage", () => {
    it.each(STACKS)("%s: a versioned, KMS-encrypted, private, TLS-only bucket replicating to the two other regions with RTC", (stack) => {
        const rs = plans[stack];
        const region = REGION[stack];
        expect(one(rs, "aws:s3/bucket:Bucket", "bibox-media-bucket").inputs).toMatchObject({ bucket: `bibox-media-${region}-123456789012`, forceDestroy: false });
        expect(one(rs, "aws:s3/bucketVersioning:BucketVersioning", "bibox-media-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
        expect(one(rs, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "bibox-media-encryption").inputs.rules).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn(region, "bibox-media-key") }, bucketKeyEnabled: true },
        ]);
        expect(one(rs, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bibox-media-public-access").inputs).toMatchObject({
            blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        });
        expect(one(rs, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "bibox-media-ownership").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
        const rules = one(rs, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "bibox-media-replication").inputs.rules as { destination: { bucket: string; replicationTime: object; metrics: object } }[];
        const others = STACKS.filter((s) => s !== stack).map((s) => `arn:aws:s3:::bibox-media-${REGION[s]}-123456789012`).sort();
        expect(rules.map((r) => r.destination.bucket).sort()).toEqual(others);
        for (const r of rules) {
            expect(r.destination.replicationTime).toEqual({ status: "Enabled", time: { minutes: 15 } });
            expect(r.destination.metrics).toEqual({ status: "Enabled", eventThreshold: { minutes: 15 } });
        }
    });

    it("a stack in bring-up mode deploys its bucket without replication", async () => {
        const rs = (await evaluate("prod-ap", tempProject({ "prod-ap": { "bibox:mediaReplication": "off" } }))).resources;
        expect(ofType(rs, "aws:s3/bucket:Bucket")).toHaveLength(1);
        expect(ofType(rs, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")).toEqual([]);
        expect(rs.filter((r) => r.name === "bibox-media-replication")).toEqual([]);
    });
});

describe("session cache", () => {
    it("the owner holds the global datastore's primary: Valkey, multi-AZ failover, CMK at rest, TLS, AUTH as a secret", () => {
        const group = one(plans["prod-us"], "aws:elasticache/replicationGroup:ReplicationGroup", "bibox-cache-group");
        expect(group.inputs).toMatchObject({
            replicationGroupId: "bibox-sessions-us-east-1",
            engine: "valkey",
            nodeType: "cache.r7g.large",
            numCacheClusters: 2,
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
            atRestEncryptionEnabled: true,
            kmsKeyId: keyArn("us-east-1", "bibox-cache-key"),
            transitEncryptionEnabled: true,
            authToken: "[secret]",
            subnetGroupName: "bibox-sessions-us-east-1",
        });
        expect(one(plans["prod-us"], "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup", "bibox-cache-global").inputs).toMatchObject({
            globalReplicationGroupIdSuffix: "bibox-sessions",
            primaryReplicationGroupId: "bibox-cache-group-id",
        });
        expect(outputs["prod-us"].cacheAuthToken).toBe("[secret]");
    });

    it.each(MEMBERS)("%s joins the owner's global datastore, read through a StackReference", (stack) => {
        const ref = one(plans[stack], "pulumi:pulumi:StackReference", "bibox-owner");
        expect(ref.inputs).toEqual({ name: "organization/bibox/prod-us" });
        const group = one(plans[stack], "aws:elasticache/replicationGroup:ReplicationGroup", "bibox-cache-group");
        expect(group.inputs).toMatchObject({ globalReplicationGroupId: "plan-bibox-sessions", multiAzEnabled: true, automaticFailoverEnabled: true });
        expect(group.inputs).toMatchObject({ kmsKeyId: keyArn(REGION[stack], "bibox-cache-key") });
        for (const inherited of ["authToken", "engine", "nodeType", "atRestEncryptionEnabled", "transitEncryptionEnabled"]) expect(group.inputs).not.toHaveProperty(inherited);
        expect(ofType(plans[stack], "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup")).toEqual([]);
        expect(one(plans[stack], "aws:secretsmanager/secretVersion:SecretVersion", "bibox-cache-auth").inputs.secretString).toBe("[secret]");
    });
});

describe("backups", () => {
    it.each(STACKS)("%s: a locked CMK vault, 12-hourly snapshots copied to both other regions, continuous backup, tag selection, restore tests", (stack) => {
        const rs = plans[stack];
        const region = REGION[stack];
        expect(one(rs, "aws:backup/vault:Vault", "bibox-backups-vault").inputs).toMatchObject({ name: `bibox-${region}`, kmsKeyArn: keyArn(region, "bibox-backups-key") });
        expect(one(rs, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "bibox-backups-lock").inputs).toMatchObject({ changeableForDays: 3, minRetentionDays: 7 });
        const rules = one(rs, "aws:backup/plan:Plan", "bibox-backups-plan").inputs.rules as { ruleName: string; schedule: string; enableContinuousBackup?: boolean; copyActions?: { destinationVaultArn: string }[] }[];
        // The snapshots are the rule that copies out of the region; the pack's cron reader gives their longest gap.
        const snapshots = rules.find((r) => r.copyActions !== undefined)!;
        expect(cronIntervalSeconds(snapshots.schedule)).toBeLessThanOrEqual(12 * 3600);
        expect(snapshots.copyActions!.map((c) => c.destinationVaultArn).sort()).toEqual(
            STACKS.filter((s) => s !== stack).map((s) => `arn:aws:backup:${REGION[s]}:123456789012:backup-vault:bibox-${REGION[s]}`).sort(),
        );
        expect(rules.some((r) => r.enableContinuousBackup === true)).toBe(true);
        expect(one(rs, "aws:backup/selection:Selection", "bibox-backups-selection").inputs.selectionTags).toEqual([{ type: "STRINGEQUALS", key: "bibox:backup", value: "true" }]);
        expect(ofType(rs, "aws:backup/restoreTestingSelection:RestoreTestingSelection").map((s) => s.inputs.protectedResourceType).sort()).toEqual(["Aurora", "S3"]);
    });

    it.each(STACKS)("%s: the selection tag is on the database, the bucket and the cluster's persistent volumes", (stack) => {
        const rs = plans[stack];
        expect((one(rs, "aws:rds/cluster:Cluster", "bibox-aurora-cluster").inputs.tags as Record<string, string>)["bibox:backup"]).toBe("true");
        expect((one(rs, "aws:s3/bucket:Bucket", "bibox-media-bucket").inputs.tags as Record<string, string>)["bibox:backup"]).toBe("true");
        expect((one(rs, "kubernetes:storage.k8s.io/v1:StorageClass", "bibox-eks-baseline-gp3").inputs.parameters as Record<string, string>).tagSpecification_1).toBe("bibox:backup=true");
    });
});

describe("every stateful resource", () => {
    it.each(STACKS)("%s: is protected, and where AWS offers it, deletion-protected and encrypted", (stack) => {
        const stateful = plans[stack].filter((r) => STATEFUL.includes(r.type));
        expect(stateful.length).toBeGreaterThan(10);
        for (const r of stateful) {
            expect(r.protect, `${r.type} ${r.name}`).toBe(true);
            if ("deletionProtection" in r.inputs || r.type.startsWith("aws:rds/")) expect(r.inputs.deletionProtection, r.name).toBe(true);
            if (r.type === "aws:secretsmanager/secret:Secret") expect(r.inputs.kmsKeyId, r.name).toMatch(/^arn:aws:kms:/);
        }
    });
});

describe("names AWS scopes to the account or the world", () => {
    it.each([
        ["S3 bucket", "aws:s3/bucket:Bucket", "bucket"],
        ["backup vault", "aws:backup/vault:Vault", "name"],
        ["Aurora cluster", "aws:rds/cluster:Cluster", "clusterIdentifier"],
        ["cache group", "aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId"],
        ["secret", "aws:secretsmanager/secret:Secret", "name"],
        ["IAM role", "aws:iam/role:Role", "name"],
    ])("every %s name is unique across the stacks", (_label, type, field) => {
        const names = STACKS.flatMap((s) => ofType(plans[s], type).map((r) => r.inputs[field] as string));
        expect(names.length).toBeGreaterThanOrEqual(3);
        expect(new Set(names).size).toBe(names.length);
    });
});
