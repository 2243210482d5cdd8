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

/** Credentials every stack needs (src/config-keys.ts CREDENTIALS says what each is for). */
export const STACK_CREDENTIALS = ["cloudflareApiToken", "fastlyApiKey", "onCallEndpoint"] as const;
/** Credentials only the owner needs: it creates the global edge objects (Akamai, the playback-token key). */
export const OWNER_CREDENTIALS = ["akamaiClientSecret", "akamaiClientToken", "akamaiAccessToken", "playbackTokenKey"] as const;
export type StackCredentialName = (typeof STACK_CREDENTIALS)[number];
export type OwnerCredentialName = (typeof OWNER_CREDENTIALS)[number];
/** The credentials a stack is given as Pulumi secrets. */
export type CredentialName = StackCredentialName | OwnerCredentialName;

/** A member stack's credentials, as Pulumi secrets: the ones every stack needs. */
export type MemberCredentials = Readonly<Record<StackCredentialName, pulumi.Output<string>>>;
/** The owner stack's credentials, as Pulumi secrets: every one. */
export type OwnerCredentials = Readonly<Record<CredentialName, pulumi.Output<string>>>;
/** Either role's credentials. */
export type Credentials = MemberCredentials | OwnerCredentials;

/** The recovery objectives, in seconds. */
export interface Objectives {
    /** Recovery point objective (bibox:objectives.rpo): the most data a region's loss may cost. */
    readonly rpoSeconds: number;
    /** Recovery time objective (bibox:objectives.rto): the Region switch plans'. */
    readonly rtoSeconds: number;
    /** How fast the edges must move traffic off a failed region (bibox:objectives.edgeFailover). */
    readonly edgeFailoverSeconds: number;
}

/** NP_SYS: the managed node group every region runs at a fixed size. */
export interface SystemPoolSettings {
    /** The EC2 instance type of the group, e.g. m7g.large. */
    readonly instanceType: string;
    /** Nodes in every region (min = desired = max). */
    readonly nodesPerRegion: number;
}

/** The Karpenter pools: sized from the global fleet so any N-1 regions carry it. */
export type FleetPoolName = Exclude<PoolName, "NP_SYS">;

/** A Karpenter pool's share of the global fleet. */
export interface FleetPoolSettings {
    /** The EC2 instance type the pool is sized in, e.g. m7g.4xlarge. */
    readonly instanceType: string;
    /** Nodes across all regions at peak. */
    readonly globalNodes: number;
}

/** Every pool, each with what its kind needs: required end to end (bibox:nodePools). */
export type NodePools = Readonly<
    {
        /** The managed node group of the system workloads, the same in every region. */
        NP_SYS: SystemPoolSettings;
    } & Record<FleetPoolName, FleetPoolSettings>
>;

/** One stack of the active-active set. */
export interface StackTopology {
    /** The stack's name (`prod-eu`). */
    readonly stack: string;
    /** Its region, used by no other stack. */
    readonly region: string;
    /** Its role: exactly one owner. */
    readonly role: Role;
    /** Its VPC block (its file's bibox:vpcCidr), overlapping no other stack's. */
    readonly vpcCidr: string;
}

/** Who runs GuardDuty in the stack's account and region. */
export type GuardDutyConfig =
    | {
          /** The stack creates the detector. */
          readonly mode: "manage";
      }
    | {
          /** The stack imports the detector the account has. */
          readonly mode: "adopt";
          /** Its 32-character id (`aws guardduty list-detectors` in the stack's region). */
          readonly detectorId: string;
      }
    | {
          /** The Organization's delegated administrator runs it: the stack creates no detector. */
          readonly mode: "delegated";
      };
/** Who runs Security Hub in the stack's account and region. */
export type SecurityHubConfig =
    | {
          /** The stack enables Security Hub and subscribes the standards. */
          readonly mode: "manage";
      }
    | {
          /** The stack imports the hub the account has. */
          readonly mode: "adopt";
          /** The stack's 12-digit account id: the id the hub is imported by. */
          readonly accountId: string;
          /** The baseline's standards the account has enabled already: imported, the others subscribed. */
          readonly subscribedStandards: readonly SecurityHubStandardKey[];
      }
    | {
          /** The Organization's delegated administrator runs it: no hub and no subscription here. */
          readonly mode: "delegated";
      };
export type SecurityServicesConfig = Readonly<{
    /** Who runs GuardDuty. */
    guardDuty: GuardDutyConfig;
    /** Who runs Security Hub. */
    securityHub: SecurityHubConfig;
}>;

