/**
 * What makes the plan fast without changing what it reports (issue #14): stack traces off during
 * an evaluation and collected again only when it fails, stack positions mapped back to the .ts
 * source only where an error is reported, the --timings table, and CI's previews started without
 * a second type check.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { build as esbuild } from "esbuild";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigError } from "../../../src/config-errors";
import { evaluateStack } from "../../../src/plan/evaluate";
import { withSourcePositions } from "../../../src/plan/source-map";
import { PlanTimings } from "../../../src/plan/timings";
import { ROOT } from "../../helpers/project";

describe("an evaluation with stack traces off", () => {
    it("reports a program error with its full trace, collected by a second evaluation", async () => {
        let calls = 0;
        const limit = Error.stackTraceLimit;
        const e = await evaluateStack("prod-us", {
            projectDir: ROOT,
            program: () => {
                calls++;
                new aws.s3.Bucket("b", {});
                throw new Error("a bug in the program");
            },
        });
        expect(e.ok).toBe(false);
        expect(calls).toBe(2);
        const stack = String((e as { error: Error }).error.stack);
        expect(stack).toContain("a bug in the program");
        expect(stack).toMatch(/speed\.test\.ts:\d+:\d+/);
        expect(Error.stackTraceLimit).toBe(limit);
    });

    it("evaluates once when the configuration is what is wrong (its message says everything)", async () => {
        let calls = 0;
        const e = await evaluateStack("prod-us", {
            projectDir: ROOT,
            program: () => {
                calls++;
                throw new ConfigError("prod-us", [], "Invalid configuration for stack prod-us: test");
            },
        });
        expect(e.ok).toBe(false);
        expect(calls).toBe(1);
    });

    it("evaluates once, and as the traced evaluation would, when all is well", async () => {
        let calls = 0;
        const e = await evaluateStack("prod-us", {
            projectDir: ROOT,
            program: () => {
                calls++;
                return { id: new aws.s3.Bucket("b", {}).id };
            },
        });
        expect(e.ok).toBe(true);
        expect(calls).toBe(1);
        expect(e.resources.map((r) => r.type)).toContain("aws:s3/bucket:Bucket");
    });
});

describe("withSourcePositions", () => {
    it("maps each frame of a bundle to the .ts file, line and column it was built from", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-sourcemap-"));
        fs.mkdirSync(path.join(dir, "src"));
        fs.writeFileSync(path.join(dir, "src", "thrower.ts"), ["interface Shape { n: number }", "export function thrower(s: Shape): never {", "    throw new Error(`bad ${s.n}`);", "}", ""].join("\n"));
        fs.writeFileSync(path.join(dir, "src", "main.ts"), ['import { thrower } from "./thrower";', "export function main(): void {", "    thrower({ n: 1 });", "}", ""].join("\n"));
        // The options the CLIs are built with (src/plan/build.mts): a linked map without the sources.
        await esbuild({ absWorkingDir: dir, entryPoints: ["src/main.ts"], outfile: path.join(dir, "out", "main.cjs"), bundle: true, platform: "node", format: "cjs", sourcemap: "linked", sourcesContent: false, logLevel: "silent" });
        let stack = "";
        try {
            (createRequire(__filename)(path.join(dir, "out", "main.cjs")) as { main(): void }).main();
        } catch (err) {
            stack = String((err as Error).stack);
        }
        expect(stack).toMatch(/main\.cjs:\d+:\d+/);
        const mapped = withSourcePositions(stack, dir);
        expect(mapped).toContain("Error: bad 1");
        expect(mapped).toContain(`(${path.join("src", "thrower.ts")}:3:11)`);
        expect(mapped).toContain(`(${path.join("src", "main.ts")}:3:5)`);
        expect(mapped).not.toMatch(/main\.cjs:\d+/);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it.each([
        ["a trace of TypeScript sources (tsx, vitest)", "Error: x\n    at f (/repo/src/a.ts:3:9)"],
        ["a .cjs without a map", "Error: x\n    at f (/nowhere/none.cjs:3:9)"],
        ["no trace at all", "plan failed: something"],
    ])("leaves %s as it is", (_, text) => {
        expect(withSourcePositions(text)).toBe(text);
    });
});

describe("--timings", () => {
    it("reports the start-up, then each stack with its evaluation and pack, then the phases over all stacks", async () => {
        const t = new PlanTimings();
        for (const stack of ["prod-ap", "prod-eu"]) {
            const evaluated = t.begin(stack, "evaluate");
            evaluated();
            const checked = t.begin(stack, "pack");
            checked();
            t.resources(stack, 276);
        }
        t.begin(undefined, "traffic (all stacks)")();
        const lines = t.report().trimEnd().split("\n");
        expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(["timings", "start-up", "prod-ap", "evaluate", "pack", "prod-eu", "evaluate", "pack", "traffic", "total"]);
        expect(lines.find((l) => l.trim().startsWith("prod-ap"))).toMatch(/^ {2}prod-ap +\d+ ms wall +\d+ ms CPU {2}276 resources, \d+\.\d\d ms each$/);
        for (const l of lines.slice(1)) expect(l).toMatch(/\d+ ms wall +\d+ ms CPU/);
    });
});

describe("previews and updates in CI", () => {
    it("start without a second type check: deploy.yml transpiles only, after the verify job has run npm test on the same commit", () => {
        const doc = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "deploy.yml"), "utf8")) as {
            env?: Record<string, string>;
            jobs: Record<string, { needs?: string | string[]; steps?: { uses?: string; run?: string }[] }>;
        };
        expect(doc.env?.PULUMI_NODEJS_TRANSPILE_ONLY).toBe("true");
        expect(doc.jobs.verify.steps?.some((s) => s.run === "npm test")).toBe(true);
        const upstream = (job: string): string[] => [job, ...[doc.jobs[job].needs ?? []].flat().flatMap(upstream)];
        const pulumiJobs = Object.keys(doc.jobs).filter((j) => doc.jobs[j].steps?.some((s) => s.uses?.startsWith("pulumi/actions")));
        expect(pulumiJobs.length).toBeGreaterThan(0);
        for (const job of pulumiJobs) expect(upstream(job), job).toContain("verify");
    });
});
