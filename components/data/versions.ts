/** Engine versions of the data layer, pinned in one place. */

/**
 * Aurora PostgreSQL. Upgrades: secondaries first (prod-ap, prod-eu), the primary (prod-us) last,
 * raising the global cluster's engineVersion with the primary (see README).
 */
export const AURORA_ENGINE = "aurora-postgresql";
/**
 * Aurora PostgreSQL minors that AWS lists as current releases with global-database support
 * (read 2026-12): 17.4 to 17.7 are the 17.x minors of AWS's extension-version table
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Extensions.html),
 * and Aurora PostgreSQL 17 supports global databases from 17.4
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.GlobalDatabase.html).
 * 16.8 was dropped: a 2025 minor past its 12-month standard window, which AWS may no longer offer
 * for new clusters. Before a bring-up, confirm in each region that the pinned version still says
 * so: `aws rds describe-db-engine-versions --engine aurora-postgresql --engine-version 17.7
 * --query 'DBEngineVersions[].[EngineVersion,Status,SupportsGlobalDatabases]'` (README).
 */
export const AURORA_GLOBAL_DATABASE_VERSIONS = ["17.4", "17.5", "17.6", "17.7"] as const;
export const AURORA_ENGINE_VERSION: (typeof AURORA_GLOBAL_DATABASE_VERSIONS)[number] = "17.7";
export const AURORA_PARAMETER_FAMILY = "aurora-postgresql17";

/** The global database, named once for all regions. */
export const GLOBAL_CLUSTER_ID = "bibox-pleasure";
export const DATABASE_NAME = "pleasure";
export const MASTER_USERNAME = "pleasure_admin";

/** Valkey for sessions and carts (global datastores support it from 7.2). */
export const VALKEY_ENGINE = "valkey";
export const VALKEY_ENGINE_VERSION = "8.0";
export const VALKEY_PARAMETER_FAMILY = "valkey8";
export const CACHE_GLOBAL_SUFFIX = "bibox-sessions";
