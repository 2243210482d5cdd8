/**
 * The Kubernetes schema rules (policies/kubernetes/): built-in kinds against the OpenAPI of the
 * pinned minor, Karpenter objects against the pinned CRDs with their CEL rules, Helm values
 * against each pinned chart. The real plans are the compliant fixtures; each mutation changes one
 * thing and expects exactly the violation an operator would read.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { KARPENTER_CHART_VERSION, KUBERNETES_VERSION, LOAD_BALANCER_CONTROLLER_CHART, NVIDIA_DEVICE_PLUGIN_CHART } from "../../../components/eks/versions";
import { kubernetesBuiltinSchema } from "../../../policies/kubernetes/builtin-schema";
import { helmValues } from "../../../policies/kubernetes/helm-values";
import { karpenterSchema } from "../../../policies/kubernetes/karpenter-schema";
import { KARPENTER_VERSION, KUBERNETES_MINOR, PINNED_CHARTS } from "../../../policies/kubernetes/pins";
import { policies } from "../../../policies/rules";
import { checkPlan } from "../../../src/plan/check";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../../src/plan/types";
import { change, Mutation } from "../../helpers/mutate";
import { evaluate, ROOT, STACKS } from "../../helpers/project";

const RULES = [kubernetesBuiltinSchema, karpenterSchema, helmValues];
const fixtures: Record<string, PlanResource[]> = {};
beforeAll(async () => {
    for (const s of STACKS) fixtures[s] = (await evaluate(s)).resources;
});

const T = {
    np: "kubernetes:karpenter.sh/v1:NodePool",
    nc: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    sc: "kubernetes:storage.k8s.io/v1:StorageClass",
    release: "kubernetes:helm.sh/v3:Release",
};
const NODEPOOLS = "aws/karpenter-provider-aws@v1.14.1 pkg/apis/crds/karpenter.sh_nodepools.yaml";
const NODECLASSES = "aws/karpenter-provider-aws@v1.14.1 pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml";
const OPENAPI = "kubernetes-models@5.1.0, the Kubernetes v1.36.0 OpenAPI, nearest release to the pinned 1.35";
const MODEL = "@kubernetes-models/karpenter@2.0.0, generated from karpenter-provider-aws v1.12.1";

const urn = (stack: string, type: string, name: string) => fixtures[stack].find((r) => r.type === type && r.name === name)!.urn;
const run = (stack: string, m: Mutation = (rs) => rs): Promise<PlanViolation[]> => runPolicies(m(structuredClone(fixtures[stack])), RULES);
const spec = (r: PlanResource) => r.inputs.spec as any;
const mandatory = (policy: string, stack: string, type: string, name: string, message: string): PlanViolation => ({ policy, level: "mandatory", urn: urn(stack, type, name), message });

describe("the pinned versions", () => {
    it("are the versions components/eks/versions.ts pins", () => {
        expect(KUBERNETES_MINOR).toBe(KUBERNETES_VERSION);
        expect(KARPENTER_VERSION).toBe(KARPENTER_CHART_VERSION);
        expect(PINNED_CHARTS).toEqual({
            karpenter: KARPENTER_CHART_VERSION,
            "karpenter-crd": KARPENTER_CHART_VERSION,
            [LOAD_BALANCER_CONTROLLER_CHART.chart]: LOAD_BALANCER_CONTROLLER_CHART.version,
            [NVIDIA_DEVICE_PLUGIN_CHART.chart]: NVIDIA_DEVICE_PLUGIN_CHART.version,
        });
    });

    it("the schema packages are exact runtime dependencies of the project and of the pack", () => {
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const pack = JSON.parse(fs.readFileSync(path.join(ROOT, "policies/package.json"), "utf8"));
        const wanted = { "kubernetes-models": "5.1.0", "@kubernetes-models/karpenter": "2.0.0", "@bufbuild/cel": "0.6.1" };
        for (const [name, version] of Object.entries(wanted)) {
            expect(root.dependencies[name], name).toBe(version);
            expect(pack.dependencies[name], name).toBe(version);
            expect(root.devDependencies?.[name], name).toBeUndefined();
        }
        // The declarations are read without the TypeScript compiler (policies/kubernetes/declarations.ts): the pack does not install it.
        expect(pack.dependencies.typescript).toBeUndefined();
    });

    it("are mandatory rules of the pack", () => {
        for (const rule of RULES) {
            expect(policies).toContain(rule);
            expect(rule.enforcementLevel).toBe("mandatory");
        }
    });
});

describe.each(STACKS)("the %s plan", (stack) => {
    it("has every Kubernetes object valid against the pinned schemas", async () => {
        expect(await run(stack)).toEqual([]);
    });

    it("has the kinds the rules judge", () => {
        const types = new Set(fixtures[stack].map((r) => r.type));
        for (const t of Object.values(T)) expect(types, t).toContain(t);
    });
});

describe("one change, one violation", () => {
    const cases: [string, string, Mutation, () => PlanViolation[]][] = [
        ["a NodePool budget with a schedule but no duration", "prod-us",
            change(T.np, "bibox-eks-karpenter-np-spot", (r) => { spec(r).disruption.budgets.push({ nodes: "0", schedule: "@daily" }); }),
            () => [mandatory("karpenter-crd-schema", "prod-us", T.np, "bibox-eks-karpenter-np-spot",
                `bibox-eks-karpenter-np-spot: karpenter.sh/v1 NodePool np-spot: spec.disruption.budgets: 'schedule' must be set with 'duration' [CEL self.all(x, has(x.schedule) == has(x.duration)); ${NODEPOOLS}]`)]],
        ["a NodePool budget duration in days", "prod-eu",
            change(T.np, "bibox-eks-karpenter-np-gpu", (r) => { spec(r).disruption.budgets = [{ nodes: "0", schedule: "@daily", duration: "1d" }]; }),
            () => [mandatory("karpenter-crd-schema", "prod-eu", T.np, "bibox-eks-karpenter-np-gpu",
                `bibox-eks-karpenter-np-gpu: karpenter.sh/v1 NodePool np-gpu: spec.disruption.budgets[0].duration: must match ^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$ [OpenAPI schema of ${NODEPOOLS}]`)]],
        ["a NodePool budget of 110% of nodes", "prod-ap",
            change(T.np, "bibox-eks-karpenter-np-gpu", (r) => { spec(r).disruption.budgets[0].nodes = "110%"; }),
            () => [mandatory("karpenter-crd-schema", "prod-ap", T.np, "bibox-eks-karpenter-np-gpu",
                `bibox-eks-karpenter-np-gpu: karpenter.sh/v1 NodePool np-gpu: spec.disruption.budgets[0].nodes: must match ^((100|[0-9]{1,2})%|[0-9]+)$ [${MODEL}]`)]],
        ["a NodePool termination grace period in days", "prod-us",
            change(T.np, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).template.spec.terminationGracePeriod = "1d"; }),
            () => [mandatory("karpenter-crd-schema", "prod-us", T.np, "bibox-eks-karpenter-np-cpu",
                `bibox-eks-karpenter-np-cpu: karpenter.sh/v1 NodePool np-cpu: spec.template.spec.terminationGracePeriod: must match ^([0-9]+(s|m|h))+$ [OpenAPI schema of ${NODEPOOLS}]`)]],
        ["a NodePool requirement In without values", "prod-us",
            change(T.np, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).template.spec.requirements[2].values = []; }),
            () => [mandatory("karpenter-crd-schema", "prod-us", T.np, "bibox-eks-karpenter-np-cpu",
                `bibox-eks-karpenter-np-cpu: karpenter.sh/v1 NodePool np-cpu: spec.template.spec.requirements: requirements with operator 'In' must have a value defined [CEL self.all(x, x.operator == 'In' ? x.values.size() != 0 : true); ${NODEPOOLS}]`)]],
        ["a NodePool label in Karpenter's restricted domain", "prod-eu",
            change(T.np, "bibox-eks-karpenter-np-spot", (r) => { spec(r).template.metadata.labels["karpenter.sh/nodepool"] = "np-spot"; }),
            () => [mandatory("karpenter-crd-schema", "prod-eu", T.np, "bibox-eks-karpenter-np-spot",
                `bibox-eks-karpenter-np-spot: karpenter.sh/v1 NodePool np-spot: spec.template.metadata.labels: label "karpenter.sh/nodepool" is restricted [CEL self.all(x, x != "karpenter.sh/nodepool"); ${NODEPOOLS}]`)]],
        ["an EC2NodeClass without role and instanceProfile", "prod-us",
            change(T.nc, "bibox-eks-karpenter-nodeclass-gpu", (r) => { delete spec(r).role; }),
            () => [mandatory("karpenter-crd-schema", "prod-us", T.nc, "bibox-eks-karpenter-nodeclass-gpu",
                `bibox-eks-karpenter-nodeclass-gpu: karpenter.k8s.aws/v1 EC2NodeClass gpu: spec: must specify exactly one of ['role', 'instanceProfile'] [CEL (has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && has(self.instanceProfile)); ${NODECLASSES}]`)]],
        ["an EC2NodeClass with an AMI id beside its alias", "prod-eu",
            change(T.nc, "bibox-eks-karpenter-nodeclass-default", (r) => { spec(r).amiSelectorTerms.push({ id: "ami-0123456789abcdef0" }); }),
            () => [mandatory("karpenter-crd-schema", "prod-eu", T.nc, "bibox-eks-karpenter-nodeclass-default",
                `bibox-eks-karpenter-nodeclass-default: karpenter.k8s.aws/v1 EC2NodeClass default: spec.amiSelectorTerms: 'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms [CEL !(self.exists(x, has(x.alias)) && self.size() != 1); ${NODECLASSES}]`)]],
        ["an EC2NodeClass tag Karpenter reserves", "prod-ap",
            change(T.nc, "bibox-eks-karpenter-nodeclass-default", (r) => { spec(r).tags["karpenter.sh/nodepool"] = "np-cpu"; }),
            () => [mandatory("karpenter-crd-schema", "prod-ap", T.nc, "bibox-eks-karpenter-nodeclass-default",
                `bibox-eks-karpenter-nodeclass-default: karpenter.k8s.aws/v1 EC2NodeClass default: spec.tags: tag contains a restricted tag matching karpenter.sh/nodepool [CEL self.all(k, k != 'karpenter.sh/nodepool'); ${NODECLASSES}]`)]],
        ["an EC2NodeClass metadata hop limit of 0", "prod-us",
            change(T.nc, "bibox-eks-karpenter-nodeclass-default", (r) => { spec(r).metadataOptions.httpPutResponseHopLimit = 0; }),
            () => [mandatory("karpenter-crd-schema", "prod-us", T.nc, "bibox-eks-karpenter-nodeclass-default",
                `bibox-eks-karpenter-nodeclass-default: karpenter.k8s.aws/v1 EC2NodeClass default: spec.metadataOptions.httpPutResponseHopLimit: must be >= 1 [${MODEL}]`)]],
        ["an unknown field in an EC2NodeClass", "prod-us",
            change(T.nc, "bibox-eks-karpenter-nodeclass-gpu", (r) => { spec(r).metadataOptions.httpTokensRequired = true; }),
            () => [mandatory("karpenter-crd-schema", "prod-us", T.nc, "bibox-eks-karpenter-nodeclass-gpu",
                `bibox-eks-karpenter-nodeclass-gpu: karpenter.k8s.aws/v1 EC2NodeClass gpu: spec.metadataOptions.httpTokensRequired: is not a field of this kind [${MODEL}]`)]],
        ["an unknown field in a NetworkPolicy", "prod-us",
            change(T.netpol, "bibox-eks-baseline-shop-default-deny", (r) => { spec(r).ingres = []; }),
            () => [mandatory("kubernetes-builtin-schema", "prod-us", T.netpol, "bibox-eks-baseline-shop-default-deny",
                `bibox-eks-baseline-shop-default-deny: networking.k8s.io/v1 NetworkPolicy shop/default-deny: spec.ingres: is not a field of this kind [${OPENAPI}]`)]],
        ["a misspelt metadata field", "prod-eu",
            change(T.netpol, "bibox-eks-baseline-media-default-deny", (r) => { (r.inputs.metadata as any).lables = { team: "media" }; }),
            () => [mandatory("kubernetes-builtin-schema", "prod-eu", T.netpol, "bibox-eks-baseline-media-default-deny",
                `bibox-eks-baseline-media-default-deny: networking.k8s.io/v1 NetworkPolicy media/default-deny: metadata.lables: is not a field of this kind [${OPENAPI}]`)]],
        ["a port protocol of the wrong type", "prod-us",
            change(T.netpol, "bibox-eks-baseline-shop-allow-dns", (r) => { spec(r).egress[0].ports[0].protocol = 17; }),
            () => [mandatory("kubernetes-builtin-schema", "prod-us", T.netpol, "bibox-eks-baseline-shop-allow-dns",
                `bibox-eks-baseline-shop-allow-dns: networking.k8s.io/v1 NetworkPolicy shop/allow-dns: spec.egress[0].ports[0].protocol: must be string; must be one of "SCTP", "TCP", "UDP" [${OPENAPI}]`)]],
        ["a policy type Kubernetes does not have", "prod-ap",
            change(T.netpol, "bibox-eks-baseline-batch-default-deny", (r) => { spec(r).policyTypes = ["Ingress", "Egres"]; }),
            () => [mandatory("kubernetes-builtin-schema", "prod-ap", T.netpol, "bibox-eks-baseline-batch-default-deny",
                `bibox-eks-baseline-batch-default-deny: networking.k8s.io/v1 NetworkPolicy batch/default-deny: spec.policyTypes[1]: must be one of "Egress", "Ingress" [${OPENAPI}]`)]],
        ["a StorageClass flag as a string", "prod-us",
            change(T.sc, "bibox-eks-baseline-gp3", (r) => { r.inputs.allowVolumeExpansion = "true"; }),
            () => [mandatory("kubernetes-builtin-schema", "prod-us", T.sc, "bibox-eks-baseline-gp3",
                `bibox-eks-baseline-gp3: storage.k8s.io/v1 StorageClass gp3: allowVolumeExpansion: must be boolean [${OPENAPI}]`)]],
        ["a StorageClass without its provisioner", "prod-eu",
            change(T.sc, "bibox-eks-baseline-gp3", (r) => { delete r.inputs.provisioner; }),
            () => [mandatory("kubernetes-builtin-schema", "prod-eu", T.sc, "bibox-eks-baseline-gp3",
                `bibox-eks-baseline-gp3: storage.k8s.io/v1 StorageClass gp3: provisioner: is required [${OPENAPI}]`)]],
        ["a StorageClass on an API version 1.35 no longer serves", "prod-us",
            (rs) => rs.map((r) => (r.type === T.sc ? { ...structuredClone(r), type: "kubernetes:storage.k8s.io/v1beta1:StorageClass", inputs: { ...structuredClone(r.inputs), apiVersion: "storage.k8s.io/v1beta1" } } : r)),
            () => [mandatory("kubernetes-builtin-schema", "prod-us", T.sc, "bibox-eks-baseline-gp3",
                "bibox-eks-baseline-gp3: storage.k8s.io/v1beta1 StorageClass gp3: storage.k8s.io/v1beta1 StorageClass is not served by Kubernetes 1.35 (removed in 1.22; https://kubernetes.io/docs/reference/using-api/deprecation-guide/)")]],
        ["a Helm value key typo", "prod-us",
            change(T.release, "bibox-eks-baseline-lbc", (r) => { const v = r.inputs.values as any; v.replicaCont = v.replicaCount; delete v.replicaCount; }),
            () => [mandatory("helm-values-known", "prod-us", T.release, "bibox-eks-baseline-lbc",
                "bibox-eks-baseline-lbc: chart aws-load-balancer-controller 3.5.0: values.replicaCont is not a value of the chart [values of aws/eks-charts@5239609 (\"aws-load-balancer-controller: v3.5.0\") stable/aws-load-balancer-controller/values.yaml, the same file as kubernetes-sigs/aws-load-balancer-controller@v3.5.0 helm/aws-load-balancer-controller/values.yaml; the chart publishes no values.schema.json]")]],
        ["a nested Helm value key typo", "prod-eu",
            change(T.release, "bibox-eks-karpenter-controller", (r) => { (r.inputs.values as any).settings.featureGates.spotToSpotConsolidaton = true; }),
            () => [mandatory("helm-values-known", "prod-eu", T.release, "bibox-eks-karpenter-controller",
                "bibox-eks-karpenter-controller: chart karpenter 1.14.1: values.settings.featureGates.spotToSpotConsolidaton is not a value of the chart [values of aws/karpenter-provider-aws@v1.14.1 charts/karpenter/values.yaml; the chart publishes no values.schema.json]")]],
        ["a value the device-plugin chart refuses: namespace", "prod-ap",
            change(T.release, "bibox-eks-baseline-nvidia-device-plugin", (r) => { (r.inputs.values as any).namespace = "kube-system"; }),
            () => [mandatory("helm-values-known", "prod-ap", T.release, "bibox-eks-baseline-nvidia-device-plugin",
                "bibox-eks-baseline-nvidia-device-plugin: chart nvidia-device-plugin 0.20.0: values.namespace is not a value of the chart [values of NVIDIA/k8s-device-plugin@v0.20.0 deployments/helm/nvidia-device-plugin/values.yaml; the chart publishes no values.schema.json]")]],
        ["a chart upgraded without its value table", "prod-us",
            change(T.release, "bibox-eks-baseline-lbc", (r) => { r.inputs.version = "3.6.0"; }),
            () => [mandatory("helm-values-known", "prod-us", T.release, "bibox-eks-baseline-lbc",
                "bibox-eks-baseline-lbc: chart aws-load-balancer-controller 3.6.0 is not the version the pack's value table reads (3.5.0, aws/eks-charts@5239609 (\"aws-load-balancer-controller: v3.5.0\") stable/aws-load-balancer-controller/values.yaml, the same file as kubernetes-sigs/aws-load-balancer-controller@v3.5.0 helm/aws-load-balancer-controller/values.yaml); review the chart's values at 3.6.0 and update policies/kubernetes/helm-charts.ts")]],
    ];

    it.each(cases)("%s", async (_, stack, mutation, expected) => {
        expect(await run(stack, mutation)).toEqual(expected());
    });
});

describe("what the pinned CRDs accept and the v1.12 model does not", () => {
    it.each([
        ["consolidationPolicy Balanced (enum of the v1.14.1 CRD)", change(T.np, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).disruption.consolidationPolicy = "Balanced"; })],
        ["a Gte requirement with one integer", change(T.np, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).template.spec.requirements.push({ key: "karpenter.k8s.aws/instance-cpu", operator: "Gte", values: ["16"] }); })],
        ["connectionTracking on an EC2NodeClass", change(T.nc, "bibox-eks-karpenter-nodeclass-default", (r) => { spec(r).connectionTracking = { tcpEstablishedTimeout: 3600 }; })],
    ])("%s passes", async (_, mutation) => {
        expect(await run("prod-us", mutation)).toEqual([]);
    });

    it("a Gt requirement with two values fails the CRD's CEL rule", async () => {
        const v = await run("prod-us", change(T.np, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).template.spec.requirements.push({ key: "karpenter.k8s.aws/instance-cpu", operator: "Gt", values: ["8", "16"] }); }));
        expect(v.map((x) => x.message)).toEqual([
            `bibox-eks-karpenter-np-cpu: karpenter.sh/v1 NodePool np-cpu: spec.template.spec.requirements: requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value [CEL self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true); ${NODEPOOLS}]`,
        ]);
    });
});

describe("values known only after the update", () => {
    it("a field unknown at preview is 'cannot verify', never a pass or a failure", async () => {
        const v = await run("prod-us", change(T.nc, "bibox-eks-karpenter-nodeclass-default", (r) => { spec(r).role = "[unknown]"; }));
        expect(v).toEqual([{ policy: "karpenter-crd-schema", level: "advisory", urn: urn("prod-us", T.nc, "bibox-eks-karpenter-nodeclass-default"),
            message: "cannot verify bibox-eks-karpenter-nodeclass-default during preview: string value at .spec.role can't be known during preview" }]);
    });

    it("the known fields beside an unknown one are still judged", async () => {
        const v = await run("prod-eu", change(T.netpol, "bibox-eks-baseline-shop-allow-egress", (r) => { spec(r).egress[0].to[0].ipBlock.cidr = "[unknown]"; spec(r).egress[0].ports[0].protocol = "tcp"; }));
        const u = urn("prod-eu", T.netpol, "bibox-eks-baseline-shop-allow-egress");
        expect(v).toEqual([
            { policy: "kubernetes-builtin-schema", level: "mandatory", urn: u, message: `bibox-eks-baseline-shop-allow-egress: networking.k8s.io/v1 NetworkPolicy shop/allow-data-and-https: spec.egress[0].ports[0].protocol: must be one of "SCTP", "TCP", "UDP" [${OPENAPI}]` },
            { policy: "kubernetes-builtin-schema", level: "advisory", urn: u, message: "cannot verify bibox-eks-baseline-shop-allow-egress during preview: string value at .spec.egress.0.to.0.ipBlock.cidr can't be known during preview" },
        ]);
    });

    it("Helm values unknown at preview keep their keys checked", async () => {
        const v = await run("prod-ap", change(T.release, "bibox-eks-baseline-lbc", (r) => { const values = r.inputs.values as any; values.vpcId = "[unknown]"; values.regoin = values.region; }));
        const u = urn("prod-ap", T.release, "bibox-eks-baseline-lbc");
        expect(v.map((x) => [x.level, x.message.split(" [")[0]])).toEqual([
            ["mandatory", "bibox-eks-baseline-lbc: chart aws-load-balancer-controller 3.5.0: values.regoin is not a value of the chart"],
            ["advisory", "cannot verify bibox-eks-baseline-lbc during preview: string value at .values.vpcId can't be known during preview"],
        ]);
        expect(v.every((x) => x.urn === u)).toBe(true);
    });

    it("a secret the plan hides is not judged by its placeholder", async () => {
        expect(await run("prod-us", change(T.sc, "bibox-eks-baseline-gp3", (r) => { r.inputs.allowVolumeExpansion = "[secret]"; }))).toEqual([]);
    });
});

describe("npm run check-plan", () => {
    it("fails a saved plan with a Karpenter CEL violation and names it", async () => {
        const e = await evaluate("prod-us");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-k8s-"));
        const file = path.join(dir, "prod-us.json");
        const resources = change(T.np, "bibox-eks-karpenter-np-spot", (r) => { spec(r).disruption.budgets.push({ nodes: "0", schedule: "@daily" }); })(structuredClone(e.resources));
        fs.writeFileSync(file, JSON.stringify({ stack: e.stack, project: e.project, config: e.config, resources, outputs: e.outputs, policy: { violations: [] } }));
        const lines: string[] = [];
        expect(await checkPlan(file, (l) => lines.push(l), RULES)).toBe(1);
        expect(lines[0]).toBe(`mandatory karpenter-crd-schema: bibox-eks-karpenter-np-spot: karpenter.sh/v1 NodePool np-spot: spec.disruption.budgets: 'schedule' must be set with 'duration' [CEL self.all(x, has(x.schedule) == has(x.duration)); ${NODEPOOLS}] [${urn("prod-us", T.np, "bibox-eks-karpenter-np-spot")}]`);
    });
});
