/** The figures the runbook is computed from: the edge budget and the recovery model. */
import { CACHE_PROMOTION_SECONDS, AURORA_GLOBAL_FAILOVER_SECONDS } from "../../policies/recovery/model";
import { RunbookArgs } from "./runbook";

/** The slowest declared edge path (Cloudflare's monitor, 10 s × 2 + 5 s). */
export const EDGE_DETECTION_SECONDS = 25;

export const RUNBOOK_ARGS: RunbookArgs = {
    edgeDetectionSeconds: EDGE_DETECTION_SECONDS,
    auroraFailoverSeconds: AURORA_GLOBAL_FAILOVER_SECONDS,
    cachePromotionSeconds: CACHE_PROMOTION_SECONDS,
};
