/**
 * What `npm run plan` checks once, before any stack is evaluated: every file parses, the
 * declared topology (bibox:topology) names exactly the stack files there are, and no stack to be
 * planned holds a credential in plain text or a key nothing in the program reads. Any problem here stops the whole
 * run with one message (exit 2) before a plan file is written — a plain-text secret never reaches
 * plan/<stack>.json. Each stack's evaluation checks everything again (src/config.ts), as
 * `pulumi up`, which has no such pass, does.
 */
import { ConfigError, ConfigProblem, projectConfigError } from "./config-errors";
import { CREDENTIALS, NAMESPACE } from "./config-keys";
import { namespaceProblems } from "./provider-config";
import { BIBOX_KEYS } from "./schema";
import { topologyValueProblems } from "./validate";
import { FileConfigValue, isSecure, listStacks, readProjectFile, readStackFile } from "./stack-files";
import { StackFileFacts, TOPOLOGY_KEY, topologyProblems, topologySchema } from "./topology";

/**
 * The project's problems as one ConfigError, or undefined. `stacks` are the stacks about to be
 * planned (default: every stack file); the topology is always checked across all of them.
 */
export function checkProject(projectDir: string, stacks?: readonly string[]): ConfigError | undefined {
    try {
        return projectProblems(projectDir, stacks);
    } catch (err) {
        // A file that does not parse: stack-files.ts already made it one message.
        if (err instanceof ConfigError) return err;
        throw err;
    }
}

function projectProblems(projectDir: string, only?: readonly string[]): ConfigError | undefined {
    const project = readProjectFile(projectDir);
    const stacks = listStacks(projectDir);
    const files = new Map(stacks.map((s) => [s, readStackFile(projectDir, s, project.name)]));
    const problems: ConfigProblem[] = [];

    const declaredValue = project.config[TOPOLOGY_KEY];
    const declared = topologySchema.safeParse(declaredValue);
    problems.push(...topologyValueProblems(stacks[0] ?? "", declaredValue));
    const facts: StackFileFacts[] = stacks.map((stack) => {
        const file = files.get(stack)!;
        const merged = { ...project.config, ...file };
        return { stack, region: merged[`${NAMESPACE}:region`], role: merged[`${NAMESPACE}:role`], setsTopology: TOPOLOGY_KEY in file };
    });
    // The set itself (which stacks, Pulumi.yaml's entries); a file's region, role or CIDR that
    // disagrees is reported by that stack's evaluation, prefixed with the stack, as before.
    problems.push(...topologyProblems("", declared.success ? declared.data : undefined, facts).filter((p) => p.file === "Pulumi.yaml" || p.key === TOPOLOGY_KEY));

    for (const stack of (only ?? stacks).filter((s) => files.has(s))) {
        const file = files.get(stack)!;
        const merged: Record<string, FileConfigValue> = { ...project.config, ...file };
        const where = (key: string) => (key in file ? {} : { file: "Pulumi.yaml" });
        const others = Object.entries(merged)
            .filter(([key]) => !key.startsWith(`${NAMESPACE}:`))
            .map(([key, value]) => ({ key, value, secret: isSecure(value) }));
        problems.push(...namespaceProblems(stack, others, BIBOX_KEYS).map((p) => ({ ...p, ...where(p.key.split(".")[0]) })));
        for (const [name, spec] of Object.entries(CREDENTIALS)) {
            const key = `${NAMESPACE}:${name}`;
            if (merged[key] === undefined || isSecure(merged[key])) continue;
            problems.push({ stack, key, value: "[not shown]", reason: "is in plain text", allowed: `a secret set with \`pulumi config set --secret ${key}\` (${spec.purpose})`, ...where(key) });
        }
    }
    const unique = [...new Map(problems.map((p) => [`${p.file ?? p.stack}|${p.key}|${p.reason}`, p])).values()];
    return unique.length > 0 ? projectConfigError(project.name, unique) : undefined;
}
