/** AWS Backup rules (pure). */
import { backupVaultName } from "../lib/naming";

/** Tag that puts a resource in the backup selection. */
export const BACKUP_TAG = { key: "bibox:backup", value: "true" } as const;

/** Snapshots every 12 hours (00:00 and 12:00 UTC). */
export const TWICE_DAILY = "cron(0 0,12 * * ? *)";

export interface BackupRuleArgs {
    /** Partition of the vault ARNs the copies go to. */
    partition: string;
    /** Account of the vaults (every region's vault is in the stack's account). */
    accountId: string;
    /** The region of this vault: its copies go to every other region. */
    region: string;
    /** Every region of the active-active set, this one included. */
    regions: readonly string[];
    /** The vault the rules write recovery points to (backupVaultName of the region). */
    vaultName: string;
    /** Days every recovery point is kept, copies included (the rules' lifecycle). */
    retentionDays: number;
}

export function siblingVaultArns(a: Pick<BackupRuleArgs, "partition" | "accountId" | "region" | "regions">): string[] {
    return a.regions.filter((r) => r !== a.region).map((r) => `arn:${a.partition}:backup:${r}:${a.accountId}:backup-vault:${backupVaultName(r)}`);
}

/**
 * Two rules: 12-hourly snapshots copied to both other regions' vaults (corruption and ransomware,
 * kept away from the region they protect), and continuous backup for point-in-time restore.
 */
export function backupRules(a: BackupRuleArgs) {
    const lifecycle = { deleteAfter: a.retentionDays };
    return [
        {
            ruleName: "snapshots-every-12h",
            targetVaultName: a.vaultName,
            schedule: TWICE_DAILY,
            startWindow: 60,
            completionWindow: 360,
            lifecycle,
            copyActions: siblingVaultArns(a).map((destinationVaultArn) => ({ destinationVaultArn, lifecycle })),
            recoveryPointTags: { "bibox:rule": "snapshots-every-12h" },
        },
        {
            ruleName: "continuous",
            targetVaultName: a.vaultName,
            schedule: "cron(0 5 * * ? *)",
            enableContinuousBackup: true,
            startWindow: 60,
            completionWindow: 360,
            lifecycle,
            recoveryPointTags: { "bibox:rule": "continuous" },
        },
    ];
}

/** Managed policies of the backup role (backup and restore, S3 included). */
export const BACKUP_ROLE_POLICIES = [
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
    "AWSBackupServiceRolePolicyForS3Backup",
    "AWSBackupServiceRolePolicyForS3Restore",
] as const;
