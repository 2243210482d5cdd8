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

/** Where workloads may talk beyond DNS: the load balancers in, the data stores and HTTPS out. */
export interface WorkloadReach {
    /** Public subnets, where the origin ALB's nodes are. */
    loadBalancerCidrs: readonly string[];
    /** Isolated subnets, where Aurora and Valkey are. */
    dataCidrs: readonly string[];
}

/** Ports the allow policies open. */
export const APP_PORT = 8080;
export const DATA_PORTS = [5432, 6379] as const;

/** The shop's Services take traffic from the origin ALB (TargetGroupBinding, IP targets). */
export function allowFromLoadBalancersPolicy(namespace: string, reach: WorkloadReach) {
    return {
        metadata: { name: "allow-from-load-balancers", namespace },
        spec: {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: reach.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: APP_PORT }] }],
        },
    };
}

/** Workloads reach Aurora and Valkey in the isolated subnets, and HTTPS anywhere (AWS APIs, S3, partners). */
export function allowEgressPolicy(namespace: string, reach: WorkloadReach) {
    return {
        metadata: { name: "allow-data-and-https", namespace },
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                { to: reach.dataCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: DATA_PORTS.map((port) => ({ protocol: "TCP", port })) },
                { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] },
            ],
        },
    };
}

/**
 * The EKS Pod Identity agent every pod asks for its AWS credentials: a host-network DaemonSet on
 * the link-local addresses 169.254.170.23 and fd00:ec2::23, port 80
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html). Under default-deny
 * egress a pod that cannot reach it never gets credentials, so every workload namespace allows it.
 */
export const POD_IDENTITY_AGENT = { ipv4: "169.254.170.23/32", ipv6: "fd00:ec2::23/128", port: 80 } as const;

export function allowPodIdentityAgentPolicy(namespace: string) {
    return {
        metadata: { name: "allow-pod-identity-agent", namespace },
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [{
                to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT.ipv4 } }, { ipBlock: { cidr: POD_IDENTITY_AGENT.ipv6 } }],
                ports: [{ protocol: "TCP", port: POD_IDENTITY_AGENT.port }],
            }],
        },
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
