/**
 * The recovery model: how long AWS mechanisms take, as the calculus assumes. Each figure is AWS's
 * published expectation or a deliberately conservative estimate; change one here and every rule
 * and the plan's recovery table follow.
 */

/** Aurora global database managed failover (AWS: typically about a minute), plus DNS. */
export const AURORA_GLOBAL_FAILOVER_SECONDS = 120;
/** Aurora's latest restorable time trails the present by up to five minutes. */
export const AURORA_PITR_LAG_SECONDS = 300;
/** S3 Replication Time Control: 99.99 % of objects within 15 minutes. */
export const S3_RTC_SECONDS = 900;
/** AWS Backup continuous backup of S3 restores to within about 15 minutes. */
export const S3_CONTINUOUS_BACKUP_SECONDS = 900;
/** ElastiCache global datastore cross-region replication lag (AWS: typically under a second). */
export const CACHE_GLOBAL_LAG_SECONDS = 1;
/** Promoting a global datastore secondary (AWS: typically under a minute). */
export const CACHE_PROMOTION_SECONDS = 60;
/** Restoring a store from a snapshot or a point in time: reported, an estimate, never fast. */
export const RESTORE_SECONDS = 3600;
/** Readers of a replicated bucket switch regions through CDN origin failover: no restore. */
export const S3_REPLICA_SWITCH_SECONDS = 0;
/**
 * The shortest Aurora backup retention the pack counts as point-in-time recovery, days: a
 * corruption noticed after the window is gone. AWS Security Hub's RDS.11 control checks automatic
 * backups against `backupRetentionMinimum`, default 7 days
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11).
 */
export const AURORA_MIN_RETENTION_DAYS = 7;
/**
 * The AWS provider's defaults for an Aurora cluster that leaves them out: backupRetentionPeriod
 * 1 day, skipFinalSnapshot false (Terraform AWS provider aws_rds_cluster / Pulumi
 * aws.rds.Cluster: "backup_retention_period — Days to retain backups for. Default 1";
 * "skip_final_snapshot — ... Default is false").
 */
export const AURORA_DEFAULT_RETENTION_DAYS = 1;
export const AURORA_DEFAULT_SKIP_FINAL_SNAPSHOT = false;
