import { ofType } from "../graph";
import { cacheRecovery, declaredTopology } from "./calculus";
import { storeRule } from "./store-rule";

export const recoveryCache = storeRule("recovery-cache", "Caches (region loss judged; corruption reported, as a cache is not a system of record)", (rs) =>
    ofType(rs, "aws:elasticache/replicationGroup:ReplicationGroup").map((g) => cacheRecovery(g, rs, declaredTopology(rs))),
);
