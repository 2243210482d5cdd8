import { eachDeferringUnknowns, preflightRule } from "./graph";
import { nameRulesFor, validateName } from "./names";

function at(props: Record<string, unknown>, path: string): unknown {
    let v: unknown = props;
    for (const key of path.split(".")) {
        if (v === undefined || v === null || typeof v !== "object") return undefined;
        v = (v as Record<string, unknown>)[key];
    }
    return v;
}

export const preflightNames = preflightRule(
    {
        name: "preflight-names",
        description: "Every name the program gives a resource meets the service's length, character-set and reserved-word rules (policies/preflight/names.ts).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Shorten or rename the resource's name as the message says; the row of names.ts links the API reference.",
    },
    (args, report, judge) => {
        eachDeferringUnknowns(judge, args.resources, (r) => {
            for (const rule of nameRulesFor(r.type)) {
                const value = at(r.props, rule.property);
                if (typeof value !== "string") continue;
                for (const p of validateName(rule, value)) {
                    if (p.length) {
                        const bound = p.length.bound === "max" ? "the limit is" : "the minimum is";
                        report(`${r.name}: ${rule.property} length is ${p.length.is}, ${bound} ${p.length.limit} (${rule.source}). Fix: ${p.length.bound === "max" ? "shorten" : "lengthen"} "${value}" to ${p.length.bound === "max" ? "at most" : "at least"} ${p.length.limit} characters.`, r.urn);
                    } else {
                        report(`${r.name}: ${rule.property} "${value}" ${p.clause} (${rule.source}). Fix: rename it.`, r.urn);
                    }
                }
            }
        });
    },
);
