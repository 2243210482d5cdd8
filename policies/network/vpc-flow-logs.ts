import { StackValidationPolicy } from "@pulumi/policy";
import { ofType, refersTo } from "../graph";

export const vpcFlowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs",
    description: "Every VPC records ALL traffic in flow logs, so an incident can be reconstructed.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Give the VPC an aws.ec2.FlowLog with trafficType ALL and a log destination (the Network component does).",
    validateStack: (args, reportViolation) => {
        const flowLogs = ofType(args.resources, "aws:ec2/flowLog:FlowLog");
        for (const vpc of ofType(args.resources, "aws:ec2/vpc:Vpc")) {
            const logs = flowLogs.filter((f) => refersTo(f, vpc, "vpcId"));
            if (logs.length === 0) {
                reportViolation(`VPC ${vpc.name} has no flow log.`, vpc.urn);
            } else if (!logs.some((f) => f.props.trafficType === "ALL" && f.props.logDestination)) {
                reportViolation(`VPC ${vpc.name} has flow logs, but none records ALL traffic to a destination.`, vpc.urn);
            }
        }
    },
};
