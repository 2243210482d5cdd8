/**
 * Ordering facts of the Kubernetes side, as tables: which release installs which CRD group, which
 * admission webhooks a chart installs and what they admit, what a chart renders (the objects its
 * release creates), and the finalizers whose controller must outlive the objects.
 *
 * Sources are the chart templates at the versions components/eks/versions.ts pins:
 *   aws/karpenter-provider-aws v1.14.1 charts/karpenter{,-crd}/ (templates/, crds/);
 *   kubernetes-sigs/aws-load-balancer-controller v3.5.0 helm/aws-load-balancer-controller/
 *   (templates/webhook.yaml, values.yaml, crds/crds.yaml, crds/gateway-crds.yaml);
 *   NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/templates/ (no webhook, no Service).
 */

/** API groups served by the API server itself, and Pulumi's non-object types (kubernetes.io/docs/reference/kubernetes-api/). */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
    "", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io",
    "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "admissionregistration.k8s.io",
    "apiextensions.k8s.io", "apiregistration.k8s.io", "certificates.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
    "resource.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "storagemigration.k8s.io", "internal.apiserver.k8s.io",
    // Pulumi component types, not API groups.
    "helm.sh", "yaml", "kustomize",
]);

export interface CrdSource {
    chart: string;
    /** The CRDs sit in the chart's crds/ directory: a release with skipCrds installs none. */
    fromCrdsDir: boolean;
}

const KARPENTER = [
    { chart: "karpenter-crd", fromCrdsDir: false },
    { chart: "karpenter", fromCrdsDir: true },
];

export const CRD_SOURCES: Readonly<Record<string, readonly CrdSource[]>> = {
    // charts/karpenter-crd/templates/*.yaml and charts/karpenter/crds/*.yaml at v1.14.1.
    "karpenter.sh": KARPENTER,
    "karpenter.k8s.aws": KARPENTER,
    "autoscaling.x-k8s.io": KARPENTER,
    // helm/aws-load-balancer-controller/crds/{crds,gateway-crds}.yaml at v3.5.0.
    "elbv2.k8s.aws": [{ chart: "aws-load-balancer-controller", fromCrdsDir: true }],
    "aga.k8s.aws": [{ chart: "aws-load-balancer-controller", fromCrdsDir: true }],
    "gateway.k8s.aws": [{ chart: "aws-load-balancer-controller", fromCrdsDir: true }],
};

/** Kinds whose creation creates pods (what a pod webhook admits). */
export const POD_CREATORS: ReadonlySet<string> = new Set(["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController"]);

export interface Webhook {
    name: string;
    group: string;
    /** Kinds admitted; "pods" webhooks admit every pod creator. */
    kinds: readonly string[] | "pods";
    failurePolicy: "Fail" | "Ignore";
    /** Installed unless the release's values say otherwise. */
    enabled: (values: Record<string, unknown>) => boolean;
    /** Only objects in namespaces carrying this label (key=value). */
    namespaceLabel?: [string, string];
    /** Objects carrying this label are not admitted (the chart's own). */
    excludeLabel?: [string, string];
}

const SELF: [string, string] = ["app.kubernetes.io/name", "aws-load-balancer-controller"];
const get = (values: Record<string, unknown>, path: string): unknown =>
    path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), values);
const always = () => true;

/** Webhooks a chart installs; a chart not listed installs none. */
export const WEBHOOKS: Readonly<Record<string, readonly Webhook[]>> = {
    "aws-load-balancer-controller": [
        // enableServiceMutatorWebhook defaults to true; serviceMutatorWebhookConfig.failurePolicy Fail; operations [CREATE].
        { name: "mservice.elbv2.k8s.aws", group: "", kinds: ["Service"], failurePolicy: "Fail", enabled: (v) => get(v, "enableServiceMutatorWebhook") !== false, excludeLabel: SELF },
        { name: "mtargetgroupbinding.elbv2.k8s.aws", group: "elbv2.k8s.aws", kinds: ["TargetGroupBinding"], failurePolicy: "Fail", enabled: always },
        { name: "vtargetgroupbinding.elbv2.k8s.aws", group: "elbv2.k8s.aws", kinds: ["TargetGroupBinding"], failurePolicy: "Fail", enabled: always },
        { name: "vingressclassparams.elbv2.k8s.aws", group: "elbv2.k8s.aws", kinds: ["IngressClassParams"], failurePolicy: "Fail", enabled: always, excludeLabel: SELF },
        { name: "vingress.elbv2.k8s.aws", group: "networking.k8s.io", kinds: ["Ingress"], failurePolicy: "Fail", enabled: (v) => get(v, "webhookConfig.disableIngressValidation") !== true },
        { name: "vglobalaccelerator.aga.k8s.aws", group: "aga.k8s.aws", kinds: ["GlobalAccelerator"], failurePolicy: "Fail", enabled: (v) => get(v, "controllerConfig.featureGates.GlobalAcceleratorController") === true },
        // Pod readiness gates: podMutatorWebhookConfig.failurePolicy defaults to Ignore (the pod is
        // created without its readiness gate), in namespaces labelled for injection.
        { name: "mpod.elbv2.k8s.aws", group: "", kinds: "pods", failurePolicy: "Ignore", enabled: always, namespaceLabel: ["elbv2.k8s.aws/pod-readiness-gate-inject", "enabled"], excludeLabel: SELF },
        { name: "quicid.elbv2.k8s.aws", group: "", kinds: "pods", failurePolicy: "Fail", enabled: always, namespaceLabel: ["elbv2.k8s.aws/quic-server-id-inject", "enabled"], excludeLabel: SELF },
        { name: "alb-target-control.namespace.elbv2.k8s.aws", group: "", kinds: "pods", failurePolicy: "Fail", enabled: always, namespaceLabel: ["elbv2.k8s.aws/alb-target-control-agent-injection", "enabled"], excludeLabel: SELF },
    ],
    // charts/karpenter/templates at v1.14.1 render no webhook configuration.
    karpenter: [],
    "karpenter-crd": [],
    "nvidia-device-plugin": [],
};

