/**
 * Reading the project's own files: Pulumi.yaml and the Pulumi.<stack>.yaml stack files. Used by
 * src/config.ts (to see the sibling stacks) and by the offline plan (to feed the mock runtime the
 * configuration the Pulumi CLI would).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, YAMLParseError } from "yaml";
import { ConfigError } from "./config-errors";

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
    if (!fs.existsSync(file)) {
        throw new ConfigError("", [], `${displayPath(file)} does not exist. Allowed: a project directory (--project-dir) that holds Pulumi.yaml and the Pulumi.<stack>.yaml stack files.`);
    }
    const doc = readYaml(file, PROJECT_FILE_ROLE) as { name?: unknown; config?: unknown } | null;
    if (!doc || typeof doc.name !== "string") throw new ConfigError("", [], `${displayPath(file)} has no project name. Allowed: \`name: bibox\` at the top of the file.`);
    const config: Record<string, FileConfigValue> = {};
    for (const [key, entry] of Object.entries(configMap(file, PROJECT_FILE_ROLE, doc.config))) {
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
    const role = `stack ${stack}`;
    const doc = readYaml(file, role) as { config?: unknown } | null;
    const config: Record<string, FileConfigValue> = {};
    for (const [key, value] of Object.entries(configMap(file, role, doc?.config))) config[qualify(key, project)] = value;
    return config;
}

const PROJECT_FILE_ROLE = "the project file every stack reads";

/**
 * A YAML file parsed, or one ConfigError naming the file, line, column, whose file it is and the
 * offending line. The position is YAMLParseError's `linePos` (yaml 2.9.1 dist/errors.d.ts: 1-based
 * `line` and `col`, the same numbers its message prints as "at line L, column C").
 */
function readYaml(file: string, role: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    try {
        return parse(text);
    } catch (err) {
        if (!(err instanceof YAMLParseError)) throw err;
        const pos = err.linePos?.[0];
        const what = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        const where = pos ? ` line ${pos.line}, column ${pos.col}` : "";
        const line = pos ? text.split(/\r?\n/)[pos.line - 1] : undefined;
        throw new ConfigError(
            "",
            [],
            `${displayPath(file)}${where} (${role}) is not valid YAML: ${what}${line === undefined ? "" : `; the line reads ${JSON.stringify(line)}`}. ` +
                "Allowed: YAML as `pulumi config set` writes it: `key: value` pairs under `config:`, nested with spaces (never tabs), each key once.",
        );
    }
}

/** The `config:` section of a file: a map, or absent. */
function configMap(file: string, role: string, config: unknown): Record<string, unknown> {
    if (config === undefined || config === null) return {};
    if (isRecord(config)) return config;
    const kind = Array.isArray(config) ? "a list" : `a ${typeof config}`;
    throw new ConfigError("", [], `${displayPath(file)} (${role}): config is ${kind}. Allowed: a map of keys such as \`aws:region: eu-west-1\`.`);
}

/** A file as the user would type it: relative to the working directory when inside it. */
function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
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
