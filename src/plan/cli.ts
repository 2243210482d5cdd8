/**
 * `npm run plan [-- --stack <name>]… [--project-dir <dir>] [--out <dir>] [--diff <base-plans-dir>] [--timings]`
 *
 * Evaluates every stack of the project (or the ones named) under Pulumi's mock runtime, one after
 * another, runs the policy pack over each, and writes plan/<stack>.json and plan/<stack>.md.
 * Exit code: 0 all well; 1 a mandatory policy is violated; 2 a bad command line, bad config or a
 * program error (one message on stderr, naming the stack; no plan is written for that stack). A
 * bad command line or a problem of the project as a whole (src/project-check.ts) stops the run
 * before anything is written.
 *
 * `npm run plan` runs this file's bundle (./build.mts rebuilds it when a source changed); `tsx
 * src/plan/cli.ts` runs the same code from source. `--timings` prints what each phase cost on stderr.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { closestKey, CONFIG_ERROR_EXIT_CODE, ConfigError } from "../config-errors";
import { checkProject } from "../project-check";
import { listStacks } from "../stack-files";
import { allowedArgs, parseCommandLine, PLAN_COMMAND, usage } from "./cli-args";
import { withSourcePositions } from "./source-map";
import { PlanTimings } from "./timings";

/** One message on stderr, exit 2. */
function refuse(message: string): number {
    process.stderr.write(`${message}\n`);
    return CONFIG_ERROR_EXIT_CODE;
}

async function main(argv: string[]): Promise<number> {
    const parsed = parseCommandLine(PLAN_COMMAND, argv);
    if (!parsed.ok) return refuse(parsed.message);
    if (parsed.values.help) {
        process.stdout.write(`${usage(PLAN_COMMAND)}\n`);
        return 0;
    }
    const projectDir = path.resolve((parsed.values["project-dir"] as string | undefined) ?? process.cwd());
    const stacks = parsed.values.stack as string[] | undefined;
    const problem = checkProject(projectDir, stacks);
    if (problem) return refuse(problem.message);
    const known = listStacks(projectDir);
    for (const stack of stacks ?? []) {
        if (known.includes(stack)) continue;
        const near = closestKey(stack, known);
        return refuse(`${PLAN_COMMAND.command}: --stack ${stack} is not a stack of the project${near ? ` (did you mean ${near}?)` : ""}. Allowed: ${known.join(", ")} (bibox:topology in Pulumi.yaml); options: ${allowedArgs(PLAN_COMMAND)}.`);
    }
    // Loaded only now, so a bad command line is answered without loading the program and the pack
    // (".js": how nodenext names the module run.ts in a dynamic import; tsx resolves it to run.ts).
    const { planStacks } = await import("./run.js");
    const diff = parsed.values.diff as string | undefined;
    if (diff !== undefined && !fs.existsSync(diff)) return refuse(`${PLAN_COMMAND.command}: --diff ${diff} is not a directory of base plans (npm run plan -- --out ${diff} on the base commit writes one).`);
    const timings = parsed.values.timings ? new PlanTimings() : undefined;
    const code = await planStacks({ projectDir, outDir: path.resolve((parsed.values.out as string | undefined) ?? path.join(projectDir, "plan")), stacks, diffDir: diff && path.resolve(diff), timings });
    if (timings) process.stderr.write(timings.report());
    return code;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        // Bad configuration is the user's to fix and says everything; anything else is a bug of the program.
        const text = err instanceof ConfigError ? err.message : `plan failed: ${withSourcePositions(err instanceof Error ? (err.stack ?? err.message) : String(err))}`;
        process.stderr.write(`${text}\n`);
        process.exit(CONFIG_ERROR_EXIT_CODE);
    },
);
