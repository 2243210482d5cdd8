/**
 * The configuration model: what every `bibox:*` key may hold, and the checks that span the
 * stack files (overlapping VPCs, a second owner). Pure: src/config.ts feeds it the raw values it
 * read, and tests feed it tables.
 */
import { z } from "zod";
import type { StackSettings } from "../components/region/settings";
import { isBlock, parseCidr } from "../components/lib/cidr";
import { parseDuration } from "../components/lib/durations";
import { ALLOWED, allowedFor, credentialProblems, CredentialName, CREDENTIALS, MAX_VPC_PREFIX, MIN_VPC_PREFIX, NAMESPACE, ROLES, ZONES_PER_REGION } from "./config-keys";
import { securityServicesOf, securityServicesSchema } from "./security-services";
import { ConfigProblem, closestKey } from "./config-errors";
import { ConfigEntry, namespaceProblems } from "./provider-config";
import { isAwsRegion, isZoneOf } from "../components/lib/regions";
import { resolveTopology, StackFileFacts, supportedRegion, TopologyDeclaration, topologyProblems, topologySchema } from "./topology";

export { credentialProblems, NAMESPACE, POOL_NAMES, ROLES } from "./config-keys";
export type { PoolName, Role } from "./config-keys";
export type { StackTopology } from "./topology";
export type { NodePoolEstimate, Objectives } from "../components/region/settings";

const duration = z.string().refine((v) => (parseDuration(v) ?? 0) > 0, {
    message: "is not a positive duration",
});
const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: "is not an EC2 instance type" });
const positiveInt = z.int().positive({ message: "is not a positive integer" });
const hostName = z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { message: "is not a DNS host name" });

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

const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, { message: "is not a Cloudflare id" });

/** Keys that differ by region: they belong in Pulumi.<stack>.yaml. */
const regionalShape = {
    region: supportedRegion,
    role: z.enum(ROLES, { message: "is not a role" }),
    vpcCidr: cidr,
    availabilityZones: z.array(z.string()).length(ZONES_PER_REGION, {
        message: `does not list exactly ${ZONES_PER_REGION} zones`,
    }),
    mediaReplication: z.enum(["mesh", "off"], { message: "is not a replication mode" }).optional(),
    /** Per region when adopting (detector ids are regional); in Pulumi.yaml when the Organization runs them. */
    securityServices: securityServicesSchema.optional(),
};

const days = (min: number, max: number) =>
    z.int().min(min, { message: `is below ${min}` }).max(max, { message: `is above ${max}` });

/** bibox:objectives (also read by src/plan/pack-config.ts, which hands them to the policy pack). */
export const objectivesSchema = z.strictObject({ rpo: duration, rto: duration, edgeFailover: duration });

/** bibox:nodePools (also read by src/plan/pack-config.ts). */
export const nodePoolsSchema = z.strictObject({
    NP_SYS: z.strictObject({ instanceType, nodesPerRegion: positiveInt }),
    NP_CPU: z.strictObject({ instanceType, globalNodes: positiveInt }),
    NP_GPU: z.strictObject({ instanceType, globalNodes: positiveInt }),
    NP_SPOT: z.strictObject({ instanceType, globalNodes: positiveInt }),
});

