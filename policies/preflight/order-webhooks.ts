import { PolicyResource } from "@pulumi/policy";
import { chartName, chartOf, eachDeferringUnknowns, graphOf, HELM_RELEASE, kubernetesGroupKind, preflightRule, rawProp } from "./graph";
import { admits, CHART_SOURCES, FAILURE_POLICY_SOURCE, RENDERS, Webhook, WEBHOOKS } from "./kubernetes";
import { kubernetesObjects } from "./order-cluster-access";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const SKIP_AWAIT_SOURCE = "https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/";

/** An object the API server admits: a Kubernetes resource of the plan, or one a release renders. */
interface Admitted {
    owner: PolicyResource;
    group: string;
    kind: string;
    namespace: string;
    labels: Readonly<Record<string, string>>;
}

interface Meta {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
}

/** For linking (namespaces by name): an unknown metadata links to nothing. */
const metaOf = (r: PolicyResource): Meta => (rawProp(r, "metadata") as Meta | undefined) ?? {};
/** For judging an object: an unknown metadata makes it "cannot verify". */
const judgedMeta = (r: PolicyResource): Meta => (r.props.metadata as Meta | undefined) ?? {};

export const preflightWebhookOrder = preflightRule(
    {
        name: "preflight-order-webhooks",
        description: "Every object an admission webhook admits (Services, TargetGroupBindings, Ingresses, pods in labelled namespaces; releases count by what their charts render) is ordered with the release that installs the webhook, so it is never created while the webhook is registered but not serving.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Make the object (or the release rendering it) depend on the release that installs the webhook, keep that release awaiting readiness (no skipAwait), or turn the webhook off in the chart values.",
    },
    (args, report, judge) => {
        const g = graphOf(args.resources);
        const providerOf = (r: PolicyResource) => g.providerOf(r)?.urn;
        const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
        for (const ns of g.ofType(NAMESPACE)) namespaceLabels.set(`${providerOf(ns)} ${metaOf(ns).name}`, metaOf(ns).labels ?? {});

        const admitted: Admitted[] = [];
        eachDeferringUnknowns(judge, kubernetesObjects(g), (o) => {
            if (o.type === HELM_RELEASE) {
                const chart = chartOf(o.props.chart) ?? "";
                const rendered = RENDERS[chart];
                if (!rendered) {
                    report(`${o.name}: chart ${chart} is not in RENDERS of policies/preflight/kubernetes.ts, so the webhooks it may trip cannot be checked (${FAILURE_POLICY_SOURCE}). Fix: read the chart's templates at its pinned version and add what it renders.`, o.urn);
                    return;
                }
                const namespace = String(o.props.namespace ?? "default");
                for (const x of rendered) admitted.push({ owner: o, ...x, namespace });
                return;
            }
            const gk = kubernetesGroupKind(o.type, o.props.apiVersion);
            if (gk) admitted.push({ owner: o, ...gk, namespace: judgedMeta(o).namespace ?? "default", labels: judgedMeta(o).labels ?? {} });
        });

        const owners = g.ofType(HELM_RELEASE).filter((r) => (WEBHOOKS[chartName(r) ?? ""] ?? []).length > 0);
        eachDeferringUnknowns(judge, owners, (w) => {
            const values = (w.props.values as Record<string, unknown> | undefined) ?? {};
            const hooks = WEBHOOKS[chartName(w)!].filter((h) => h.enabled(values));
            const found = new Map<string, { x: Admitted; hooks: Webhook[] }>();
            for (const x of admitted) {
                if (x.owner.urn === w.urn || providerOf(x.owner) !== providerOf(w)) continue;
                const ns = namespaceLabels.get(`${providerOf(x.owner)} ${x.namespace}`) ?? {};
                const matching = hooks.filter((h) => admits(h, x.group, x.kind, x.labels, ns));
                if (matching.length === 0) continue;
                const key = x.owner.urn;
                const known = found.get(key);
                if (known) known.hooks.push(...matching.filter((h) => !known.hooks.includes(h)));
                else found.set(key, { x, hooks: matching });
            }
            const source = CHART_SOURCES[chartName(w)!] ?? FAILURE_POLICY_SOURCE;
            for (const { x, hooks: hs } of found.values()) {
                const names = hs.map((h) => h.name).join(", ");
                const fails = hs.some((h) => h.failurePolicy === "Fail");
                const after = g.prerequisites(x.owner).has(w.urn);
                const before = g.prerequisites(w).has(x.owner.urn);
                const what = x.owner.type === HELM_RELEASE ? `${x.kind} it renders` : x.kind;
                if (!after && !before) {
                    const effect = fails
                        ? `created while the webhook is registered but its pods are not serving, the API server refuses it (failurePolicy Fail, ${FAILURE_POLICY_SOURCE})`
                        : `created while the webhook is not serving, it is admitted without the webhook's mutation (failurePolicy Ignore, ${FAILURE_POLICY_SOURCE})`;
                    report(`${x.owner.name}: ${what} is admitted by ${names} of ${w.name} (${source}), and the two are not ordered; ${effect}. Fix: make ${x.owner.name} depend on ${w.name}.`, x.owner.urn);
                } else if (after && w.props.skipAwait === true) {
                    report(`${x.owner.name}: ${what} is admitted by ${names} of ${w.name}, which sets skipAwait, so depending on it does not wait for the webhook's pods (${SKIP_AWAIT_SOURCE}). Fix: let ${w.name} await readiness.`, x.owner.urn);
                }
            }
        });
    },
);
