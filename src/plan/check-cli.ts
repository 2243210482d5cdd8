/**
 * `npm run check-plan -- plan/<stack>.json [more.json…]`: the policy pack over saved plans. Several
 * plans (one per stack) are also checked together: the traffic paths across every stack.
 * Exit code: 0 clean, 1 a mandatory violation, 2 a bad command line or an unreadable plan.
 */
import { CHECK_UNREADABLE, checkPlans } from "./check";
import { allowedArgs, CHECK_PLAN_COMMAND, parseCommandLine, usage } from "./cli-args";

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
    return checkPlans(parsed.positionals, (line) => process.stdout.write(`${line}\n`));
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        // A plan the user pointed at that is not one is their mistake: one line, no stack trace.
        const message = err instanceof Error ? err.message : String(err);
        const userError = /is not a (readable )?plan/.test(message);
        process.stderr.write(`check-plan failed: ${userError ? message : err instanceof Error ? (err.stack ?? message) : message}\n`);
        process.exit(CHECK_UNREADABLE);
    },
);
