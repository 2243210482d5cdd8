import { resourceRule } from "../define";

/**
 * The EKS API endpoint. Provider/API defaults: endpointPrivateAccess false, endpointPublicAccess
 * true, publicAccessCidrs 0.0.0.0/0. https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 * (checkov CKV_AWS_38; CKV_AWS_39 / AWSGuard EKS_ENDPOINT_NO_PUBLIC_ACCESS refuse any public
 * endpoint — the platform keeps one, limited to the operators' CIDRs).
 */
export const eksEndpointPrivate = resourceRule(
    {
        name: "eks-endpoint-private",
        description: "The EKS API endpoint is private, or public only to named CIDRs — never to the world.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Set endpointPrivateAccess: true, and either endpointPublicAccess: false or publicAccessCidrs without 0.0.0.0/0.",
    },
    ["aws:eks/cluster:Cluster"],
    (props, args, judge) =>
        judge.one(args, () => {
            const vpc = (props.vpcConfig ?? {}) as { endpointPrivateAccess?: boolean; endpointPublicAccess?: boolean; publicAccessCidrs?: string[] };
            const problems: string[] = [];
            if (vpc.endpointPrivateAccess !== true) problems.push(`EKS cluster ${args.name} has no private API endpoint.`);
            const cidrs = vpc.publicAccessCidrs ?? [];
            if (vpc.endpointPublicAccess !== false && (cidrs.length === 0 || cidrs.includes("0.0.0.0/0") || cidrs.includes("::/0"))) {
                problems.push(`EKS cluster ${args.name} exposes its API endpoint to the whole internet.`);
            }
            return problems.map((message) => ({ message }));
        }),
);
