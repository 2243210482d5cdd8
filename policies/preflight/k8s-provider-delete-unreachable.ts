import { eachDeferringUnknowns, graphOf, preflightRule } from "./graph";
import { K8S_PROVIDER } from "./order-cluster-access";

/**
 * deleteUnreachable: "If present and set to true, the provider will delete resources associated
 * with an unreachable Kubernetes cluster from Pulumi state" (pulumi-kubernetes Provider; refresh and
 * destroy of a stack whose cluster is gone succeed instead of failing, pulumi/pulumi-kubernetes#2489).
 * The SDK sends it JSON-encoded ("true").
 */
const SOURCE = "https://www.pulumi.com/registry/packages/kubernetes/api-docs/provider/#deleteunreachable_nodejs";

export const preflightK8sDeleteUnreachable = preflightRule(
    {
        name: "preflight-k8s-delete-unreachable",
        description: "Every Kubernetes provider sets deleteUnreachable: true, so a stack whose cluster is already gone can still be refreshed and destroyed.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Pass deleteUnreachable: true to the kubernetes.Provider.",
    },
    (args, report, judge) => {
        eachDeferringUnknowns(judge, graphOf(args.resources).ofType(K8S_PROVIDER), (p) => {
            const v = p.props.deleteUnreachable;
            if (v !== true && v !== "true") {
                report(`${p.name}: deleteUnreachable is ${v === undefined ? "unset" : JSON.stringify(v)}; once its cluster is deleted, refresh and destroy of this stack fail on every Kubernetes object (${SOURCE}). Fix: set deleteUnreachable: true on the provider.`, p.urn);
            }
        });
    },
);
