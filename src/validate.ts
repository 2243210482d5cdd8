/**
 * One stack's configuration checked against the model (src/schema.ts) and the other stack files
 * (src/topology.ts): every problem named with its stack, key, value and what the key allows, or
 * the stack's settings. Pure: src/config.ts feeds it the raw values it read, and tests feed it
 * tables.
 */
import { z } from "zod";
import type { StackSettings } from "../components/region/settings";
import { credentialProblems, CredentialName, CREDENTIALS, DESCRIBE, NAMESPACE } from "./config-keys";
import { ConfigProblem, closestKey } from "./config-errors";
import { ConfigEntry, namespaceProblems } from "./provider-config";
import { allowedFor, BIBOX_KEYS, childrenAt, regionalShape, stackSchema } from "./schema";
import { resolveTopology, StackFileFacts, TopologyDeclaration, topologyProblems, topologySchema } from "./topology";

export { credentialProblems, NAMESPACE, POOL_NAMES, ROLES } from "./config-keys";
export type { PoolName, Role } from "./config-keys";
export type { StackTopology } from "./topology";

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
        problems.push({ stack, key: "aws:region", value: undefined, reason: "is missing", allowed: DESCRIBE.awsRegion });
    } else if (parsed.success && declaration?.[stack] === undefined && input.awsRegion !== parsed.data.region) {
        // A declared stack's regions are each held against the declaration instead (src/topology.ts).
        problems.push({
            stack,
            key: `${NAMESPACE}:region`,
            value: parsed.data.region,
            reason: `does not match aws:region ${JSON.stringify(input.awsRegion)}`,
            allowed: DESCRIBE.region,
        });
    }
    problems.push(...credentialProblems(stack, input.values.role, input.credentials ?? {}));
    const files = collectTopology(input, problems);
    problems.push(...topologyProblems(stack, declaration, files));
    problems.push(...namespaceProblems(stack, input.otherKeys ?? [], BIBOX_KEYS));
    if (problems.length > 0 || !parsed.success || declaration === undefined) return problems;

    // The schema has converted every value; what it cannot know is the set and the stack's names.
    const { mediaReplication, ...cfg } = parsed.data;
    return {
        project: input.project,
        stack,
        ...cfg,
        media: { ...cfg.media, replication: mediaReplication },
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
