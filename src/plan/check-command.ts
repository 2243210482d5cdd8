/**
 * `npm run check-plan`'s command (the entry is ./check-cli.ts): the pack over saved plans, with
 * the context's working directory (its Pulumi.yaml is the default config) and streams.
 */
import { policies } from "../../policies/rules";
import { ConfigError } from "../config-errors";
import { CHECK_UNREADABLE, checkPlans } from "./check";
import { allowedArgs, CHECK_PLAN_COMMAND, parseCommandLine, usage } from "./cli-args";
import { CommandContext, guarded, traceOf } from "./command";
import { projectPackConfig, readPackConfigFile } from "./pack-config";
import { PackConfig } from "./policy-runner";

/** Runs `npm run check-plan -- <argv>` to its exit code (0 clean, 1 a mandatory violation, 2 a bad command line, plan or config). */
export function checkPlanCommand(argv: string[], context: CommandContext): Promise<number> {
    // A plan the user pointed at that is not one is their mistake: one line, no stack trace.
    return guarded(context, CHECK_UNREADABLE, () => check(argv, context), (err) => {
        const message = err instanceof Error ? err.message : String(err);
        const userError = err instanceof ConfigError || /is not a (readable )?plan/.test(message);
        return `check-plan failed: ${userError ? message : traceOf(err)}`;
    });
}

async function check(argv: string[], context: CommandContext): Promise<number> {
    const parsed = parseCommandLine(CHECK_PLAN_COMMAND, argv);
    if (!parsed.ok) {
        context.stderr(`${parsed.message}\n`);
        return CHECK_UNREADABLE;
    }
    if (parsed.values.help) {
        context.stdout(`${usage(CHECK_PLAN_COMMAND)}\n`);
        return 0;
    }
    if (parsed.positionals.length === 0) {
        context.stderr(`${CHECK_PLAN_COMMAND.command}: no plan file given. Allowed: ${allowedArgs(CHECK_PLAN_COMMAND)}.\n`);
        return CHECK_UNREADABLE;
    }
    const file = parsed.values["policy-pack-config"] as string | undefined;
    let config: PackConfig;
    try {
        config = file !== undefined ? readPackConfigFile(file, policies, context.cwd) : projectPackConfig(context.cwd, policies);
    } catch (err) {
        context.stderr(`${CHECK_PLAN_COMMAND.command}: ${err instanceof Error ? err.message : String(err)}\n`);
        return CHECK_UNREADABLE;
    }
    return checkPlans(parsed.positionals, (line) => context.stdout(`${line}\n`), policies, config, context.cwd);
}
