import { resourceRule } from "../define";

export const noPublicIpOnLaunch = resourceRule(
    {
        name: "no-public-ip-on-launch",
        description: "Subnets do not hand out public IPs: only load balancers and NAT gateways face the internet. (Advisory: where nodes run, no-public-addresses refuses it.)",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Set mapPublicIpOnLaunch: false on the subnet.",
    },
    ["aws:ec2/subnet:Subnet"],
    // mapPublicIpOnLaunch defaults to false (aws.ec2.Subnet).
    (props, args) => (props.mapPublicIpOnLaunch === true ? [`Subnet ${args.name} gives every instance launched in it a public IP.`] : []),
);
