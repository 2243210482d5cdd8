/**
 * `bibox:topology`: the active-active set as Pulumi.yaml declares it — every stack, its region and
 * its role — held against the stack files the project has. A declared stack without its file, a
 * stack file the declaration does not name, or a stack file whose region or role disagrees stops
 * the program: the set is never inferred from whichever files happen to be there (a deleted file
 * would otherwise silently drop that region's replicas and backup copies and resize the others).
 * Pure: src/schema.ts and src/project-check.ts feed it what they read.
 */
import { z } from "zod";
import { cidrsOverlap, formatCidr, isBlock, parseCidr } from "../components/lib/cidr";
import type { StackTopology } from "../components/region/settings";
import { ConfigProblem } from "./config-errors";
import { DESCRIBE, NAMESPACE, Role, ROLES } from "./config-keys";
import { isAwsRegion, regionProblem } from "../components/lib/regions";

export type { StackTopology } from "../components/region/settings";

export const TOPOLOGY_KEY = `${NAMESPACE}:topology`;

/** A supported region (components/lib/regions.ts SUPPORTED_REGIONS): bibox:region and every bibox:topology entry, refused before any resource is registered. */
export const supportedRegion = z.string().superRefine((value, ctx) => {
    const problem = regionProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const PROJECT_FILE = "Pulumi.yaml";

/**
 * Pulumi's rule for stack names: "stack names may only contain alphanumeric, hyphens,
 * underscores, or periods", at most 100 characters (pulumi/pulumi pkg/backend/diy/backend.go
 * validateStackName, `stackNameAndProjectRegexp`).
 */
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export const topologySchema = z
    .record(
        z.string().regex(STACK_NAME, { message: "is not a stack name (letters, digits, -, _ and . only)" }),
        z.strictObject({
            region: supportedRegion.describe("the stack's AWS region (equal to its aws:region and bibox:region), used by no other stack"),
            role: z.enum(ROLES, { message: "is not a role" }).describe(`"owner" (exactly one stack) or "member"`),
        }).describe("a map with region and role"),
    )
    .refine((m) => Object.keys(m).length > 0, { message: "declares no stack" })
    .describe("a map, in Pulumi.yaml only, from each stack of the active-active set to { region, role }: every stack file's stack and no other, exactly one owner, one stack per region");

export type TopologyDeclaration = Readonly<Record<string, { readonly region: string; readonly role: Role }>>;

/** One stack of the active-active set: as declared, with its stack file's VPC block. */

/** What one stack file says about its stack's place in the set, as written (unvalidated). */
export interface StackFileFacts {
    readonly stack: string;
    /** `bibox:region`, `bibox:role`, `bibox:vpcCidr`. */
    readonly region?: unknown;
    readonly role?: unknown;
    readonly vpcCidr?: unknown;
    /** `aws:region`; undefined when not known (then not compared). */
    readonly awsRegion?: unknown;
    /** The stack file itself sets `bibox:topology` (it belongs in Pulumi.yaml only). */
    readonly setsTopology?: boolean;
}

/**
 * Every disagreement between the declaration and the stack files, named against the file to edit.
 * `current` is the stack being evaluated ("" for the whole project): it is named first and owns
 * the Pulumi.yaml problems. `declared` is undefined when the declaration itself is invalid (the
 * schema reports that); then only the files are compared with each other.
 */
export function topologyProblems(current: string, declared: TopologyDeclaration | undefined, files: readonly StackFileFacts[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const ordered = [...files].sort((a, b) => (a.stack === current ? -1 : b.stack === current ? 1 : a.stack.localeCompare(b.stack)));
    for (const f of ordered.filter((f) => f.setsTopology)) {
        problems.push({ stack: f.stack, key: TOPOLOGY_KEY, value: undefined, reason: "is set in a stack file", allowed: "only in Pulumi.yaml, so every stack sees the same set: remove it from this file" });
    }
    if (declared !== undefined) {
        const owner = current || ordered[0]?.stack || "";
        const names = Object.keys(declared);
        const present = new Set(files.map((f) => f.stack));
        for (const [stack, d] of Object.entries(declared)) {
            if (present.has(stack)) continue;
            problems.push({
                stack: owner,
                file: PROJECT_FILE,
                key: `${TOPOLOGY_KEY}.${stack}`,
                value: d,
                reason: `declares stack ${stack}, but its stack file Pulumi.${stack}.yaml is not in the project`,
                allowed: `a stack file for every declared stack (restore Pulumi.${stack}.yaml); to take ${stack} out of the active-active set on purpose, delete this entry (the other stacks then stop replicating and backing up to ${d.region})`,
            });
        }
        for (const f of ordered) {
            const d = declared[f.stack];
            if (d === undefined) {
                const entry = `${f.stack}: { region: ${isAwsRegion(f.region) ? f.region : "<its aws:region>"}, role: ${f.role === "owner" ? "owner" : "member"} }`;
                problems.push({
                    stack: f.stack,
                    file: PROJECT_FILE,
                    key: TOPOLOGY_KEY,
                    value: names,
                    reason: `does not declare stack ${f.stack}, whose file Pulumi.${f.stack}.yaml is in the project`,
                    allowed: `an entry \`${entry}\` for each stack of the set, or no Pulumi.${f.stack}.yaml`,
                });
                continue;
            }
            const declaredAt = (field: string) => `${TOPOLOGY_KEY}.${f.stack}.${field}`;
            const allowedRegion = `${JSON.stringify(d.region)}, the region ${declaredAt("region")} declares in Pulumi.yaml (change both to move the stack)`;
            if (isAwsRegion(f.region) && f.region !== d.region) {
                problems.push({ stack: f.stack, key: `${NAMESPACE}:region`, value: f.region, reason: `differs from ${declaredAt("region")} ${JSON.stringify(d.region)}`, allowed: allowedRegion });
            }
            if (typeof f.awsRegion === "string" && f.awsRegion !== d.region) {
                problems.push({ stack: f.stack, key: "aws:region", value: f.awsRegion, reason: `differs from ${declaredAt("region")} ${JSON.stringify(d.region)}`, allowed: allowedRegion });
            }
            if ((ROLES as readonly unknown[]).includes(f.role) && f.role !== d.role) {
                problems.push({
                    stack: f.stack,
                    key: `${NAMESPACE}:role`,
                    value: f.role,
                    reason: `differs from ${declaredAt("role")} ${JSON.stringify(d.role)}`,
                    allowed: `${JSON.stringify(d.role)}, the role ${declaredAt("role")} declares in Pulumi.yaml (move the owner there, then here)`,
                });
            }
        }
        problems.push(...declarationProblems(owner, declared));
    }
    problems.push(...overlapProblems(ordered));
    return problems;
}

/** The declaration on its own: exactly one owner, one stack per region. */
function declarationProblems(stack: string, declared: TopologyDeclaration): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const entries = Object.entries(declared);
    const owners = entries.filter(([, d]) => d.role === "owner").map(([s]) => s);
    if (owners.length !== 1) {
        problems.push({
            stack,
            file: PROJECT_FILE,
            key: TOPOLOGY_KEY,
            value: Object.fromEntries(entries.map(([s, d]) => [s, d.role])),
            reason: owners.length === 0 ? "declares no owner" : `declares ${owners.length} owners (${owners.join(", ")})`,
            allowed: "exactly one stack with role owner (the global resources and the database writer); every other stack member",
        });
    }
    const seen = new Map<string, string>();
    for (const [s, d] of entries) {
        const first = seen.get(d.region);
        if (first === undefined) seen.set(d.region, s);
        else problems.push({ stack, file: PROJECT_FILE, key: `${TOPOLOGY_KEY}.${s}.region`, value: d.region, reason: `is also the region of stack ${first}`, allowed: "a region no other stack of the set uses" });
    }
    return problems;
}

/** No two stack files' VPC blocks may overlap (valid blocks only: a bad one is reported on its own). */
function overlapProblems(ordered: readonly StackFileFacts[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (let i = 0; i < ordered.length; i++) {
        for (let j = i + 1; j < ordered.length; j++) {
            const [a, b] = [ordered[i], ordered[j]];
            if (typeof a.vpcCidr !== "string" || typeof b.vpcCidr !== "string") continue;
            const [ca, cb] = [parseCidr(a.vpcCidr), parseCidr(b.vpcCidr)];
            if (isBlock(ca) && isBlock(cb) && cidrsOverlap(ca, cb)) {
                problems.push({ stack: a.stack, key: `${NAMESPACE}:vpcCidr`, value: a.vpcCidr, reason: `overlaps ${formatCidr(cb)} of stack ${b.stack}`, allowed: DESCRIBE.vpcCidr });
            }
        }
    }
    return problems;
}

/** The set as declared, sorted by stack name, each stack with its file's VPC block (call once topologyProblems found none). */
export function resolveTopology(declared: TopologyDeclaration, files: readonly StackFileFacts[]): StackTopology[] {
    return Object.entries(declared)
        .map(([stack, d]) => ({ stack, region: d.region, role: d.role, vpcCidr: String(files.find((f) => f.stack === stack)?.vpcCidr) }))
        .sort((a, b) => a.stack.localeCompare(b.stack));
}
