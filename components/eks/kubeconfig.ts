/**
 * The kubeconfig the Kubernetes provider uses: built from this cluster's outputs, authenticated
 * with `aws eks get-token` under whatever AWS identity runs `pulumi up` (never the ambient
 * ~/.kube/config).
 */
export function kubeconfig(a: { clusterName: string; endpoint: string; certificateAuthority: string; region: string }): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: a.clusterName, cluster: { server: a.endpoint, "certificate-authority-data": a.certificateAuthority } }],
        contexts: [{ name: a.clusterName, context: { cluster: a.clusterName, user: a.clusterName } }],
        "current-context": a.clusterName,
        users: [
            {
                name: a.clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", a.clusterName, "--region", a.region, "--output", "json"],
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}
