import { resourceRule } from "../define";

type Metadata = { httpTokens?: string; httpPutResponseHopLimit?: number };

export const imdsv2Required = resourceRule(
    {
        name: "imdsv2-required",
        description: "Nodes accept only IMDSv2 (session tokens), with a hop limit of 1 so pods cannot reach the node's credentials.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set metadataOptions httpTokens: required and httpPutResponseHopLimit: 1.",
    },
    ["kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "aws:ec2/launchTemplate:LaunchTemplate"],
    (props, args) => {
        const m = (args.type === "aws:ec2/launchTemplate:LaunchTemplate" ? props.metadataOptions : (props.spec as { metadataOptions?: Metadata } | undefined)?.metadataOptions) as Metadata | undefined;
        const problems: string[] = [];
        if (m?.httpTokens !== "required") problems.push(`${args.name} allows IMDSv1 (httpTokens is ${m?.httpTokens ?? "unset"}, must be required).`);
        if (m?.httpPutResponseHopLimit !== undefined && m.httpPutResponseHopLimit > 1) problems.push(`${args.name} lets pods reach instance metadata (hop limit ${m.httpPutResponseHopLimit}).`);
        return problems;
    },
);
