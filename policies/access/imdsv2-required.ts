import { resourceRule } from "../define";

interface Metadata {
    httpEndpoint?: string;
    httpTokens?: string;
    httpPutResponseHopLimit?: number;
}

const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

/**
 * What a node gets when its metadata options are absent:
 * - Karpenter v1 EC2NodeClass: spec.metadataOptions omitted → httpEndpoint enabled, httpProtocolIPv6
 *   disabled, httpPutResponseHopLimit 1, httpTokens required; a metadataOptions object with a field
 *   omitted takes the same per-field default. https://karpenter.sh/docs/concepts/nodeclasses/#specmetadataoptions
 *   (the pinned CRD, @kubernetes-models/karpenter karpenter.k8s.aws/v1 EC2NodeClassSpec, says the same).
 * - EC2 launch template: httpEndpoint enabled. A field the template leaves unset is decided at
 *   launch by the AMI and the account defaults: httpTokens required only for AMIs flagged
 *   ImdsSupport v2.0 (else optional), hop limit 2 for those AMIs (else 1). The template does not pin
 *   its AMI's flag, so the pack takes the weaker of each: optional, 2.
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateInstanceMetadataOptionsRequest.html
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
 */
export const KARPENTER_METADATA_DEFAULTS = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } as const;
export const LAUNCH_TEMPLATE_METADATA_DEFAULTS = { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 2 } as const;

/** The effective metadata options, defaults applied field by field. */
export function effectiveMetadata(type: string, given: Metadata | undefined): Required<Metadata> {
    const defaults = type === NODE_CLASS ? KARPENTER_METADATA_DEFAULTS : LAUNCH_TEMPLATE_METADATA_DEFAULTS;
    return {
        httpEndpoint: given?.httpEndpoint ?? defaults.httpEndpoint,
        httpTokens: given?.httpTokens ?? defaults.httpTokens,
        httpPutResponseHopLimit: given?.httpPutResponseHopLimit ?? defaults.httpPutResponseHopLimit,
    };
}

export const imdsv2Required = resourceRule(
    {
        name: "imdsv2-required",
        description: "Nodes accept only IMDSv2 (session tokens), with a hop limit of 1 so pods cannot reach the node's credentials (checkov CKV_AWS_79, CKV_AWS_341).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set metadataOptions httpTokens: required and httpPutResponseHopLimit: 1 (an EC2NodeClass may omit metadataOptions: Karpenter's defaults are these).",
    },
    [NODE_CLASS, "aws:ec2/launchTemplate:LaunchTemplate"],
    (props, args, judge) =>
        judge.one(args, () => {
            const given = (args.type === NODE_CLASS ? (props.spec as { metadataOptions?: Metadata } | undefined)?.metadataOptions : props.metadataOptions) as Metadata | undefined;
            const m = effectiveMetadata(args.type, given);
            if (m.httpEndpoint === "disabled") return [];
            const problems: string[] = [];
            if (m.httpTokens !== "required") problems.push(`${args.name} allows IMDSv1 (httpTokens is ${given?.httpTokens ?? `unset, ${m.httpTokens} by default`}, must be required).`);
            if (m.httpPutResponseHopLimit > 1) problems.push(`${args.name} lets pods reach instance metadata (hop limit ${given?.httpPutResponseHopLimit ?? `unset, ${m.httpPutResponseHopLimit} by default`}).`);
            return problems.map((message) => ({ message }));
        }),
);
