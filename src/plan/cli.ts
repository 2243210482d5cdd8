/**
 * `npm run plan [-- --stack <name>]… [--project-dir <dir>] [--out <dir>]`
 *
 * Evaluates every stack found (or the ones named) under Pulumi's mock runtime, one after another,
 * runs the policy pack over each, and writes plan/<stack>.json and plan/<stack>.md.
 * Exit code: 0 all well; 1 a mandatory policy is violated; 2 bad config or a program error
 * (message on stderr, naming the stack; no plan is written for that stack).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_ERROR_EXIT_CODE } from "../config-errors";
import { planStacks } from "./run";

const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
        stack: { type: "string", multiple: true },
        "project-dir": { type: "string" },
        out: { type: "string" },
    },
});
const projectDir = path.resolve(values["project-dir"] ?? process.cwd());

planStacks({ projectDir, outDir: path.resolve(values.out ?? path.join(projectDir, "plan")), stacks: values.stack }).then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(CONFIG_ERROR_EXIT_CODE);
    },
);
