import { resourceRule } from "../define";
import { conditionValues, grantsAction, isAllow, isPublicGrant, isServiceWideAction, list, principalsOf, sidOf, Statement, statementsOf } from "./policy-document";
import { ROLE, trustPolicy } from "./policy-sources";

/** The EKS Pod Identity agent's service principal. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** The OIDC provider host of a federated principal (`arn:…:oidc-provider/<host>`), if it is one. */
export function oidcHost(federated: string): string | undefined {
    return /:oidc-provider\/(.+)$/.exec(federated)?.[1];
}

/**
 * The findings of one trust statement:
 * - `*` (or AWS `*`) without a scoping condition: any AWS account may assume the role (checkov
 *   CKV_AWS_60/61).
 * - `*` or `sts:*` as the action (AWSGuard IAM_ROLE_NO_FULL_ACCESS_ON_TRUST_POLICY).
 * - an OIDC provider (IRSA, CI) without `<host>:aud` and `<host>:sub` conditions: any workload the
 *   provider signs for — every service account of the cluster, every repository — could assume the
 *   role. https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 *   (checkov CKV_AWS_393 for GitHub's provider).
 * - Pod Identity (pods.eks.amazonaws.com) without sts:TagSession: the agent tags every session
 *   with the cluster, namespace and service account, and EKS requires both actions.
 *   https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function trustStatementProblems(label: string, s: Statement): string[] {
    if (!isAllow(s)) return [];
    const problems: string[] = [];
    const at = sidOf(s);
    if (isPublicGrant(s)) {
        problems.push(`${label} can be assumed by any AWS account (principal *)${at}; name the principals, or pin aws:PrincipalAccount, aws:PrincipalOrgID or aws:PrincipalArn.`);
    }
    const wide = list(s.Action).filter(isServiceWideAction);
    if (wide.length > 0) problems.push(`${label}'s trust policy allows ${wide.join(", ")}${at}; allow only the sts action the principal uses.`);
    for (const host of principalsOf(s, "Federated").map(oidcHost).filter((h): h is string => h !== undefined)) {
        const missing = ["aud", "sub"].filter((claim) => {
            const values = conditionValues(s, `${host}:${claim}`);
            return values.length === 0 || values.some((v) => v.replace(/[*?]/g, "") === "");
        });
        if (missing.length > 0) problems.push(`${label} trusts the OIDC provider ${host} without pinning ${missing.map((c) => `${host}:${c}`).join(" and ")}${at}: any identity it signs for could assume the role.`);
    }
    if (principalsOf(s, "Service").includes(POD_IDENTITY_PRINCIPAL) && !(grantsAction(s, "sts:AssumeRole") && grantsAction(s, "sts:TagSession"))) {
        problems.push(`${label} trusts EKS Pod Identity without allowing both sts:AssumeRole and sts:TagSession${at}; the agent's credentials fail without them.`);
    }
    return problems;
}

export const iamTrustScoped = resourceRule(
    {
        name: "iam-trust-scoped",
        description: "Role trust policies name who may assume the role: no unscoped * principal, no wildcard action, OIDC trust pinned to its audience and subject, Pod Identity trust with sts:TagSession.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Name the service or account principal; for * add aws:PrincipalAccount/aws:PrincipalOrgID/aws:PrincipalArn; pin <provider>:aud and :sub for OIDC; allow sts:AssumeRole and sts:TagSession for pods.eks.amazonaws.com.",
    },
    [ROLE],
    (props, args, judge) =>
        judge.one(args, () => {
            const source = trustPolicy(args.name, props);
            return statementsOf(source.policy).flatMap((s) => trustStatementProblems(source.label, s)).map((message) => ({ message }));
        }),
);
