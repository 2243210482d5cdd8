/** `npm run plan -- --diff <dir>`: what changed against base plans, for reviewers (issue #13). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { differingPaths, diffPlans, renderDiff } from "../../../src/plan/diff";
import { renderSummary } from "../../../src/plan/summary";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, runPlanCli } from "../../helpers/project";

const res = (urn: string, inputs: Record<string, unknown>, protect = false): PlanResource => ({
    urn, type: urn.split("::")[0], name: urn.split("::")[1], parent: null, provider: null, dependencies: [], protect, ignoreChanges: [], custom: true, inputs,
});

describe("differing paths (pure)", () => {
    it.each([
        ["equal", { a: 1 }, { a: 1 }, []],
        ["a leaf", { scalingConfig: { desiredSize: 3, maxSize: 3 } }, { scalingConfig: { desiredSize: 4, maxSize: 3 } }, ["scalingConfig.desiredSize"]],
        ["an array element", { rules: [{ a: 1 }, { a: 2 }] }, { rules: [{ a: 1 }, { a: 3 }] }, ["rules[1].a"]],
        ["a key added", { a: 1 }, { a: 1, b: 2 }, ["b"]],
        ["a JSON document by its statements", { policy: '{"Statement":[{"Action":"s3:GetObject"}]}' }, { policy: '{"Statement":[{"Action":"s3:PutObject"}]}' }, ["policy.Statement[0].Action"]],
        ["a JSON document reformatted only", { policy: '{"a": 1}' }, { policy: '{"a":1}' }, []],
    ] as const)("%s", (_what, a, b, paths) => {
        expect(differingPaths(a, b)).toEqual(paths);
    });
});

describe("plan diff (pure)", () => {
    const base = [res("aws:s3/bucket:Bucket::media", { bucket: "m" }, true), res("aws:sqs/queue:Queue::q", { name: "q" }), res("aws:eks/nodeGroup:NodeGroup::np-sys", { scalingConfig: { desiredSize: 3 } })];

    it("lists added, removed (protected first) and changed resources with their input paths", () => {
        const current = [res("aws:eks/nodeGroup:NodeGroup::np-sys", { scalingConfig: { desiredSize: 4 } }), res("aws:sns/topic:Topic::t", {})];
        const d = diffPlans(base, current);
        expect(d.added.map((r) => r.name)).toEqual(["t"]);
        expect(d.removed.map((r) => r.name)).toEqual(["media", "q"]);
        expect(d.changed).toEqual([{ urn: "aws:eks/nodeGroup:NodeGroup::np-sys", type: "aws:eks/nodeGroup:NodeGroup", name: "np-sys", paths: ["scalingConfig.desiredSize"] }]);
        const md = renderDiff("prod-eu", d).join("\n");
        expect(md.indexOf("protected (stateful) resource(s) removed")).toBeLessThan(md.indexOf("| Changed |"));
        expect(md).toContain("`media`");
    });

    it("says so when nothing changed", () => {
        expect(renderDiff("prod-eu", diffPlans(base, base))).toContain("No resource added, removed or changed.");
    });
});

describe("npm run plan -- --diff", () => {
    it("on a base plan with one changed node count lists exactly that resource and input path", async () => {
        const e = await evaluate("prod-eu");
        const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-base-"));
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-plan-"));
        const resources = structuredClone(e.resources);
        const sys = resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "bibox-eks-np-sys")!;
        (sys.inputs.scalingConfig as { desiredSize: number }).desiredSize = 2;
        fs.writeFileSync(path.join(baseDir, "prod-eu.json"), JSON.stringify({ stack: "prod-eu", resources }));
        const run = await runPlanCli(["--stack", "prod-eu", "--out", out, "--diff", baseDir]);
        expect(run.status).toBe(0);
        const lines = run.stdout.split("\n").filter((l) => l.startsWith("prod-eu: against") || l.startsWith("  "));
        expect(lines).toEqual([
            expect.stringMatching(/^prod-eu: against .*prod-eu\.json: 0 added, 0 removed, 1 changed$/),
            `  changed ${sys.urn}: scalingConfig.desiredSize`,
        ]);
        const md = fs.readFileSync(path.join(out, "prod-eu.md"), "utf8");
        expect(md.indexOf("## Changes against the base plan (prod-eu)")).toBeLessThan(md.indexOf("## Architecture"));
        expect(md).toContain("| `bibox-eks-np-sys` | `aws:eks/nodeGroup:NodeGroup` | `scalingConfig.desiredSize` |");
    });

    it("refuses a base directory that does not exist, with exit 2 and one message", async () => {
        const run = await runPlanCli(["--stack", "prod-eu", "--diff", "/nonexistent/base-plans"]);
        expect(run.status).toBe(2);
        expect(run.stderr.trim()).toBe("npm run plan: --diff /nonexistent/base-plans is not a directory of base plans (npm run plan -- --out /nonexistent/base-plans on the base commit writes one).");
    });
});

describe("the plan summary a reviewer reads", () => {
    it("leads with the verdict, the violations and the changes, collapses the resource counts, and gives every threshold its unit", async () => {
        const e = await evaluate("prod-eu");
        const plan = {
            stack: "prod-eu", project: e.project, config: e.config, resources: e.resources, outputs: e.outputs,
            policy: { violations: [{ policy: "x-advisory", level: "advisory" as const, message: "later" }, { policy: "y-mandatory", level: "mandatory" as const, message: "first" }] },
        };
        const md = renderSummary(plan, [], undefined, ["## Changes against the base plan (prod-eu)", "", "No resource added, removed or changed.", ""]);
        const at = (s: string) => md.indexOf(s);
        expect(at("## Policy results")).toBeGreaterThan(0);
        expect(at("## Policy results")).toBeLessThan(at("## Changes against the base plan"));
        expect(at("## Changes against the base plan")).toBeLessThan(at("## Architecture"));
        expect(at("| mandatory | y-mandatory")).toBeLessThan(at("| advisory | x-advisory"));
        expect(md).toMatch(/## Resources by type\n\n<details><summary>\d+ resources of \d+ types<\/summary>/);
        expect(md).toContain("| bibox-eu-west-1-aurora-replication-lag | AuroraGlobalDBReplicationLag | 30000 ms |");
        expect(md).toContain("| bibox-eu-west-1-karpenter-interruption-queue-age | ApproximateAgeOfOldestMessage | 60 s |");
        expect(md).toContain("| bibox-eu-west-1-alb-5xx-rate | 5xx rate (metric math) | 1 % |");
        expect(md).not.toContain("(unit not recorded)");
    });
});