/** Keys shared by all stacks: they belong in Pulumi.yaml's project config. */
const sharedShape = {
    /** The active-active set (src/topology.ts); Pulumi.yaml only. */
    topology: topologySchema,
    objectives: objectivesSchema,
    nodePools: nodePoolsSchema,
    domains: z.strictObject({ zone: hostName, web: hostName, api: hostName, video: hostName, edge: hostName }),
    edge: z.strictObject({
        cloudflare: z.strictObject({ accountId: cloudflareId, zoneId: cloudflareId }),
        akamai: z.strictObject({
            host: z.string().regex(/^akab-[a-z0-9-]+\.luna\.akamaiapis\.net$/, { message: "is not an Akamai API host" }),
            contractId: z.string().regex(/^ctr_[A-Za-z0-9-]+$/, { message: "is not an Akamai contract id" }),
            groupId: z.string().regex(/^grp_\d+$/, { message: "is not an Akamai group id" }),
            certificateEnrollmentId: positiveInt,
            notifyEmails: z.array(z.email({ message: "is not an e-mail address" })).min(1, { message: "names nobody" }),
            activateProduction: z.boolean({ message: "is not true or false" }),
        }),
    }),
    eks: z.strictObject({
        adminPrincipalArns: z.array(iamPrincipalArn).min(1, { message: "names no administrator" }),
        publicAccessCidrs: z.array(publicCidr),
    }),
    database: z.strictObject({
        instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { message: "is not an Aurora instance class" }),
        instancesPerRegion: days(2, 3),
        globalDbRpo: duration,
        backupRetentionDays: days(7, 35),
    }),
    cache: z.strictObject({
        nodeType: z.string().regex(/^cache\.(r|m)[0-9][a-z]*\.[a-z0-9]+$/, { message: "is not a node type global datastores support" }),
        nodesPerRegion: days(2, 6),
    }),
    media: z.strictObject({ coldOriginalsAfterDays: positiveInt, noncurrentVersionDays: positiveInt }),
    backup: z.strictObject({ retentionDays: days(7, 35), vaultLockCoolingOffDays: z.int().min(3, { message: "is below 3" }) }),
    operations: z.strictObject({
        onCallProtocol: z.enum(["https", "email"], { message: "is not https or email" }),
        organizationTrail: z.boolean({ message: "is not true or false" }),
        trailRetentionDays: z.int().min(365, { message: "is below 365" }),
    }),
    stackOrganization: z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: "is not an organization name" }),
    tags: z.record(
        z.string().min(1).max(128).refine((k) => !k.startsWith("aws:"), { message: "is a reserved tag key" }),
        z.string().max(256),
    ),
};

/** The least `rds.global_db_rpo` AWS accepts. */
export const MIN_GLOBAL_DB_RPO_SECONDS = 20;

const baseSchema = z.strictObject({ ...regionalShape, ...sharedShape });

/** Every top-level bibox key: the schema's and the credentials (for "did you mean" hints). */
export const BIBOX_KEYS: readonly string[] = [...Object.keys(baseSchema.shape), ...Object.keys(CREDENTIALS)];

/** The keys a map in the schema accepts at `path` (for "did you mean" hints, and README's config reference: test/src/config-reference.test.ts). */
export function childrenAt(path: readonly string[]): string[] {
    if (path.length === 0) return [...BIBOX_KEYS];
    let schema: unknown = baseSchema;
    for (const p of path) {
        const s = schema as { shape?: Record<string, unknown>; valueType?: unknown } | undefined;
        // A map keyed by name (bibox:topology's stacks) has one shape for every value.
        schema = s?.shape ? s.shape[p] : s?.valueType;
        while ((schema as { unwrap?: () => unknown } | undefined)?.unwrap) schema = (schema as { unwrap: () => unknown }).unwrap();
    }
    const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
    return shape ? Object.keys(shape) : [];
}

const stackSchema = baseSchema.superRefine((cfg, ctx) => {
    const dbRpo = parseDuration(cfg.database.globalDbRpo) ?? 0;
    const rpo = parseDuration(cfg.objectives.rpo) ?? 0;
    if (dbRpo > 0 && (dbRpo < MIN_GLOBAL_DB_RPO_SECONDS || (rpo > 0 && dbRpo > rpo))) {
        ctx.addIssue({ code: "custom", path: ["database", "globalDbRpo"], message: `is outside ${MIN_GLOBAL_DB_RPO_SECONDS}s–${cfg.objectives.rpo} (objectives.rpo)` });
    }
    const zones = cfg.availabilityZones;
    if (new Set(zones).size !== zones.length) {
        ctx.addIssue({ code: "custom", path: ["availabilityZones"], message: "repeats a zone" });
    }
    zones.forEach((az, i) => {
        if (isAwsRegion(cfg.region) && !isZoneOf(az, cfg.region)) {
            ctx.addIssue({ code: "custom", path: ["availabilityZones", i], message: `is not a zone of ${cfg.region}` });
        }
    });
});


