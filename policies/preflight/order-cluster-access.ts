import { PolicyResource } from "@pulumi/policy";
import { eachDeferringUnknowns, Graph, graphOf, preflightRule, push, rawProp } from "./graph";

export const K8S_PROVIDER = "pulumi:providers:kubernetes";
const CLUSTER = "aws:eks/cluster:Cluster";
const ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const ADMIN_POLICY = /:cluster-access-policy\/AmazonEKS(Cluster)?AdminPolicy$/;
const SOURCE = "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html";

/** Kubernetes objects of the plan (not providers). */
export const kubernetesObjects = (g: Graph): PolicyResource[] => [...g.byUrn.values()].filter((r) => r.type.startsWith("kubernetes:"));

/** The EKS clusters a Kubernetes provider is configured from (among its prerequisites). */
export function clustersOf(provider: PolicyResource, g: Graph): PolicyResource[] {
    return [...g.prerequisites(provider)].map((u) => g.byUrn.get(u)).filter((r): r is PolicyResource => r?.type === CLUSTER);
}

/**
 * Cluster-scope admin access policy associations of a cluster, by name or dependency. Judged
 * reads: an association whose scope or policy is unknown makes the caller's subject "cannot
 * verify" rather than look absent.
 */
export function adminAssociations(cluster: PolicyResource, g: Graph): PolicyResource[] {
    const name = rawProp(cluster, "name");
    return g.ofType(ASSOCIATION).filter((a) => {
        const ofCluster = (name !== undefined && rawProp(a, "clusterName") === name) || a.dependencies.some((d) => d.urn === cluster.urn);
        if (!ofCluster) return false;
        const scope = a.props.accessScope as { type?: unknown } | undefined;
        return scope?.type === "cluster" && ADMIN_POLICY.test(String(a.props.policyArn));
    });
}

export const preflightClusterAccessOrder = preflightRule(
    {
        name: "preflight-order-cluster-access",
        description: "With bootstrapClusterCreatorAdminPermissions false the deployer has no Kubernetes access until its cluster-scope admin access policy association exists: the Kubernetes provider and every object through it come after every such association of the cluster.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the Kubernetes provider dependsOn on the cluster's cluster-scope admin AccessPolicyAssociations (the provider carries the ordering to every object created through it).",
    },
    (args, report, judge) => {
        const g = graphOf(args.resources);
        const objects = kubernetesObjects(g);
        const byProvider = new Map<string, PolicyResource[]>();
        for (const o of objects) {
            const p = g.providerOf(o);
            if (p) push(byProvider, p.urn, o);
        }
        eachDeferringUnknowns(judge, g.ofType(K8S_PROVIDER), (provider) => {
            for (const cluster of clustersOf(provider, g)) {
                const access = cluster.props.accessConfig as { bootstrapClusterCreatorAdminPermissions?: unknown } | undefined;
                // The API default is true: the creator is an admin from the start.
                if (access?.bootstrapClusterCreatorAdminPermissions !== false) continue;
                const admins = adminAssociations(cluster, g);
                const through = byProvider.get(provider.urn) ?? [];
                if (admins.length === 0) {
                    report(`${provider.name}: cluster ${cluster.name} is created with bootstrapClusterCreatorAdminPermissions false and has no cluster-scope admin access policy association, so nobody can reach its Kubernetes API for the ${through.length} objects created through this provider (${SOURCE}). Fix: associate AmazonEKSClusterAdminPolicy with cluster scope to the deployer's access entry and make the provider depend on it.`, provider.urn);
                    continue;
                }
                const missing = admins.filter((a) => !g.prerequisites(provider).has(a.urn));
                if (missing.length === 0) continue;
                const uncovered = through.filter((o) => missing.some((a) => !g.prerequisites(o).has(a.urn)));
                report(`${provider.name}: Kubernetes provider of cluster ${cluster.name} (bootstrapClusterCreatorAdminPermissions false) is not ordered after its cluster-scope admin access policy associations ${missing.map((a) => a.name).join(", ")}; nor are ${uncovered.length} of the ${through.length} objects created through it, which the API server refuses until the deployer's access exists (${SOURCE}). Fix: give ${provider.name} dependsOn on ${missing.map((a) => a.name).join(", ")}.`, provider.urn);
            }
        });
    },
);
