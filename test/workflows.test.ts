/**
 * The GitHub workflows: parsed and checked, and validated by action-validator.
 *
 * What they must guarantee (issue 13):
 * - no production credential within reach of pull-request code: pull-request workflows (and every
 *   local workflow or action they call) hold no secret but GITHUB_TOKEN, no OIDC, no environment,
 *   no `secrets: inherit`; production credentials only in the stack's prod-* environment;
 * - reviewed deploys: per stack a preview that saves an update plan (`pulumi preview --save-plan`,
 *   pulumi/actions `plan` input) shown to the approver, then `pulumi up --plan` with that very file;
 * - one Pulumi CLI version (.pulumi-version), Node 24, a timeout on every job, one run per stack.
 * Sources: pulumi/actions v7.0.0 action.yml (inputs `plan`, `pulumi-version-file`,
 * `comment-on-summary`); https://www.pulumi.com/docs/iac/operations/stack-management/update-plans/;
 * environment secrets are not seen by a called workflow without `secrets: inherit`
 * (actions/runner#1490), so the gated jobs are written out in deploy.yml.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { CREDENTIALS, type CredentialName } from "../src/config-keys";
import { ROOT, STACKS } from "./helpers/project";

type Step = { id?: string; name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Concurrency = { group: string; "cancel-in-progress": boolean };
type Job = {
    uses?: string; needs?: string | string[]; if?: string; permissions?: Record<string, string>; environment?: string | { name: string };
    with?: Record<string, unknown>; secrets?: unknown; steps?: Step[]; "runs-on"?: string; "timeout-minutes"?: number;
    concurrency?: Concurrency; outputs?: Record<string, string>; env?: Record<string, string>;
};
type Workflow = { on: string | string[] | Record<string, unknown>; permissions?: Record<string, string>; concurrency?: Concurrency; jobs: Record<string, Job> };

const DIR = path.join(ROOT, ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");
/** A workflow's content without its comments (they may explain what the content must not do). */
const code = (body: string) => stringify(parse(body), { lineWidth: 0 });
const load = (f: string) => parse(text(f)) as Workflow;
const workflows = Object.fromEntries(files.map((f) => [f, load(f)])) as Record<string, Workflow>;
const preview = workflows["preview.yml"];
const deploy = workflows["deploy.yml"];
const allJobs = files.flatMap((f) => Object.entries(workflows[f].jobs).map(([name, job]) => ({ file: f, name, job })));

const events = (wf: Workflow) => (typeof wf.on === "string" ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on));
const stepsOf = (job: Job) => job.steps ?? [];
const action = (job: Job, name: string) => stepsOf(job).filter((s) => s.uses?.startsWith(`${name}@`));
const envName = (job: Job) => (typeof job.environment === "object" ? job.environment.name : job.environment);
const index = (job: Job, pick: (s: Step) => boolean) => stepsOf(job).findIndex(pick);

/** The pack's config, generated from Pulumi.yaml (src/plan/pack-config.ts) by npm run plan or npm run policy-config. */
const PACK_CONFIG = "plan/policy-config.json";
const CHECK_PLAN = `npm run check-plan -- --policy-pack-config ${PACK_CONFIG} plan/prod-us.json plan/prod-eu.json plan/prod-ap.json`;

/** The stacks in deploy order: the owner, then the members in the README's order. */
const DEPLOY_ORDER = ["prod-us", "prod-eu", "prod-ap"] as const;
const roleOf = (s: string) => (parse(fs.readFileSync(path.join(ROOT, `Pulumi.${s}.yaml`), "utf8")) as { config: Record<string, unknown> }).config["bibox:role"];
/** GitHub secret name of a credential: cloudflareApiToken -> CLOUDFLARE_API_TOKEN. */
const secretName = (c: string) => c.replace(/[A-Z]/g, (ch) => `_${ch}`).toUpperCase();
/** Every production credential the program takes (src/config-keys.ts CREDENTIALS), as the GitHub secret it lives in. */
const PRODUCTION_SECRETS = Object.keys(CREDENTIALS).map(secretName);
const neededBy = (stack: string) =>
    (Object.keys(CREDENTIALS) as CredentialName[]).filter((c) => CREDENTIALS[c].stacks === "all" || roleOf(stack) === "owner").sort();

