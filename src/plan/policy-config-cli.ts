/**
 * `npm run policy-config [-- --project-dir <dir>] [--out <file>]`: writes the policy pack's config,
 * generated from Pulumi.yaml (./pack-config.ts), for `pulumi preview|up --policy-pack policies
 * --policy-pack-config <file>` (the deploy workflow runs it in every job that runs the pack).
 * `npm run plan` writes the same file as plan/policy-config.json.
 * Exit code: 0 written; 2 a bad command line or configuration.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../policies/rules";
import { CONFIG_ERROR_EXIT_CODE } from "../config-errors";
import { parseCommandLine, POLICY_CONFIG_COMMAND, usage } from "./cli-args";
import { POLICY_CONFIG_FILE, projectPackConfig } from "./pack-config";

function main(argv: string[]): number {
    const parsed = parseCommandLine(POLICY_CONFIG_COMMAND, argv);
    if (!parsed.ok) {
        process.stderr.write(`${parsed.message}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
    if (parsed.values.help) {
        process.stdout.write(`${usage(POLICY_CONFIG_COMMAND)}\n`);
        return 0;
    }
    const projectDir = path.resolve((parsed.values["project-dir"] as string | undefined) ?? process.cwd());
    const out = path.resolve((parsed.values.out as string | undefined) ?? path.join(projectDir, "plan", POLICY_CONFIG_FILE));
    try {
        const config = projectPackConfig(projectDir, policies);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, JSON.stringify(config, null, 2) + "\n");
        process.stdout.write(`policy pack config for ${Object.keys(config).length} rules → ${path.relative(process.cwd(), out)}\n`);
        return 0;
    } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
}

process.exit(main(process.argv.slice(2)));
