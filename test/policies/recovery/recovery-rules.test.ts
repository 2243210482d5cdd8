/**
 * The recovery rules (policies/recovery/): their pure helpers table by table, the pack's own
 * figures held to the program's (the pack may not import components/; tests may), the real
 * plans compliant, what is not a fault passing, preview honesty, and every single fault of
 * test/mutations/recovery.ts caught.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { INSTANCE_SPECS, nodesWithin as programNodesWithin, PoolLimits } from "../../../components/eks/sizing";
import type { GraphResource } from "../../../policies/graph-types";
import { BUSINESS_PLATFORM } from "../../../policies/objectives";
import { glob, lockMode, selects } from "../../../policies/recovery/backup";
import { carrierNodes, poolCapacity } from "../../../policies/recovery/capacity";
import { count, num } from "../../../policies/recovery/guard";
import { INSTANCE_TYPES, instanceLabels, quantity } from "../../../policies/recovery/instances";
import { statefulStores } from "../../../policies/recovery/inventory";
import { admits, holds, launchable, limitsOf, nodesWithin, Requirement, requirementsOf } from "../../../policies/recovery/karpenter";
import { arnRegion, bucketRegion, placement } from "../../../policies/recovery/placement";
import { wholeBucket } from "../../../policies/recovery/replication";
import { policies } from "../../../policies/rules";
import { planGraph } from "../../../src/plan/graph";
import { runPolicies } from "../../../src/plan/policy-runner";
import type { PlanResource } from "../../../src/plan/types";
import { change, remove } from "../../helpers/mutate";
import { evaluate, STACKS } from "../../helpers/project";
import { faults } from "../../mutations/recovery";

const recovery = policies.filter((p) => p.name.startsWith("recovery-"));
const plans: Record<string, PlanResource[]> = {};
beforeAll(async () => {
    for (const s of STACKS) plans[s] = (await evaluate(s)).resources;
});
const violations = (rs: PlanResource[], config?: Parameters<typeof runPolicies>[2]) => runPolicies(rs, recovery, config);

let n = 0;
const res = (type: string, name: string, props: Record<string, unknown>, dependencies: string[] = []): GraphResource => ({ type, name, urn: `urn:t::${type}::${name}::${n++}`, props, dependencies });

describe("guard: absent values take a default, garbage is refused, never NaN", () => {
    it.each([
        [5, undefined, 5],
        ["7", undefined, 7],
        [undefined, 60, 60],
        [null, 60, 60],
    ])("num(%j, default %j) = %j", (v, d, out) => expect(num(v, "x", d)).toBe(out));
    it.each([["ten"], [""], [{}], [Number.NaN]])("num(%j) throws", (v) => expect(() => num(v, "x", 1)).toThrow(/not a number/));
    it("an absent value without a default throws", () => expect(() => num(undefined, "x")).toThrow(/no default/));
    it("counts print Infinity as unbounded", () => expect([count(3), count(Infinity)]).toEqual(["3", "unbounded"]));
});

describe("Kubernetes quantities", () => {
    it.each([
        ["2000", 2000],
        ["500m", 0.5],
        ["8000Gi", 8000 * 2 ** 30],
        ["64Mi", 64 * 2 ** 20],
        ["1e3", 1000],
        ["2k", 2000],
        [16, 16],
    ])("%j = %d", (q, v) => expect(quantity(q, "q")).toBe(v));
    it.each([["lots"], ["12 Gi"], [""], [undefined]])("%j is refused", (q) => expect(() => quantity(q, "q")).toThrow(/not a Kubernetes quantity/));
});

describe("Karpenter requirement semantics", () => {
    const r = (operator: string, values?: string[]): Requirement => ({ key: "k", operator, values });
    it.each([
        [r("In", ["a", "b"]), "a", true],
        [r("In", ["a"]), undefined, false],
        [r("NotIn", ["a"]), "b", true],
        [r("NotIn", ["a"]), "a", false],
        [r("NotIn", ["a"]), undefined, true],
        [r("Exists"), "a", true],
        [r("Exists"), undefined, false],
        [r("DoesNotExist"), undefined, true],
        [r("Gt", ["6"]), "7", true],
        [r("Gt", ["7"]), "7", false],
        [r("Lt", ["8"]), "7", true],
    ])("%j holds for %j: %s", (req, value, out) => expect(holds(req, value)).toBe(out));
    it("an operator Karpenter does not know is refused", () => expect(() => holds(r("Like", ["a"]), "a")).toThrow(/does not support/));

    it("well-known labels of an instance type", () =>
        expect(instanceLabels("m7gd.4xlarge")).toMatchObject({
            "karpenter.k8s.aws/instance-family": "m7gd",
            "karpenter.k8s.aws/instance-category": "m",
            "karpenter.k8s.aws/instance-generation": "7",
            "karpenter.k8s.aws/instance-size": "4xlarge",
            "karpenter.k8s.aws/instance-cpu": "16",
            "karpenter.k8s.aws/instance-memory": "65536",
            "kubernetes.io/arch": "arm64",
        }));

    const req = (key: string, operator: string, values: string[]) => ({ key, operator, values });
    it.each([
        ["listed type, on-demand", [req("node.kubernetes.io/instance-type", "In", ["m7g.4xlarge"])], "m7g.4xlarge", "on-demand", true],
        ["no capacity-type requirement: on-demand only", [req("node.kubernetes.io/instance-type", "In", ["m7g.4xlarge"])], "m7g.4xlarge", "spot", false],
        ["by family", [req("karpenter.k8s.aws/instance-family", "In", ["m7g"])], "m7g.4xlarge", "on-demand", true],
        ["by category and generation", [req("karpenter.k8s.aws/instance-category", "In", ["c"]), req("karpenter.k8s.aws/instance-generation", "Gt", ["6"])], "c7g.4xlarge", "on-demand", true],
        ["excluded by NotIn", [req("karpenter.k8s.aws/instance-family", "NotIn", ["g5"])], "g5.2xlarge", "on-demand", false],
        ["wrong arch", [req("kubernetes.io/arch", "In", ["arm64"])], "g5.2xlarge", "on-demand", false],
        ["zone and custom labels do not choose the type", [req("topology.kubernetes.io/zone", "In", ["us-east-1a"]), req("bibox.io/pool", "In", ["x"])], "m7g.large", "on-demand", true],
        ["spot", [req("karpenter.sh/capacity-type", "In", ["spot"])], "c7g.4xlarge", "spot", true],
        ["a type the table lacks is never admitted", [], "x9.huge", "on-demand", false],
    ])("%s", (_l, reqs, type, capacity, out) => expect(admits(reqs, type, capacity)).toBe(out));

    it("what a NodePool may launch: its instance-type list, narrowed by its other requirements", () => {
        expect(launchable([req("node.kubernetes.io/instance-type", "In", ["m7g.4xlarge", "g5.2xlarge", "x9.huge"]), req("kubernetes.io/arch", "In", ["arm64"])])).toEqual({ types: ["m7g.4xlarge"], unknown: ["x9.huge"], open: false });
        expect(launchable([req("karpenter.k8s.aws/instance-family", "In", ["m7g"])]).open).toBe(true);
    });

    it.each([
        [{ cpu: "2000", memory: "8000Gi" }, "m7g.4xlarge", 125],
        [{ cpu: "2000", memory: "4000Gi" }, "m7g.4xlarge", 62],
        [{ cpu: "240", memory: "960Gi", "nvidia.com/gpu": "30" }, "g5.2xlarge", 30],
        [{ cpu: "240", memory: "960Gi", "nvidia.com/gpu": "20" }, "g5.2xlarge", 20],
        [{ memory: "960Gi" }, "g5.2xlarge", 30],
        [{}, "g5.2xlarge", Infinity],
        [{ nodes: "7" }, "m7g.large", 7],
    ])("limits %j allow %d × %s", (limits, type, nodes) => expect(nodesWithin(limitsOf({ spec: { limits } }, "np"), INSTANCE_TYPES[type])).toBe(nodes));
});

describe("placement: region and tags from the plan's own AWS provider", () => {
    const provider = res("pulumi:providers:aws", "aws", { region: "eu-west-1", defaultTags: JSON.stringify({ tags: { team: "p", "bibox:backup": "false" } }) });
    const bucket = res("aws:s3/bucket:Bucket", "b", { bucket: "b", tags: { "bibox:backup": "true" } });
    it("the provider's default tags under the resource's own", () => expect(placement([provider, bucket]).tagsOf(bucket)).toEqual({ team: "p", "bibox:backup": "true" }));
    it("the stack's provider region; none when providers disagree", () => {
        expect(placement([provider, bucket]).regionOf(bucket)).toBe("eu-west-1");
        expect(placement([provider, res("pulumi:providers:aws", "other", { region: "us-east-1" }), bucket]).regionOf(bucket)).toBeUndefined();
    });
    it("the analyzer's own provider of each resource wins", () => {
        const args = { resources: [{ urn: bucket.urn, provider: { type: "pulumi:providers:aws", props: { region: "ap-northeast-1" }, urn: "p", name: "p" } }] } as never;
        expect(placement([provider, bucket], args).regionOf(bucket)).toBe("ap-northeast-1");
    });
    it.each([
        ["arn:aws:backup:eu-west-1:123456789012:backup-vault:v", "eu-west-1"],
        ["arn:aws:s3:::bucket", undefined],
        ["not an arn", undefined],
    ])("arnRegion(%s) = %s", (arn, region) => expect(arnRegion(arn)).toBe(region));
    it.each([
        ["arn:aws:s3:::bibox-media-ap-northeast-1-123456789012", undefined, "ap-northeast-1"],
        ["bibox-media-eu-west-1-123456789012", undefined, "eu-west-1"],
        ["arn:aws:s3:::shared-bucket", "arn:aws:kms:us-east-1:123456789012:alias/x", "us-east-1"],
        ["arn:aws:s3:::shared-bucket", undefined, undefined],
        ["copy-us-east-1-to-eu-west-1", undefined, undefined],
    ])("bucketRegion(%s, kms %s) = %s", (b, kms, region) => expect(bucketRegion(b, BUSINESS_PLATFORM.regions, kms)).toBe(region));
});

describe("AWS Backup selections pick what really matches", () => {
    const provider = res("pulumi:providers:aws", "aws", { region: "us-east-1", defaultTags: JSON.stringify({ tags: { stage: "prod" } }) });
    const cluster = res("aws:rds/cluster:Cluster", "db", { clusterIdentifier: "bibox-us-east-1", tags: { "bibox:backup": "true" } });
    const store = statefulStores([cluster])[0];
    const sel = (props: Record<string, unknown>, deps: string[] = []) => res("aws:backup/selection:Selection", "s", props, deps);
    it.each([
        ["a matching tag", { selectionTags: [{ type: "STRINGEQUALS", key: "bibox:backup", value: "true" }] }, true],
        ["a tag of another value", { selectionTags: [{ type: "STRINGEQUALS", key: "bibox:backup", value: "false" }] }, false],
        ["a provider default tag", { selectionTags: [{ type: "STRINGEQUALS", key: "stage", value: "prod" }] }, true],
        ["every resource", { resources: ["*"] }, true],
        ["an ARN pattern of the cluster", { resources: ["arn:aws:rds:us-east-1:123456789012:cluster:bibox-*"] }, true],
        ["an ARN pattern of another region", { resources: ["arn:aws:rds:eu-west-1:*:cluster:*"] }, false],
        ["all, with a condition it meets", { resources: ["*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/bibox:backup", value: "true" }] }] }, true],
        ["all, with a condition it fails", { resources: ["*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/tier", value: "gold" }] }] }, false],
        ["all but RDS clusters", { resources: ["*"], notResources: ["arn:aws:rds:*:*:cluster:*"] }, false],
        ["nothing named: all supported resources (API doc)", {}, true],
    ])("%s: %s", (_l, props, out) => expect(selects(sel(props), store, placement([provider, cluster]))).toBe(out));
    it("an ARN output of the store itself (the selection depends on it)", () => expect(selects(sel({ resources: ["arn:aws:rds:us-east-1:123456789012:db-mock"] }, [cluster.urn]), store, placement([provider, cluster]))).toBe(true));
    it.each([
        ["*-prod", "eu-prod", true],
        ["arn:aws:s3:::bibox-*", "arn:aws:s3:::bibox-media", true],
        ["a.b", "axb", false],
    ])("glob(%s, %s) = %s", (p, v, out) => expect(glob(p, v)).toBe(out));
    it.each([
        [[{ backupVaultName: "v", changeableForDays: 3 }], "compliance"],
        [[{ backupVaultName: "v" }], "governance"],
        [[{ backupVaultName: "other", changeableForDays: 3 }], "none"],
    ])("vault lock %j is in %s mode", (locks, mode) => expect(lockMode("v", locks.map((l, i) => res("aws:backup/vaultLockConfiguration:VaultLockConfiguration", `l${i}`, l)))).toBe(mode));
    it.each([
        [{}, true],
        [{ filter: {} }, true],
        [{ filter: { prefix: "" } }, true],
        [{ filter: { prefix: "hls/" } }, false],
        [{ prefix: "hls/" }, false],
        [{ filter: { tag: { key: "a", value: "b" } } }, false],
    ])("replication rule %j replicates the whole bucket: %s", (rule, out) => expect(wholeBucket(rule)).toBe(out));
});

describe("the stores of a plan, decided from the plan", () => {
    it.each(STACKS)("%s: Aurora, the media bucket and the cache; the CloudTrail bucket is a log sink", (stack) => {
        const stores = statefulStores(planGraph(plans[stack])).map((s) => `${s.kind} ${s.name}`);
        expect(stores.sort()).toEqual(["Aurora bibox-aurora-cluster", "ElastiCache bibox-cache-group", "S3 bibox-media-bucket"]);
    });
});

describe("the pack's figures agree with the program's (components/eks/sizing.ts)", () => {
    it("every instance type both tables hold has the same vCPUs, memory, GPUs and arch", () => {
        const shared = Object.keys(INSTANCE_SPECS).filter((t) => INSTANCE_TYPES[t]);
        expect(shared.length).toBe(Object.keys(INSTANCE_SPECS).length);
        for (const t of shared) {
            const [p, c] = [INSTANCE_TYPES[t], INSTANCE_SPECS[t]];
            expect({ vcpu: p.vcpu, memoryMiB: p.memoryMiB, gpus: p.gpus, arch: p.arch }, t).toEqual({ vcpu: c.vcpu, memoryMiB: c.memoryGiB * 1024, gpus: c.gpus, arch: c.arch });
        }
    });

    it.each(STACKS)("%s: every NodePool's nodes per region, and the fleet fits N-1", (stack) => {
        const rs = planGraph(plans[stack]);
        for (const np of rs.filter((r) => r.type === "kubernetes:karpenter.sh/v1:NodePool")) {
            const limits = (np.props.spec as { limits: PoolLimits }).limits;
            const { types } = launchable(requirementsOf(np.props));
            const program = Math.min(...types.map((t) => programNodesWithin(limits, t)));
            expect(carrierNodes(np), np.name).toEqual({ nodes: program });
        }
        expect(poolCapacity(rs, BUSINESS_PLATFORM).map((c) => [c.pool, c.carriers.map((x) => x.nodePool), c.nodesPerRegion, c.fits])).toEqual([
            ["NP_CPU", ["np-cpu"], 125, true],
            ["NP_GPU", ["np-gpu"], 30, true],
            ["NP_SPOT", ["np-spot"], 20, true],
        ]);
    });
});

describe("the real plans", () => {
    it.each(STACKS)("%s: no recovery violation", async (stack) => expect(await violations(structuredClone(plans[stack]))).toEqual([]));

    it.each([
        ["NodePools renamed (matched by what they admit, not by name)", change("kubernetes:karpenter.sh/v1:NodePool", "bibox-eks-karpenter-np-cpu", (r) => { (r.inputs.metadata as { name: string }).name = "general"; })],
        ["a NodePool's limits removed (Karpenter: unbounded)", change("kubernetes:karpenter.sh/v1:NodePool", "bibox-eks-karpenter-np-gpu", (r) => { delete (r.inputs.spec as { limits?: unknown }).limits; })],
        ["a monitor's retries removed (Cloudflare default 2: 10 × 2 + 2 × 3 = 26 s)", change("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "bibox-edge-cloudflare-monitor-api", (r) => { delete r.inputs.retries; })],
        ["a Fastly health check's window removed (default 5, as set)", change("fastly:index/serviceVcl:ServiceVcl", "bibox-edge-fastly-service", (r) => { delete (r.inputs.healthchecks as Record<string, unknown>[])[0].window; })],
        ["the CloudTrail log bucket (a log sink) is neither backed up nor replicated by these rules", remove("aws:s3/bucketVersioning:BucketVersioning", "bibox-security-trail-versioning")],
    ])("not a fault: %s", async (_label, mutate) => expect(await violations(mutate(structuredClone(plans["prod-us"])))).toEqual([]));
});

describe("preview honesty: an unknown value makes only its subject unverifiable", () => {
    it("an unknown monitor interval is 'cannot verify' while the other monitor's fault is still reported", async () => {
        let rs = change("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "bibox-edge-cloudflare-monitor-api", (r) => { r.inputs.interval = "[unknown]"; })(structuredClone(plans["prod-us"]));
        rs = change("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "bibox-edge-cloudflare-monitor-web", (r) => { r.inputs.interval = 15; })(rs);
        const v = (await violations(rs)).filter((x) => x.policy === "recovery-edge-failover");
        expect(v.map((x) => x.level)).toEqual(["mandatory", "advisory"]);
        expect(v[0].message).toMatch(/^Cloudflare load balancer \(bibox-edge-cloudflare-monitor-web\) detects a dead region in 34 s/);
        expect(v[1].message).toMatch(/^cannot verify bibox-edge-cloudflare-monitor-api \(/);
    });

    it("an unknown backup retention is advisory, never a pass or a crash", async () => {
        const rs = change("aws:rds/cluster:Cluster", "bibox-aurora-cluster", (r) => { r.inputs.backupRetentionPeriod = "[unknown]"; })(structuredClone(plans["prod-eu"]));
        const v = (await violations(rs)).filter((x) => x.policy === "recovery-aurora-retention");
        expect(v.map((x) => x.level)).toEqual(["advisory"]);
    });
});

describe("single faults (test/mutations/recovery.ts)", () => {
    it("at least 35, with unique ids", () => {
        expect(faults.length).toBeGreaterThanOrEqual(35);
        expect(new Set(faults.map((f) => f.id)).size).toBe(faults.length);
    });

    // TODO(lead): test/policies/mutation-suite.test.ts runs these over the whole pack; this local runner runs the recovery rules only.
    it.each(faults.map((f) => [f.id, f] as const))("%s is caught", async (_id, f) => {
        const v = await violations(f.mutate(structuredClone(plans[f.stack])), f.config);
        const mandatory = v.filter((x) => x.level === "mandatory").map((x) => x.message);
        expect(mandatory.some((m) => m.includes(f.expect)), `${f.fault}\nexpected: ${f.expect}\ngot:\n${mandatory.join("\n")}`).toBe(true);
    });
});
