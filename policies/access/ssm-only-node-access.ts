import { resourceRule } from "../define";

/** No SSH keys on nodes (checkov CKV_AWS_100 for node groups): SSM Session Manager is audited and keyless. */
export const ssmOnlyNodeAccess = resourceRule(
    {
        name: "ssm-only-node-access",
        description: "Nodes are reached through SSM Session Manager only: no SSH key on a node group or launch template.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove remoteAccess / keyName; use `aws ssm start-session` (node roles carry AmazonSSMManagedInstanceCore).",
    },
    ["aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/instance:Instance"],
    (props, args, judge) =>
        judge.one(args, () => (props.remoteAccess || props.keyName ? [{ message: `${args.name} lets nodes be reached with an SSH key; use SSM Session Manager.` }] : [])),
);
