/**
 * The configuration model: the one description of every `bibox:*` key the stack files may hold —
 * what it accepts, what it allows (its description: shown in every error about it, and README's
 * config reference is held against the model, test/src/config-reference.test.ts), and what it is
 * converted to (durations to seconds, absent optional keys to their defaults). Its output is the
 * platform's settings (components/region/settings.ts StackSettings) but for what only the stack
 * files together decide (the topology) and the stack's names: src/validate.ts adds those. Pure.
 */
import { z } from "zod";
import type { NodePools, Objectives } from "../components/region/settings";
import { isBlock, parseCidr } from "../components/lib/cidr";
import { formatDuration, parseDuration } from "../components/lib/durations";
import { CREDENTIALS, DESCRIBE, MAX_VPC_PREFIX, MIN_VPC_PREFIX, POOL_NAMES, ROLES, UNDESCRIBED, ZONES_PER_REGION } from "./config-keys";
import { securityServicesSchema } from "./security-services";
import { isAwsRegion, isSupportedRegion, isZoneOf, regionSupport } from "../components/lib/regions";
import { supportedRegion, topologySchema } from "./topology";

/** A positive duration such as 30s, 5m or 1h30m, converted to seconds. */
const duration = (description: string) =>
    z
        .string()
        .refine((v) => (parseDuration(v) ?? 0) > 0, { message: "is not a positive duration" })
        .transform((v) => parseDuration(v)!)
        .describe(description);
const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: "is not an EC2 instance type" }).describe("an EC2 instance type such as m7g.4xlarge");
const positiveInt = z.int().positive({ message: "is not a positive integer" });
const hostName = z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { message: "is not a DNS host name" })
    .describe("a lower-case DNS host name such as api.pleasure.tv");
const range = (min: number, max: number) => z.int().min(min, { message: `is below ${min}` }).max(max, { message: `is above ${max}` });
const atLeast = (min: number) => z.int().min(min, { message: `is below ${min}` });
const yesNo = z.boolean({ message: "is not true or false" });

const cidr = z.string().superRefine((value, ctx) => {
    const parsed = parseCidr(value);
    if (!isBlock(parsed)) {
        ctx.addIssue({ code: "custom", message: `is not a valid CIDR block: ${parsed.error}` });
    } else if (parsed.prefix < MIN_VPC_PREFIX || parsed.prefix > MAX_VPC_PREFIX) {
        ctx.addIssue({ code: "custom", message: `has prefix /${parsed.prefix}, outside /${MIN_VPC_PREFIX}–/${MAX_VPC_PREFIX}` });
    }
});

const iamPrincipalArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@\/-]+$/, { message: "is not an IAM role or user ARN" });
const publicCidr = z.string().superRefine((value, ctx) => {
    const parsed = parseCidr(value);
    if (!isBlock(parsed)) ctx.addIssue({ code: "custom", message: `is not a valid CIDR block: ${parsed.error}` });
    else if (parsed.prefix === 0) ctx.addIssue({ code: "custom", message: "opens the API to the whole internet" });
});

const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, { message: "is not a Cloudflare id" }).describe("a 32-character hexadecimal Cloudflare id");

/** Keys that differ by region: they belong in Pulumi.<stack>.yaml. */
export const regionalShape = {
    region: supportedRegion.describe(DESCRIBE.region),
    role: z.enum(ROLES, { message: "is not a role" }).describe(`"owner" (exactly one stack: global resources and the database writer) or "member", as bibox:topology declares for the stack`),
    vpcCidr: cidr.describe(DESCRIBE.vpcCidr),
    availabilityZones: z
        .array(z.string())
        .length(ZONES_PER_REGION, { message: `does not list exactly ${ZONES_PER_REGION} zones` })
        .describe(`a list of ${ZONES_PER_REGION} distinct availability zones of the stack's region that accounts are offered (components/lib/regions.ts SUPPORTED_REGIONS zones), e.g. [eu-west-1a, eu-west-1b, eu-west-1c]`),
    mediaReplication: z
        .enum(["mesh", "off"], { message: "is not a replication mode" })
        .describe('"mesh" (replicate to every other region) or "off" (only while a fresh set of stacks is brought up)')
        .default("mesh"),
    /** Per region when adopting (detector ids are regional); in Pulumi.yaml when the Organization runs them. */
    securityServices: securityServicesSchema,
};

