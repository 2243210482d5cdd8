/**
 * The pack's configuration comes from Pulumi.yaml (issue #12 item 1): src/plan/pack-config.ts
 * turns bibox:objectives, bibox:topology and bibox:nodePools into the `--policy-pack-config` file;
 * `npm run plan` writes it, check-plan defaults to it, CI hands it to `pulumi preview`. Tightening
 * the RPO in Pulumi.yaml makes the same plan fail; the pack's defaults equal Pulumi.yaml's figures.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUSINESS_PLATFORM } from "../../../policies/objectives";
import { policies } from "../../../policies/rules";
import { checkPlans } from "../../../src/plan/check";
import { CHECK_PLAN_COMMAND, usage } from "../../../src/plan/cli-args";
import { capacityTypeOf, packConfigFor, POLICY_CONFIG_FILE, projectPackConfig, projectPlatform, readPackConfigFile } from "../../../src/plan/pack-config";
import { runPolicies } from "../../../src/plan/policy-runner";
import { planStacks } from "../../../src/plan/run";
import { StackPlan } from "../../../src/plan/types";
import { CliRun, evaluate, ROOT, runCli, STACKS, tempProject } from "../../helpers/project";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-pack-config-"));
const plans: Record<string, StackPlan> = {};
const files: Record<string, string> = {};

beforeAll(async () => {
    for (const s of STACKS) {
        const e = await evaluate(s);
        plans[s] = { stack: e.stack, project: e.project, config: e.config, resources: e.resources, outputs: e.outputs, policy: { violations: [] } };
        files[s] = path.join(dir, `${s}.json`);
        fs.writeFileSync(files[s], JSON.stringify(plans[s]));
    }
});

const objectives = (o: Record<string, string>) => ({ "bibox:objectives": { rpo: "30m", rto: "5m", edgeFailover: "30s", ...o } });

async function check(planFiles: string[], config: Parameters<typeof checkPlans>[3]) {
    const lines: string[] = [];
    const code = await checkPlans(planFiles, (l) => lines.push(l), policies, config);
    return { code, lines };
}

/** `npm run check-plan` in `cwd`: its command, in this process (helpers/project.ts runCli). */
function runCheckCli(cwd: string, args: string[]): Promise<CliRun> {
    return runCli("check-plan", args, cwd);
}

describe("the config generated from Pulumi.yaml", () => {
    it("is the pack's defaults: removing --policy-pack-config judges by the same objectives, regions and fleet", () => {
        expect(projectPlatform(ROOT)).toEqual(BUSINESS_PLATFORM);
        for (const policy of policies) {
            const generated = projectPackConfig(ROOT, policies)[policy.name] ?? {};
            for (const [key, value] of Object.entries(generated)) expect(value, `${policy.name}.${key}`).toEqual(policy.configSchema!.properties[key].default);
        }
    });

    it("gives each rule exactly the platform keys its configSchema declares, and every such rule one", () => {
        const config = projectPackConfig(ROOT, policies);
        const platformKeys = Object.keys(BUSINESS_PLATFORM);
        for (const policy of policies) {
            const declared = Object.keys(policy.configSchema?.properties ?? {}).filter((k) => platformKeys.includes(k));
            if (declared.length === 0) expect(config[policy.name], policy.name).toBeUndefined();
            else expect(Object.keys(config[policy.name]).sort(), policy.name).toEqual(declared.sort());
        }
        expect(Object.keys(config)).toEqual(expect.arrayContaining(["recovery-aurora", "recovery-media", "traffic-paths"]));
        expect(packConfigFor(BUSINESS_PLATFORM, [{ name: "only-rpo", description: "", configSchema: { properties: { rpoSeconds: { type: "integer" }, quotas: { type: "object" } } }, validateStack: () => {} }])).toEqual({ "only-rpo": { rpoSeconds: 1800 } });
    });

    it("converts durations with the program's parser and takes capacity types from the program's pools", () => {
        const p = projectPlatform(tempProject({}, objectives({ rpo: "1h30m", rto: "90s", edgeFailover: "1m" })));
        expect([p.rpoSeconds, p.rtoSeconds, p.edgeFailoverSeconds]).toEqual([5400, 90, 60]);
        expect(Object.fromEntries(Object.keys(p.nodePools).map((n) => [n, capacityTypeOf(n)]))).toEqual({ NP_SYS: "on-demand", NP_CPU: "on-demand", NP_GPU: "on-demand", NP_SPOT: "spot" });
    });

    it.each([
        ["an RPO that is no duration", objectives({ rpo: "half an hour" }), "bibox:objectives.rpo"],
        ["a pool without its count", { "bibox:nodePools": { ...BUSINESS_PLATFORM.nodePools, NP_CPU: { instanceType: "m7g.4xlarge" } } }, "bibox:nodePools"],
        ["no topology", { "bibox:topology": undefined }, "bibox:topology"],
    ])("refuses %s, naming the key in Pulumi.yaml", (_, project, key) => {
        expect(() => projectPlatform(tempProject({}, project))).toThrow(key);
    });
});

