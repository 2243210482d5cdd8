import { StackValidationPolicy } from "@pulumi/policy";
import { clusterParameter, ofType } from "../graph";

export const auroraTls = {
    name: "aurora-tls",
    description: "Every Aurora cluster's parameter group requires TLS (rds.force_ssl = 1).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Use a cluster parameter group with rds.force_ssl set to 1.",
    validateStack: (args, report) => {
        for (const cluster of ofType(args.resources, "aws:rds/cluster:Cluster")) {
            if (clusterParameter(cluster, args.resources, "rds.force_ssl") !== "1") report(`Aurora cluster ${cluster.name} accepts connections without TLS (rds.force_ssl is not 1).`, cluster.urn);
        }
    },
} satisfies StackValidationPolicy;
