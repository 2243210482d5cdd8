/**
 * The only module that reads Pulumi configuration. It reads this stack's keys from the Pulumi
 * runtime (`bibox:*` for the schema, every other namespace for src/provider-config.ts), the sibling
 * stack files and Pulumi.yaml's bibox:topology from the project directory, and hands them to the
 * schema (src/schema.ts). Call it inside the program, never at module top level: the offline plan
 * evaluates several stacks in one process.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { OWNER_CREDENTIALS, STACK_CREDENTIALS } from "../components/region/settings";
import type { RegionStackSettings } from "../components/region/settings";
import { ConfigError } from "./config-errors";
import { CredentialName, CREDENTIALS } from "./config-keys";
import { NAMESPACE, RawValues, validateStackConfig } from "./validate";
import { ConfigEntry } from "./provider-config";
import { FileConfigValue, findProjectDir, isSecure, listStacks, readProjectFile, readStackFile, SECRET_PLACEHOLDER, stackFilePath } from "./stack-files";
import { TOPOLOGY_KEY } from "./topology";

/** A stack's validated configuration with its credentials: what RegionStack is built from. */
export type LoadedConfig = RegionStackSettings;
export type { Credentials } from "../components/region/settings";

export interface LoadOptions {
    /**
     * Where Pulumi.yaml and the stack files live.
     * @default the project root Pulumi reports, else the working directory
     */
    projectDir?: string;
}

/** This stack's validated configuration; throws ConfigError naming every bad key. */
export function loadStackConfig(options: LoadOptions = {}): LoadedConfig {
    const projectDir = options.projectDir ?? findProjectDir([pulumi.runtime.getRootDirectory()]);
    const stack = pulumi.getStack();
    const project = pulumi.getProject();
    const all = pulumi.runtime.allConfig();
    const prefix = `${NAMESPACE}:`;
    const values: RawValues = {};
    const secretKeys = new Set<string>();
    const otherKeys: ConfigEntry[] = [];
    const credentialState: Partial<Record<CredentialName, "secret" | "plaintext">> = {};
    const projectConfig = readProjectFile(projectDir).config;
    const ownFile = fs.existsSync(stackFilePath(projectDir, stack)) ? readStackFile(projectDir, stack, project) : {};
    // The files as written, `{ secure: … }` where encrypted: what tells a secret from plain text
    // when the runtime does not (and where a field of a map is the secret).
    const written: Record<string, FileConfigValue> = { ...projectConfig, ...ownFile };
    for (const [key, raw] of Object.entries(all)) {
        const secret = isSecure(written[key]) || isRuntimeSecret(key);
        if (!key.startsWith(prefix)) {
            otherKeys.push({ key, value: key in written ? written[key] : decode(raw), secret });
            continue;
        }
        const name = key.slice(prefix.length);
        if (name in CREDENTIALS) {
            // A credential's value never reaches validation or a message: only how it is set.
            credentialState[name as CredentialName] = secret ? "secret" : "plaintext";
        } else {
            values[name] = decode(raw);
            if (secret) secretKeys.add(key);
        }
    }
    const siblings = listStacks(projectDir)
        .filter((s) => s !== stack)
        .map((s) => {
            const file = readStackFile(projectDir, s, project);
            const merged = { ...projectConfig, ...file };
            return { stack: s, values: namespaceValues(merged), awsRegion: merged["aws:region"], setsTopology: TOPOLOGY_KEY in file };
        });
    const result = validateStackConfig({
        project,
        stack,
        values,
        awsRegion: all["aws:region"],
        secretKeys,
        siblings,
        setsTopology: TOPOLOGY_KEY in ownFile,
        credentials: credentialState,
        otherKeys,
    });
    if (Array.isArray(result)) throw new ConfigError(stack, result);
    // The check above has found every credential the role needs set, and secret.
    const config = new pulumi.Config(NAMESPACE);
    const secrets = <N extends CredentialName>(names: readonly N[]) => Object.fromEntries(names.map((n) => [n, config.requireSecret(n)])) as Record<N, pulumi.Output<string>>;
    return result.role === "owner"
        ? { ...result, role: "owner", credentials: { ...secrets(STACK_CREDENTIALS), ...secrets(OWNER_CREDENTIALS) } }
        : { ...result, role: "member", credentials: secrets(STACK_CREDENTIALS) };
}

/** Whether the engine handed this key to the program as a secret (e.g. from an ESC environment). */
function isRuntimeSecret(key: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
    return runtime.isConfigSecret?.(key) ?? false;
}

/** Pulumi hands every config value to the program as a string; structured values are JSON. */
function decode(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

function namespaceValues(config: Record<string, FileConfigValue>): RawValues {
    const prefix = `${NAMESPACE}:`;
    const values: RawValues = {};
    for (const [key, value] of Object.entries(config)) {
        if (key.startsWith(prefix)) values[key.slice(prefix.length)] = isSecure(value) ? SECRET_PLACEHOLDER : value;
    }
    return values;
}
