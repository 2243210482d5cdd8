/**
 * `npm run check-plan -- [--policy-pack-config <file>] plan/<stack>.json [more.json…]`: the policy
 * pack over saved plans, configured by the file given or, without one, by the config generated
 * from the working directory's Pulumi.yaml (./pack-config.ts), as CI's `pulumi preview` is. Several
 * plans (one per stack) are also checked together: the traffic paths across every stack.
 * Exit code: 0 clean, 1 a mandatory violation, 2 a bad command line, an unreadable plan or config.
 */
import { checkPlanCommand } from "./check-command";
import { exitWith, processContext } from "./command";

exitWith(checkPlanCommand(process.argv.slice(2), processContext()));
