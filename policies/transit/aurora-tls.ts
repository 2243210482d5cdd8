/**
 * aurora-tls: every Aurora PostgreSQL cluster requires TLS. `rds.force_ssl` defaults to 0 in
 * Aurora PostgreSQL's cluster parameter groups ("The rds.force_ssl parameter is set to 0 (off) by
 * default", https://repost.aws/knowledge-center/aurora-postgresql-ssl-certificates), so a cluster
 * on the default group, or a group that leaves the parameter out, accepts plain connections.
 */
import { stackRule } from "../define";
import { clusterParameter } from "../graph";
import { Net } from "../network/refs";

export const auroraTls = stackRule(
    {
        name: "aurora-tls",
        description: "Every Aurora cluster's parameter group requires TLS (rds.force_ssl = 1; the engine default is 0).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Use a cluster parameter group with rds.force_ssl set to 1.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        return judge.each(net.ofType("aws:rds/cluster:Cluster"), (cluster) =>
            clusterParameter(cluster, resources, "rds.force_ssl") === "1" ? [] : [{ urn: cluster.urn, message: `Aurora cluster ${cluster.name} accepts connections without TLS (rds.force_ssl is not 1).` }]);
    },
);
