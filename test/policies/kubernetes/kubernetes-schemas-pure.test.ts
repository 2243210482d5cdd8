/** The pure parts of the Kubernetes schema rules, table-driven: paths, CEL, tables, shapes. */
import { describe, expect, it } from "vitest";
import { removalOf, REMOVED_APIS } from "../../../policies/kubernetes/api-removals";
import { builtinProblems, isBuiltin } from "../../../policies/kubernetes/builtin-schema";
import { compileRule, selfsAt } from "../../../policies/kubernetes/cel";
import { CHART_VALUES, chartName, unknownValueKeys } from "../../../policies/kubernetes/helm-charts";
import { CEL_RULES, PINNED_ENUMS, SCHEMA_RULES, violates } from "../../../policies/kubernetes/karpenter-crd-rules";
import { selectedBy } from "../../../policies/kubernetes/karpenter-schema";
import { validatorFindings } from "../../../policies/kubernetes/model-check";
import { modelShape, unknownFields } from "../../../policies/kubernetes/shape";
import { formatPath, fromPointer, gvkOf, snapshot, UNVERIFIABLE } from "../../../policies/kubernetes/values";

describe("type tokens to group, version and kind", () => {
    it.each([
        ["kubernetes:core/v1:Namespace", { group: "", version: "v1", kind: "Namespace", apiVersion: "v1" }, true],
        ["kubernetes:networking.k8s.io/v1:NetworkPolicy", { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", apiVersion: "networking.k8s.io/v1" }, true],
        ["kubernetes:karpenter.sh/v1:NodePool", { group: "karpenter.sh", version: "v1", kind: "NodePool", apiVersion: "karpenter.sh/v1" }, false],
        ["kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding", { group: "elbv2.k8s.aws", version: "v1beta1", kind: "TargetGroupBinding", apiVersion: "elbv2.k8s.aws/v1beta1" }, false],
        ["kubernetes:helm.sh/v3:Release", { group: "helm.sh", version: "v3", kind: "Release", apiVersion: "helm.sh/v3" }, false],
        ["kubernetes:apiextensions.k8s.io:CustomResource", undefined, false],
        ["aws:ec2/vpc:Vpc", undefined, false],
    ])("%s", (type, gvk, builtin) => {
        expect(gvkOf(type)).toEqual(gvk);
        expect(isBuiltin(type)).toBe(builtin);
    });
});

describe("paths", () => {
    it.each([
        [["spec", "egress", 0, "ports", 1, "protocol"], "spec.egress[0].ports[1].protocol"],
        [["metadata", "labels", "bibox.io/pool"], 'metadata.labels["bibox.io/pool"]'],
        [["spec", "limits", "nvidia.com/gpu"], 'spec.limits["nvidia.com/gpu"]'],
        [[], "(object)"],
    ])("%j reads %s", (path, text) => expect(formatPath(path)).toBe(text));

    it.each([
        ["", []],
        ["/spec/egress/0", ["spec", "egress", 0]],
        ["/metadata/labels/bibox.io~1pool", ["metadata", "labels", "bibox.io/pool"]],
    ])("pointer %s", (pointer, path) => expect(fromPointer(pointer)).toEqual(path));

    it.each([
        [["spec", "template", "spec", "requirements", 3, "operator"], "spec.template.spec.requirements[].operator", true],
        [["spec", "template", "spec", "requirements", "3", "operator"], "spec.template.spec.requirements[].operator", false],
        [["spec", "limits", "cpu"], "spec.limits{}", true],
        [["spec", "disruption", "consolidationPolicy"], "spec.disruption.consolidationPolicy", true],
        [["spec", "disruption"], "spec.disruption.consolidationPolicy", false],
    ])("%j selected by %s: %s", (path, rulePath, selected) => expect(selectedBy(path, rulePath)).toBe(selected));

    it("selects each list item and map value a rule path names, and nothing where the field is absent", () => {
        const obj = { spec: { budgets: [{ nodes: "1" }, { nodes: "2" }], tags: { a: "x", b: "y" } } };
        expect(selfsAt(obj, "spec.budgets[].nodes")).toEqual([{ path: ["spec", "budgets", 0, "nodes"], value: "1" }, { path: ["spec", "budgets", 1, "nodes"], value: "2" }]);
        expect(selfsAt(obj, "spec.tags{}").map((s) => s.value)).toEqual(["x", "y"]);
        expect(selfsAt(obj, "spec.kubelet.kubeReserved")).toEqual([]);
    });
});

describe("snapshots of preview values", () => {
    it("replaces unknowns, lists secrets and rereads an unknown through the runtime's proxy", () => {
        class Unknown extends Error {}
        const proxied = new Proxy({ a: 1, b: "x" }, { get: (t, k) => { if (k === "b") throw new Unknown("b"); return Reflect.get(t, k); } });
        const s = snapshot({ p: proxied, q: "[unknown]", r: "[secret]" });
        expect(s.value).toEqual({ p: { a: 1, b: UNVERIFIABLE }, q: UNVERIFIABLE, r: "[secret]" });
        expect(s.unknown).toEqual([["p", "b"], ["q"]]);
        expect(s.secrets).toEqual([["r"]]);
        expect(() => s.rethrowUnknown()).toThrow(Unknown);
    });
});

describe("CEL as Kubernetes evaluates it", () => {
    it.each([
        ["self.all(x, has(x.schedule) == has(x.duration))", [{ nodes: "1" }, { nodes: "0", schedule: "@daily", duration: "1h" }], { ok: true }],
        ["self.all(x, has(x.schedule) == has(x.duration))", [{ nodes: "0", schedule: "@daily" }], { ok: false }],
        [`self.all(x, x in ["karpenter.sh/capacity-type"] || !x.find("^([^/]+)").endsWith("karpenter.sh"))`, { "bibox.io/pool": "np-cpu" }, { ok: true }],
        [`self.all(x, x in ["karpenter.sh/capacity-type"] || !x.find("^([^/]+)").endsWith("karpenter.sh"))`, { "foo.karpenter.sh/x": "1" }, { ok: false }],
        ["self.split('@')[0] in ['al2','al2023']", "al2023@v20260714", { ok: true }],
        ["self.matches('^[a-zA-Z0-9]+@.+$')", "al2023", { ok: false }],
        ["self.values.size() >= self.minValues", { values: ["a", "b"], minValues: 2 }, { ok: true }],
        ["self.deviceIndex == 0", { deviceIndex: 0 }, { ok: true }],
        ["int(self[0]) >= 0", ["eight"], { ok: false, error: "Cannot convert eight to a BigInt" }],
        ["self.all(k, self[k] != '')", { a: "x", b: UNVERIFIABLE }, { unknown: true }],
        ["has(self.role)", UNVERIFIABLE, { unknown: true }],
        ["has(self.role) && !has(self.instanceProfile)", { role: "r", tags: { k: UNVERIFIABLE } }, { ok: true }],
    ])("%s over %j", (rule, self, outcome) => expect(compileRule(rule)(self)).toEqual(outcome));
});

describe("the Karpenter CRD tables", () => {
    it("hold every non-transition CEL rule of the v1.14.1 CRDs, each compiled", () => {
        expect(CEL_RULES.filter((r) => r.kind === "NodePool")).toHaveLength(17);
        expect(CEL_RULES.filter((r) => r.kind === "EC2NodeClass")).toHaveLength(54);
        for (const r of CEL_RULES) expect(() => compileRule(r.rule), r.rule).not.toThrow();
        expect(CEL_RULES.some((r) => r.rule.includes("oldSelf"))).toBe(false);
        expect(SCHEMA_RULES).toHaveLength(28);
        expect(PINNED_ENUMS.map((r) => r.path)).toEqual(["spec.disruption.consolidationPolicy", "spec.template.spec.requirements[].operator"]);
    });

    it.each([
        [{ enum: ["WhenEmpty", "Balanced"] }, "Balanced", undefined],
        [{ enum: ["WhenEmpty", "Balanced"] }, "Never", 'must be one of "WhenEmpty", "Balanced"'],
        [{ pattern: "^([0-9]+(s|m|h))+$" }, "1h30m", undefined],
        [{ pattern: "^([0-9]+(s|m|h))+$" }, "1d", "must match ^([0-9]+(s|m|h))+$"],
        [{ maxLength: 63 }, "x".repeat(64), "may not be longer than 63"],
        [{ minLength: 1 }, "", "must be at least 1 characters long"],
        [{ maxProperties: 1 }, { a: 1, b: 2 }, "must have at most 1 entries"],
        [{ minimum: 30 }, 10, "must be greater than or equal to 30"],
        [{ maximum: 60 }, 61, "must be less than or equal to 60"],
    ] as const)("%j over %j", (c, v, problem) => expect(violates(c, v)).toBe(problem));
});

describe("OpenAPI findings", () => {
    it("one finding per field, composite keywords dropped, required named by the missing field", () => {
        expect(validatorFindings([
            { instancePath: "/spec/port", keyword: "type", message: "must be string", params: {} },
            { instancePath: "/spec/port", keyword: "type", message: "must be integer", params: {} },
            { instancePath: "/spec/port", keyword: "oneOf", message: "must match exactly one schema in oneOf", params: {} },
            { instancePath: "", keyword: "required", message: "must have required property 'provisioner'", params: { missingProperty: "provisioner" } },
        ])).toEqual([{ path: ["spec", "port"], problem: "must be string; must be integer" }, { path: ["provisioner"], problem: "is required" }]);
    });

    it("declared fields come from the kubernetes-models declarations; free-form JSON stays open", () => {
        const crd = modelShape("kubernetes-models", "apiextensions.k8s.io/v1/CustomResourceDefinition", "CustomResourceDefinition");
        const schema = { type: "object", properties: { x: { type: "string", default: { any: "thing" } } }, "x-kubernetes-validations": [{ rule: "true" }] };
        const obj = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "a" }, spec: { group: "g", names: { kind: "A", plural: "as" }, scope: "Cluster", versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } }], typo: 1 } };
        expect(unknownFields(obj, crd)).toEqual([["spec", "typo"]]);
    });

    it("a Patch kind is partial: required fields are not required", async () => {
        expect((await builtinProblems("kubernetes:storage.k8s.io/v1:StorageClassPatch", "p", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "gp3" } })).problems).toEqual([]);
        expect((await builtinProblems("kubernetes:storage.k8s.io/v1:StorageClass", "p", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "gp3" } })).problems)
            .toEqual(["p: storage.k8s.io/v1 StorageClass gp3: provisioner: is required [kubernetes-models@5.1.0, the Kubernetes v1.36.0 OpenAPI, nearest release to the pinned 1.35]"]);
    });
});