/** A workflow file, and every local workflow (`uses: ./.github/workflows/x.yml`) or local action it reaches, as text. */
function reachable(file: string, seen = new Map<string, string>()): Map<string, string> {
    const full = path.join(DIR, file);
    if (seen.has(full)) return seen;
    const body = fs.readFileSync(full, "utf8");
    seen.set(full, body);
    for (const [, ref] of body.matchAll(/uses:\s*["']?(\.\/[^\s"'#]+)/g)) {
        const target = path.join(ROOT, ref);
        if (target.startsWith(DIR + path.sep)) reachable(path.relative(DIR, target), seen);
        else for (const a of ["action.yml", "action.yaml"]) if (fs.existsSync(path.join(target, a))) seen.set(path.join(target, a), fs.readFileSync(path.join(target, a), "utf8"));
    }
    return seen;
}

describe("pull requests: no production credential within reach of pull-request code", () => {
    const prFiles = files.filter((f) => events(workflows[f]).includes("pull_request"));

    it("preview.yml runs on pull requests, a newer push cancelling the older run", () => {
        expect(prFiles).toEqual(["preview.yml"]);
        expect(events(preview)).toEqual(["pull_request"]);
        expect(preview.concurrency).toEqual({ group: "preview-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
    });

    it.each(prFiles)("%s and all it calls: only GITHUB_TOKEN, no secrets: inherit, no environment, no OIDC, no production secret or role", (f) => {
        // Nothing runs on pull_request_target or workflow_run: both run with the base repository's
        // secrets on behalf of a pull request.
        for (const w of files) expect(events(workflows[w]), w).not.toContain("pull_request_target");
        for (const w of files) expect(events(workflows[w]), w).not.toContain("workflow_run");
        const reached = reachable(f);
        expect(reached.size).toBeGreaterThan(0);
        for (const [where, raw] of reached) {
            const body = code(raw);
            expect(body, where).not.toMatch(/secrets:\s*inherit/);
            const secrets = [...body.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
            expect(secrets.filter((s) => s !== "GITHUB_TOKEN"), where).toEqual([]);
            for (const name of [...PRODUCTION_SECRETS, "AWS_DEPLOY_ROLE_ARN", "AWS_PREVIEW_ROLE_ARN"]) expect(body, `${where}: ${name}`).not.toContain(name);
            expect(body, where).not.toMatch(/^\s*environment:/m);
            expect(body, where).not.toMatch(/id-token/);
            expect(body, where).not.toMatch(/configure-aws-credentials/);
        }
        for (const [name, job] of Object.entries(workflows[f].jobs)) {
            expect(envName(job), name).toBeUndefined();
            expect(job.secrets, name).toBeUndefined();
        }
    });

    it("the job that runs pull-request code may only read; the comment is written by a job that runs none of it, skipped for forks", () => {
        const { offline, comment } = preview.jobs;
        expect(offline.permissions).toEqual({ contents: "read" });
        const runs = stepsOf(offline).map((s) => s.run ?? s.uses ?? "");
        for (const cmd of ["npm ci", "npm test", CHECK_PLAN]) expect(runs).toContain(cmd);
        // The plans, compared with the base branch's own plans so the summary leads with what changed.
        expect(runs.some((r) => r.includes("npm run plan -- --diff .base-plan"))).toBe(true);
        const base = action(offline, "actions/checkout").find((c) => c.with?.path === ".base");
        expect(base?.with).toMatchObject({ ref: "${{ github.event.pull_request.base.sha }}", "persist-credentials": false });
        expect(runs.some((r) => r.includes("$GITHUB_STEP_SUMMARY"))).toBe(true);
        expect(action(offline, "actions/upload-artifact")[0].with).toMatchObject({ name: "plans", path: "plan/" });
        expect(action(offline, "actions/github-script")).toEqual([]);

        expect(comment.needs).toBe("offline");
        expect(comment.permissions).toEqual({ "pull-requests": "write" });
        expect(comment.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
        expect(stepsOf(comment).map((s) => s.uses?.split("@")[0])).toEqual(["actions/download-artifact", "actions/github-script"]);
        expect(stepsOf(comment).filter((s) => s.run)).toEqual([]);
        expect(action(comment, "actions/download-artifact")[0].with).toMatchObject({ name: "plans", path: "plan" });
    });
});

describe("deploy: each stack previewed, approved, and applied exactly as previewed", () => {
    const previewJob = (s: string) => deploy.jobs[`preview-${s}`];
    const upJob = (s: string) => deploy.jobs[`up-${s}`];
    const pulumiStep = (job: Job) => {
        const steps = action(job, "pulumi/actions");
        expect(steps).toHaveLength(1);
        return steps[0];
    };
    const planFile = (s: string) => `\${{ runner.temp }}/update-plan/${s}.json`;

    it("runs on main, never two at once, never cancelled halfway", () => {
        expect(deploy.on).toEqual({ push: { branches: ["main"] } });
        expect(deploy.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
    });

    it("previews then applies stack by stack, owner first, in the README's order; a failure stops the rest", () => {
        expect([...DEPLOY_ORDER].sort()).toEqual([...STACKS].sort());
        expect(DEPLOY_ORDER.map(roleOf)).toEqual(["owner", "member", "member"]);
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(readme.indexOf("pulumi up --stack prod-us")).toBeLessThan(readme.indexOf("pulumi up --stack prod-eu"));
        expect(readme.indexOf("pulumi up --stack prod-eu")).toBeLessThan(readme.indexOf("pulumi up --stack prod-ap"));
        expect(Object.keys(deploy.jobs)).toEqual(["verify", ...DEPLOY_ORDER.flatMap((s) => [`preview-${s}`, `up-${s}`])]);
        let before = "verify";
        for (const s of DEPLOY_ORDER) {
            expect(previewJob(s).needs, s).toBe(before);
            expect(upJob(s).needs, s).toBe(`preview-${s}`);
            before = `up-${s}`;
        }
        expect(stepsOf(deploy.jobs.verify).map((st) => st.run).filter(Boolean)).toEqual(
            expect.arrayContaining(["npm ci", "npm test", "npm run plan", CHECK_PLAN]),
        );
    });

    it.each(DEPLOY_ORDER)("%s: the preview saves the update plan, shows it and its digest to the approver, and uploads it", (s) => {
        const job = previewJob(s);
        expect(envName(job)).toBe(s);
        const pulumi = pulumiStep(job);
        expect(pulumi.with).toMatchObject({ command: "preview", "stack-name": s, plan: planFile(s), policyPacks: "policies", policyPackConfigs: PACK_CONFIG, diff: true, "comment-on-summary": true });
        const digest = stepsOf(job).find((st) => st.id === "digest")!;
        expect(digest.env).toEqual({ PLAN: planFile(s) });
        expect(digest.run).toContain('sha256sum "$PLAN"');
        expect(digest.run).toContain('>> "$GITHUB_OUTPUT"');
        expect(digest.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
        expect(job.outputs).toEqual({ "plan-sha256": "${{ steps.digest.outputs.sha256 }}" });
        const upload = action(job, "actions/upload-artifact");
        expect(upload).toHaveLength(1);
        expect(upload[0].with).toMatchObject({ name: `update-plan-${s}`, path: planFile(s), "if-no-files-found": "error" });
        expect(index(job, (st) => st === pulumi)).toBeLessThan(index(job, (st) => st === digest));
        expect(index(job, (st) => st === digest)).toBeLessThan(index(job, (st) => st === upload[0]));
    });

    it.each(DEPLOY_ORDER)("%s: the gated apply runs `pulumi up --plan` with the file its own preview job saved, digest checked", (s) => {
        const job = upJob(s);
        expect(envName(job)).toBe(s);
        expect(job.needs).toBe(`preview-${s}`);
        const download = action(job, "actions/download-artifact");
        expect(download).toHaveLength(1);
        expect(download[0].with).toEqual({ name: `update-plan-${s}`, path: path.posix.dirname(planFile(s)) });
        const check = stepsOf(job).find((st) => st.run?.includes("sha256sum --check"))!;
        expect(check.env).toEqual({ PLAN: planFile(s), EXPECTED: `\${{ needs.preview-${s}.outputs.plan-sha256 }}` });
        expect(check.run).toContain('test -n "$EXPECTED"');
        const pulumi = pulumiStep(job);
        expect(pulumi.with).toMatchObject({ command: "up", "stack-name": s, plan: planFile(s) });
        expect(index(job, (st) => st === download[0])).toBeLessThan(index(job, (st) => st === check));
        expect(index(job, (st) => st === check)).toBeLessThan(index(job, (st) => st === pulumi));
        // Everything but the command is the preview's: same stack, config (credentials), pack,
        // CLI; no refresh, target or replace that the plan did not see.
        const { command: _up, ...upInputs } = pulumi.with!;
        const { command: _preview, ...previewInputs } = pulumiStep(previewJob(s)).with!;
        expect(upInputs).toEqual(previewInputs);
        for (const k of ["refresh", "target", "replace", "exclude", "expect-no-changes"]) expect(Object.keys(upInputs)).not.toContain(k);
        // The same commit as the preview (checkout of the run's sha), and no other Pulumi run.
        for (const j of [job, previewJob(s)]) {
            for (const co of action(j, "actions/checkout")) expect(co.with?.ref).toBeUndefined();
            expect(stepsOf(j).filter((st) => /\bpulumi\s/.test(st.run ?? ""))).toEqual([]);
        }
    });
});

describe("the policy pack's config", () => {
    it("every job that runs the pack generates it from Pulumi.yaml first, after npm ci and before any credential; the offline jobs check with the file npm run plan wrote", () => {
        const packJobs = allJobs.filter(({ job }) => action(job, "pulumi/actions").length > 0);
        expect(packJobs).toHaveLength(2 * STACKS.length);
        for (const { file, name, job } of packJobs) {
            const pulumi = action(job, "pulumi/actions")[0];
            expect(pulumi.with, `${file} ${name}`).toMatchObject({ policyPacks: "policies", policyPackConfigs: PACK_CONFIG });
            const generate = index(job, (st) => st.run === "npm run policy-config");
            expect(generate, `${file} ${name}`).toBeGreaterThan(index(job, (st) => st.run === "npm ci"));
            expect(generate, `${file} ${name}`).toBeLessThan(index(job, (st) => st === pulumi));
            const aws = action(job, "aws-actions/configure-aws-credentials")[0];
            expect(generate, `${file} ${name}`).toBeLessThan(index(job, (st) => st === aws));
        }
        const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
        expect(scripts["policy-config"]).toBe("node src/plan/build.mts policy-config");
        for (const job of [preview.jobs.offline, deploy.jobs.verify]) {
            const runs = stepsOf(job).map((st) => st.run ?? "");
            expect(runs.findIndex((r) => r.includes("npm run plan"))).toBeLessThan(runs.indexOf(CHECK_PLAN));
        }
    });
});

describe("credentials", () => {
    it("production credentials only in the stack's prod-* environment, each stack's jobs only the ones its role needs", () => {
        for (const f of files) expect(code(text(f)), f).not.toMatch(/secrets:\s*inherit/);
        const seen = new Map<string, number>();
        for (const { file, name, job } of allJobs) {
            const used = [...JSON.stringify(job).matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).filter((x) => x !== "GITHUB_TOKEN");
            expect(used.filter((x) => !PRODUCTION_SECRETS.includes(x)), `${file} ${name}`).toEqual([]);
            if (used.length === 0) continue;
            const stack = envName(job)!;
            expect(STACKS, `${file} ${name}: environment ${stack}`).toContain(stack);
            const needed = neededBy(stack);
            expect([...new Set(used)].sort(), `${file} ${name}`).toEqual(needed.map(secretName).sort());
            for (const step of action(job, "pulumi/actions")) {
                expect(step.with?.["stack-name"]).toBe(stack);
                const configMap = parse(String(step.with!["config-map"])) as Record<string, { secret: boolean; value: string }>;
                expect(Object.keys(configMap).sort()).toEqual(needed.map((c) => `bibox:${c}`));
                for (const c of needed) expect(configMap[`bibox:${c}`]).toEqual({ value: `\${{ secrets.${secretName(c)} }}`, secret: true });
            }
            seen.set(stack, (seen.get(stack) ?? 0) + 1);
        }
        expect(Object.fromEntries(seen)).toEqual({ "prod-us": 2, "prod-eu": 2, "prod-ap": 2 });
        expect(neededBy("prod-eu").map(secretName)).toEqual(["CLOUDFLARE_API_TOKEN", "FASTLY_API_KEY", "ON_CALL_ENDPOINT"]);
    });

    it("only the gated jobs assume the deploy role, by OIDC, after npm ci, with no long-lived keys", () => {
        for (const { file, name, job } of allJobs) {
            const aws = action(job, "aws-actions/configure-aws-credentials");
            expect(job.permissions?.["id-token"], `${file} ${name}`).toBe(aws.length > 0 ? "write" : undefined);
            if (aws.length === 0) continue;
            expect(STACKS, `${file} ${name}`).toContain(envName(job));
            expect(aws[0].with).toMatchObject({ "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}" });
            // Install scripts run before any AWS credential is in the job's environment.
            expect(index(job, (s) => s.run === "npm ci"), `${file} ${name}`).toBeGreaterThanOrEqual(0);
            expect(index(job, (s) => s.run === "npm ci")).toBeLessThan(index(job, (s) => s === aws[0]));
        }
        for (const f of files) expect(text(f)).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
    });

    it("every checkout leaves no token in .git/config", () => {
        const checkouts = allJobs.flatMap(({ job }) => action(job, "actions/checkout"));
        expect(checkouts.length).toBeGreaterThan(0);
        for (const co of checkouts) expect(co.with?.["persist-credentials"]).toBe(false);
    });
});

describe("permissions", () => {
    it("default to reading the repository", () => {
        for (const f of files) expect(workflows[f].permissions, f).toEqual({ contents: "read" });
    });

    it("let only the comment job write to pull requests", () => {
        for (const { file, name, job } of allJobs) {
            const pr = file === "preview.yml" && name === "comment";
            expect(job.permissions?.["pull-requests"], `${file} ${name}`).toBe(pr ? "write" : undefined);
        }
    });
});

describe("toolchain and limits", () => {
    it("every job has a timeout: 30 min for checks and previews, 180 for an up (a region's first bring-up), 5 for the comment", () => {
        const expected = (name: string) => (name.startsWith("up-") ? 180 : name === "comment" ? 5 : 30);
        for (const { file, name, job } of allJobs) {
            expect(job.uses, `${file} ${name}: a reusable-workflow call cannot carry a timeout`).toBeUndefined();
            expect(job["timeout-minutes"], `${file} ${name}`).toBe(expected(name));
        }
    });

    it("the Pulumi CLI version comes from .pulumi-version alone: exact, and not older than @pulumi/pulumi", () => {
        const version = fs.readFileSync(path.join(ROOT, ".pulumi-version"), "utf8");
        expect(version).toMatch(/^\d+\.\d+\.\d+\n?$/);
        const steps = allJobs.flatMap(({ job }) => action(job, "pulumi/actions"));
        expect(steps).toHaveLength(2 * STACKS.length);
        for (const s of steps) {
            expect(s.with?.["pulumi-version-file"]).toBe(".pulumi-version");
            expect(s.with).not.toHaveProperty("pulumi-version");
        }
        for (const f of files) expect(text(f), f).not.toMatch(/get\.pulumi\.com|setup-pulumi|install-pulumi-cli|PULUMI_VERSION/);
        const sdk = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/pulumi"];
        const num = (v: string) => v.trim().split(".").map(Number);
        const [cli, lib] = [num(version), num(sdk)];
        const cmp = cli.map((n, i) => n - lib[i]).find((d) => d !== 0) ?? 0;
        expect(cmp, `CLI ${version.trim()} is older than @pulumi/pulumi ${sdk}`).toBeGreaterThanOrEqual(0);
    });

    it("every job runs on Node 24", () => {
        const setups = allJobs.flatMap(({ job }) => action(job, "actions/setup-node"));
        expect(setups.length).toBe(allJobs.filter(({ job }) => stepsOf(job).some((s) => s.run?.startsWith("npm "))).length);
        for (const s of setups) expect(String(s.with?.["node-version"])).toBe("24");
    });

    it("two runs never touch one stack at once: each stack's jobs share pulumi-<stack>, never cancelled", () => {
        for (const s of STACKS) {
            const jobs = allJobs.filter(({ job }) => envName(job) === s);
            expect(jobs.map(({ name }) => name).sort()).toEqual([`preview-${s}`, `up-${s}`]);
            for (const { job } of jobs) expect(job.concurrency).toEqual({ group: `pulumi-${s}`, "cancel-in-progress": false });
        }
        for (const { job } of allJobs) if (!envName(job)) expect(job.concurrency).toBeUndefined();
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
