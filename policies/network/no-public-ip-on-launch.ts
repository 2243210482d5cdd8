import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

export const noPublicIpOnLaunch: ResourceValidationPolicy = {
    name: "no-public-ip-on-launch",
    description: "Subnets do not hand out public IPs: only load balancers and NAT gateways face the internet.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Set mapPublicIpOnLaunch: false on the subnet.",
    validateResource: validateResourceOfType(aws.ec2.Subnet, (subnet, args, reportViolation) => {
        if (subnet.mapPublicIpOnLaunch === true) {
            reportViolation(`Subnet ${args.name} gives every instance launched in it a public IP.`);
        }
    }),
};
