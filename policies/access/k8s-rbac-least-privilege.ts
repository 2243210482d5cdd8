/**
 * k8s-rbac-least-privilege: the Kubernetes Roles and ClusterRoles the program creates grant no
 * wildcard and none of the grants Kubernetes names as privilege-escalation paths
 * (https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks):
 * - `*` in apiGroups, resources, verbs or nonResourceURLs (checkov CKV_K8S_49);
 * - the verbs escalate (edit a role beyond one's own rights, CKV_K8S_158), bind (bind any role,
 *   CKV_K8S_157) and impersonate (act as another user, group or service account);
 * - writing admission webhook configurations (mutating/validatingwebhookconfigurations of
 *   admissionregistration.k8s.io: intercept or rewrite every object, CKV_K8S_155);
 * - approving certificate signing requests (certificatesigningrequests/approval update/patch, or
 *   approve on signers: mint client certificates, CKV_K8S_156).
 * Roles that Helm charts install are not in the plan (the charts' own RBAC is the vendors'); only
 * the program's own objects are judged.
 */
import { stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { asArray, strings } from "../network/refs";

const TYPES = ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "kubernetes:rbac.authorization.k8s.io/v1:Role"];
const WRITE = ["create", "update", "patch", "delete", "deletecollection", "*"];
export const ESCALATING_VERBS = ["escalate", "bind", "impersonate"] as const;
const WEBHOOKS = ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"];

interface PolicyRule {
    apiGroups?: unknown;
    resources?: unknown;
    verbs?: unknown;
    nonResourceURLs?: unknown;
}

/** What one RBAC rule grants that it should not (empty when nothing). */
export function rbacGrants(rule: PolicyRule): string[] {
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    const verbs = strings(rule.verbs);
    const urls = strings(rule.nonResourceURLs);
    const found: string[] = [];
    const wild = [groups.includes("*") && "apiGroups", resources.includes("*") && "resources", verbs.includes("*") && "verbs", urls.includes("*") && "nonResourceURLs"].filter((w): w is string => typeof w === "string");
    if (wild.length) found.push(`* in ${wild.join(", ")}`);
    const escalating = ESCALATING_VERBS.filter((v) => verbs.includes(v));
    if (escalating.length) found.push(`the ${escalating.join(", ")} verb${escalating.length > 1 ? "s" : ""}`);
    const writes = verbs.some((v) => WRITE.includes(v));
    const admission = groups.includes("admissionregistration.k8s.io") || groups.includes("*");
    if (writes && admission && resources.some((r) => WEBHOOKS.includes(r))) found.push("write access to admission webhook configurations");
    const certificates = groups.includes("certificates.k8s.io") || groups.includes("*");
    if (certificates && ((resources.includes("certificatesigningrequests/approval") && verbs.some((v) => ["update", "patch", "*"].includes(v))) || (resources.includes("signers") && verbs.includes("approve")))) {
        found.push("approval of certificate signing requests");
    }
    return found;
}

const label = (r: GraphResource) => {
    const name = (r.props.metadata as { name?: unknown } | undefined)?.name;
    const kind = r.type.endsWith(":ClusterRole") ? "ClusterRole" : "Role";
    return typeof name === "string" && name !== r.name ? `${kind} ${name} (${r.name})` : `${kind} ${r.name}`;
};

export const k8sRbacLeastPrivilege = stackRule(
    {
        name: "k8s-rbac-least-privilege",
        description: "The program's Kubernetes Roles and ClusterRoles grant no wildcard, no escalate/bind/impersonate, no write to admission webhooks and no CSR approval.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "List the API groups, resources and verbs the workload needs; leave escalation verbs, webhook configurations and CSR approval to the cluster's administrators.",
    },
    (rs, _config, judge) =>
        judge.each(rs.filter((r) => TYPES.includes(r.type)), (r): StackProblem[] =>
            asArray(r.props.rules as PolicyRule[] | undefined).flatMap((rule, i) => {
                const grants = rbacGrants(rule);
                return grants.length ? [{ urn: r.urn, message: `${label(r)} rule ${i + 1} grants ${grants.join(" and ")}: a path to cluster-admin. Name the API groups, resources and verbs it needs.` }] : [];
            })),
);
