/**
 * The only module that reads Pulumi configuration. It reads this stack's `bibox:*` values and
 * `aws:region` from the Pulumi runtime, the sibling stack files from the project directory, and
 * hands both to the schema (src/schema.ts). Call it inside the program, never at module top level:
 * the offline plan evaluates several stacks in one process.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config-errors";
import { NAMESPACE, RawValues, StackConfig, validateStackConfig } from "./schema";
import { FileConfigValue, findProjectDir, isSecure, listStacks, mergedStackConfig, SECRET_PLACEHOLDER } from "./stack-files";

export interface LoadOptions {
    /**
     * Where Pulumi.yaml and the stack files live.
     * @default the project root Pulumi reports, else the working directory
     */
    projectDir?: string;
}

/** This stack's validated configuration; throws ConfigError naming every bad key. */
export function loadStackConfig(options: LoadOptions = {}): StackConfig {
    const projectDir = options.projectDir ?? findProjectDir([pulumi.runtime.getRootDirectory()]);
    const stack = pulumi.getStack();
    const all = pulumi.runtime.allConfig();
    const prefix = `${NAMESPACE}:`;
    const values: RawValues = {};
    for (const [key, raw] of Object.entries(all)) {
        if (key.startsWith(prefix)) values[key.slice(prefix.length)] = decode(raw);
    }
    const siblings = listStacks(projectDir)
        .filter((s) => s !== stack)
        .map((s) => ({ stack: s, values: namespaceValues(mergedStackConfig(projectDir, s).config) }));
    const result = validateStackConfig({
        project: pulumi.getProject(),
        stack,
        values,
        awsRegion: all["aws:region"],
        secretKeys: new Set(),
        siblings,
    });
    if (Array.isArray(result)) throw new ConfigError(stack, result);
    return result;
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
