import { auroraRecovery, declaredTopology } from "./calculus";
import { storeRule } from "./store-rule";

export const recoveryAurora = storeRule("recovery-aurora", "Aurora clusters", (rs) =>
    rs.filter((r) => r.type === "aws:rds/cluster:Cluster").map((c) => auroraRecovery(c, rs, declaredTopology(rs))),
);
