/**
 * The figures the runbook is computed from: the edge budget and the time the managed failovers
 * take. They are the program's own (components/ do not import the policy pack, which judges the
 * program independently); test/components/ops/ops.test.ts holds them equal to the pack's recovery model
 * (policies/recovery/model.ts), so the runbook and the judge never disagree silently.
 */
import { RunbookArgs } from "./runbook";

/** Aurora global database managed failover (AWS: typically about a minute), plus DNS. */
export const AURORA_GLOBAL_FAILOVER_SECONDS = 120;
/** Promoting an ElastiCache global datastore secondary (AWS: typically under a minute). */
export const CACHE_PROMOTION_SECONDS = 60;

/**
 * The slowest edge path the objective binds (Cloudflare's monitors: 10 s × 2 + 2 s × 2 with the
 * retry). The accelerator's direct.<zone> path (44 s) is reported, not bound: the CDNs carry users.
 */
export const EDGE_DETECTION_SECONDS = 24;

export const RUNBOOK_ARGS: RunbookArgs = {
    edgeDetectionSeconds: EDGE_DETECTION_SECONDS,
    auroraFailoverSeconds: AURORA_GLOBAL_FAILOVER_SECONDS,
    cachePromotionSeconds: CACHE_PROMOTION_SECONDS,
};
