import { stackRule } from "../define";
import { Net, T } from "./refs";

export const vpcFlowLogs = stackRule(
    {
        name: "vpc-flow-logs",
        description: "Every VPC records ALL traffic in flow logs, so an incident can be reconstructed.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the VPC an aws.ec2.FlowLog with trafficType ALL and a log destination (the Network component does).",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const flowLogs = net.ofType("aws:ec2/flowLog:FlowLog");
        return judge.each(net.ofType(T.vpc), (vpc) => {
            const logs = flowLogs.filter((f) => net.referenced(f, "vpcId", [vpc]).length > 0);
            if (logs.length === 0) return [{ urn: vpc.urn, message: `VPC ${vpc.name} has no flow log.` }];
            if (!logs.some((f) => f.props.trafficType === "ALL" && f.props.logDestination)) return [{ urn: vpc.urn, message: `VPC ${vpc.name} has flow logs, but none records ALL traffic to a destination.` }];
            return [];
        });
    },
);
