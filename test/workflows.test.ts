/** The GitHub workflows: parsed and checked, and validated by action-validator. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, STACKS } from "./helpers/project";

const DIR = path.join(ROOT, ".github", "workflows");
type Job = { uses?: string; needs?: string | string[]; permissions?: Record<string, string>; strategy?: { matrix?: { stack?: string[] } }; with?: Record<string, unknown>; steps?: { uses?: string; run?: string; with?: Record<string, string> }[]; environment?: string; "runs-on"?: string };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; concurrency?: { group: string; "cancel-in-progress": boolean }; jobs: Record<string, Job> };
const load = (f: string) => parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Workflow;
const preview = load("preview.yml");
const deploy = load("deploy.yml");
const stack = load("stack.yml");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const text = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");

describe("pull-request preview", () => {
    it("runs on pull requests, a newer push cancelling the older run", () => {
        expect(Object.keys(preview.on)).toEqual(["pull_request"]);
        expect(preview.concurrency).toEqual({ group: "preview-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
    });

    it("runs the tests and the offline plan, and posts the summaries as job summary and PR comment", () => {
        const runs = preview.jobs.offline.steps!.map((s) => s.run ?? s.uses ?? "");
        for (const cmd of ["npm ci", "npm test", "npm run plan"]) expect(runs).toContain(cmd);
        expect(runs.some((r) => r.includes("$GITHUB_STEP_SUMMARY"))).toBe(true);
        expect(runs.some((r) => r.startsWith("actions/github-script@"))).toBe(true);
    });

    it("previews every stack with the policy pack, by OIDC, after the offline job", () => {
        const job = preview.jobs.preview;
        expect(job.needs).toBe("offline");
        expect(job.strategy?.matrix?.stack).toEqual(["prod-us", "prod-eu", "prod-ap"]);
        expect(job.uses).toBe("./.github/workflows/stack.yml");
        expect(job.with).toMatchObject({ command: "preview", stack: "${{ matrix.stack }}", environment: "preview" });
    });
});

describe("deploy", () => {
    it("runs on main, never two at once, never cancelled halfway", () => {
        expect(deploy.on).toEqual({ push: { branches: ["main"] } });
        expect(deploy.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
    });

    it("brings the stacks up in the README's order, owner first, each behind its environment; a failure stops the rest", () => {
        expect(deploy.jobs["prod-us"].needs).toBe("verify");
        expect(deploy.jobs["prod-eu"].needs).toBe("prod-us");
        expect(deploy.jobs["prod-ap"].needs).toBe("prod-eu");
        for (const s of STACKS) expect(deploy.jobs[s].with).toMatchObject({ stack: s, command: "up", environment: s });
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(readme.indexOf("pulumi up --stack prod-us")).toBeLessThan(readme.indexOf("pulumi up --stack prod-eu"));
        expect(readme.indexOf("pulumi up --stack prod-eu")).toBeLessThan(readme.indexOf("pulumi up --stack prod-ap"));
    });
});

describe("the stack job", () => {
    const steps = stack.jobs.pulumi.steps!;
    const pulumi = steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;

    it("assumes an AWS role by OIDC and holds no long-lived keys", () => {
        const aws = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
        expect(aws.with).toMatchObject({ "role-to-assume": "${{ inputs.role-to-assume }}" });
        for (const f of files) expect(text(f)).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
    });

    it("runs the official Pulumi action with the policy pack, the diff, and the credentials as secret config", () => {
        expect(pulumi.with).toMatchObject({ command: "${{ inputs.command }}", "stack-name": "${{ inputs.stack }}", policyPacks: "policies", diff: true });
        const configMap = parse(pulumi.with!["config-map"]) as Record<string, { secret: boolean; value: string }>;
        expect(Object.keys(configMap).sort()).toEqual(
            ["bibox:akamaiAccessToken", "bibox:akamaiClientSecret", "bibox:akamaiClientToken", "bibox:cloudflareApiToken", "bibox:fastlyApiKey", "bibox:onCallEndpoint", "bibox:playbackTokenKey"],
        );
        for (const v of Object.values(configMap)) {
            expect(v.secret).toBe(true);
            expect(v.value).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
        }
    });
});

describe("permissions", () => {
    it("default to reading the repository", () => {
        expect(preview.permissions).toEqual({ contents: "read" });
        expect(deploy.permissions).toEqual({ contents: "read" });
        expect(stack.permissions).toBeUndefined(); // the caller's, job by job
    });

    it("grant id-token: write only to the jobs that assume an AWS role", () => {
        for (const wf of [preview, deploy]) {
            for (const [name, job] of Object.entries(wf.jobs)) {
                const oidc = job.uses === "./.github/workflows/stack.yml";
                expect(job.permissions?.["id-token"], name).toBe(oidc ? "write" : undefined);
            }
        }
    });

    it("let only the preview write to pull requests", () => {
        expect(preview.jobs.offline.permissions).toEqual({ contents: "read", "pull-requests": "write" });
        for (const s of STACKS) expect(deploy.jobs[s].permissions?.["pull-requests"]).toBeUndefined();
    });
});

describe("actions", () => {
    it.each(files)("%s pins every action to a full commit SHA, with its version in a comment", (f) => {
        const uses = [...text(f).matchAll(/uses:\s*(\S+)(.*)$/gm)].filter((m) => !m[1].startsWith("./"));
        expect(uses.length).toBeGreaterThan(0);
        for (const [, ref, comment] of uses) {
            expect(ref, ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
            expect(comment, ref).toMatch(/# v\d+\.\d+\.\d+/);
        }
    });

    it.each(files)("%s passes action-validator (the workflow schema)", (f) => {
        const bin = path.join(ROOT, "node_modules", ".bin", "action-validator");
        const r = spawnSync(bin, [path.join(DIR, f)], { encoding: "utf8" });
        expect(r.status, r.stdout + r.stderr).toBe(0);
    });
});