export type RawValues = Record<string, unknown>;

/** The validated configuration of one stack: the platform's settings (components/region/settings.ts). */
export type StackConfig = StackSettings;

export interface ValidationInput {
    project: string;
    stack: string;
    /** `bibox:*` values of this stack without the namespace, already JSON-decoded. */
    values: RawValues;
    /** `aws:region` of this stack, if set. */
    awsRegion: unknown;
    /** Keys whose values are secrets: never echoed. */
    secretKeys: ReadonlySet<string>;
    /**
     * The other stack files of the project: their `bibox:*` values without the namespace (Pulumi.yaml's
     * merged in), their aws:region when known, and whether the file itself sets bibox:topology.
     */
    siblings: readonly { stack: string; values: RawValues; awsRegion?: unknown; setsTopology?: boolean }[];
    /** This stack's own file sets bibox:topology (it belongs in Pulumi.yaml). */
    setsTopology?: boolean;
    /** How each credential key is set for this stack (values never reach the schema). */
    credentials?: Partial<Record<CredentialName, "secret" | "plaintext">>;
    /** This stack's keys outside the bibox namespace (provider settings), checked by src/provider-config.ts. */
    otherKeys?: readonly ConfigEntry[];
}


/** Validates one stack's configuration against the schema and the other stack files. */
export function validateStackConfig(input: ValidationInput): StackConfig | ConfigProblem[] {
    const { stack } = input;
    const problems: ConfigProblem[] = [];
    const parsed = stackSchema.safeParse(input.values);
    if (!parsed.success) {
        problems.push(...parsed.error.issues.flatMap((issue) => toProblems(stack, input.values, issue, input.secretKeys)));
    }
    const declared = topologySchema.safeParse(input.values.topology);
    const declaration: TopologyDeclaration | undefined = declared.success ? declared.data : undefined;
    if (input.awsRegion === undefined) {
        problems.push({ stack, key: "aws:region", value: undefined, reason: "is missing", allowed: ALLOWED["aws:region"] });
    } else if (parsed.success && declaration?.[stack] === undefined && input.awsRegion !== parsed.data.region) {
        // A declared stack's regions are each held against the declaration instead (src/topology.ts).
        problems.push({
            stack,
            key: `${NAMESPACE}:region`,
            value: parsed.data.region,
            reason: `does not match aws:region ${JSON.stringify(input.awsRegion)}`,
            allowed: ALLOWED.region,
        });
    }
    problems.push(...credentialProblems(stack, input.values.role, input.credentials ?? {}));
    const files = collectTopology(input, problems);
    problems.push(...topologyProblems(stack, declaration, files));
    problems.push(...namespaceProblems(stack, input.otherKeys ?? [], BIBOX_KEYS));
    if (problems.length > 0 || !parsed.success || declaration === undefined) return problems;

    const cfg = parsed.data;
    return {
        project: input.project,
        stack,
        region: cfg.region,
        role: cfg.role,
        vpcCidr: cfg.vpcCidr,
        availabilityZones: cfg.availabilityZones,
        objectives: {
            rpoSeconds: parseDuration(cfg.objectives.rpo)!,
            rtoSeconds: parseDuration(cfg.objectives.rto)!,
            edgeFailoverSeconds: parseDuration(cfg.objectives.edgeFailover)!,
        },
        nodePools: cfg.nodePools,
        domains: cfg.domains,
        edge: cfg.edge,
        eks: cfg.eks,
        database: {
            instanceClass: cfg.database.instanceClass,
            instancesPerRegion: cfg.database.instancesPerRegion,
            globalDbRpoSeconds: parseDuration(cfg.database.globalDbRpo)!,
            backupRetentionDays: cfg.database.backupRetentionDays,
        },
        cache: cfg.cache,
        media: { ...cfg.media, replication: cfg.mediaReplication ?? "mesh" },
        backup: cfg.backup,
        operations: cfg.operations,
        securityServices: securityServicesOf(cfg.securityServices),
        stackOrganization: cfg.stackOrganization,
        tags: cfg.tags,
        topology: resolveTopology(declaration, files),
    };
}