/** bibox:objectives in seconds (also read by src/plan/pack-config.ts, which hands them to the policy pack). */
export const objectivesSchema = z
    .strictObject({
        rpo: duration("a positive duration such as 30s, 5m or 1h30m"),
        rto: duration("a positive duration such as 30s, 5m or 1h30m"),
        edgeFailover: duration("a positive duration such as 30s, 5m or 1h30m"),
    })
    .describe("a map with rpo, rto and edgeFailover")
    .transform((o): Objectives => ({ rpoSeconds: o.rpo, rtoSeconds: o.rto, edgeFailoverSeconds: o.edgeFailover }));

const fleetPool = z
    .strictObject({ instanceType, globalNodes: positiveInt.describe("a positive integer (the fleet across all regions at peak)") })
    .describe("a map with instanceType and globalNodes");

/** bibox:nodePools: every pool with what its kind needs, required end to end (also read by src/plan/pack-config.ts). */
export const nodePoolsSchema = z
    .strictObject({
        NP_SYS: z.strictObject({ instanceType, nodesPerRegion: positiveInt.describe("a positive integer") }).describe("a map with instanceType and nodesPerRegion"),
        NP_CPU: fleetPool,
        NP_GPU: fleetPool,
        NP_SPOT: fleetPool,
    })
    .describe(`a map with exactly the pools ${POOL_NAMES.join(", ")}`) satisfies z.ZodType<NodePools>;

const days = "a positive integer number of days";

