import { resourceRule } from "../define";
import { list } from "./policy-document";

/**
 * IAM users get permissions only through groups (checkov CKV_AWS_40, AWSGuard IAM_USER_NO_POLICIES_CHECK
 * / IAM_NO_POLICY_ON_USER, pulumi aws-iam-…-only-permissions-via-groups): a user's grants then show
 * in one place, and removing a user from its group removes them. The platform's one user (the
 * Akamai origin signer) reads media through its group's policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html
 */
export const iamUsersViaGroups = resourceRule(
    {
        name: "iam-users-via-groups",
        description: "IAM users receive permissions only through groups: no inline user policy, no policy attached to a user.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Put the policy on a group (aws.iam.GroupPolicy / GroupPolicyAttachment) and add the user to it.",
    },
    [
        "aws:iam/userPolicy:UserPolicy",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
        "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
        "aws:iam/policyAttachment:PolicyAttachment",
    ],
    (props, args, judge) =>
        judge.one(args, () => {
            // The exclusive resources with an empty list remove every policy from the user: compliant.
            const exclusive = list(props.policyNames ?? props.policyArns);
            if (args.type.includes("Exclusive") && exclusive.length === 0) return [];
            const users = args.type === "aws:iam/policyAttachment:PolicyAttachment" ? list(props.users) : [String(props.user ?? props.userName ?? "?")];
            return users.length === 0 ? [] : [{ message: `${args.name} gives permissions directly to IAM user ${users.join(", ")}; put them on a group and add the user to it.` }];
        }),
);
