/**
 * `npm run policy-config [-- --project-dir <dir>] [--out <file>]`: writes the policy pack's config,
 * generated from Pulumi.yaml (./pack-config.ts), for `pulumi preview|up --policy-pack policies
 * --policy-pack-config <file>` (the deploy workflow runs it in every job that runs the pack).
 * `npm run plan` writes the same file as plan/policy-config.json.
 * Exit code: 0 written; 2 a bad command line or configuration.
 */
import { exitWith, processContext } from "./command";
import { policyConfigCommand } from "./policy-config-command";

exitWith(Promise.resolve(policyConfigCommand(process.argv.slice(2), processContext())));
