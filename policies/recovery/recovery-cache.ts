import { storeRule } from "./store-rule";

export const recoveryCache = storeRule("recovery-cache", "Caches (region loss judged; corruption reported, as a cache is not a system of record)", "ElastiCache");