/**
 * What this stack's and every sibling's file says about the set: its region, role and CIDR (as
 * written, for src/topology.ts), its aws:region. A sibling's invalid region, role or CIDR is
 * reported against that sibling here; this stack's are the schema's.
 */
function collectTopology(input: ValidationInput, problems: ConfigProblem[]): StackFileFacts[] {
    const own = { stack: input.stack, values: input.values, awsRegion: input.awsRegion, setsTopology: input.setsTopology };
    return [own, ...input.siblings].map(({ stack, values, awsRegion, setsTopology }) => {
        if (stack !== input.stack) {
            for (const field of ["region", "role", "vpcCidr"] as const) {
                const parsed = regionalShape[field].safeParse(values[field]);
                if (!parsed.success) problems.push(...parsed.error.issues.flatMap((i) => toProblems(stack, values, { ...i, path: [field, ...i.path] }, new Set())));
            }
        }
        const vpcCidr = regionalShape.vpcCidr.safeParse(values.vpcCidr).success ? values.vpcCidr : undefined;
        return { stack, region: values.region, role: values.role, vpcCidr, awsRegion, setsTopology };
    });
}

/** bibox:topology on its own, as Pulumi.yaml holds it (src/project-check.ts checks it once for the project). */
export function topologyValueProblems(stack: string, value: unknown): ConfigProblem[] {
    const parsed = topologySchema.safeParse(value);
    if (parsed.success) return [];
    return parsed.error.issues.flatMap((i) => toProblems(stack, { topology: value }, { ...i, path: ["topology", ...i.path] }, new Set())).map((p) => ({ ...p, file: "Pulumi.yaml" }));
}

function toProblems(stack: string, values: RawValues, issue: z.core.$ZodIssue, secretKeys: ReadonlySet<string>): ConfigProblem[] {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
        const known = childrenAt(path);
        return issue.keys.map((k) => {
            const full = [...path, k];
            const hint = closestKey(k, known);
            // A misspelt credential's value is the credential: never echoed.
            const credential = path.length === 0 && hint !== undefined && hint in CREDENTIALS;
            return {
                stack,
                key: keyName(full),
                value: credential ? "[not shown]" : secretKeys.has(keyName(full)) ? "[secret]" : valueAt(values, full),
                reason: `is not a known key${hint ? ` (did you mean ${keyName([...path, hint])}?)` : ""}`,
                // A map whose keys depend on a discriminator (a mode) has no fixed list: say what the map allows.
                allowed: known.length > 0 ? `the keys of the config reference: ${known.map((c) => keyName([...path, c])).join(", ")}` : allowedFor(path),
            };
        });
    }
    const value = valueAt(values, path);
    const key = keyName(path);
    const secret = secretKeys.has(key) || secretKeys.has(keyName(path.slice(0, 1)));
    let reason = issue.message;
    if (value === undefined) reason = "is missing";
    else if (issue.code === "invalid_type") reason = `is ${describeType(value)}, expected ${EXPECTED[issue.expected] ?? issue.expected}`;
    else if (issue.code === "invalid_key") reason = issue.issues[0]?.message ?? "is not an allowed key";
    return [{ stack, key, value: secret ? "[secret]" : value, reason, allowed: allowedFor(path) }];
}

function keyName(path: readonly string[]): string {
    return `${NAMESPACE}:${path.join(".")}`;
}

function valueAt(values: RawValues, path: readonly string[]): unknown {
    let current: unknown = values;
    for (const p of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string, unknown>)[p];
    }
    return current;
}

const EXPECTED: Record<string, string> = {
    string: "a string",
    number: "a number",
    int: "an integer",
    array: "a list",
    object: "a map",
    record: "a map",
    boolean: "true or false",
};

function describeType(value: unknown): string {
    if (Array.isArray(value)) return "a list";
    if (value === null) return "null";
    return typeof value === "object" ? "a map" : `a ${typeof value}`;
}
