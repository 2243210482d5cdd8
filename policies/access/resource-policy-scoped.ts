import { resourceRule } from "../define";
import { isPublicGrant, list, sidOf, statementsOf } from "./policy-document";
import { RESOURCE_POLICY_TYPES, resourcePolicy } from "./policy-sources";

const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";

/** The findings of one resource policy: every Allow to `*` that no scoping condition narrows. */
export function publicGrantProblems(label: string, policy: unknown): string[] {
    return statementsOf(policy)
        .filter(isPublicGrant)
        .map((s) => `${label} allows ${list(s.Action).join(", ") || "its actions"} to any AWS principal (principal *)${sidOf(s)}; name the principals, or pin aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount to fixed values.`);
}

/**
 * A Lambda permission for `*` is a resource policy too: without source_account, source_arn or
 * principal_org_id anyone may invoke; a function URL with auth NONE is public.
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html (checkov
 * CKV_AWS_301, CKV_AWS_364; AWSGuard LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED; pulumi
 * aws-lambda-permission-configure-source-arn).
 */
export function lambdaPermissionProblems(name: string, props: Record<string, unknown>): string[] {
    if (props.principal !== "*") return [];
    if (props.functionUrlAuthType === "NONE") return [`Lambda permission ${name} makes a function URL public (principal *, auth NONE); use AWS_IAM auth.`];
    return props.sourceAccount || props.sourceArn || props.principalOrgId ? [] : [`Lambda permission ${name} lets any AWS principal invoke the function (principal *); set sourceArn, sourceAccount or principalOrgId.`];
}

/**
 * Key, bucket, topic, queue, secret, vault and repository policies never open a resource to every
 * AWS account: an Allow to `*` must carry a condition that pins the caller to this account, the
 * organization or named principals (the accepted keys and why: SCOPING_CONDITION_KEYS). The EBS
 * key's `*` statements pinned by aws:PrincipalArn or kms:CallerAccount pass; the S3 deny-without-TLS
 * statements are Deny and pass. checkov CKV_AWS_33 (KMS), CKV_AWS_70 (S3), CKV_AWS_169 (SNS),
 * CKV_AWS_168/387 (SQS); AWSGuard KMS_NO_WILDCARD_PRINCIPAL, S3/SNS/SQS …_NO_WILDCARD_PRINCIPAL.
 * A key that bypasses the policy lockout safety check can end up with a policy nobody may change
 * (pulumi aws-kms-key-disallow-bypass-policy-lockout-safety-check).
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export const resourcePolicyScoped = resourceRule(
    {
        name: "resource-policy-scoped",
        description: "Resource policies (KMS keys, buckets, topics, queues, secrets, backup vaults, repositories, Lambda permissions) allow * only under a condition that pins the caller to this account, the organization or named principals.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Name the principals, or add a condition with a fixed aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount.",
    },
    [...Object.keys(RESOURCE_POLICY_TYPES), LAMBDA_PERMISSION],
    (props, args, judge) =>
        judge.one(args, () => {
            if (args.type === LAMBDA_PERMISSION) return lambdaPermissionProblems(args.name, props).map((message) => ({ message }));
            const source = resourcePolicy(args.type, args.name, props)!;
            const problems = publicGrantProblems(source.label, source.policy);
            if (args.type === "aws:kms/key:Key" && props.bypassPolicyLockoutSafetyCheck === true) {
                problems.push(`KMS key ${args.name} bypasses the key policy lockout safety check; leave it off so the key cannot lose its administrators.`);
            }
            return problems.map((message) => ({ message }));
        }),
);
