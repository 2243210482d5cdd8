/**
 * `npm run policy-config`'s command (the entry is ./policy-config-cli.ts), with the context's
 * working directory and streams.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../policies/rules";
import { CONFIG_ERROR_EXIT_CODE } from "../config-errors";
import { parseCommandLine, POLICY_CONFIG_COMMAND, usage } from "./cli-args";
import { CommandContext } from "./command";
import { POLICY_CONFIG_FILE, projectPackConfig } from "./pack-config";

/** Runs `npm run policy-config -- <argv>` to its exit code (0 written, 2 a bad command line or configuration). */
export function policyConfigCommand(argv: string[], context: CommandContext): number {
    const parsed = parseCommandLine(POLICY_CONFIG_COMMAND, argv);
    if (!parsed.ok) {
        context.stderr(`${parsed.message}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
    if (parsed.values.help) {
        context.stdout(`${usage(POLICY_CONFIG_COMMAND)}\n`);
        return 0;
    }
    const projectDir = path.resolve(context.cwd, (parsed.values["project-dir"] as string | undefined) ?? ".");
    const out = path.resolve(context.cwd, (parsed.values.out as string | undefined) ?? path.join(projectDir, "plan", POLICY_CONFIG_FILE));
    try {
        const config = projectPackConfig(projectDir, policies);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, JSON.stringify(config, null, 2) + "\n");
        context.stdout(`policy pack config for ${Object.keys(config).length} rules → ${path.relative(context.cwd, out)}\n`);
        return 0;
    } catch (err) {
        context.stderr(`${err instanceof Error ? err.message : String(err)}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
}
