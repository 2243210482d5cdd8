/**
 * `npm run check-plan -- [--policy-pack-config <file>] plan/<stack>.json [more.json…]`: the policy
 * pack over saved plans, configured by the file given or, without one, by the config generated
 * from the working directory's Pulumi.yaml (./pack-config.ts), as CI's `pulumi preview` is. Several
 * plans (one per stack) are also checked together: the traffic paths across every stack.
 * Exit code: 0 clean, 1 a mandatory violation, 2 a bad command line, an unreadable plan or config.
 */
import { policies } from "../../policies/rules";
import { ConfigError } from "../config-errors";
import { CHECK_UNREADABLE, checkPlans } from "./check";
import { allowedArgs, CHECK_PLAN_COMMAND, parseCommandLine, usage } from "./cli-args";
import { projectPackConfig, readPackConfigFile } from "./pack-config";
import { PackConfig } from "./policy-runner";
import { withSourcePositions } from "./source-map";

async function main(argv: string[]): Promise<number> {
    const parsed = parseCommandLine(CHECK_PLAN_COMMAND, argv);
    if (!parsed.ok) {
        process.stderr.write(`${parsed.message}\n`);
        return CHECK_UNREADABLE;
    }
    if (parsed.values.help) {
        process.stdout.write(`${usage(CHECK_PLAN_COMMAND)}\n`);
        return 0;
    }
    if (parsed.positionals.length === 0) {
        process.stderr.write(`${CHECK_PLAN_COMMAND.command}: no plan file given. Allowed: ${allowedArgs(CHECK_PLAN_COMMAND)}.\n`);
        return CHECK_UNREADABLE;
    }
    const file = parsed.values["policy-pack-config"] as string | undefined;
    let config: PackConfig;
    try {
        config = file !== undefined ? readPackConfigFile(file, policies) : projectPackConfig(process.cwd(), policies);
    } catch (err) {
        process.stderr.write(`${CHECK_PLAN_COMMAND.command}: ${err instanceof Error ? err.message : String(err)}\n`);
        return CHECK_UNREADABLE;
    }
    return checkPlans(parsed.positionals, (line) => process.stdout.write(`${line}\n`), policies, config);
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        // A plan the user pointed at that is not one is their mistake: one line, no stack trace.
        const message = err instanceof Error ? err.message : String(err);
        const userError = err instanceof ConfigError || /is not a (readable )?plan/.test(message);
        process.stderr.write(`check-plan failed: ${userError ? message : err instanceof Error ? withSourcePositions(err.stack ?? message) : message}\n`);
        process.exit(CHECK_UNREADABLE);
    },
);
