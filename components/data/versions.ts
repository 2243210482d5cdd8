/** Engine versions of the data layer, pinned in one place. */

/**
 * Aurora PostgreSQL. Upgrades: secondaries first (prod-ap, prod-eu), the primary (prod-us) last,
 * raising the global cluster's engineVersion with the primary (see README).
 */
export const AURORA_ENGINE = "aurora-postgresql";
export const AURORA_ENGINE_VERSION = "16.8";
export const AURORA_PARAMETER_FAMILY = "aurora-postgresql16";

/** The global database, named once for all regions. */
export const GLOBAL_CLUSTER_ID = "bibox-pleasure";
export const DATABASE_NAME = "pleasure";
export const MASTER_USERNAME = "pleasure_admin";

/** Valkey for sessions and carts (global datastores support it from 7.2). */
export const VALKEY_ENGINE = "valkey";
export const VALKEY_ENGINE_VERSION = "8.0";
export const VALKEY_PARAMETER_FAMILY = "valkey8";
export const CACHE_GLOBAL_SUFFIX = "bibox-sessions";
