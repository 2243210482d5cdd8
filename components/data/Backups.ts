import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, serviceTrust } from "../iam";
import { Account, accountKeyPolicy, keyUsePolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { backupVaultName, regionalName } from "../lib/naming";
import { BACKUP_ROLE_POLICIES, BACKUP_TAG, backupRules } from "./backup-rules";

export interface BackupsArgs {
    /** The stack's region: names the vault (backupVaultName) and the role, scopes the key. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** Every region of the active-active set, this one included: copies go to the others. */
    regions: readonly string[];
    /** Days every recovery point is kept, here and in the copies in the other regions. */
    retentionDays: number;
    /** Days before the compliance-mode lock becomes immutable (at least 3). */
    vaultLockCoolingOffDays: number;
    /** Overrides Aurora restore tests need (subnet group, security groups). */
    auroraRestoreOverrides: Record<string, pulumi.Input<string>>;
    /** Days a deleted vault key can still be restored. @default 30 — the longest KMS allows (components/kms.ts customerKey) */
    keyDeletionWindowDays?: number;
    /** @default 7 — minimum retention the vault lock enforces */
    lockMinRetentionDays?: number;
    /** @default 365 — maximum retention the vault lock enforces */
    lockMaxRetentionDays?: number;
}

/**
 * AWS Backup in one region: a vault encrypted with a customer-managed key under a compliance-mode
 * Vault Lock, a plan with 12-hourly snapshots copied to both other regions and continuous backup
 * for point-in-time restore, a selection by tag, and restore tests that exercise the backups.
 */
export class Backups extends pulumi.ComponentResource {
    public readonly vaultName: string;
    public readonly vaultArn: pulumi.Output<string>;

    constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:data:Backups", name, {}, opts);
        if (args.vaultLockCoolingOffDays < 3) throw new Error(`vault lock cooling-off must be at least 3 days, got ${args.vaultLockCoolingOffDays}`);
        const parent = { parent: this };
        const protect = { parent: this, protect: true };
        const scope = scopeIn(args.account, args.region);
        const vaultName = backupVaultName(args.region);
        const key = customerKey(`${name}-key`, {
            description: `Backup vault ${vaultName}`,
            alias: "alias/bibox-backup",
            deletionWindowInDays: args.keyDeletionWindowDays,
            policy: scope.apply(accountKeyPolicy),
        }, this);
        const vault = new aws.backup.Vault(`${name}-vault`, { name: vaultName, kmsKeyArn: key.arn, forceDestroy: false }, protect);
        new aws.backup.VaultLockConfiguration(`${name}-lock`, {
            backupVaultName: vault.name,
            changeableForDays: args.vaultLockCoolingOffDays,
            minRetentionDays: args.lockMinRetentionDays ?? 7,
            maxRetentionDays: args.lockMaxRetentionDays ?? 365,
        }, protect);

        const role = new aws.iam.Role(`${name}-role`, {
            name: regionalName(args.region, "backup"),
            description: "AWS Backup: back up and restore the tagged resources",
            assumeRolePolicy: serviceTrust("backup.amazonaws.com"),
        }, parent);
        for (const policy of BACKUP_ROLE_POLICIES) {
            new aws.iam.RolePolicyAttachment(`${name}-role-${policy.split("/").pop()}`, {
                role: role.name,
                policyArn: scope.apply((s) => managedPolicyArn(s.partition, policy)),
            }, parent);
        }
        // Backups of the data this region holds, and restores of KMS-encrypted snapshots copied in.
        new aws.iam.RolePolicy(`${name}-role-kms`, {
            name: "use-backup-key",
            role: role.id,
            policy: key.arn.apply((arn) => keyUsePolicy(arn, ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"])),
        }, parent);

        const plan = new aws.backup.Plan(`${name}-plan`, {
            name: vaultName,
            rules: scope.apply((s) => backupRules({ ...s, regions: args.regions, vaultName, retentionDays: args.retentionDays })),
        }, { parent: this, dependsOn: [vault] });
        new aws.backup.Selection(`${name}-selection`, {
            name: "tagged-stateful",
            planId: plan.id,
            iamRoleArn: role.arn,
            selectionTags: [{ type: "STRINGEQUALS", key: BACKUP_TAG.key, value: BACKUP_TAG.value }],
        }, parent);

        const testing = new aws.backup.RestoreTestingPlan(`${name}-restore-testing`, {
            name: "bibox_weekly_restore_test",
            scheduleExpression: "cron(0 6 ? * SUN *)",
            startWindowHours: 4,
            recoveryPointSelection: {
                algorithm: "LATEST_WITHIN_WINDOW",
                includeVaults: [vault.arn],
                recoveryPointTypes: ["CONTINUOUS", "SNAPSHOT"],
                selectionWindowDays: 7,
            },
        }, parent);
        const tagged = { stringEquals: [{ key: `aws:ResourceTag/${BACKUP_TAG.key}`, value: BACKUP_TAG.value }] };
        new aws.backup.RestoreTestingSelection(`${name}-restore-aurora`, {
            name: "aurora",
            restoreTestingPlanName: testing.name,
            protectedResourceType: "Aurora",
            iamRoleArn: role.arn,
            protectedResourceConditions: tagged,
            restoreMetadataOverrides: args.auroraRestoreOverrides,
            validationWindowHours: 2,
        }, parent);
        new aws.backup.RestoreTestingSelection(`${name}-restore-s3`, {
            name: "s3",
            restoreTestingPlanName: testing.name,
            protectedResourceType: "S3",
            iamRoleArn: role.arn,
            protectedResourceConditions: tagged,
            validationWindowHours: 2,
        }, parent);

        this.vaultName = vaultName;
        this.vaultArn = vault.arn;
        this.registerOutputs({ vaultArn: this.vaultArn });
    }
}
