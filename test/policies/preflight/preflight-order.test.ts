/**
 * Ordering facts over the real prod-us plan. Each case first repairs the plan (adds the dependency
 * the fact needs, so the case holds whatever the components do today), checks the rule is quiet,
 * then removes that one dependency and expects exactly the rule's message.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../../policies/rules";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../../src/plan/types";
import { evaluate } from "../../helpers/project";
import { Mutation } from "../../helpers/mutate";

let base: PlanResource[];
beforeAll(async () => {
    base = (await evaluate("prod-us")).resources;
});

const T = {
    k8s: "pulumi:providers:kubernetes",
    release: "kubernetes:helm.sh/v3:Release",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    nodePool: "kubernetes:karpenter.sh/v1:NodePool",
    entry: "aws:eks/accessEntry:AccessEntry",
    association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    cluster: "aws:eks/cluster:Cluster",
};
const find = (rs: PlanResource[], type: string, name: string) => {
    const r = rs.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name}`);
    return r;
};
const urn = (type: string, name: string) => find(base, type, name).urn;
const adminAssociations = () => base.filter((r) => r.type === T.association && (r.inputs.accessScope as { type?: string }).type === "cluster").map((r) => r.urn);

/** Sets `deps` as the dependencies of one resource. */
const withDeps = (type: string, name: string, deps: (rs: PlanResource[]) => string[]): Mutation => (rs) =>
    rs.map((r) => (r.type === type && r.name === name ? { ...r, dependencies: deps(rs) } : r));
/** Drops every dependency edge into `target` (the fact must then break). */
const cutEdgesTo = (target: string): Mutation => (rs) => rs.map((r) => ({ ...r, dependencies: r.dependencies.filter((d) => d !== target) }));
const all = (...ms: Mutation[]): Mutation => (rs) => ms.reduce((acc, m) => m(acc), rs);

async function violations(policy: string, m: Mutation): Promise<PlanViolation[]> {
    return runPolicies(m(structuredClone(base)), policies.filter((p) => p.name === policy));
}

describe("Kubernetes objects after the deployer's cluster access", () => {
    const provider = () => find(base, T.k8s, "bibox-eks-k8s");
    const repaired = withDeps(T.k8s, "bibox-eks-k8s", () => [...new Set([...provider().dependencies, ...adminAssociations()])]);
    const cut = all(repaired, (rs) => adminAssociations().reduce((acc, a) => cutEdgesTo(a)(acc), rs));

    it("the provider after every cluster-scope admin association: quiet", async () => {
        expect(await violations("preflight-order-cluster-access", repaired)).toEqual([]);
    });
    it("the provider without them: the provider is named, with the associations it lacks", async () => {
        const v = await violations("preflight-order-cluster-access", cut);
        expect(v).toHaveLength(1);
        expect(v[0].urn).toBe(provider().urn);
        expect(v[0].message).toMatch(/^bibox-eks-k8s: Kubernetes provider of cluster bibox-eks-cluster \(bootstrapClusterCreatorAdminPermissions false\) is not ordered after its cluster-scope admin access policy associations bibox-eks-admin-pleasure-platform-admin, bibox-eks-admin-pleasure-deploy; nor are \d+ of the \d+ objects created through it/);
        expect(v[0].message).toContain("Fix: give bibox-eks-k8s dependsOn on bibox-eks-admin-pleasure-platform-admin, bibox-eks-admin-pleasure-deploy.");
    });
    it("with bootstrapClusterCreatorAdminPermissions true the creator already has access: quiet", async () => {
        const bootstrap: Mutation = (rs) => rs.map((r) => (r.type === T.cluster ? { ...r, inputs: { ...r.inputs, accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true } } } : r));
        expect(await violations("preflight-order-cluster-access", all(cut, bootstrap))).toEqual([]);
    });
});

