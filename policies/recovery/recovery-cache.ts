import { cacheRecovery, declaredTopology } from "./calculus";
import { storeRule } from "./store-rule";

export const recoveryCache = storeRule("recovery-cache", "Caches (region loss judged; corruption reported, as a cache is not a system of record)", (rs) =>
    rs.filter((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup").map((g) => cacheRecovery(g, rs, declaredTopology(rs))),
);
