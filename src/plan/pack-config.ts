/**
 * The policy pack's configuration (`--policy-pack-config`), generated from the project, never
 * copied: the objectives (bibox:objectives), the active-active regions (bibox:topology) and the
 * global fleet (bibox:nodePools) of Pulumi.yaml, read with the program's own schemas, which convert
 * the durations (src/schema.ts, src/topology.ts) and turned into the pack's Platform
 * (policies/objectives.ts). Each rule that declares a configSchema gets exactly the keys its
 * schema declares, so `pulumi preview --policy-pack policies --policy-pack-config <file>`, CI and
 * the offline runner judge by the figures the team wrote down.
 *
 * The file format is Pulumi's (https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/,
 * "Running Policy Packs Locally"): `{ "<policy name>": { <property>: <value> } }`, optionally
 * `"enforcementLevel"` in an entry, `"all"` for every policy, and a bare level string as
 * shorthand. The engine fills in each schema's defaults, lays the file over them and validates the
 * result against the schema (pulumi/pulumi pkg/resource/analyzer/config.go ReconcilePolicyPackConfig).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Policies } from "@pulumi/policy";
import type { z } from "zod";
import { POOL_DEFINITIONS } from "../../components/eks/karpenter-objects";
import { Platform, PoolDemand } from "../../policies/objectives";
import { NAMESPACE, POOL_NAMES } from "../config-keys";
import { ConfigError, ConfigProblem } from "../config-errors";
import { allowedFor, nodePoolsSchema, objectivesSchema } from "../schema";
import { readProjectFile } from "../stack-files";
import { TOPOLOGY_KEY, topologySchema } from "../topology";
import { PackConfig } from "./policy-runner";

/** Where `npm run plan` writes the generated config, next to the plans. */
export const POLICY_CONFIG_FILE = "policy-config.json";

/**
 * Karpenter's capacity type of a pool: the program's own pool definitions (NP_SPOT is spot);
 * NP_SYS is the EKS managed node group, which components/eks/EksCluster.ts creates ON_DEMAND.
 */
export function capacityTypeOf(pool: string): PoolDemand["capacityType"] {
    return POOL_DEFINITIONS.find((d) => d.pool === pool)?.capacityType ?? "on-demand";
}

function parsed<T>(schema: z.ZodType<T>, key: string, value: unknown): T {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const problems: ConfigProblem[] = result.error.issues.map((issue) => {
        const path = issue.path.map(String);
        let at: unknown = value;
        for (const p of path) at = (at as Record<string, unknown> | undefined)?.[p];
        return { stack: "", file: "Pulumi.yaml", key: [`${NAMESPACE}:${key}`, ...path].join("."), value: at, reason: issue.message, allowed: allowedFor([key, ...path]) };
    });
    throw new ConfigError("", problems, `Pulumi.yaml cannot configure the policy pack: ${problems.map((p) => `${p.key}${p.value === undefined ? "" : ` = ${JSON.stringify(p.value)}`} ${p.reason}. Allowed: ${p.allowed}.`).join(" ")}`);
}

/** The platform the project declares: objectives in seconds, the regions in declaration order, the fleet. Throws ConfigError. */
export function projectPlatform(projectDir: string): Platform {
    const config = readProjectFile(projectDir).config;
    const objectives = parsed(objectivesSchema, "objectives", config[`${NAMESPACE}:objectives`]);
    const topology = parsed(topologySchema, TOPOLOGY_KEY.slice(NAMESPACE.length + 1), config[TOPOLOGY_KEY]);
    const pools = parsed(nodePoolsSchema, "nodePools", config[`${NAMESPACE}:nodePools`]);
    return {
        ...objectives,
        regions: Object.values(topology).map((s) => s.region),
        nodePools: Object.fromEntries(
            POOL_NAMES.map((name) => {
                const { instanceType, ...count } = pools[name];
                const demand: PoolDemand = { instanceType, capacityType: capacityTypeOf(name), ...count };
                return [name, demand];
            }),
        ),
    };
}

/**
 * Every rule with a configSchema that declares platform keys, given exactly those keys. Rules whose
 * schema holds none of them (the preflight quotas, which their defaults carry) get no entry.
 */
export function packConfigFor(platform: Platform, policies: Policies): PackConfig {
    const config: PackConfig = {};
    for (const policy of policies) {
        const keys = Object.keys(policy.configSchema?.properties ?? {}).filter((k) => k in platform);
        if (keys.length > 0) config[policy.name] = Object.fromEntries(keys.map((k) => [k, platform[k as keyof Platform]]));
    }
    return config;
}

/** The pack's config for the project in `projectDir` (its Pulumi.yaml). */
export function projectPackConfig(projectDir: string, policies: Policies): PackConfig {
    return packConfigFor(projectPlatform(projectDir), policies);
}

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * A `--policy-pack-config` file as the runner takes it: a level shorthand becomes
 * `{ enforcementLevel }`. Refuses what the engine would not accept, and names of policies the pack
 * does not have (the engine skips those silently; a misspelt rule would go unconfigured).
 */
export function readPackConfigFile(file: string, policies: Policies, cwd = process.cwd()): PackConfig {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(path.resolve(cwd, file), "utf8"));
    } catch (err) {
        throw new Error(`${file} is not a readable policy pack config: ${err instanceof Error ? err.message : String(err)}`);
    }
    const fail = (what: string) => new Error(`${file} is not a policy pack config: ${what} (npm run policy-config writes one from Pulumi.yaml)`);
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw fail("it must be a JSON object keyed by policy name");
    const names = new Set(policies.map((p) => p.name));
    const config: PackConfig = {};
    for (const [name, entry] of Object.entries(doc as Record<string, unknown>)) {
        if (name !== "all" && !names.has(name)) throw fail(`"${name}" is not a policy of the pack`);
        const value = typeof entry === "string" ? { enforcementLevel: entry } : entry;
        if (value === null || typeof value !== "object" || Array.isArray(value)) throw fail(`"${name}" must be an object of config values or an enforcement level`);
        const level = (value as Record<string, unknown>).enforcementLevel;
        if (level !== undefined && !LEVELS.includes(level as string)) throw fail(`"${name}".enforcementLevel ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}`);
        config[name] = value as Record<string, unknown>;
    }
    return config;
}
