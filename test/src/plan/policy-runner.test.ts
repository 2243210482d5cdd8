/**
 * The offline runner's "cannot verify" (src/plan/policy-runner.ts): a value unknown during preview
 * is one advisory that says "cannot verify" once. A factory rule (policies/define.ts) already names
 * each subject it could not verify and why ("cannot verify X (string value at .a can't be known
 * during preview)"); the runner shows that as it is, where it used to wrap it in a second
 * "cannot verify X during preview: cannot verify X (…)". The runtime's own unknown error, which
 * the Kubernetes schema rules let through after their findings, is prefixed once.
 */
import { describe, expect, it } from "vitest";
import { ofPackages, resourceRule, stackRule } from "../../../policies/define";
import { auroraEncrypted } from "../../../policies/encryption/aurora-encrypted";
import { explicitProvider } from "../../../policies/access/explicit-provider";
import { kubernetesBuiltinSchema } from "../../../policies/kubernetes/builtin-schema";
import { preflightK8sDeleteUnreachable } from "../../../policies/preflight/k8s-provider-delete-unreachable";
import { runPolicies, UNKNOWN } from "../../../src/plan/policy-runner";
import { PlanResource } from "../../../src/plan/types";

const resource = (type: string, name: string, inputs: Record<string, unknown>, provider: string | null = null): PlanResource => ({
    urn: `urn:pulumi:test::bibox::${type}::${name}`,
    type,
    name,
    parent: null,
    provider,
    dependencies: [],
    protect: false,
    ignoreChanges: [],
    custom: true,
    inputs,
});

const CLUSTER = "aws:rds/cluster:Cluster";
const meta = { description: "a rule of this test only", severity: "low" as const, remediationSteps: "none, it is a test" };

