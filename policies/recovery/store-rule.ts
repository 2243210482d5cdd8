/** The factory of the three store rules: figures from the calculus against the objectives. */
import { stackRule } from "../define";
import { Objectives, OBJECTIVES_SCHEMA } from "../objectives";
import { GraphResource, StoreRecovery } from "./calculus";
import { storeProblems } from "./stores";

export const storeRule = (name: string, what: string, stores: (rs: GraphResource[]) => StoreRecovery[]) =>
    stackRule<Objectives>(
        {
            name,
            description: `${what}: the best RPO and RTO the declared resources achieve for the loss of a region and for data corruption meet the objectives.`,
            severity: "critical",
            enforcementLevel: "mandatory",
            remediationSteps: "Follow the change the violation names; the figures come from policies/recovery/model.ts.",
            configSchema: OBJECTIVES_SCHEMA,
        },
        (rs, objectives) => storeProblems(stores(rs), objectives),
    );
