/**
 * `npm run plan`'s command (the entry is ./cli.ts): reads the command line, checks the project,
 * then plans the stacks (./run.ts) with the context's working directory and streams.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { closestKey, CONFIG_ERROR_EXIT_CODE, ConfigError } from "../config-errors";
import { checkProject } from "../project-check";
import { listStacks } from "../stack-files";
import { allowedArgs, parseCommandLine, PLAN_COMMAND, usage } from "./cli-args";
import { CommandContext, guarded, traceOf } from "./command";
import type { StackEvaluator } from "./run";
import { PlanTimings } from "./timings";

export interface PlanCommandOptions {
    /** @default evaluateStack (./evaluate.ts) — the tests hand in the evaluations they already made of the repository's stacks */
    evaluate?: StackEvaluator;
}

/** One message on stderr, exit 2. */
function refuse(context: CommandContext, message: string): number {
    context.stderr(`${message}\n`);
    return CONFIG_ERROR_EXIT_CODE;
}

/** Runs `npm run plan -- <argv>` to its exit code (0, 1 a mandatory violation, 2 a bad command line, config or program). */
export function planCommand(argv: string[], context: CommandContext, options: PlanCommandOptions = {}): Promise<number> {
    // Bad configuration is the user's to fix and says everything; anything else is a bug of the program.
    return guarded(context, CONFIG_ERROR_EXIT_CODE, () => plan(argv, context, options), (err) => (err instanceof ConfigError ? err.message : `plan failed: ${traceOf(err)}`));
}

async function plan(argv: string[], context: CommandContext, options: PlanCommandOptions): Promise<number> {
    const parsed = parseCommandLine(PLAN_COMMAND, argv);
    if (!parsed.ok) return refuse(context, parsed.message);
    if (parsed.values.help) {
        context.stdout(`${usage(PLAN_COMMAND)}\n`);
        return 0;
    }
    const projectDir = path.resolve(context.cwd, (parsed.values["project-dir"] as string | undefined) ?? ".");
    const stacks = parsed.values.stack as string[] | undefined;
    const problem = checkProject(projectDir, stacks);
    if (problem) return refuse(context, problem.message);
    const known = listStacks(projectDir);
    for (const stack of stacks ?? []) {
        if (known.includes(stack)) continue;
        const near = closestKey(stack, known);
        return refuse(context, `${PLAN_COMMAND.command}: --stack ${stack} is not a stack of the project${near ? ` (did you mean ${near}?)` : ""}. Allowed: ${known.join(", ")} (bibox:topology in Pulumi.yaml); options: ${allowedArgs(PLAN_COMMAND)}.`);
    }
    // Loaded only now, so a bad command line is answered without loading the program and the pack
    // (".js": how nodenext names the module run.ts in a dynamic import; tsx resolves it to run.ts).
    const { planStacks } = await import("./run.js");
    const diff = parsed.values.diff as string | undefined;
    if (diff !== undefined && !fs.existsSync(path.resolve(context.cwd, diff))) return refuse(context, `${PLAN_COMMAND.command}: --diff ${diff} is not a directory of base plans (npm run plan -- --out ${diff} on the base commit writes one).`);
    const timings = parsed.values.timings ? new PlanTimings() : undefined;
    const outDir = path.resolve(context.cwd, (parsed.values.out as string | undefined) ?? path.join(projectDir, "plan"));
    const code = await planStacks({ projectDir, outDir, stacks, diffDir: diff && path.resolve(context.cwd, diff), timings, context, evaluate: options.evaluate });
    if (timings) context.stderr(timings.report());
    return code;
}
