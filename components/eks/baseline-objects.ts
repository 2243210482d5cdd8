/** Kubernetes objects of the platform baseline as plain data (pure, read by tests). */

/** Workload namespaces and the Pod Security Standard each enforces. */
export const WORKLOAD_NAMESPACES: Readonly<Record<string, "restricted" | "baseline">> = {
    shop: "restricted",
    media: "restricted",
    batch: "restricted",
};

export function podSecurityLabels(level: "restricted" | "baseline", kubernetesVersion: string): Record<string, string> {
    const version = `v${kubernetesVersion}`;
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": version,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": version,
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": version,
    };
}

/** Nothing in or out unless another policy allows it. */
export function defaultDenyPolicy(namespace: string) {
    return {
        metadata: { name: "default-deny", namespace },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    };
}

/** Every pod may resolve names through CoreDNS, and nothing else by this policy. */
export function allowDnsPolicy(namespace: string) {
    return {
        metadata: { name: "allow-dns", namespace },
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [
                        {
                            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                        },
                    ],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        },
    };
}
