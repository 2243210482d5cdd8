/**
 * Alarm thresholds, derived from the objectives and the settings they guard (pure), so a changed
 * objective moves its alarm without anyone typing the number twice.
 */

/** Aurora replication lag (ms): alert at half of rds.global_db_rpo, before commits start to wait. */
export const auroraLagThresholdMs = (globalDbRpoSeconds: number) => (globalDbRpoSeconds * 1000) / 2;

/** S3 replication latency (s): alert when an object misses the Replication Time Control window. */
export const s3LatencyThresholdSeconds = (rtcMinutes: number) => rtcMinutes * 60;

/**
 * Unhealthy targets: the edge has already moved users away within the edge failover objective;
 * the alarm tells a human at the first datapoint after that. ALB metrics come per minute, so the
 * objective rounded up to whole minutes, one period to alarm.
 */
export function unhealthyTargetAlarm(edgeFailoverSeconds: number): { period: number; evaluationPeriods: number } {
    return { period: Math.max(60, Math.ceil(edgeFailoverSeconds / 60) * 60), evaluationPeriods: 1 };
}

/** Interruption queue age (s): a spot warning gives 120 s; a message unread for half of it is trouble. */
export const SPOT_WARNING_SECONDS = 120;
export const queueAgeThresholdSeconds = () => SPOT_WARNING_SECONDS / 2;

/** ALB 5xx rate (%) over a minute that pages: the share of requests the shop can fail. */
export const ERROR_RATE_PERCENT = 1;
