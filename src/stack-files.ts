/**
 * Reading the project's own files: Pulumi.yaml and the Pulumi.<stack>.yaml stack files. Used by
 * src/config.ts (to see the sibling stacks) and by the offline plan (to feed the mock runtime the
 * configuration the Pulumi CLI would).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** A config value as written in a file: plain, or `secure:` ciphertext that only Pulumi can open. */
export type FileConfigValue = { secure: string } | unknown;

export interface ProjectFile {
    readonly name: string;
    readonly config: Record<string, FileConfigValue>;
}

export const SECRET_PLACEHOLDER = "[secret]";

/** The first candidate directory that holds a Pulumi.yaml, else the working directory. */
export function findProjectDir(candidates: readonly (string | undefined)[]): string {
    const found = candidates.find((dir) => dir && fs.existsSync(path.join(dir, "Pulumi.yaml")));
    return found ?? process.cwd();
}

export function readProjectFile(projectDir: string): ProjectFile {
    const file = path.join(projectDir, "Pulumi.yaml");
    const doc = parse(fs.readFileSync(file, "utf8")) as { name?: unknown; config?: Record<string, unknown> } | null;
    if (!doc || typeof doc.name !== "string") throw new Error(`${file} has no project name`);
    const config: Record<string, FileConfigValue> = {};
    for (const [key, entry] of Object.entries(doc.config ?? {})) {
        // Project-level config is either `key: value` or `key: { value: …, default: …, … }`.
        const isDeclaration = isRecord(entry) && ("value" in entry || "default" in entry);
        const value = isDeclaration ? (entry.value ?? entry.default) : entry;
        config[qualify(key, doc.name)] = value;
    }
    return { name: doc.name, config };
}

/** Stack names that have a stack file in the project, sorted. */
export function listStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function stackFilePath(projectDir: string, stack: string): string {
    return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

/** The `config:` map of a stack file, keys fully qualified (`project:key`). */
export function readStackFile(projectDir: string, stack: string, project: string): Record<string, FileConfigValue> {
    const file = stackFilePath(projectDir, stack);
    const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const config: Record<string, FileConfigValue> = {};
    for (const [key, value] of Object.entries(doc?.config ?? {})) config[qualify(key, project)] = value;
    return config;
}

export function isSecure(value: FileConfigValue): value is { secure: string } {
    return isRecord(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

/** Project config overlaid by the stack file, as the Pulumi CLI merges them. */
export function mergedStackConfig(projectDir: string, stack: string): { project: string; config: Record<string, FileConfigValue> } {
    const project = readProjectFile(projectDir);
    return { project: project.name, config: { ...project.config, ...readStackFile(projectDir, stack, project.name) } };
}

function qualify(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
