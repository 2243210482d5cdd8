import { resourceRule } from "../define";

type Ebs = { encrypted?: boolean | string; kmsKeyID?: string; kmsKeyId?: string };

export const ebsEncrypted = resourceRule(
    {
        name: "ebs-encrypted",
        description: "Node volumes (Karpenter node classes, launch templates, managed node groups) are encrypted with a customer-managed key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set encrypted and the KMS key on every block device mapping (kmsKeyID in an EC2NodeClass, kmsKeyId in a launch template); give managed node groups such a launch template.",
    },
    ["kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "aws:ec2/launchTemplate:LaunchTemplate", "aws:eks/nodeGroup:NodeGroup"],
    (props, args) => {
        if (args.type === "aws:eks/nodeGroup:NodeGroup") {
            return props.launchTemplate ? [] : [`Node group ${args.name} has no launch template, so its root volumes take the unencrypted default.`];
        }
        const mappings = (args.type === "aws:ec2/launchTemplate:LaunchTemplate"
            ? props.blockDeviceMappings
            : (props.spec as { blockDeviceMappings?: unknown } | undefined)?.blockDeviceMappings) as { deviceName?: string; ebs?: Ebs }[] | undefined;
        if (!mappings || mappings.length === 0) return [`${args.name} declares no block device, so its root volume takes the unencrypted default.`];
        return mappings
            .filter((m) => !(m.ebs && (m.ebs.encrypted === true || m.ebs.encrypted === "true") && (m.ebs.kmsKeyID || m.ebs.kmsKeyId)))
            .map((m) => `${args.name}: volume ${m.deviceName ?? "?"} is not encrypted with a customer-managed key.`);
    },
);
