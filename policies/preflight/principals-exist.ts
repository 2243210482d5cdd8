import { PolicyResource } from "@pulumi/policy";
import { statements } from "../graph";
import { eachDeferringUnknowns, graphOf, preflightRule, rawProp } from "./graph";

/**
 * Resource policies whose service checks that every principal exists when the policy is set.
 * KMS: "The principals in the key policy must exist and be visible to KMS" (CreateKey / PutKeyPolicy
 * Policy parameter); otherwise MalformedPolicyDocumentException. S3: "Invalid principal in policy"
 * when a Principal names an IAM user or role that does not exist.
 */
const CHECKED = [
    { type: "aws:kms/key:Key", property: "policy", what: "key policy", refusal: "KMS refuses a key policy whose principals do not exist (MalformedPolicyDocumentException)", source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html" },
    { type: "aws:kms/keyPolicy:KeyPolicy", property: "policy", what: "key policy", refusal: "KMS refuses a key policy whose principals do not exist (MalformedPolicyDocumentException)", source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html" },
    { type: "aws:s3/bucketPolicy:BucketPolicy", property: "policy", what: "bucket policy", refusal: 'S3 refuses a bucket policy naming an IAM user or role that does not exist ("Invalid principal in policy")', source: "https://repost.aws/knowledge-center/s3-invalid-principal-in-policy-error" },
] as const;

/** A condition on aws:PrincipalArn is a string comparison: the principal need not exist. */
const CONDITION_SOURCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn";

export interface PrincipalsConfig {
    /** Role and user ARNs created outside this program that exist before it runs (a bootstrap stack's). */
    existingPrincipals?: string[];
}

/** The IAM role or user ARNs a statement's Principal names (not accounts, roots, services or "*"). */
export function iamPrincipals(principal: unknown): string[] {
    if (principal === undefined || principal === "*" || typeof principal !== "object" || principal === null) return [];
    const aws = (principal as { AWS?: unknown }).AWS;
    const list = Array.isArray(aws) ? aws : aws === undefined ? [] : [aws];
    return list.filter((p): p is string => typeof p === "string" && /^arn:aws[\w-]*:iam::\d{12}:(role|user)\//.test(p));
}

/** `arn:…:iam::<acct>:role/<path>/<name>` → its kind, path ("/…/") and name. */
export function parseIamArn(arn: string): { kind: "role" | "user"; path: string; name: string } | undefined {
    const m = /^arn:aws[\w-]*:iam::\d{12}:(role|user)\/(.*)$/.exec(arn);
    if (!m) return undefined;
    const parts = m[2].split("/");
    const name = parts.pop()!;
    return { kind: m[1] as "role" | "user", path: parts.length > 0 ? `/${parts.join("/")}/` : "/", name };
}

export const preflightPrincipalsExist = preflightRule<PrincipalsConfig>(
    {
        name: "preflight-principals-exist",
        description: "Key and bucket policies name as principals only IAM roles and users that exist when the policy is set: created earlier by this plan, or declared as pre-existing in the pack config.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: 'Name a principal that may not exist yet in a condition (Principal "*" scoped by kms:CallerAccount or aws:PrincipalAccount, plus aws:PrincipalArn), create it in this plan and depend on it, or declare it in the pack config existingPrincipals.',
        configSchema: { properties: { existingPrincipals: { type: "array", items: { type: "string" }, default: [] } } },
    },
    (args, report, judge, config) => {
        const g = graphOf(args.resources);
        const existing = new Set(config.existingPrincipals ?? []);
        const created = new Map<string, PolicyResource>();
        for (const r of g.ofType("aws:iam/role:Role")) created.set(`role ${rawProp(r, "path") ?? "/"}${rawProp(r, "name")}`, r);
        for (const u of g.ofType("aws:iam/user:User")) created.set(`user ${rawProp(u, "path") ?? "/"}${rawProp(u, "name")}`, u);
        const serviceLinked = new Map<string, PolicyResource>();
        for (const s of g.ofType("aws:iam/serviceLinkedRole:ServiceLinkedRole")) serviceLinked.set(String(rawProp(s, "awsServiceName")), s);

        const targets = CHECKED.flatMap((c) => g.ofType(c.type).map((r) => ({ c, r })));
        eachDeferringUnknowns(judge, targets, ({ c, r }) => {
            const seen = new Set<string>();
            for (const s of statements(r.props[c.property])) {
                for (const arn of iamPrincipals(s.Principal)) {
                    if (seen.has(arn) || existing.has(arn)) continue;
                    seen.add(arn);
                    const p = parseIamArn(arn)!;
                    const slr = /^\/aws-service-role\/([^/]+)\/$/.exec(p.path)?.[1];
                    const maker = created.get(`${p.kind} ${p.path}${p.name}`) ?? (slr ? serviceLinked.get(slr) : undefined);
                    if (!maker) {
                        report(`${r.name}: ${c.what} names principal ${arn}, which this plan does not create; ${c.refusal} (${c.source}). Fix: name it in an aws:PrincipalArn condition instead (a string comparison, the principal need not exist: ${CONDITION_SOURCE}), create it in this plan, or declare it in the pack config existingPrincipals.`, r.urn);
                    } else if (!g.prerequisites(r).has(maker.urn)) {
                        report(`${r.name}: ${c.what} names principal ${arn}, created by ${maker.name} but not before this policy; ${c.refusal} (${c.source}). Fix: make ${r.name} depend on ${maker.name}.`, r.urn);
                    }
                }
            }
        }, ({ r }) => r);
    },
);
