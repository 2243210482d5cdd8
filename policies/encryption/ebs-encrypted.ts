import { resourceRule } from "../define";
import { isCustomerKey } from "./customer-key";

type Ebs = { encrypted?: boolean | string; kmsKeyID?: string; kmsKeyId?: string };

/**
 * Node volumes: a block device without `encrypted` and a key takes the account's EBS default
 * (unencrypted unless EBS encryption by default is on, and then under aws/ebs); an EC2NodeClass
 * without blockDeviceMappings gets Karpenter's default root volume, a managed node group without a
 * launch template EKS's default one — neither under the platform's key.
 * https://karpenter.sh/docs/concepts/nodeclasses/#specblockdevicemappings ,
 * https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html (checkov CKV_AWS_8,
 * pulumi aws-ec2-launch-template-disallow-unencrypted-block-device / -configure-customer-managed-key).
 */
export const ebsEncrypted = resourceRule(
    {
        name: "ebs-encrypted",
        description: "Node volumes (Karpenter node classes, launch templates, managed node groups) are encrypted with a customer-managed key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set encrypted and the KMS key on every block device mapping (kmsKeyID in an EC2NodeClass, kmsKeyId in a launch template); give managed node groups such a launch template.",
    },
    ["kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "aws:ec2/launchTemplate:LaunchTemplate", "aws:eks/nodeGroup:NodeGroup"],
    (props, args, judge) =>
        judge.one(args, () => {
            if (args.type === "aws:eks/nodeGroup:NodeGroup") {
                return props.launchTemplate ? [] : [{ message: `Node group ${args.name} has no launch template, so its root volumes take the unencrypted default.` }];
            }
            const mappings = (args.type === "aws:ec2/launchTemplate:LaunchTemplate"
                ? props.blockDeviceMappings
                : (props.spec as { blockDeviceMappings?: unknown } | undefined)?.blockDeviceMappings) as { deviceName?: string; ebs?: Ebs }[] | undefined;
            if (!mappings || mappings.length === 0) return [{ message: `${args.name} declares no block device, so its root volume takes the unencrypted default.` }];
            return mappings
                .filter((m) => !(m.ebs && (m.ebs.encrypted === true || m.ebs.encrypted === "true") && isCustomerKey(m.ebs.kmsKeyID ?? m.ebs.kmsKeyId)))
                .map((m) => ({ message: `${args.name}: volume ${m.deviceName ?? "?"} is not encrypted with a customer-managed key.` }));
        }),
);