describe("API versions Kubernetes 1.35 no longer serves", () => {
    it.each([
        ["policy/v1beta1", "PodDisruptionBudget", "1.25"],
        ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32"],
        ["extensions/v1beta1", "Ingress", "1.22"],
        ["networking.k8s.io/v1", "NetworkPolicy", undefined],
        ["admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", undefined],
    ])("%s %s: removed in %s", (apiVersion, kind, removedIn) => expect(removalOf(apiVersion, kind, "1.35")?.removedIn).toBe(removedIn));

    it("judges against the pinned minor", () => {
        expect(removalOf("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.31")).toBeUndefined();
        expect(REMOVED_APIS.length).toBe(25);
    });
});

describe("Helm chart value tables", () => {
    it.each([
        ["oci://public.ecr.aws/karpenter/karpenter", "karpenter"],
        ["oci://public.ecr.aws/karpenter/karpenter-crd", "karpenter-crd"],
        ["aws-load-balancer-controller", "aws-load-balancer-controller"],
    ])("%s is chart %s", (chart, name) => expect(chartName(chart)).toBe(name));

    it("no pinned chart publishes a values schema; each table names its source", () => {
        expect(Object.fromEntries(Object.entries(CHART_VALUES).map(([c, t]) => [c, [t.version, t.valuesSchema]]))).toEqual({
            karpenter: ["1.14.1", "none"], "karpenter-crd": ["1.14.1", "none"], "aws-load-balancer-controller": ["3.5.0", "none"], "nvidia-device-plugin": ["0.20.0", "none"],
        });
        expect(Object.keys(CHART_VALUES["aws-load-balancer-controller"].keys)).toHaveLength(101);
        expect(Object.keys(CHART_VALUES.karpenter.keys)).toHaveLength(34);
        expect(Object.keys(CHART_VALUES["nvidia-device-plugin"].keys)).toHaveLength(36);
    });

    it("free values stay open, closed ones are judged key by key", () => {
        const keys = CHART_VALUES.karpenter.keys;
        expect(unknownValueKeys({ nodeSelector: { "any/label": "x" }, controller: { resources: { limits: { cpu: "1" } } }, settings: { clusterName: "c" } }, keys)).toEqual([]);
        expect(unknownValueKeys({ settings: { clustername: "c", featureGates: { nodeRepiar: true } }, replica: 2 }, keys)).toEqual([["settings", "clustername"], ["settings", "featureGates", "nodeRepiar"], ["replica"]]);
    });
});
