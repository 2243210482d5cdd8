/** The recovery calculus on hand-built graphs, and the recovery rules over the real plans. */
import { describe, expect, it } from "vitest";
import { poolCapacity } from "../../../policies/recovery/capacity";
import { GraphResource } from "../../../policies/graph-types";
import { auroraRecovery, backupCoverage, cacheRecovery, s3Recovery } from "../../../policies/recovery/calculus";
import { cronIntervalSeconds } from "../../../policies/recovery/cron";
import { declaredFailoverPaths } from "../../../policies/recovery/edge";
import { placement } from "../../../policies/recovery/placement";
import { backupPlanProblems } from "../../../policies/recovery/recovery-backup-plan";
import { storeProblems } from "../../../policies/recovery/stores";
import { BUSINESS_OBJECTIVES, BUSINESS_PLATFORM } from "../../../policies/objectives";

let n = 0;
const res = (type: string, name: string, props: Record<string, unknown>, dependencies: string[] = []): GraphResource => ({
    type, name, urn: `urn:test::${type}::${name}::${n++}`, props: { id: `${name}-id`, ...props }, dependencies,
});
/** The stack's AWS provider: its region is where the stores live (policies/recovery/placement.ts). */
const provider = res("pulumi:providers:aws", "aws", { region: "us-east-1" });
const three = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const alone = ["us-east-1"];

describe("cron intervals", () => {
    it.each([
        ["cron(0 0,12 * * ? *)", 43200],
        ["cron(0 5 * * ? *)", 86400],
        ["cron(0 */6 * * ? *)", 21600],
        ["cron(30 1,2,20 * * ? *)", 64800],
        ["cron(0 6 ? * SUN *)", 604800],
        ["rate(1 hour)", undefined],
    ])("%s → %s s", (expr, seconds) => expect(cronIntervalSeconds(expr)).toBe(seconds));
});

