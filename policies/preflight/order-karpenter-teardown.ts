import { PolicyResource } from "@pulumi/policy";
import { chartName, eachDeferringUnknowns, graphOf, HELM_RELEASE, kubernetesGroupKind, preflightRule, push, rawProp } from "./graph";
import { FINALIZED } from "./kubernetes";
import { clustersOf, kubernetesObjects } from "./order-cluster-access";

const ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry";
const DEPENDS_ON = "https://www.pulumi.com/docs/iac/concepts/options/dependson/";
const ACCESS_ENTRIES = "https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html";

export const preflightKarpenterTeardown = preflightRule(
    {
        name: "preflight-order-karpenter",
        description: "EC2NodeClasses and NodePools come after the Karpenter controller release (Pulumi deletes them first, while the controller can still remove their finalizers), and NodePools after the nodes' EC2_LINUX access entry (nodes can join, and keep their access while they drain).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give each EC2NodeClass and NodePool dependsOn on the karpenter controller release, and each NodePool dependsOn on the node role's EC2_LINUX AccessEntry.",
    },
    (args, report, judge) => {
        const g = graphOf(args.resources);
        // Indexed once: releases by provider and chart, EC2_LINUX entries by cluster name.
        const releases = new Map<string, PolicyResource[]>();
        for (const r of g.ofType(HELM_RELEASE)) push(releases, `${g.providerOf(r)?.urn} ${chartName(r)}`, r);
        const controllers = (provider: string | undefined, chart: string) => releases.get(`${provider} ${chart}`) ?? [];
        const linuxEntries = g.ofType(ACCESS_ENTRY).filter((e) => rawProp(e, "type") === "EC2_LINUX");
        eachDeferringUnknowns(judge, kubernetesObjects(g), (o) => {
            const gk = kubernetesGroupKind(o.type, o.props.apiVersion);
            const fact = gk && FINALIZED.find((f) => f.group === gk.group && f.kind === gk.kind);
            if (!fact) return;
            const provider = g.providerOf(o);
            const owners = controllers(provider?.urn, fact.controllerChart);
            const prerequisites = g.prerequisites(o);
            if (!owners.some((r) => prerequisites.has(r.urn))) {
                const which = owners.length > 0 ? owners.map((r) => r.name).join(" or ") : `a ${fact.controllerChart} release (none in this plan)`;
                report(`${o.name}: ${fact.kind} carries the finalizer ${fact.finalizer}, which only the Karpenter controller removes (${fact.source}), but is not ordered after ${which}; Pulumi deletes in reverse dependency order (${DEPENDS_ON}), so a destroy can remove the controller first and hang on the finalizer. Fix: make ${o.name} depend on ${owners[0]?.name ?? "the karpenter controller release"}.`, o.urn);
            }
            if (fact.kind !== "NodePool" || !provider) return;
            const clusters = clustersOf(provider, g);
            const names = new Set(clusters.map((c) => rawProp(c, "name")));
            const entries = linuxEntries.filter((e) => (names.has(rawProp(e, "clusterName")) || clusters.some((c) => e.dependencies.some((d) => d.urn === c.urn))));
            if (!entries.some((e) => prerequisites.has(e.urn))) {
                const which = entries.length > 0 ? entries.map((e) => e.name).join(" or ") : "an EC2_LINUX access entry for the node role (none in this plan)";
                report(`${o.name}: NodePool is not ordered after ${which}; nodes it launches cannot join the cluster before the entry exists, and a destroy that removes the entry first leaves draining nodes without access (${ACCESS_ENTRIES}). Fix: make ${o.name} depend on ${entries[0]?.name ?? "the node role's EC2_LINUX AccessEntry"}.`, o.urn);
            }
        });
    },
);
