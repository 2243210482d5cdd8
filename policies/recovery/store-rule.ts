/** The factory of the three store rules: figures from the calculus against the objectives. */
import { stackRule } from "../define";
import type { GraphResource } from "../graph-types";
import { Platform, PLATFORM_SCHEMA } from "../objectives";
import { storeRecovery } from "./calculus";
import { StoreKind, statefulStores } from "./inventory";
import { placement } from "./placement";
import { storeProblems } from "./stores";

/**
 * A rule judging every store of `kind` (./inventory.ts: decided from the plan, not from the
 * program's tags) one at a time, the regions from the pack's config.
 */
export const storeRule = (name: string, what: string, kind: StoreKind) =>
    stackRule<Platform>(
        {
            name,
            description: `${what}: the best RPO and RTO the stack's resources achieve for the loss of a region and for data corruption meet the objectives.`,
            severity: "critical",
            enforcementLevel: "mandatory",
            remediationSteps: "Follow the change the violation names; the figures come from policies/recovery/model.ts.",
            configSchema: PLATFORM_SCHEMA,
        },
        (rs: GraphResource[], platform, judge, args) => {
            const where = placement(rs, args);
            return judge.each(statefulStores(rs, [kind]), (store) => {
                const figures = storeRecovery(store, rs, platform.regions, where);
                return figures ? storeProblems([figures], platform) : [];
            });
        },
    );