describe("tightening the RPO in Pulumi.yaml", () => {
    it("makes check-plan over the same real plan exit 1, naming the store (the CLI's default config is the working directory's Pulumi.yaml)", { tags: ["slow"] }, async () => {
        const tight = tempProject({}, objectives({ rpo: "10m" }));
        const r = await runCheckCli(tight, [files["prod-us"]]);
        expect(r.status, r.stdout + r.stderr).toBe(1);
        expect(r.stdout).toMatch(/^mandatory recovery-media: S3 bibox-media-bucket: RPO for the loss of a region is 900 s \(15m\) .* above the objective 600 s \(10m\)/m);
        // The same plan under the real Pulumi.yaml passes.
        expect((await check([files["prod-us"]], projectPackConfig(ROOT, policies))).code).toBe(0);
    });

    it("through the file npm run plan writes (--policy-pack-config), in-process", async () => {
        const tight = tempProject({}, objectives({ rpo: "10m" }));
        const file = path.join(tight, POLICY_CONFIG_FILE);
        fs.writeFileSync(file, JSON.stringify(projectPackConfig(tight, policies)));
        const { code, lines } = await check([files["prod-us"]], readPackConfigFile(file, policies));
        expect(code).toBe(1);
        expect(lines.filter((l) => l.startsWith("mandatory")).map((l) => l.split(":")[0])).toEqual(["mandatory recovery-media"]);
    });

    it("a tighter edge failover objective reaches the traffic paths judged across every stack (the merge takes the config too)", async () => {
        const config = projectPackConfig(tempProject({}, objectives({ edgeFailover: "5s" })), policies);
        const { code, lines } = await check(STACKS.map((s) => files[s]), config);
        expect(code).toBe(1);
        expect(lines.some((l) => l.startsWith("mandatory traffic-paths:") && l.includes("5 s"))).toBe(true);
    });
});

describe("the config file", () => {
    it("npm run plan writes it next to the plans", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-plan-out-"));
        expect(await planStacks({ projectDir: ROOT, outDir: out, stacks: [] })).toBe(0);
        expect(JSON.parse(fs.readFileSync(path.join(out, POLICY_CONFIG_FILE), "utf8"))).toEqual(projectPackConfig(ROOT, policies));
    });

    it("takes Pulumi's format: a level for a rule or for all, and refuses a rule the pack does not have", async () => {
        const file = path.join(dir, "levels.json");
        fs.writeFileSync(file, JSON.stringify({ all: "advisory", "recovery-media": { rpoSeconds: 600 } }));
        const config = readPackConfigFile(file, policies);
        expect(config).toEqual({ all: { enforcementLevel: "advisory" }, "recovery-media": { rpoSeconds: 600 } });
        const violations = await runPolicies(plans["prod-us"].resources, policies, config);
        expect(violations.map((v) => [v.policy, v.level])).toEqual([["recovery-media", "advisory"]]);
        fs.writeFileSync(file, JSON.stringify({ "recovery-mediaa": { rpoSeconds: 600 } }));
        expect(() => readPackConfigFile(file, policies)).toThrow('"recovery-mediaa" is not a policy of the pack');
        fs.writeFileSync(file, JSON.stringify({ "recovery-media": "sometimes" }));
        expect(() => readPackConfigFile(file, policies)).toThrow("enforcementLevel");
    });

    it("check-plan --help says where the default comes from", () => {
        expect(usage(CHECK_PLAN_COMMAND)).toContain("--policy-pack-config <file>: the pack's config");
        expect(usage(CHECK_PLAN_COMMAND)).toContain("default: generated from the working directory's Pulumi.yaml");
    });
});