/** Everything one stack is configured with (README "Configuration reference"). */
export interface StackSettings {
    /** The Pulumi project's name: part of the owner stack's reference. */
    readonly project: string;
    /** This stack's name (`prod-eu`). */
    readonly stack: string;
    /** The stack's region (bibox:region, equal to aws:region and to its bibox:topology entry). */
    readonly region: string;
    /** The stack's role (bibox:role, as bibox:topology declares it). */
    readonly role: Role;
    /** The VPC's IPv4 block, /16 to /20 (bibox:vpcCidr). */
    readonly vpcCidr: string;
    /** The three zones of the region the stack spreads over (bibox:availabilityZones). */
    readonly availabilityZones: readonly string[];
    /** The recovery objectives (bibox:objectives). */
    readonly objectives: Objectives;
    /** The global fleet, pool by pool (bibox:nodePools). */
    readonly nodePools: NodePools;
    /** The public host names (bibox:domains). */
    readonly domains: Readonly<{
        /** The DNS zone, in Cloudflare (`pleasure.tv`). */
        zone: string;
        /** The shop's web host (Cloudflare). */
        web: string;
        /** The API host (Cloudflare). */
        api: string;
        /** The HD video host (Akamai). */
        video: string;
        /** The edge-logic host of playback manifests (Fastly). */
        edge: string;
    }>;
    /** The CDN accounts (bibox:edge). */
    readonly edge: Readonly<{
        /** The Cloudflare account and zone. */
        cloudflare: Readonly<{
            /** The account's 32-character id. */
            accountId: string;
            /** The zone's 32-character id. */
            zoneId: string;
        }>;
        /** The Akamai property's settings (used by the owner). */
        akamai: AkamaiSettings;
    }>;
    /** Who administers the clusters and from where their API is reached (bibox:eks). */
    readonly eks: Readonly<{
        /** IAM role or user ARNs given cluster-admin through EKS access entries. */
        adminPrincipalArns: readonly string[];
        /** CIDRs allowed to the EKS API over the internet; `[]` keeps the endpoint private. */
        publicAccessCidrs: readonly string[];
    }>;
    /** The Aurora global database (bibox:database). */
    readonly database: Readonly<{
        /** Instance class of every instance (`db.r7g.2xlarge`). */
        instanceClass: string;
        /** Instances per region, one per zone (2–3): the writer or readers. */
        instancesPerRegion: number;
        /** rds.global_db_rpo (bibox:database.globalDbRpo): the most a secondary may lag before commits wait. */
        globalDbRpoSeconds: number;
        /** Days of point-in-time recovery (7–35). */
        backupRetentionDays: number;
    }>;
    /** The Valkey session cache (bibox:cache). */
    readonly cache: Readonly<{
        /** The owner's node type, which the global datastore's members take (`cache.r7g.large`). */
        nodeType: string;
        /** Nodes per region (2–6), one per zone: a primary and replicas. */
        nodesPerRegion: number;
    }>;
    /** The media buckets (bibox:media, bibox:mediaReplication). */
    readonly media: Readonly<{
        /** Days before `originals/` move to Glacier Instant Retrieval. */
        coldOriginalsAfterDays: number;
        /** Days before replaced object versions expire. */
        noncurrentVersionDays: number;
        /** "mesh" (to every other region) or "off" (first bring-up only); the loader makes an unset key "mesh". */
        replication: "mesh" | "off";
    }>;
    /** AWS Backup (bibox:backup). */
    readonly backup: Readonly<{
        /** Days every recovery point is kept (7–35). */
        retentionDays: number;
        /** Days before the compliance-mode vault lock becomes immutable (at least 3). */
        vaultLockCoolingOffDays: number;
    }>;
    /** Alerting and the audit trail (bibox:operations). */
    readonly operations: Readonly<{
        /** How the alert topic reaches on-call: a paging webhook ("https") or "email". */
        onCallProtocol: "https" | "email";
        /** The owner's trail records the whole AWS Organization (the owner runs in its management or delegated-administrator account). */
        organizationTrail: boolean;
        /** Days the trail's objects are locked (at least 365). */
        trailRetentionDays: number;
    }>;
    /** Who runs GuardDuty and Security Hub in the stack's account and region (bibox:securityServices). */
    readonly securityServices: SecurityServicesConfig;
    /** Organization part of stack references to the owner stack. */
    readonly stackOrganization: string;
    /** Tags of every AWS resource (bibox:tags), through the provider's default tags (stackTags). */
    readonly tags: Readonly<Record<string, string>>;
    /** Every stack bibox:topology declares (each has its stack file), this one included, sorted by stack name. */
    readonly topology: readonly StackTopology[];
}

/** The Akamai property's settings (the owner stack's video delivery). */
export type AkamaiSettings = Readonly<{
    /** The API host of the EdgeGrid credentials (`akab-….luna.akamaiapis.net`). */
    host: string;
    /** The contract (`ctr_…`). */
    contractId: string;
    /** The group (`grp_…`). */
    groupId: string;
    /** The CPS enrollment of the video certificate. */
    certificateEnrollmentId: number;
    /** Who is told about activations. */
    notifyEmails: readonly string[];
    /** Activate on the production network too (staging always is). */
    activateProduction: boolean;
}>;

/** A stack's settings with the credentials its role needs: what RegionStack is built from. */
export type RegionStackSettings =
    | (StackSettings & {
          /** The owner: global resources and the database writer. */
          role: "owner";
          /** Every credential (Pulumi secrets). */
          credentials: OwnerCredentials;
      })
    | (StackSettings & {
          /** A member: joins what the owner stack exports. */
          role: "member";
          /** The credentials every stack needs (Pulumi secrets). */
          credentials: MemberCredentials;
      });
