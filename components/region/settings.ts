/**
 * What a region's stack is built from: the platform's own terms (roles, node pools, objectives,
 * who runs the security services), as RegionStack and the components take them. The config
 * loader (src/schema.ts, src/config.ts) validates Pulumi config and produces these values; the
 * components never see the loader's types (layers point one way: src/ → components/ → shared
 * libraries; test/layers.test.ts).
 */
import type * as pulumi from "@pulumi/pulumi";

/** "owner": exactly one stack, with the global resources and the database writer; the others are "member". */
export const ROLES = ["owner", "member"] as const;
export type Role = (typeof ROLES)[number];

/** The node pools of the global fleet (README "Node pools and N-1 sizing"). */
export const POOL_NAMES = ["NP_SYS", "NP_CPU", "NP_GPU", "NP_SPOT"] as const;
export type PoolName = (typeof POOL_NAMES)[number];

/** The Security Hub standards of the baseline, by the keys of components/ops/SecurityBaseline.ts SECURITY_HUB_STANDARDS. */
export const SECURITY_HUB_STANDARD_KEYS = ["cis", "fsbp"] as const;
export type SecurityHubStandardKey = (typeof SECURITY_HUB_STANDARD_KEYS)[number];

/** The credentials a stack is given as Pulumi secrets (src/config-keys.ts CREDENTIALS says which role needs which). */
export type CredentialName = "cloudflareApiToken" | "fastlyApiKey" | "akamaiClientSecret" | "akamaiClientToken" | "akamaiAccessToken" | "playbackTokenKey" | "onCallEndpoint";

/** Credentials as Pulumi secrets; owner-only ones are absent in member stacks. */
export type Credentials = { cloudflareApiToken: pulumi.Output<string> } & Partial<Record<Exclude<CredentialName, "cloudflareApiToken">, pulumi.Output<string>>>;

/** The recovery objectives, in seconds. */
export interface Objectives {
    readonly rpoSeconds: number;
    readonly rtoSeconds: number;
    readonly edgeFailoverSeconds: number;
}

export interface NodePoolEstimate {
    readonly instanceType: string;
    /** NP_SYS: nodes in every region. */
    readonly nodesPerRegion?: number;
    /** The other pools: nodes across all regions at peak. */
    readonly globalNodes?: number;
}

/** One stack of the active-active set. */
export interface StackTopology {
    readonly stack: string;
    readonly region: string;
    readonly role: Role;
    readonly vpcCidr: string;
}

/** Who runs GuardDuty in the stack's account and region. */
export type GuardDutyConfig = { readonly mode: "manage" } | { readonly mode: "adopt"; readonly detectorId: string } | { readonly mode: "delegated" };
/** Who runs Security Hub in the stack's account and region. */
export type SecurityHubConfig =
    | { readonly mode: "manage" }
    | { readonly mode: "adopt"; readonly accountId: string; readonly subscribedStandards: readonly SecurityHubStandardKey[] }
    | { readonly mode: "delegated" };
export type SecurityServicesConfig = Readonly<{ guardDuty: GuardDutyConfig; securityHub: SecurityHubConfig }>;

/** Everything one stack is configured with (README "Configuration reference"). */
export interface StackSettings {
    readonly project: string;
    readonly stack: string;
    readonly region: string;
    readonly role: Role;
    readonly vpcCidr: string;
    readonly availabilityZones: readonly string[];
    readonly objectives: Objectives;
    readonly nodePools: Readonly<Record<PoolName, NodePoolEstimate>>;
    readonly domains: Readonly<{ zone: string; web: string; api: string; video: string; edge: string }>;
    readonly edge: Readonly<{
        cloudflare: Readonly<{ accountId: string; zoneId: string }>;
        akamai: AkamaiSettings;
    }>;
    readonly eks: Readonly<{ adminPrincipalArns: readonly string[]; publicAccessCidrs: readonly string[] }>;
    readonly database: Readonly<{ instanceClass: string; instancesPerRegion: number; globalDbRpoSeconds: number; backupRetentionDays: number }>;
    readonly cache: Readonly<{ nodeType: string; nodesPerRegion: number }>;
    readonly media: Readonly<{ coldOriginalsAfterDays: number; noncurrentVersionDays: number; replication: "mesh" | "off" }>;
    readonly backup: Readonly<{ retentionDays: number; vaultLockCoolingOffDays: number }>;
    readonly operations: Readonly<{ onCallProtocol: "https" | "email"; organizationTrail: boolean; trailRetentionDays: number }>;
    readonly securityServices: SecurityServicesConfig;
    /** Organization part of stack references to the owner stack. */
    readonly stackOrganization: string;
    readonly tags: Readonly<Record<string, string>>;
    /** Every stack bibox:topology declares (each has its stack file), this one included, sorted by stack name. */
    readonly topology: readonly StackTopology[];
}

/** The Akamai property's settings (the owner stack's video delivery). */
export type AkamaiSettings = Readonly<{
    host: string;
    contractId: string;
    groupId: string;
    certificateEnrollmentId: number;
    notifyEmails: readonly string[];
    activateProduction: boolean;
}>;

/** A stack's settings with its credentials: what RegionStack is built from. */
export type RegionStackSettings = StackSettings & { credentials: Credentials };
