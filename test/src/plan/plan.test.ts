/**
 * `npm run plan`: files, exit codes, masking. The CLI's command runs in this process
 * (helpers/project.ts runCli); test/src/plan/build.test.ts runs the bundle itself, in a child process.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { StackValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { planStacks } from "../../../src/plan/run";
import { StackPlan } from "../../../src/plan/types";
import { CliRun, ROOT, runPlanCli, STACKS, tempProject } from "../../helpers/project";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "bibox-plan-"));
const read = (dir: string, stack: string): StackPlan => JSON.parse(fs.readFileSync(path.join(dir, `${stack}.json`), "utf8"));

describe("npm run plan over the repository's stacks", () => {
    const out = tmp();
    let run: CliRun;
    beforeAll(async () => {
        run = await runPlanCli(["--out", out]);
    }, 60_000);

    it("exits 0 and writes plan/<stack>.json and .md for every stack, and the pack's config (policy-config.json)", () => {
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(fs.readdirSync(out).sort()).toEqual([...STACKS.flatMap((s) => [`${s}.json`, `${s}.md`]), "policy-config.json"].sort());
        for (const stack of STACKS) expect(run.stdout).toContain(`${stack}: `);
    });

    it.each(STACKS)("%s.json has the documented shape, in registration order", (stack) => {
        const plan = read(out, stack);
        expect(Object.keys(plan)).toEqual(["stack", "project", "config", "resources", "outputs", "policy"]);
        expect(plan).toMatchObject({ stack, project: "bibox", policy: { violations: [] } });
        expect(plan.config["bibox:objectives"]).toEqual({ rpo: "30m", rto: "5m", edgeFailover: "30s" });
        expect(plan.resources[0]).toMatchObject({ type: "bibox:region:RegionStack", name: "bibox", parent: null });
        for (const r of plan.resources) {
            expect(Object.keys(r)).toEqual(["urn", "type", "name", "parent", "provider", "dependencies", "protect", "ignoreChanges", "custom", "inputs"]);
            expect(r.urn).toMatch(new RegExp(`^urn:pulumi:${stack}::bibox::`));
            expect(r.type).toMatch(/^[a-z0-9-]+:[a-zA-Z0-9/.-]*:[A-Za-z0-9]+$/);
        }
        expect(new Set(plan.resources.map((r) => r.urn)).size).toBe(plan.resources.length);
    });

    it.each(STACKS)("%s.md summarises the network, resource counts and policy results", (stack) => {
        const md = fs.readFileSync(path.join(out, `${stack}.md`), "utf8");
        const plan = read(out, stack);
        expect(md).toContain(`# Plan: ${stack} (${plan.config["bibox:region"]}, ${plan.config["bibox:role"]})`);
        expect(md).toContain(`VPC \`${plan.config["bibox:vpcCidr"]}\` across 3 zones, one NAT gateway per zone`);
        expect(md).toContain("| `aws:ec2/natGateway:NatGateway` | 3 |");
        expect(md).toContain("| `aws:ec2/subnet:Subnet` | 9 |");
        expect(md).toContain("Flow logs: ALL traffic every 60 s");
        expect(md).toContain("## Policy results\n\nNo violations.");
        expect(md).toContain(`## Architecture\n\n\`\`\`mermaid\nflowchart LR\n  subgraph ${String(plan.config["bibox:region"]).replace(/-/g, "_")}`);
        expect(md).toMatch(/bibox_media -- "S3 replication, RTC 15 min" -->/);
        expect(md).toContain("## Recovery\n\n| Store | Region loss RPO / RTO |");
        // Every figure of the recovery table in one spelling ("0s", "15m", "1h"), never "0 s" beside "1m".
        const recovery = md.slice(md.indexOf("## Recovery")).split("\n\n")[1].split("\n").slice(2);
        expect(recovery.length).toBeGreaterThanOrEqual(3);
        for (const row of recovery) for (const figure of row.split("|").slice(2, 5).flatMap((c) => c.replace(" (cache, not judged)", "").split(" / "))) expect(figure.trim(), row).toMatch(/^(\d+[dhms])+$/);
    });
});

describe("npm run plan on bad configuration", () => {
    const cases = [
        { label: "overlapping CIDR", stack: "prod-eu", edit: { "bibox:vpcCidr": "10.10.0.0/17" }, says: ['[prod-eu] Invalid configuration for stack prod-eu', 'bibox:vpcCidr = "10.10.0.0/17" overlaps 10.10.0.0/16 of stack prod-us'] },
        { label: "unknown key", stack: "prod-ap", edit: { "bibox:vpcCdr": "10.40.0.0/16" }, says: ['[prod-ap] Invalid configuration for stack prod-ap', 'bibox:vpcCdr = "10.40.0.0/16" is not a known key (did you mean bibox:vpcCidr?)'] },
        { label: "unknown region", stack: "prod-us", edit: { "bibox:region": "us-east-7", "aws:region": "us-east-7" }, says: ['[prod-us] Invalid configuration for stack prod-us', 'bibox:region = "us-east-7" is not a known AWS region'] },
    ];
    const runs: Record<string, { run: CliRun; out: string }> = {};
    beforeAll(async () => {
        await Promise.all(
            cases.map(async (c) => {
                const dir = tempProject({ [c.stack]: c.edit });
                const out = path.join(dir, "plan");
                fs.mkdirSync(out);
                fs.writeFileSync(path.join(out, `${c.stack}.json`), "{}"); // a stale plan from an earlier run
                runs[c.label] = { run: await runPlanCli(["--project-dir", dir, "--stack", c.stack]), out };
            }),
        );
    }, 60_000);

    it.each(cases)("$label: exits 2, names key and value on stderr, writes no plan", ({ label, stack, says }) => {
        const { run, out } = runs[label];
        expect(run.status).toBe(2);
        for (const text of says) expect(run.stderr).toContain(text);
        expect(run.stdout).toBe("");
        expect(fs.existsSync(path.join(out, `${stack}.json`))).toBe(false);
        expect(fs.existsSync(path.join(out, `${stack}.md`))).toBe(false);
    });
});

describe("planStacks", { tags: ["slow"] }, () => {
    it("exits 1 when a mandatory policy is violated, and reports it in both files", async () => {
        const out = tmp();
        const vpcsForbidden: StackValidationPolicy = {
            name: "test-no-vpcs",
            description: "test",
            enforcementLevel: "mandatory",
            validateStack: (args, report) => args.resources.filter((r) => r.type === "aws:ec2/vpc:Vpc").forEach((r) => report(`${r.name} is forbidden`, r.urn)),
        };
        const code = await planStacks({ projectDir: ROOT, outDir: out, stacks: ["prod-eu"], policies: [vpcsForbidden] });
        expect(code).toBe(1);
        expect(read(out, "prod-eu").policy.violations).toEqual([
            { policy: "test-no-vpcs", level: "mandatory", urn: "urn:pulumi:prod-eu::bibox::bibox:region:RegionStack$bibox:network:Network$aws:ec2/vpc:Vpc::bibox-network-vpc", message: "bibox-network-vpc is forbidden" },
        ]);
        expect(fs.readFileSync(path.join(out, "prod-eu.md"), "utf8")).toContain("| mandatory | test-no-vpcs | bibox-network-vpc | bibox-network-vpc is forbidden |");
    });

    it("exits 2 for a stack the project does not have", async () => {
        expect(await planStacks({ projectDir: ROOT, outDir: tmp(), stacks: ["prod-mars"] })).toBe(2);
    });

    it("masks secure config values in the plan", async () => {
        const dir = tempProject({ "prod-us": { "cloudflare:apiToken": { secure: "v1:c2VjcmV0LWNpcGhlcnRleHQ=" } } });
        const out = tmp();
        expect(await planStacks({ projectDir: dir, outDir: out, stacks: ["prod-us"] })).toBe(0);
        const text = fs.readFileSync(path.join(out, "prod-us.json"), "utf8");
        expect(JSON.parse(text).config["cloudflare:apiToken"]).toBe("[secret]");
        expect(text).not.toContain("c2VjcmV0LWNpcGhlcnRleHQ=");
    });
});