describe("a value unknown during preview, through the runner", () => {
    it("a factory resource rule: one 'cannot verify', naming the resource and the unknown value", async () => {
        const c = resource(CLUSTER, "c", { storageEncrypted: UNKNOWN, kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k" });
        expect(await runPolicies([c], [auroraEncrypted])).toEqual([
            { policy: "aurora-encrypted", level: "advisory", urn: c.urn, message: "cannot verify c (string value at .storageEncrypted can't be known during preview)" },
        ]);
    });

    it("a factory stack rule: one 'cannot verify', naming the subject and the unknown value", async () => {
        const p = resource("pulumi:providers:kubernetes", "k8s", { deleteUnreachable: UNKNOWN });
        expect(await runPolicies([p], [preflightK8sDeleteUnreachable])).toEqual([
            { policy: "preflight-k8s-delete-unreachable", level: "advisory", message: "cannot verify k8s (string value at .deleteUnreachable can't be known during preview)" },
        ]);
    });

    it("every subject the rule could not verify in one message, the findings of the others still reported", async () => {
        const rule = stackRule({ ...meta, name: "test-two-subjects" }, (rs, _config, judge) =>
            judge.each(rs, (r) => (r.props.ok === true ? [] : [{ urn: r.urn, message: `${r.name} is not ok` }])));
        const rs = [resource(CLUSTER, "a", { ok: UNKNOWN }), resource(CLUSTER, "b", { ok: false }), resource(CLUSTER, "c", { ok: UNKNOWN })];
        expect(await runPolicies(rs, [rule])).toEqual([
            { policy: "test-two-subjects", level: "mandatory", urn: rs[1].urn, message: "b is not ok" },
            { policy: "test-two-subjects", level: "advisory", message: "cannot verify a (string value at .ok can't be known during preview); c (string value at .ok can't be known during preview)" },
        ]);
    });

    it("the runtime's own unknown error (a Kubernetes schema rule, after its findings) is prefixed once", async () => {
        const m = resource("kubernetes:core/v1:ConfigMap", "m", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m", namespace: "n" }, data: { a: UNKNOWN } });
        expect(await runPolicies([m], [kubernetesBuiltinSchema])).toEqual([
            { policy: "kubernetes-builtin-schema", level: "advisory", urn: m.urn, message: "cannot verify m during preview: string value at .data.a can't be known during preview" },
        ]);
    });

    it("an unknown read outside any subject is the runtime's error, prefixed once", async () => {
        const rule = resourceRule({ ...meta, name: "test-unjudged" }, [CLUSTER], (props) => (props.ok === true ? [] : ["not ok"]));
        const c = resource(CLUSTER, "c", { ok: UNKNOWN });
        expect(await runPolicies([c], [rule])).toEqual([
            { policy: "test-unjudged", level: "advisory", urn: c.urn, message: "cannot verify c during preview: string value at .ok can't be known during preview" },
        ]);
    });
});

describe("the factory's checks that return a promise", () => {
    it("a resource rule: findings, then 'cannot verify' once", async () => {
        const rule = resourceRule({ ...meta, name: "test-async-resource" }, [CLUSTER], async (props, args, judge) => {
            await Promise.resolve();
            return [`${args.name} checked`, ...judge.one(args, () => (props.ok === true ? [] : [{ message: "not ok" }]))];
        });
        const c = resource(CLUSTER, "c", { ok: UNKNOWN });
        expect(await runPolicies([c], [rule])).toEqual([
            { policy: "test-async-resource", level: "mandatory", urn: c.urn, message: "c checked" },
            { policy: "test-async-resource", level: "advisory", urn: c.urn, message: "cannot verify c (string value at .ok can't be known during preview)" },
        ]);
    });

    it("a stack rule: findings, then 'cannot verify' once; a rejection is the rule's finding, not a crash", async () => {
        const unknowns = stackRule({ ...meta, name: "test-async-stack" }, async (rs, _config, judge) => {
            await Promise.resolve();
            return judge.each(rs, (r) => (r.props.ok === true ? [] : [{ urn: r.urn, message: `${r.name} is not ok` }]));
        });
        const failing = stackRule({ ...meta, name: "test-async-failing" }, async () => {
            await Promise.resolve();
            throw new Error("boom");
        });
        const rs = [resource(CLUSTER, "a", { ok: UNKNOWN }), resource(CLUSTER, "b", { ok: false })];
        expect(await runPolicies(rs, [unknowns, failing])).toEqual([
            { policy: "test-async-stack", level: "mandatory", urn: rs[1].urn, message: "b is not ok" },
            { policy: "test-async-stack", level: "advisory", message: "cannot verify a (string value at .ok can't be known during preview)" },
            { policy: "test-async-failing", level: "mandatory", message: "test-async-failing could not run: boom. The plan is not what the rule expects; it is refused rather than passed." },
        ]);
    });
});

describe("a resource rule over the types a test selects", () => {
    it("judges every type of the named packages and no other", async () => {
        const rule = resourceRule({ ...meta, name: "test-packages" }, ofPackages(["aws", "fastly"]), (_props, args) => [`${args.type} judged`]);
        const rs = [resource(CLUSTER, "a", {}), resource("random:index/randomId:RandomId", "b", {}), resource("fastly:index/serviceVcl:ServiceVcl", "c", {}), resource("awsx:ec2:Vpc", "d", {})];
        expect((await runPolicies(rs, [rule])).map((v) => v.message)).toEqual([`${CLUSTER} judged`, "fastly:index/serviceVcl:ServiceVcl judged"]);
    });

    it("explicit-provider: a cloud resource without a provider is refused, another package's is not judged", async () => {
        const rs = [resource("aws:s3/bucket:Bucket", "b", {}), resource("random:index/randomId:RandomId", "r", {})];
        expect(await runPolicies(rs, [explicitProvider])).toEqual([
            { policy: "explicit-provider", level: "mandatory", urn: rs[0].urn, message: "aws:s3/bucket:Bucket b has no provider." },
        ]);
    });
});