/** Keys shared by all stacks: they belong in Pulumi.yaml's project config. */
const sharedShape = {
    /** The active-active set (src/topology.ts); Pulumi.yaml only. */
    topology: topologySchema,
    objectives: objectivesSchema,
    nodePools: nodePoolsSchema,
    domains: z.strictObject({ zone: hostName, web: hostName, api: hostName, video: hostName, edge: hostName }).describe("a map with zone, web, api, video and edge"),
    edge: z
        .strictObject({
            cloudflare: z.strictObject({ accountId: cloudflareId, zoneId: cloudflareId }).describe("a map with accountId and zoneId"),
            akamai: z
                .strictObject({
                    host: z.string().regex(/^akab-[a-z0-9-]+\.luna\.akamaiapis\.net$/, { message: "is not an Akamai API host" }).describe("the Akamai API host of the credentials, e.g. akab-xxxx.luna.akamaiapis.net"),
                    contractId: z.string().regex(/^ctr_[A-Za-z0-9-]+$/, { message: "is not an Akamai contract id" }).describe("an Akamai contract id such as ctr_1-ABCDE"),
                    groupId: z.string().regex(/^grp_\d+$/, { message: "is not an Akamai group id" }).describe("an Akamai group id such as grp_12345"),
                    certificateEnrollmentId: positiveInt.describe("the CPS enrollment id (a positive integer) of the video certificate"),
                    notifyEmails: z.array(z.email({ message: "is not an e-mail address" })).min(1, { message: "names nobody" }).describe("a non-empty list of e-mail addresses told about activations"),
                    activateProduction: yesNo.describe("true to activate the property on the production network (staging is always activated)"),
                })
                .describe("a map with host, contractId, groupId, certificateEnrollmentId, notifyEmails and activateProduction"),
        })
        .describe("a map with cloudflare and akamai"),
    eks: z
        .strictObject({
            adminPrincipalArns: z
                .array(iamPrincipalArn)
                .min(1, { message: "names no administrator" })
                .describe("a non-empty list of IAM role or user ARNs (arn:aws:iam::<account>:role/<name>) given cluster-admin through EKS access entries"),
            publicAccessCidrs: z.array(publicCidr).describe("a list of IPv4 CIDR blocks (not 0.0.0.0/0) allowed to reach the EKS API over the internet; [] keeps the endpoint private"),
        })
        .describe("a map with adminPrincipalArns and publicAccessCidrs"),
    database: z
        .strictObject({
            instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { message: "is not an Aurora instance class" }).describe("an Aurora instance class such as db.r7g.2xlarge"),
            instancesPerRegion: range(2, 3).describe("an integer from 2 to 3: a writer or reader in that many zones"),
            globalDbRpo: duration("a duration from 20s (the least AWS accepts) up to objectives.rpo, e.g. 60s"),
            backupRetentionDays: range(7, 35).describe("an integer from 7 to 35 (days of point-in-time recovery)"),
        })
        .describe("a map with instanceClass, instancesPerRegion, globalDbRpo and backupRetentionDays")
        .transform(({ globalDbRpo, ...d }) => ({ ...d, globalDbRpoSeconds: globalDbRpo })),
    cache: z
        .strictObject({
            nodeType: z
                .string()
                .regex(/^cache\.(r|m)[0-9][a-z]*\.[a-z0-9]+$/, { message: "is not a node type global datastores support" })
                .describe("an ElastiCache node type a global datastore supports, e.g. cache.r7g.large"),
            nodesPerRegion: range(2, 6).describe("an integer from 2 to 6: a primary and replicas across zones"),
        })
        .describe("a map with nodeType and nodesPerRegion"),
    media: z
        .strictObject({ coldOriginalsAfterDays: positiveInt.describe(days), noncurrentVersionDays: positiveInt.describe(days) })
        .describe("a map with coldOriginalsAfterDays and noncurrentVersionDays"),
    backup: z
        .strictObject({
            retentionDays: range(7, 35).describe("an integer from 7 to 35 (continuous backups keep at most 35 days)"),
            vaultLockCoolingOffDays: atLeast(3).describe("an integer of at least 3: days before the compliance-mode vault lock becomes immutable"),
        })
        .describe("a map with retentionDays and vaultLockCoolingOffDays"),
    operations: z
        .strictObject({
            onCallProtocol: z.enum(["https", "email"], { message: "is not https or email" }).describe('"https" (a paging webhook such as PagerDuty) or "email"'),
            organizationTrail: yesNo.describe("true for a trail of the whole AWS Organization (the owner runs in the management or delegated-administrator account)"),
            trailRetentionDays: atLeast(365).describe("an integer of at least 365: days the trail's objects are locked (compliance mode)"),
        })
        .describe("a map with onCallProtocol, organizationTrail and trailRetentionDays"),
    stackOrganization: z
        .string()
        .regex(/^[A-Za-z0-9_.-]+$/, { message: "is not an organization name" })
        .describe('the organization part of stack references ("organization" on a self-managed backend)'),
    tags: z
        .record(z.string().min(1).max(128).refine((k) => !k.startsWith("aws:"), { message: "is a reserved tag key" }), z.string().max(256))
        .describe("a map of tag keys (1–128 characters, not starting with aws:) to string values (at most 256 characters)"),
};

/** The least `rds.global_db_rpo` AWS accepts. */
export const MIN_GLOBAL_DB_RPO_SECONDS = 20;

const baseSchema = z.strictObject({ ...regionalShape, ...sharedShape });

