import { PolicyResource } from "@pulumi/policy";
import { Deferred, graphOf, preflightRule, rawProp } from "./graph";
import { LIMITS, quotaChecker } from "./limits";
import { dependenciesOfType } from "./quota-load-balancer";
import { PreflightConfig } from "./quota-security-group-rules";

const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const MANAGED = "aws:iam/policy:Policy";
const KEY = "aws:kms/key:Key";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** A policy document's size as IAM counts it: white space outside strings not counted. */
export function iamPolicyLength(doc: unknown): number {
    const text = typeof doc === "string" ? doc : JSON.stringify(doc ?? "");
    try {
        return JSON.stringify(JSON.parse(text)).length;
    } catch {
        return text.replace(/\s+/g, "").length;
    }
}

/** A resource policy's size in bytes as sent. */
export const byteLength = (doc: unknown): number => Buffer.byteLength(typeof doc === "string" ? doc : JSON.stringify(doc ?? ""), "utf8");

export const preflightPolicyQuotas = preflightRule<PreflightConfig>(
    {
        name: "preflight-policy-quotas",
        description: "IAM roles stay within the managed-policy attachment, trust-policy and inline-policy quotas; managed policies, KMS key policies and S3 bucket policies within their size limits.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Merge managed policies, move statements into a managed policy, shorten documents (wildcards over long action lists, one statement per resource set), or raise an adjustable quota and declare it in the pack config (quotas).",
        configSchema: { properties: { quotas: { type: "object" } } },
    },
    (args, report, judge, config) => {
        const g = graphOf(args.resources);
        const { quotas } = config;
        const check = quotaChecker(report, quotas);
        const roles = g.ofType(ROLE);
        const byName = new Map<unknown, PolicyResource>(roles.map((r) => [rawProp(r, "name"), r]));
        const roleOf = (r: PolicyResource) => dependenciesOfType(r, g, ROLE, "role")[0] ?? byName.get(rawProp(r, "role"));
        const attached = new Map<string, number>();
        const inline = new Map<string, number>();
        const deferred = new Deferred(judge);
        deferred.each(g.ofType(ATTACHMENT), (a) => {
            const role = roleOf(a);
            if (role) attached.set(role.urn, (attached.get(role.urn) ?? 0) + 1);
        });
        deferred.each(g.ofType(ROLE_POLICY), (p) => {
            const role = roleOf(p);
            if (role) inline.set(role.urn, (inline.get(role.urn) ?? 0) + iamPolicyLength(p.props.policy));
        });
        deferred.each(roles, (role) => {
            const managedArns = ((role.props.managedPolicyArns as unknown[] | undefined) ?? []).length;
            check(role, "iam-managed-policies-per-role", LIMITS["iam-managed-policies-per-role"].what, (attached.get(role.urn) ?? 0) + managedArns, "merge managed policies into fewer, or raise the quota (up to 20).");
            check(role, "iam-trust-policy-length", LIMITS["iam-trust-policy-length"].what, iamPolicyLength(role.props.assumeRolePolicy), "trust fewer principals per role, or raise the quota (up to 4,096).");
            const embedded = ((role.props.inlinePolicies as { policy?: unknown }[] | undefined) ?? []).reduce((n, p) => n + iamPolicyLength(p.policy), 0);
            check(role, "iam-role-inline-policy-size", LIMITS["iam-role-inline-policy-size"].what, (inline.get(role.urn) ?? 0) + embedded, "move statements into managed policies.");
        });
        deferred.each(g.ofType(MANAGED), (p) => check(p, "iam-managed-policy-size", LIMITS["iam-managed-policy-size"].what, iamPolicyLength(p.props.policy), "split the policy into several managed policies."));
        deferred.each(g.ofType(KEY), (k) => check(k, "kms-key-policy-size", LIMITS["kms-key-policy-size"].what, byteLength(k.props.policy), "grant through IAM policies or grants instead of key-policy statements."));
        deferred.each(g.ofType(BUCKET_POLICY), (b) => check(b, "s3-bucket-policy-size", LIMITS["s3-bucket-policy-size"].what, byteLength(b.props.policy), "grant through IAM policies or access points instead of bucket-policy statements."));
        deferred.done();
    },
);