describe("CRDs before custom resources", () => {
    const crd = () => urn(T.release, "bibox-eks-karpenter-crd");
    const nodeClass = "bibox-eks-karpenter-nodeclass-default";
    it("an EC2NodeClass after the karpenter-crd release: quiet", async () => {
        expect(await violations("preflight-order-crds", withDeps(T.nodeClass, nodeClass, (rs) => [...find(rs, T.nodeClass, nodeClass).dependencies, crd()]))).toEqual([]);
    });
    it("an EC2NodeClass with no path to the release that installs karpenter.k8s.aws", async () => {
        const v = await violations("preflight-order-crds", withDeps(T.nodeClass, nodeClass, () => []));
        expect(v).toEqual([expect.objectContaining({
            urn: urn(T.nodeClass, nodeClass),
            message: expect.stringMatching(/^bibox-eks-karpenter-nodeclass-default: EC2NodeClass \(karpenter\.k8s\.aws\) is not ordered after bibox-eks-karpenter-crd(?: or [\w-]+)?, which installs its CRD; .* Fix: make bibox-eks-karpenter-nodeclass-default depend on bibox-eks-karpenter-crd\.$/),
        })]);
    });
    it("a release with skipCrds does not count as installing them", async () => {
        const noCrdChart: Mutation = (rs) => rs.filter((r) => r.name !== "bibox-eks-karpenter-crd");
        const v = await violations("preflight-order-crds", noCrdChart);
        expect(v.map((x) => x.message.split(":")[0]).sort()).toEqual(["bibox-eks-karpenter-nodeclass-default", "bibox-eks-karpenter-nodeclass-gpu", "bibox-eks-karpenter-np-cpu", "bibox-eks-karpenter-np-gpu", "bibox-eks-karpenter-np-spot"]);
        expect(v[0].message).toContain("the chart karpenter-crd or karpenter installs them, and no release of it (with its CRDs) is in this plan");
    });
});

describe("admission webhooks before the objects they admit", () => {
    const lbc = () => urn(T.release, "bibox-eks-baseline-lbc");
    const controller = "bibox-eks-karpenter-controller";
    // The chart's default (enableServiceMutatorWebhook true), whatever the component sets today.
    const on: Mutation = (rs) => rs.map((r) => {
        if (r.type !== T.release || r.name !== "bibox-eks-baseline-lbc") return r;
        const { enableServiceMutatorWebhook: _, ...values } = (r.inputs.values ?? {}) as Record<string, unknown>;
        return { ...r, inputs: { ...r.inputs, values } };
    });
    const repaired = all(on, withDeps(T.release, controller, (rs) => [...new Set([...find(rs, T.release, controller).dependencies, lbc()])]));
    it("the karpenter release (its chart renders a Service) after the load balancer controller: quiet", async () => {
        expect(await violations("preflight-order-webhooks", repaired)).toEqual([]);
    });
    it("without that dependency: the Service mutator webhook (failurePolicy Fail) refuses it", async () => {
        const v = await violations("preflight-order-webhooks", all(repaired, cutEdgesTo(lbc())));
        expect(v.find((x) => x.urn === urn(T.release, controller))?.message).toBe(
            "bibox-eks-karpenter-controller: Service it renders is admitted by mservice.elbv2.k8s.aws of bibox-eks-baseline-lbc (https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/helm/aws-load-balancer-controller/templates/webhook.yaml), and the two are not ordered; created while the webhook is registered but its pods are not serving, the API server refuses it (failurePolicy Fail, https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy). Fix: make bibox-eks-karpenter-controller depend on bibox-eks-baseline-lbc.",
        );
    });
    it("the webhook turned off in the chart values: quiet", async () => {
        const off: Mutation = (rs) => rs.map((r) => (r.name === "bibox-eks-baseline-lbc" && r.type === T.release ? { ...r, inputs: { ...r.inputs, values: { ...(r.inputs.values as object), enableServiceMutatorWebhook: false } } } : r));
        const v = await violations("preflight-order-webhooks", all(repaired, cutEdgesTo(lbc()), off));
        expect(v.filter((x) => x.urn === urn(T.release, controller))).toEqual([]);
    });
});