/** One stack's `bibox:*` values, checked across keys and converted. */
export const stackSchema = baseSchema.superRefine((cfg, ctx) => {
    // A duration that failed its own check stays unconverted; it is reported on its own.
    const { globalDbRpoSeconds: dbRpo } = cfg.database;
    const { rpoSeconds: rpo } = cfg.objectives;
    if (typeof dbRpo === "number" && typeof rpo === "number" && (dbRpo < MIN_GLOBAL_DB_RPO_SECONDS || dbRpo > rpo)) {
        ctx.addIssue({ code: "custom", path: ["database", "globalDbRpo"], message: `is outside ${MIN_GLOBAL_DB_RPO_SECONDS}s–${formatDuration(rpo)} (objectives.rpo)` });
    }
    const zones = cfg.availabilityZones;
    if (new Set(zones).size !== zones.length) {
        ctx.addIssue({ code: "custom", path: ["availabilityZones"], message: "repeats a zone" });
    }
    zones.forEach((az, i) => {
        if (isAwsRegion(cfg.region) && !isZoneOf(az, cfg.region)) {
            ctx.addIssue({ code: "custom", path: ["availabilityZones", i], message: `is not a zone of ${cfg.region}` });
        } else if (isSupportedRegion(cfg.region) && !regionSupport(cfg.region).zones.includes(az)) {
            ctx.addIssue({ code: "custom", path: ["availabilityZones", i], message: `is not a zone accounts are offered in ${cfg.region} (${regionSupport(cfg.region).zones.join(", ")}: components/lib/regions.ts SUPPORTED_REGIONS)` });
        }
    });
});

/** Every top-level bibox key: the schema's and the credentials (for "did you mean" hints). */
export const BIBOX_KEYS: readonly string[] = [...Object.keys(baseSchema.shape), ...Object.keys(CREDENTIALS)];

type Walkable = { description?: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown; options?: unknown[]; unwrap?: () => unknown; in?: unknown };

/** The schema under its wrappers (optional, default, a conversion's input side), with the first description met on the way. */
function peel(schema: unknown): { node: Walkable | undefined; description?: string } {
    let node = schema as Walkable | undefined;
    let description = node?.description;
    for (;;) {
        const next = node?.in ?? node?.unwrap?.();
        if (next === undefined) return { node, description };
        node = next as Walkable;
        description ??= node.description;
    }
}

/** The schema of the key `p` below `node`: a field, a map's value, a list's item, or the field of the union member that has it. */
function childOf(node: Walkable | undefined, p: string, intoUnions: boolean): unknown {
    if (node?.shape) return node.shape[p];
    if (node?.valueType) return node.valueType;
    if (node?.element && /^\d+$/.test(p)) return node.element;
    if (intoUnions && node?.options) return node.options.map((o) => peel(o).node?.shape?.[p]).find((c) => c !== undefined);
    return undefined;
}

/** The schema below each key of `path`, peeled, as far as the schema has the keys (a shorter list where it stops). */
function along(path: readonly string[], intoUnions: boolean): { node: Walkable; description?: string }[] {
    const steps: { node: Walkable; description?: string }[] = [];
    let { node } = peel(baseSchema);
    for (const p of path) {
        const peeled = peel(childOf(node, p, intoUnions));
        if (peeled.node === undefined) break;
        steps.push({ node: peeled.node, description: peeled.description });
        node = peeled.node;
    }
    return steps;
}

/** The keys a map in the schema accepts at `path` (for "did you mean" hints, and README's config reference: test/src/config-reference.test.ts). */
export function childrenAt(path: readonly string[]): string[] {
    if (path.length === 0) return [...BIBOX_KEYS];
    const steps = along(path, false);
    const shape = steps.length === path.length ? steps[steps.length - 1].node.shape : undefined;
    return shape ? Object.keys(shape) : [];
}

/** What the key at `path` allows: its own description, else its nearest described ancestor's. */
export function allowedFor(path: readonly string[]): string {
    return along(path, true).reduce<string | undefined>((allowed, step) => step.description ?? allowed, undefined) ?? UNDESCRIBED;
}

/** What the key at `path` itself says it allows, if anything (test/src/config-reference.test.ts: every key carries one). */
export function descriptionAt(path: readonly string[]): string | undefined {
    const steps = along(path, true);
    return steps.length === path.length ? steps[steps.length - 1]?.description : undefined;
}
