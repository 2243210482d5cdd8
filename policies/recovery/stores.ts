/** The shared check of the three store rules: figures against objectives, with the arithmetic. */
import { StackProblem } from "../define";
import { Objectives, seconds } from "../objectives";
import { StoreRecovery } from "./calculus";

const ADVICE: Record<StoreRecovery["kind"], { rpo: string; rto: string; corruption: string }> = {
    Aurora: {
        rpo: "join the global database and keep rds.global_db_rpo at or below the objective",
        rto: "make the cluster a global database member so a region can fail over",
        corruption: "keep backupRetentionPeriod at 7 days or more (point-in-time recovery) or add continuous backup",
    },
    S3: {
        rpo: "replicate to the other regions with Replication Time Control (15 min)",
        rto: "replicate to the other regions so readers switch without a restore",
        corruption: "enable versioning or continuous backup",
    },
    ElastiCache: {
        rpo: "join the cache's global datastore",
        rto: "join the cache's global datastore so a secondary can be promoted",
        corruption: "keep daily snapshots",
    },
};

export function storeProblems(stores: StoreRecovery[], o: Objectives): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const s of stores) {
        const advice = ADVICE[s.kind];
        const { rpo, rto } = s.regionLoss;
        if (rpo.seconds > o.rpoSeconds) {
            problems.push({ urn: s.urn, message: `${s.kind} ${s.store}: RPO for the loss of a region is ${seconds(rpo.seconds)} (${rpo.basis}), above the objective ${seconds(o.rpoSeconds)}; ${advice.rpo}.` });
        }
        if (rto.seconds > o.rtoSeconds) {
            problems.push({ urn: s.urn, message: `${s.kind} ${s.store}: RTO for the loss of a region is ${seconds(rto.seconds)} (${rto.basis}), above the objective ${seconds(o.rtoSeconds)}; ${advice.rto}.` });
        }
        const c = s.corruption.rpo;
        if (!s.ephemeral && c.seconds > o.rpoSeconds) {
            problems.push({ urn: s.urn, message: `${s.kind} ${s.store}: RPO for data corruption is ${seconds(c.seconds)} (${c.basis}), above the objective ${seconds(o.rpoSeconds)}; ${advice.corruption}.` });
        }
    }
    return problems;
}