function backupPlan(rules: object[]) {
    const vault = res("aws:backup/vault:Vault", "vault", { name: "v" });
    const lock = res("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "lock", { backupVaultName: "v", changeableForDays: 3 });
    const plan = res("aws:backup/plan:Plan", "plan", { rules: rules.map((r) => ({ targetVaultName: "v", ...r })) });
    const selection = res("aws:backup/selection:Selection", "sel", { planId: "plan-id", selectionTags: [{ type: "STRINGEQUALS", key: "bibox:backup", value: "true" }] });
    return [provider, vault, lock, plan, selection];
}
const COPY_OUT = [{ destinationVaultArn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:v" }];
const TWELVE_H_COPIED = { ruleName: "s", schedule: "cron(0 0,12 * * ? *)", copyActions: COPY_OUT };
const DAILY = { ruleName: "d", schedule: "cron(0 5 * * ? *)" };
const CONTINUOUS = { ruleName: "c", schedule: "cron(0 5 * * ? *)", enableContinuousBackup: true };

describe("Aurora", () => {
    const params = (rpo?: number) => res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "pg", { name: "pg", parameters: rpo ? [{ name: "rds.global_db_rpo", value: String(rpo) }] : [] });
    const cluster = (p: Record<string, unknown>) => res("aws:rds/cluster:Cluster", "db", { dbClusterParameterGroupName: "pg", backupRetentionPeriod: 35, tags: { "bibox:backup": "true" }, ...p });

    it.each([
        ["global member, rpo 60 s", { globalClusterIdentifier: "g" }, 60, three, 60, 120],
        ["global member, rpo above the objective", { globalClusterIdentifier: "g" }, 3600, three, 3600, 120],
        ["global member without rds.global_db_rpo", { globalClusterIdentifier: "g" }, undefined, three, Infinity, 120],
        ["regional only, no copies", {}, 60, three, Infinity, Infinity],
        ["configured alone: no sibling secondaries", { globalClusterIdentifier: "g" }, 60, alone, Infinity, Infinity],
    ])("%s", (_label, props, rpo, topology, regionRpo, regionRto) => {
        const db = cluster(props);
        const r = auroraRecovery(db, [db, params(rpo)], topology);
        expect(r.regionLoss.rpo.seconds).toBe(regionRpo);
        expect(r.regionLoss.rto.seconds).toBe(regionRto);
    });

    it("reads rds.global_db_rpo only from the parameter group the cluster names", () => {
        const db = cluster({ globalClusterIdentifier: "g" });
        const other = res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "other", { name: "other", parameters: [{ name: "rds.global_db_rpo", value: "20" }] });
        expect(auroraRecovery(db, [db, other, params()], three).regionLoss.rpo).toEqual({ seconds: Infinity, basis: "global database without rds.global_db_rpo: lag unbounded" });
        expect(auroraRecovery(db, [db, other, params(60)], three).regionLoss.rpo).toEqual({ seconds: 60, basis: "global database, rds.global_db_rpo 60 s" });
    });

    it("falls back on snapshots copied out of the region when not replicated", () => {
        const db = cluster({});
        const r = auroraRecovery(db, [db, params(60), ...backupPlan([TWELVE_H_COPIED])], three);
        expect(r.regionLoss.rpo).toEqual({ seconds: 43200, basis: "snapshots every 12 h copied to another region" });
        expect(storeProblems([r], BUSINESS_OBJECTIVES).map((p) => p.message)).toEqual([
            "Aurora db: RPO for the loss of a region is 43200 s (12h) (snapshots every 12 h copied to another region), above the objective 1800 s (30m); join the global database and keep rds.global_db_rpo at or below the objective.",
            "Aurora db: RTO for the loss of a region is 3600 s (1h) (restore from a recovery point (estimate)), above the objective 300 s (5m); make the cluster a global database member so a region can fail over.",
        ]);
    });

    it.each([
        ["PITR", { backupRetentionPeriod: 35 }, [], 300],
        ["PITR of the 7-day minimum", { backupRetentionPeriod: 7 }, [], 300],
        ["a 1-day window is not counted as PITR", { backupRetentionPeriod: 1 }, [], Infinity],
        ["retention left out: the provider's 1 day, not PITR", { backupRetentionPeriod: undefined }, [], Infinity],
        ["no PITR, 12-hour snapshots", { backupRetentionPeriod: 0 }, [TWELVE_H_COPIED], 43200],
        ["no PITR, daily snapshots", { backupRetentionPeriod: 0 }, [DAILY], 86400],
        ["no PITR but continuous backup", { backupRetentionPeriod: 0 }, [CONTINUOUS], 300],
    ])("corruption RPO with %s", (_label, props, rules, seconds) => {
        const db = cluster({ globalClusterIdentifier: "g", ...props });
        expect(auroraRecovery(db, [db, params(60), ...backupPlan(rules)], three).corruption.rpo.seconds).toBe(seconds);
    });
});

describe("S3", () => {
    const bucket = res("aws:s3/bucket:Bucket", "media", { bucket: "media-us-east-1", tags: { "bibox:backup": "true" } });
    const versioning = (status: string) => res("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: "media-id", versioningConfiguration: { status } });
    const replication = (rtc: boolean) =>
        res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "r", {
            bucket: "media-id",
            rules: ["a", "b"].map(() => ({ status: "Enabled", destination: rtc ? { replicationTime: { status: "Enabled", time: { minutes: 15 } } } : {} })),
        });

    it.each([
        ["RTC", [replication(true)], 900, 0],
        ["replication without RTC", [replication(false)], Infinity, 0],
        ["no replication", [], Infinity, Infinity],
        ["no replication, copied 12-hourly snapshots", backupPlan([TWELVE_H_COPIED]), 43200, 3600],
    ])("region loss with %s", (_label, extra, rpo, rto) => {
        const r = s3Recovery(bucket, [bucket, ...extra]);
        expect([r.regionLoss.rpo.seconds, r.regionLoss.rto.seconds]).toEqual([rpo, rto]);
    });

    it.each([
        ["versioning", [versioning("Enabled")], 0],
        ["continuous backup", backupPlan([CONTINUOUS]), 900],
        ["daily snapshots only", backupPlan([DAILY]), 86400],
        ["nothing", [versioning("Suspended")], Infinity],
    ])("corruption with %s", (_label, extra, rpo) => {
        expect(s3Recovery(bucket, [bucket, ...extra]).corruption.rpo.seconds).toBe(rpo);
    });
});

describe("ElastiCache", () => {
    const group = res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { snapshotRetentionLimit: 7 });
    it.each([
        ["primary of a global datastore", [res("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup", "g", { primaryReplicationGroupId: "cache-id" })], three, 1, 60],
        ["regional only", [], three, Infinity, Infinity],
    ])("%s", (_label, extra, topology, rpo, rto) => {
        const r = cacheRecovery(group, [group, ...extra], topology);
        expect([r.regionLoss.rpo.seconds, r.regionLoss.rto.seconds]).toEqual([rpo, rto]);
        expect(r.ephemeral).toBe(true);
    });

    it("a secondary is a member too", () => {
        const secondary = res("aws:elasticache/replicationGroup:ReplicationGroup", "sec", { globalReplicationGroupId: "x" });
        expect(cacheRecovery(secondary, [secondary], three).regionLoss.rpo.seconds).toBe(1);
    });
});

