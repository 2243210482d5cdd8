import { PolicyResource } from "@pulumi/policy";
import { chartName, eachDeferringUnknowns, graphOf, HELM_RELEASE, kubernetesGroupKind, preflightRule, push, rawProp } from "./graph";
import { BUILT_IN_GROUPS, CRD_SOURCES } from "./kubernetes";
import { kubernetesObjects } from "./order-cluster-access";

const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
const SOURCE = "https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/";

export const preflightCrdOrder = preflightRule(
    {
        name: "preflight-order-crds",
        description: "Every custom resource comes after what installs its CRD: the Helm release of the chart that ships the group (policies/preflight/kubernetes.ts) or a CustomResourceDefinition of the plan.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the custom resource dependsOn on the release that installs its CRDs (or the CustomResourceDefinition); add a group the table does not know to CRD_SOURCES with its chart.",
    },
    (args, report, judge) => {
        const g = graphOf(args.resources);
        const releasesByChart = new Map<string, PolicyResource[]>();
        for (const r of g.ofType(HELM_RELEASE)) {
            const chart = chartName(r);
            if (chart) push(releasesByChart, chart, r);
        }
        const crdsByGroup = new Map<string, PolicyResource[]>();
        for (const c of g.ofType(CRD)) push(crdsByGroup, String((rawProp(c, "spec") as { group?: unknown } | undefined)?.group), c);

        eachDeferringUnknowns(judge, kubernetesObjects(g), (o) => {
            const gk = kubernetesGroupKind(o.type, o.props.apiVersion);
            if (!gk || BUILT_IN_GROUPS.has(gk.group)) return;
            const provider = g.providerOf(o)?.urn;
            const sameCluster = (r: PolicyResource) => g.providerOf(r)?.urn === provider;
            const sources = CRD_SOURCES[gk.group] ?? [];
            const installers = [
                ...sources.flatMap((s) => (releasesByChart.get(s.chart) ?? []).filter((r) => !(s.fromCrdsDir && r.props.skipCrds === true))),
                ...(crdsByGroup.get(gk.group) ?? []),
            ].filter(sameCluster);
            const what = `${gk.kind} (${gk.group})`;
            if (installers.length === 0) {
                const known = sources.length > 0 ? `the chart ${sources.map((s) => s.chart).join(" or ")} installs them, and no release of it (with its CRDs) is in this plan` : "policies/preflight/kubernetes.ts does not know which chart installs them";
                report(`${o.name}: ${what} needs its CRD, but ${known} (${SOURCE}). Fix: install the CRDs in this plan and make ${o.name} depend on them${sources.length > 0 ? "" : ", and add the group to CRD_SOURCES"}.`, o.urn);
                return;
            }
            if (!installers.some((i) => g.prerequisites(o).has(i.urn))) {
                report(`${o.name}: ${what} is not ordered after ${installers.map((i) => i.name).join(" or ")}, which installs its CRD; created together, the API server has no such kind yet (${SOURCE}). Fix: make ${o.name} depend on ${installers[0].name}.`, o.urn);
            }
        });
    },
);