describe("Karpenter objects deleted while the controller and node access remain", () => {
    const pool = "bibox-eks-karpenter-np-cpu";
    const entry = () => urn(T.entry, "bibox-eks-karpenter-node");
    const controller = () => urn(T.release, "bibox-eks-karpenter-controller");
    const repaired = all(
        withDeps(T.nodePool, pool, (rs) => [...new Set([...find(rs, T.nodePool, pool).dependencies, entry(), controller()])]),
        ...["bibox-eks-karpenter-nodeclass-default", "bibox-eks-karpenter-nodeclass-gpu"].map((n) => withDeps(T.nodeClass, n, (rs) => [...new Set([...find(rs, T.nodeClass, n).dependencies, controller()])])),
        ...["bibox-eks-karpenter-np-gpu", "bibox-eks-karpenter-np-spot"].map((n) => withDeps(T.nodePool, n, (rs) => [...new Set([...find(rs, T.nodePool, n).dependencies, entry(), controller()])])),
    );
    it("NodePools and EC2NodeClasses after the controller, NodePools after the EC2_LINUX entry: quiet", async () => {
        expect(await violations("preflight-order-karpenter", repaired)).toEqual([]);
    });
    it("a NodePool without the nodes' access entry", async () => {
        const v = await violations("preflight-order-karpenter", all(repaired, cutEdgesTo(entry())));
        expect(v.map((x) => x.message.split(";")[0]).sort()).toEqual(
            ["bibox-eks-karpenter-np-cpu", "bibox-eks-karpenter-np-gpu", "bibox-eks-karpenter-np-spot"].map((n) => `${n}: NodePool is not ordered after bibox-eks-karpenter-node`),
        );
    });
    it("an EC2NodeClass not after the controller that removes its finalizer", async () => {
        const v = await violations("preflight-order-karpenter", all(repaired, cutEdgesTo(controller())));
        const nodeClass = v.find((x) => x.urn === urn(T.nodeClass, "bibox-eks-karpenter-nodeclass-gpu"));
        expect(nodeClass?.message).toBe(
            "bibox-eks-karpenter-nodeclass-gpu: EC2NodeClass carries the finalizer karpenter.k8s.aws/termination, which only the Karpenter controller removes (https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/pkg/controllers/nodeclass/controller.go), but is not ordered after bibox-eks-karpenter-controller; Pulumi deletes in reverse dependency order (https://www.pulumi.com/docs/iac/concepts/options/dependson/), so a destroy can remove the controller first and hang on the finalizer. Fix: make bibox-eks-karpenter-nodeclass-gpu depend on bibox-eks-karpenter-controller.",
        );
    });
});

describe("the Kubernetes provider survives its cluster", () => {
    const setting = (v: unknown): Mutation => (rs) => rs.map((r) => (r.type === T.k8s ? { ...r, inputs: { ...r.inputs, deleteUnreachable: v } } : r));
    it.each([[true], ["true"]])("deleteUnreachable %j: quiet", async (v) => {
        expect(await violations("preflight-k8s-delete-unreachable", setting(v))).toEqual([]);
    });
    it("unset: the provider is named", async () => {
        const v = await violations("preflight-k8s-delete-unreachable", setting(undefined));
        expect(v).toEqual([{
            policy: "preflight-k8s-delete-unreachable", level: "mandatory", urn: urn(T.k8s, "bibox-eks-k8s"),
            message: "bibox-eks-k8s: deleteUnreachable is unset; once its cluster is deleted, refresh and destroy of this stack fail on every Kubernetes object (https://www.pulumi.com/registry/packages/kubernetes/api-docs/provider/#deleteunreachable_nodejs). Fix: set deleteUnreachable: true on the provider.",
        }]);
    });
});
