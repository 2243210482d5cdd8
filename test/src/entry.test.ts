/**
 * The entry `pulumi up` runs (src/index.ts), started the way Pulumi's Node.js host starts it —
 * ts-node, with the stack's configuration in PULUMI_CONFIG — on bad configuration: one message
 * on stderr naming the stack, key and value, exit code 2, before any resource is registered.
 *
 * @module-tag slow
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { mergedStackConfig } from "../../src/stack-files";
import { ROOT } from "../helpers/project";

function runEntry(stack: string, overrides: Record<string, unknown>) {
    const { config } = mergedStackConfig(ROOT, stack);
    const values = Object.fromEntries(
        Object.entries({ ...config, ...overrides }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    return spawnSync(process.execPath, ["-r", "ts-node/register", path.join(ROOT, "src/index.ts")], {
        cwd: ROOT,
        encoding: "utf8",
        env: {
            ...process.env,
            TS_NODE_TRANSPILE_ONLY: "true",
            PULUMI_NODEJS_STACK: stack,
            PULUMI_NODEJS_PROJECT: "bibox",
            PULUMI_CONFIG: JSON.stringify(values),
        },
    });
}

describe("src/index.ts on bad configuration", () => {
    it("exits 2 with one message naming the stack, the key and the value", () => {
        const r = runEntry("prod-eu", { "bibox:vpcCidr": "10.10.0.0/16" });
        expect(r.status).toBe(2);
        expect(r.stderr).toContain("Invalid configuration for stack prod-eu");
        expect(r.stderr).toContain('bibox:vpcCidr = "10.10.0.0/16" overlaps 10.10.0.0/16 of stack prod-us');
        expect(r.stdout).toBe("");
    }, 60_000);
});
