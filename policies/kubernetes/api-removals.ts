/**
 * API versions Kubernetes no longer serves. kubernetes-models merges the OpenAPI of older releases
 * into its own so removed APIs keep their models (first-party/kubernetes-models/scripts/
 * generate.ts: "Old versions with removed APIs"); a model existing therefore does not mean the
 * pinned minor serves it. Source: "Deprecated API Migration Guide", Removed APIs by release,
 * https://kubernetes.io/docs/reference/using-api/deprecation-guide/
 */

export interface Removal {
    apiVersion: string;
    /** The kinds no longer served in that version; `*` for the whole group version. */
    kinds: readonly string[] | "*";
    /** The first minor that stopped serving them. */
    removedIn: string;
}

export const REMOVED_APIS: readonly Removal[] = [
    { apiVersion: "extensions/v1beta1", kinds: "*", removedIn: "1.22" },
    { apiVersion: "apps/v1beta1", kinds: "*", removedIn: "1.16" },
    { apiVersion: "apps/v1beta2", kinds: "*", removedIn: "1.16" },
    { apiVersion: "admissionregistration.k8s.io/v1beta1", kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], removedIn: "1.22" },
    { apiVersion: "apiextensions.k8s.io/v1beta1", kinds: ["CustomResourceDefinition"], removedIn: "1.22" },
    { apiVersion: "apiregistration.k8s.io/v1beta1", kinds: ["APIService"], removedIn: "1.22" },
    { apiVersion: "authentication.k8s.io/v1beta1", kinds: ["TokenReview"], removedIn: "1.22" },
    { apiVersion: "authorization.k8s.io/v1beta1", kinds: ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview"], removedIn: "1.22" },
    { apiVersion: "certificates.k8s.io/v1beta1", kinds: ["CertificateSigningRequest"], removedIn: "1.22" },
    { apiVersion: "coordination.k8s.io/v1beta1", kinds: ["Lease"], removedIn: "1.22" },
    { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], removedIn: "1.22" },
    { apiVersion: "rbac.authorization.k8s.io/v1beta1", kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], removedIn: "1.22" },
    { apiVersion: "scheduling.k8s.io/v1beta1", kinds: ["PriorityClass"], removedIn: "1.22" },
    { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], removedIn: "1.22" },
    { apiVersion: "batch/v1beta1", kinds: ["CronJob"], removedIn: "1.25" },
    { apiVersion: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], removedIn: "1.25" },
    { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], removedIn: "1.25" },
    { apiVersion: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], removedIn: "1.25" },
    { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget", "PodSecurityPolicy"], removedIn: "1.25" },
    { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], removedIn: "1.25" },
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kinds: ["FlowSchema", "PriorityLevelConfiguration"], removedIn: "1.26" },
    { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], removedIn: "1.26" },
    { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], removedIn: "1.27" },
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kinds: ["FlowSchema", "PriorityLevelConfiguration"], removedIn: "1.29" },
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kinds: ["FlowSchema", "PriorityLevelConfiguration"], removedIn: "1.32" },
];

const minor = (v: string) => Number(v.split(".")[1]);

/** The removal that stops `apiVersion` `kind` being served by Kubernetes `pinned`, if any. */
export function removalOf(apiVersion: string, kind: string, pinned: string): Removal | undefined {
    return REMOVED_APIS.find((r) => r.apiVersion === apiVersion && (r.kinds === "*" || r.kinds.includes(kind)) && minor(r.removedIn) <= minor(pinned));
}
