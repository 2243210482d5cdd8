/** The figures the runbook is computed from: the edge budget and the recovery model. */
import { CACHE_PROMOTION_SECONDS, AURORA_GLOBAL_FAILOVER_SECONDS } from "../../policies/recovery/model";
import { RunbookArgs } from "./runbook";

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
