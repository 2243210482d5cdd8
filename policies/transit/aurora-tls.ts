import { StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../graph";

export const auroraTls = {
    name: "aurora-tls",
    description: "Every Aurora cluster's parameter group requires TLS (rds.force_ssl = 1).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Use a cluster parameter group with rds.force_ssl set to 1.",
    validateStack: (args, report) => {
        const groups = ofType(args.resources, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
        for (const cluster of ofType(args.resources, "aws:rds/cluster:Cluster")) {
            const group = groups.find((g) => g.props.name === cluster.props.dbClusterParameterGroupName);
            const forced = ((group?.props.parameters ?? []) as { name: string; value: string }[]).some((p) => p.name === "rds.force_ssl" && p.value === "1");
            if (!forced) report(`Aurora cluster ${cluster.name} accepts connections without TLS (rds.force_ssl is not 1).`, cluster.urn);
        }
    },
} satisfies StackValidationPolicy;
