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
 * src/plan/cli.ts` runs the same code from source. `--timings` prints what each phase cost on
 * stderr. The command itself is ./plan-command.ts; this entry gives it the process.
 */
import { exitWith, processContext } from "./command";
import { planCommand } from "./plan-command";

exitWith(planCommand(process.argv.slice(2), processContext()));