export interface Rendered {
    group: string;
    kind: string;
    labels: Readonly<Record<string, string>>;
}

/** What a chart's release creates in its namespace (for the webhooks above). */
export const RENDERS: Readonly<Record<string, readonly Rendered[]>> = {
    // templates/service.yaml (unconditional, metrics) and templates/deployment.yaml.
    karpenter: [
        { group: "", kind: "Service", labels: { "app.kubernetes.io/name": "karpenter" } },
        { group: "apps", kind: "Deployment", labels: { "app.kubernetes.io/name": "karpenter" } },
    ],
    "karpenter-crd": [],
    // templates/service.yaml (the webhook service) and templates/deployment.yaml, labelled as the chart.
    "aws-load-balancer-controller": [
        { group: "", kind: "Service", labels: { "app.kubernetes.io/name": "aws-load-balancer-controller" } },
        { group: "apps", kind: "Deployment", labels: { "app.kubernetes.io/name": "aws-load-balancer-controller" } },
    ],
    // templates/daemonset-device-plugin.yml (gfd/mps daemonsets are off by default).
    "nvidia-device-plugin": [{ group: "apps", kind: "DaemonSet", labels: { "app.kubernetes.io/name": "nvidia-device-plugin" } }],
};

export interface Finalized {
    group: string;
    kind: string;
    finalizer: string;
    /** The chart whose controller removes the finalizer. */
    controllerChart: string;
    source: string;
}

/**
 * Objects whose deletion waits on a controller: Pulumi deletes in reverse dependency order, so the
 * controller's release must be a prerequisite for it to be deleted after them.
 */
export const FINALIZED: readonly Finalized[] = [
    { group: "karpenter.k8s.aws", kind: "EC2NodeClass", finalizer: "karpenter.k8s.aws/termination", controllerChart: "karpenter",
        source: "https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/pkg/controllers/nodeclass/controller.go" },
    { group: "karpenter.sh", kind: "NodePool", finalizer: "karpenter.sh/termination (on its NodeClaims)", controllerChart: "karpenter",
        source: "https://github.com/kubernetes-sigs/karpenter/blob/main/pkg/apis/v1/labels.go" },
];

/** Does a webhook admit an object of `group`/`kind` with these labels in a namespace with these labels? */
export function admits(w: Webhook, group: string, kind: string, labels: Readonly<Record<string, string>>, namespaceLabels: Readonly<Record<string, string>>): boolean {
    const kindMatches = w.kinds === "pods" ? POD_CREATORS.has(kind) && (group === "" || group === "apps" || group === "batch") : w.group === group && w.kinds.includes(kind);
    if (!kindMatches) return false;
    if (w.namespaceLabel && namespaceLabels[w.namespaceLabel[0]] !== w.namespaceLabel[1]) return false;
    if (w.excludeLabel && labels[w.excludeLabel[0]] === w.excludeLabel[1]) return false;
    return true;
}

/** Where each chart's templates were read, at the pinned version. */
export const CHART_SOURCES: Readonly<Record<string, string>> = {
    "aws-load-balancer-controller": "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/helm/aws-load-balancer-controller/templates/webhook.yaml",
    karpenter: "https://github.com/aws/karpenter-provider-aws/tree/v1.14.1/charts/karpenter/templates",
    "karpenter-crd": "https://github.com/aws/karpenter-provider-aws/tree/v1.14.1/charts/karpenter-crd/templates",
    "nvidia-device-plugin": "https://github.com/NVIDIA/k8s-device-plugin/tree/main/deployments/helm/nvidia-device-plugin/templates",
};

/** Kubernetes: a webhook that cannot be reached fails the request when failurePolicy is Fail. */
export const FAILURE_POLICY_SOURCE = "https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy";
