/**
 * `npm run check-plan`: the pack over saved plans. A clean plan passes; changing one thing the
 * recovery objectives or encryption depend on makes it exit 1 and name the resource.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../../policies/rules";
import { checkPlan } from "../../../src/plan/check";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource, StackPlan } from "../../../src/plan/types";
import { evaluate, runCli } from "../../helpers/project";
import { change, Mutation } from "../../helpers/mutate";

let clean: StackPlan;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-check-"));

beforeAll(async () => {
    const e = await evaluate("prod-us");
    clean = { stack: e.stack, project: e.project, config: e.config, resources: e.resources, outputs: e.outputs, policy: { violations: [] } };
});

function write(name: string, mutation: Mutation = (rs) => rs): string {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...clean, resources: mutation(structuredClone(clean.resources)) }));
    return file;
}

async function check(file: string): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await checkPlan(file, (l) => lines.push(l));
    return { code, lines };
}

const urnOf = (type: string, name: string) => clean.resources.find((r) => r.type === type && r.name === name)!.urn;

describe("check-plan over a clean plan", () => {
    it("exits 0 and reports nothing", async () => {
        const { code, lines } = await check(write("clean"));
        expect(code).toBe(0);
        expect(lines).toEqual([`prod-us: 0 mandatory, 0 advisory violation(s) in ${clean.resources.length} resources`]);
    });
});

describe("check-plan after one change", () => {
    const cases: [string, Mutation, string, string, string][] = [
        ["Aurora storage unencrypted", change("aws:rds/cluster:Cluster", "bibox-aurora-cluster", (r) => { r.inputs.storageEncrypted = false; }),
            "aurora-encrypted", "aws:rds/cluster:Cluster", "bibox-aurora-cluster"],
        ["S3 replication without RTC", change("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "bibox-media-replication", (r) => {
            for (const rule of r.inputs.rules as { destination: Record<string, unknown> }[]) delete rule.destination.replicationTime;
        }), "recovery-media", "aws:s3/bucket:Bucket", "bibox-media-bucket"],
        ["backup only daily without continuous backup", change("aws:backup/plan:Plan", "bibox-backups-plan", (r) => {
            r.inputs.rules = (r.inputs.rules as { enableContinuousBackup?: boolean; schedule: string }[]).filter((x) => !x.enableContinuousBackup).map((x) => ({ ...x, schedule: "cron(0 5 * * ? *)" }));
        }), "recovery-backup-plan", "aws:backup/plan:Plan", "bibox-backups-plan"],
        ["a health monitor too slow for the budget", change("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "bibox-edge-cloudflare-monitor-web", (r) => { r.inputs.interval = 60; }),
            "recovery-edge-failover", "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "bibox-edge-cloudflare-monitor-web"],
        ["IMDSv1 allowed in a node class", change("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "bibox-eks-karpenter-nodeclass-default", (r) => { (r.inputs.spec as any).metadataOptions.httpTokens = "optional"; }),
            "imdsv2-required", "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "bibox-eks-karpenter-nodeclass-default"],
        ["an S3 public access block turned off", change("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bibox-media-public-access", (r) => { r.inputs.blockPublicPolicy = false; }),
            "s3-public-access-blocked", "aws:s3/bucket:Bucket", "bibox-media-bucket"],
        ["global_db_rpo above the RPO", change("aws:rds/clusterParameterGroup:ClusterParameterGroup", "bibox-aurora-params", (r) => { (r.inputs.parameters as any)[0].value = "3600"; }),
            "recovery-aurora", "aws:rds/cluster:Cluster", "bibox-aurora-cluster"],
    ];

    it.each(cases)("%s: exit 1, naming %s on the resource", async (label, mutation, policy, type, name) => {
        const { code, lines } = await check(write(label.replace(/\W+/g, "-"), mutation));
        expect(code).toBe(1);
        const violation = lines.find((l) => l.startsWith(`mandatory ${policy}:`));
        expect(violation, lines.join("\n")).toBeDefined();
        expect(violation).toContain(name);
        expect(violation).toContain(`[${urnOf(type, name)}]`);
    });

    it("states the arithmetic in the message: the best the declared resources achieve", async () => {
        const { lines } = await check(write("rtc", cases[1][1]));
        expect(lines[0]).toBe(
            `mandatory recovery-media: S3 bibox-media-bucket: RPO for the loss of a region is 43200 s (12h) (snapshots every 12 h copied to another region), above the objective 1800 s (30m); replicate to the other regions with Replication Time Control (15 min). [${urnOf("aws:s3/bucket:Bucket", "bibox-media-bucket")}]`,
        );
    });
});

describe("check-plan on a file that is not a plan", () => {
    it.each([
        ["not JSON", "{ nope"],
        ["no resources", JSON.stringify({ stack: "x" })],
        ["a resource without inputs", JSON.stringify({ stack: "x", resources: [{ urn: "u", type: "t", name: "n", dependencies: [] }] })],
    ])("%s: exit 2", async (_label, content) => {
        const file = path.join(dir, "bad.json");
        fs.writeFileSync(file, content);
        const { code, lines } = await check(file);
        expect(code).toBe(2);
        expect(lines[0]).toContain(file);
    });

    it("a missing file: exit 2", async () => {
        expect((await check(path.join(dir, "missing.json"))).code).toBe(2);
    });
});

describe("values unknown during preview", () => {
    it("are reported as 'cannot verify' (once, naming the value), never as a pass", async () => {
        const preview = change("aws:rds/cluster:Cluster", "bibox-aurora-cluster", (r) => { r.inputs.storageEncrypted = "[unknown]"; })(structuredClone(clean.resources));
        const violations = await runPolicies(preview, policies);
        expect(violations).toContainEqual({
            policy: "aurora-encrypted",
            level: "advisory",
            urn: urnOf("aws:rds/cluster:Cluster", "bibox-aurora-cluster"),
            message: "cannot verify bibox-aurora-cluster (string value at .storageEncrypted can't be known during preview)",
        });
        expect(violations.filter((v) => v.level === "mandatory")).toEqual([]);
    });
});

describe("pack configuration", () => {
    it("a stricter stack tightens the objectives with --policy-pack-config", async () => {
        const violations = await runPolicies(clean.resources as PlanResource[], policies, { "recovery-aurora": { rpoSeconds: 30 } });
        expect(violations.map((v) => v.message)).toEqual([
            "Aurora bibox-aurora-cluster: RPO for the loss of a region is 60 s (1m) (global database, rds.global_db_rpo 60 s), above the objective 30 s; join the global database and keep rds.global_db_rpo at or below the objective.",
            "Aurora bibox-aurora-cluster: RPO for data corruption is 300 s (5m) (point-in-time recovery), above the objective 30 s; keep backupRetentionPeriod at 7 days or more (point-in-time recovery) or add continuous backup.",
        ]);
    });
});

describe("the CLI", { tags: ["slow"] }, () => {
    it("npm run check-plan exits 1 on a bad plan, naming it", async () => {
        const file = write("cli", change("aws:rds/cluster:Cluster", "bibox-aurora-cluster", (r) => { r.inputs.storageEncrypted = false; }));
        const { status: code, stdout } = await runCli("check-plan", [file]);
        expect(code).toBe(1);
        expect(stdout).toContain("mandatory aurora-encrypted: Aurora bibox-aurora-cluster does not encrypt its storage.");
    }, 60_000);
});
