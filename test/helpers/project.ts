/** Shared test helpers: the repository's project, throw-away copies of it, and plan runs. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inject } from "vitest";
import { parse, stringify } from "yaml";
import { checkPlanCommand } from "../../src/plan/check-command";
import { CommandContext } from "../../src/plan/command";
import { evaluateStack, Evaluation } from "../../src/plan/evaluate";
import { planCommand } from "../../src/plan/plan-command";
import { policyConfigCommand } from "../../src/plan/policy-config-command";
import type { StackEvaluator } from "../../src/plan/run";
import { PlanResource } from "../../src/plan/types";

export const ROOT = path.resolve(__dirname, "..", "..");
export const STACKS = ["prod-ap", "prod-eu", "prod-us"] as const;

/**
 * A copy of Pulumi.yaml and the stack files in a temp dir; `edit` changes stack files' config,
 * `project` Pulumi.yaml's (`{ "bibox:objectives": { rpo: "10m", … } }`: the key's value, in place
 * of its `value:`; undefined removes the key).
 */
export function tempProject(edit: Record<string, Record<string, unknown>> = {}, project: Record<string, unknown> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-"));
    for (const f of fs.readdirSync(ROOT).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))) {
        fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    if (Object.keys(project).length > 0) {
        const file = path.join(dir, "Pulumi.yaml");
        const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
        for (const [key, value] of Object.entries(project)) {
            const entry = doc.config[key];
            if (value === undefined) delete doc.config[key];
            else if (entry !== null && typeof entry === "object" && "value" in entry) (entry as { value: unknown }).value = value;
            else doc.config[key] = value;
        }
        fs.writeFileSync(file, stringify(doc));
    }
    for (const [stack, changes] of Object.entries(edit)) {
        const file = path.join(dir, `Pulumi.${stack}.yaml`);
        const doc = (fs.existsSync(file) ? parse(fs.readFileSync(file, "utf8")) : { config: {} }) as { config: Record<string, unknown> };
        for (const [key, value] of Object.entries(changes)) {
            if (value === undefined) delete doc.config[key];
            else doc.config[key] = value;
        }
        fs.writeFileSync(file, stringify(doc));
    }
    return dir;
}

/**
 * A stack's evaluation: the repository's own stacks come from the one evaluation global-setup.ts
 * made; a temporary project is evaluated here.
 */
export async function evaluate(stack: string, projectDir = ROOT): Promise<Extract<Evaluation, { ok: true }>> {
    const cache = projectDir === ROOT ? inject("evaluations") : undefined;
    if (cache && fs.existsSync(path.join(cache, `${stack}.json`))) {
        return JSON.parse(fs.readFileSync(path.join(cache, `${stack}.json`), "utf8"));
    }
    const e = await evaluateStack(stack, { projectDir });
    if (!e.ok) throw e.error;
    return e;
}

export interface CliRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

export type CliName = "plan" | "check-plan" | "policy-config";

/** The same evaluation as evaluateStack's, of the repository's stacks taken from global-setup.ts's. */
const sharedEvaluations: StackEvaluator = async (stack, projectDir) => (path.resolve(projectDir) === ROOT ? evaluate(stack) : evaluateStack(stack, { projectDir }));

/** In-process commands one after another: an evaluation holds the Pulumi runtime's global state (config, mocks). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a CLI's command in this process, as its entry runs it (src/plan/command.ts): the same code
 * from the command line to the exit code and both streams, with the SDK and the pack already
 * loaded and the repository's own stacks taken from the evaluations global-setup.ts made. What
 * only a process shows (the bundle itself, its exit status, nothing left running) is spawnCli's.
 */
export function runCli(cli: CliName, args: string[], cwd = ROOT): Promise<CliRun> {
    const run = queue.then(async () => {
        let stdout = "";
        let stderr = "";
        const context: CommandContext = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
        const status =
            cli === "plan" ? await planCommand(args, context, { evaluate: sharedEvaluations }) : cli === "check-plan" ? await checkPlanCommand(args, context) : policyConfigCommand(args, context);
        return { status, stdout, stderr };
    });
    queue = run.catch(() => {});
    return run;
}

/** `npm run plan -- <args>` in this process (runCli). */
export function runPlanCli(args: string[]): Promise<CliRun> {
    return runCli("plan", args);
}

/**
 * Runs a CLI in a child process as its npm script does (`npm run plan` is `node src/plan/build.mts
 * plan`): the bundle global-setup.ts built, no transpiler per call.
 */
export function spawnCli(cli: CliName, args: string[], cwd = ROOT): Promise<CliRun> {
    const child = spawn(process.execPath, [path.join(ROOT, "src", "plan", "build.mts"), cli, ...args], { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

export const ofType = (resources: PlanResource[], type: string) => resources.filter((r) => r.type === type);

export function one(resources: PlanResource[], type: string, name: string): PlanResource {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} named ${name}; have ${ofType(resources, type).map((r) => r.name).join(", ")}`);
    return found;
}
