/**
 * The prebuilt CLIs (src/plan/build.mts): rebuilt exactly when a source changed, run in one
 * process that leaves nothing running, errors named at the .ts line, and --timings.
 *
 * @module-tag slow
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILD_DIR, ensureBuilt, isFresh } from "../../../src/plan/build.mjs";
import { ROOT, runCli, spawnCli } from "../../helpers/project";

/** A copy of what the bundles are built from, with the repository's node_modules linked in. */
function sourceCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-build-"));
    for (const d of ["src", "components", "policies"]) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
    for (const f of ["tsconfig.json", "package.json"]) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    // Its own node_modules/.cache (the bundles), the packages from the repository.
    fs.mkdirSync(path.join(dir, "node_modules", ".cache"), { recursive: true });
    for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
        if (entry !== ".cache") fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(dir, "node_modules", entry));
    }
    return dir;
}

describe("the bundles", () => {
    it("are rebuilt when a source's content changes or a source goes, not when only its time does", () => {
        const dir = sourceCopy();
        expect(ensureBuilt(dir).rebuilt).toBe(true);
        expect(ensureBuilt(dir).rebuilt).toBe(false);
        const file = path.join(dir, "src", "plan", "summary.ts");
        const later = new Date(Date.now() + 60_000);
        fs.utimesSync(file, later, later);
        expect(isFresh(dir)).toBe(true);
        fs.appendFileSync(file, "\n// changed\n");
        expect(isFresh(dir)).toBe(false);
        expect(ensureBuilt(dir).rebuilt).toBe(true);
        fs.rmSync(path.join(dir, "src", "plan", "diagram.ts"));
        expect(isFresh(dir)).toBe(false);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("build, run and exit without leaving a process behind (esbuild's included)", async () => {
        if (process.platform !== "linux") return;
        const dir = sourceCopy();
        // A stale bundle: the launcher builds, then runs the CLI, in its own process group.
        const child = spawn(process.execPath, [path.join(dir, "src", "plan", "build.mts"), "plan", "--help"], { cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        child.stdout.on("data", (d) => (stdout += d));
        const status = await new Promise((resolve) => child.on("close", resolve));
        expect(status).toBe(0);
        expect(stdout).toContain("usage: npm run plan");
        expect(fs.existsSync(path.join(dir, BUILD_DIR, "plan.cjs"))).toBe(true);
        const left = spawnSync("ps", ["-o", "pid=,stat=,args=", "-g", String(child.pid)], { encoding: "utf8" }).stdout.trim();
        expect(left).toBe("");
        fs.rmSync(dir, { recursive: true, force: true });
    });
});

describe("the built plan CLI", () => {
    it("names the .ts line of an unexpected error, not the bundle's", async () => {
        const file = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-notadir-"));
        fs.writeFileSync(path.join(file, "plain-file"), "");
        const run = await spawnCli("plan", ["--stack", "prod-eu", "--out", path.join(file, "plain-file", "plans")]);
        expect(run.status).toBe(2);
        const line = fs.readFileSync(path.join(ROOT, "src", "plan", "run.ts"), "utf8").split("\n").findIndex((l) => l.includes("fs.mkdirSync(options.outDir")) + 1;
        expect(run.stderr).toContain("plan failed: Error: ENOTDIR");
        expect(run.stderr).toMatch(new RegExp(`at planStacks \\(src/plan/run\\.ts:${line}:\\d+\\)`));
        expect(run.stderr).not.toMatch(/\.cjs:\d+/);
    });

    it("--timings prints each stack's cost on stderr, after the plan's usual lines; the plan is the one the sources write", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-t-"));
        const timed = await spawnCli("plan", ["--stack", "prod-eu", "--out", out, "--timings"]);
        expect(timed.status).toBe(0);
        expect(timed.stdout).toMatch(/^prod-eu: 276 resources, 0 mandatory and 0 advisory violations → .*prod-eu\.json, .*prod-eu\.md\n$/);
        expect(fs.readdirSync(out).sort()).toEqual(["policy-config.json", "prod-eu.json", "prod-eu.md"]);
        expect(timed.stderr).toMatch(/^timings \(wall and CPU of this process\):\n {2}start-up +\d+ ms wall +\d+ ms CPU/);
        expect(timed.stderr).toMatch(/\n {2}prod-eu +\d+ ms wall +\d+ ms CPU {2}276 resources, \d+\.\d\d ms each\n {4}evaluate +\d+ ms wall +\d+ ms CPU\n {4}pack +\d+ ms wall/);
        expect(timed.stderr).toMatch(/\n {2}total +\d+ ms wall +\d+ ms CPU\n$/);
        // The bundle and the sources (the command run in this process, as the other CLI tests run it) write the same bytes.
        const fromSource = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-t-"));
        const run = await runCli("plan", ["--stack", "prod-eu", "--out", fromSource]);
        expect(run.status).toBe(0);
        for (const f of fs.readdirSync(out)) expect(fs.readFileSync(path.join(fromSource, f), "utf8"), f).toBe(fs.readFileSync(path.join(out, f), "utf8"));
    });
});