describe("backup plans", () => {
    it.each([
        ["12-hourly copied, continuous, locked", [TWELVE_H_COPIED, CONTINUOUS], []],
        ["daily only, no continuous", [{ ...DAILY, copyActions: COPY_OUT }], ["Backup plan plan: best RPO is 86400 s (1d) (snapshots every 86400 s (1d)), above the objective 1800 s (30m); add a continuous-backup rule."]],
        ["12-hourly only", [TWELVE_H_COPIED], ["Backup plan plan: best RPO is 43200 s (12h) (snapshots every 43200 s (12h)), above the objective 1800 s (30m); add a continuous-backup rule."]],
        ["continuous but never copied", [CONTINUOUS], ["Backup plan plan copies no recovery point out of its region us-east-1: it has no copy action; add copy actions to the other regions' vaults."]],
        [
            "copied to its own region's vault",
            [{ ...CONTINUOUS, copyActions: [{ destinationVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:v" }] }],
            ["Backup plan plan copies no recovery point out of its region us-east-1: its copies go to arn:aws:backup:us-east-1:123456789012:backup-vault:v (us-east-1); add copy actions to the other regions' vaults."],
        ],
    ])("%s", (_label, rules, messages) => {
        const rs = backupPlan(rules);
        const plan = rs.find((r) => r.type === "aws:backup/plan:Plan")!;
        expect(backupPlanProblems(plan, rs, BUSINESS_OBJECTIVES, placement(rs)).map((p) => p.message)).toEqual(messages);
    });

    it.each([
        ["no Vault Lock", (l: GraphResource[]) => l.filter((r) => r.type !== "aws:backup/vaultLockConfiguration:VaultLockConfiguration"), "Backup plan plan writes to vault v, which has no Vault Lock: ransomware could delete the recovery points; add a compliance-mode Vault Lock."],
        [
            "a governance-mode lock (no changeableForDays)",
            (l: GraphResource[]) => l.map((r) => (r.type === "aws:backup/vaultLockConfiguration:VaultLockConfiguration" ? { ...r, props: { backupVaultName: "v" } } : r)),
            "Backup plan plan writes to vault v, whose Vault Lock is in governance mode (changeableForDays not set): anyone allowed backup:DeleteBackupVaultLockConfiguration can lift it; set changeableForDays for compliance mode.",
        ],
    ])("%s is a ransomware risk", (_label, edit, message) => {
        const rs = edit(backupPlan([TWELVE_H_COPIED, CONTINUOUS]));
        const plan = rs.find((r) => r.type === "aws:backup/plan:Plan")!;
        expect(backupPlanProblems(plan, rs, BUSINESS_OBJECTIVES, placement(rs)).map((p) => p.message)).toEqual([message]);
    });

    it("coverage follows the tags the selection really matches", () => {
        const untagged = res("aws:s3/bucket:Bucket", "logs", { bucket: "logs", tags: {} });
        expect(backupCoverage(untagged, [untagged, ...backupPlan([CONTINUOUS])]).continuous).toBe(false);
        const tagged = res("aws:s3/bucket:Bucket", "data", { bucket: "data", tags: { "bibox:backup": "true" } });
        expect(backupCoverage(tagged, [tagged, ...backupPlan([TWELVE_H_COPIED, CONTINUOUS])])).toEqual({ continuous: true, crossRegionCopy: true, vaultLocked: true, snapshotIntervalSeconds: 43200 });
    });
});

describe("edge paths and capacity", () => {
    it.each([
        [{ interval: 10, consecutiveDown: 2, timeout: 5, retries: 0 }, 25],
        [{ interval: 15, consecutiveDown: 3, timeout: 5, retries: 1 }, 55],
    ])("a Cloudflare monitor %j is detected in %i s", (monitor, seconds) => {
        const paths = declaredFailoverPaths([res("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "m", monitor)]);
        expect(paths.map((p) => p.detectionSeconds)).toEqual([seconds]);
    });

    it("the slowest target group decides the ALB path", () => {
        const tg = (interval: number) => res("aws:lb/targetGroup:TargetGroup", `tg${interval}`, { healthCheck: { interval, unhealthyThreshold: 2, timeout: 4 } });
        expect(declaredFailoverPaths([tg(5), tg(30)]).map((p) => [p.name, p.detectionSeconds])).toEqual([["tg30", 94]]);
    });

    it.each([
        ["2000", true],
        ["1000", false],
        [undefined, true],
    ])("NP_CPU limited to cpu %s: fits N-1 = %s (no limit is Karpenter's unbounded)", (cpu, fits) => {
        const pool = res("kubernetes:karpenter.sh/v1:NodePool", "np", {
            metadata: { name: "whatever-it-is-called" },
            spec: { template: { spec: { requirements: [{ key: "node.kubernetes.io/instance-type", operator: "In", values: ["m7g.4xlarge"] }] } }, limits: { ...(cpu ? { cpu } : {}), memory: "100000Gi" } },
        });
        const platform = { ...BUSINESS_PLATFORM, nodePools: { NP_CPU: BUSINESS_PLATFORM.nodePools.NP_CPU } };
        expect(poolCapacity([pool], platform).map((c) => c.fits)).toEqual([fits]);
    });
});
