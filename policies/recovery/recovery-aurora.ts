import { ofType } from "../graph";
import { auroraRecovery, declaredTopology } from "./calculus";
import { storeRule } from "./store-rule";

export const recoveryAurora = storeRule("recovery-aurora", "Aurora clusters", (rs) =>
    ofType(rs, "aws:rds/cluster:Cluster").map((c) => auroraRecovery(c, rs, declaredTopology(rs))),
);
