import { resourceRule } from "../define";
import { negatedElements, sidOf, statementsOf } from "./policy-document";
import { allPolicies, IDENTITY_POLICY_TYPES, RESOURCE_POLICY_TYPES, ROLE } from "./policy-sources";

/**
 * An Allow with NotAction, NotResource or NotPrincipal grants everything it does not name —
 * including every action, resource or account AWS adds later. IAM itself warns against them:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * (AWSGuard IAM_ROLE_OR_POLICY_NO_ALLOW_PLUS_NOT_ACTION / _NOT_RESOURCE, …_NO_ALLOW_PLUS_NOT_PRINCIPAL,
 * S3/SNS/SQS …POLICY_NO_ALLOW_PLUS_NOT_ACTION). A Deny with them stays legitimate ("deny all but").
 */
export const iamNoNegatedAllow = resourceRule(
    {
        name: "iam-no-negated-allow",
        description: "No identity, trust or resource policy allows with NotAction, NotResource or NotPrincipal (an allow of everything not listed).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "List the actions, resources and principals the statement allows; keep Not* elements for Deny statements only.",
    },
    [...new Set([...Object.keys(IDENTITY_POLICY_TYPES), ROLE, ...Object.keys(RESOURCE_POLICY_TYPES)])],
    (props, args, judge) =>
        judge.one(args, () =>
            allPolicies(args.type, args.name, props).flatMap((source) =>
                statementsOf(source.policy).flatMap((s) =>
                    negatedElements(s).map((element) => ({ message: `${source.label} allows with ${element}${sidOf(s)}: it grants everything the statement does not list; name what it allows.` })),
                ),
            ),
        ),
);
