import { resourceRule } from "../define";
import { list, passesAnyRole, serviceWideGrants, sidOf, statementsOf } from "./policy-document";
import { IDENTITY_POLICY_TYPES, identityPolicies, PolicySource, ROLE } from "./policy-sources";

/**
 * Findings of one identity document: service-wide grants ("*", "iam:*", "<svc>:*" on every
 * resource of the service — checkov CKV_AWS_62/63, CKV2_AWS_40, AWSGuard IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS;
 * AWSGuard's …_WITH_FULL_ACCESS also refuses "<service>:*" on one named resource, which the pack
 * accepts), and iam:PassRole on every role (AWSGuard
 * IAM_POLICY_NO_WILDCARD_RESOURCE_ON_PASSROLE): with it the principal hands any role, an admin one
 * included, to a service it controls.
 */
export function wildcardProblems(source: PolicySource): string[] {
    const problems: string[] = [];
    for (const s of statementsOf(source.policy)) {
        const grants = serviceWideGrants(s);
        if (grants.length > 0) problems.push(`${source.label} allows ${grants.join(", ")} on every resource${sidOf(s)}.`);
        else if (passesAnyRole(s)) {
            problems.push(`${source.label} lets its principal pass any role (${list(s.Action).join(", ")} on ${list(s.Resource).join(", ")})${sidOf(s)}; name the roles it passes.`);
        }
    }
    return problems;
}

export const iamNoWildcard = resourceRule(
    {
        name: "iam-no-wildcard",
        description: "No identity policy (managed, inline on a role, user or group) allows every action of a service (\"*\", \"iam:*\", \"<service>:*\") on every resource, or iam:PassRole on every role.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Name the actions the principal needs, scope the resources, and name the roles it may pass.",
    },
    [...Object.keys(IDENTITY_POLICY_TYPES), ROLE],
    (props, args, judge) => judge.one(args, () => identityPolicies(args.type, args.name, props).flatMap(wildcardProblems).map((message) => ({ message }))),
);
