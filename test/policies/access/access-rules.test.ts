/**
 * The access and encryption rules of issue #12: the pure helpers table by table, the real plans as
 * compliant fixtures, then one single fault per test (test/mutations/access.ts) with the exact
 * finding it adds, the two false positives the independent run found, and preview honesty.
 *
 * @module-tag slow (the whole pack over many plans: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { adminClassPolicy } from "../../../policies/access/iam-no-admin-managed-policy";
import { cacheAuthenticates } from "../../../policies/access/elasticache-auth";
import { effectiveMetadata } from "../../../policies/access/imdsv2-required";
import { oidcHost, trustStatementProblems } from "../../../policies/access/iam-trust-scoped";
import { coversEveryResource, hasWildcardPrincipal, isPublicGrant, passesAnyRole, scopingKeys, serviceWideGrants, Statement, statementsOf, wildcardMatch } from "../../../policies/access/policy-document";
import { lambdaPermissionProblems } from "../../../policies/access/resource-policy-scoped";
import { isCustomerKey } from "../../../policies/encryption/customer-key";
import { atRestEncrypted, transitRequired } from "../../../policies/encryption/elasticache-encrypted";
import { keyProblems } from "../../../policies/encryption/kms-key-rotation";
import { sseProblem } from "../../../policies/encryption/s3-sse-kms";
import { recoveryWindowDays } from "../../../policies/encryption/secret-recovery-window";
import { policies } from "../../../policies/rules";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../../src/plan/types";
import { change, Mutation } from "../../helpers/mutate";
import { evaluate } from "../../helpers/project";
import { faults, T } from "../../mutations/access";

const STACKS = ["prod-us", "prod-eu", "prod-ap"] as const;
type Stack = (typeof STACKS)[number];

/** The rules this file covers: the plans must give none of them a finding. */
const RULES = [
    "iam-no-wildcard", "iam-no-negated-allow", "iam-no-admin-managed-policy", "iam-users-via-groups", "iam-trust-scoped", "resource-policy-scoped",
    "elasticache-auth", "aurora-iam-auth", "eks-access-control", "imdsv2-required", "eks-endpoint-private", "s3-public-access-blocked", "no-open-ingress",
    "stateful-protected", "explicit-provider", "ssm-only-node-access", "aurora-encrypted", "s3-sse-kms", "ebs-encrypted", "eks-secrets-encrypted",
    "elasticache-encrypted", "cmk-encrypted", "sqs-encrypted", "log-group-encrypted", "kms-key-rotation", "secret-recovery-window",
];

const fixtures = {} as Record<Stack, PlanResource[]>;
const baseline = {} as Record<Stack, PlanViolation[]>;
beforeAll(async () => {
    for (const s of STACKS) {
        fixtures[s] = (await evaluate(s)).resources;
        baseline[s] = await runPolicies(structuredClone(fixtures[s]), policies);
    }
}, 120_000);

const key = (v: PlanViolation) => `${v.policy}|${v.level}|${v.urn}|${v.message}`;
/** The violations a mutation adds to the stack's own (the pack's other areas may still be in flux). */
async function added(stack: Stack, m: Mutation): Promise<PlanViolation[]> {
    const before = new Set(baseline[stack].map(key));
    return (await runPolicies(m(structuredClone(fixtures[stack])), policies)).filter((v) => !before.has(key(v)));
}
const urnOf = (rs: PlanResource[], type: string, name: string) => rs.find((r) => r.type === type && r.name === name)?.urn;

describe("policy documents (pure)", () => {
    it.each<[unknown, number]>([
        [undefined, 0], ["", 0], ['{"Version":"2012-10-17"}', 0],
        ['{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}', 1],
        [{ Statement: [{ Effect: "Deny" }, { Effect: "Allow" }] }, 2],
    ])("statementsOf(%j) has %i statements", (policy, n) => {
        expect(statementsOf(policy)).toHaveLength(n);
    });
    it.each([["{not json", "its policy is not a JSON document"], ["[1]", "its policy is not a JSON object"], ['{"Statement":["x"]}', "a statement of its policy is not an object"]])("refuses %s rather than passing it", (policy, why) => {
        expect(() => statementsOf(policy)).toThrow(why);
    });
    it.each<[string, string, boolean]>([
        ["iam:*", "iam:PassRole", true], ["IAM:pass*", "iam:PassRole", true], ["iam:Pass?ole", "iam:PassRole", true], ["iam:Get*", "iam:PassRole", false], ["*", "kms:Decrypt", true],
    ])("wildcardMatch(%s, %s) = %s", (pattern, value, want) => {
        expect(wildcardMatch(pattern, value)).toBe(want);
    });
    it.each<[string, string | undefined, boolean]>([
        ["*", undefined, true], ["arn:aws:s3:::*", "s3", true], ["arn:aws:s3:::*", "ec2", false], ["arn:aws:*:*:*:*", undefined, true],
        ["arn:aws:ec2:us-east-1:*:instance/*", "ec2", false], ["arn:aws:s3:::bibox-media-*", "s3", false], ["arn:aws:s3:::*", undefined, false],
    ])("coversEveryResource(%s, %s) = %s", (resource, service, want) => {
        expect(coversEveryResource(resource, service)).toBe(want);
    });
    it.each<[Statement, string[]]>([
        [{ Effect: "Allow", Action: "*", Resource: "*" }, ["*"]],
        [{ Effect: "Allow", Action: ["ec2:*", "s3:GetObject"], Resource: "*" }, ["ec2:*"]],
        [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::*" }, ["s3:*"]],
        [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bibox-media/*" }, []],
        [{ Effect: "Deny", Action: "*", Resource: "*" }, []],
        [{ Effect: "Allow", Action: "ec2:Describe*", Resource: "*" }, []],
    ])("serviceWideGrants(%j) = %j", (s, want) => {
        expect(serviceWideGrants(s)).toEqual(want);
    });
    it.each<[Statement, boolean]>([
        [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, true],
        [{ Effect: "Allow", Action: "iam:Pass*", Resource: "arn:aws:iam::123456789012:role/*" }, true],
        [{ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/bibox-us-east-1-karpenter-node" }, false],
        [{ Effect: "Allow", Action: "iam:GetRole", Resource: "*" }, false],
    ])("passesAnyRole(%j) = %s", (s, want) => {
        expect(passesAnyRole(s)).toBe(want);
    });
    it.each<[unknown, boolean]>([["*", true], [{ AWS: "*" }, true], [{ AWS: ["arn:aws:iam::123456789012:root", "*"] }, true], [{ Service: "ec2.amazonaws.com" }, false], [{ AWS: "arn:aws:iam::123456789012:root" }, false]])(
        "hasWildcardPrincipal(%j) = %s", (principal, want) => {
            expect(hasWildcardPrincipal({ Effect: "Allow", Principal: principal })).toBe(want);
        });
    it.each<[Statement["Condition"], string[]]>([
        [{ StringEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/x" } }, ["aws:principalarn"]],
        [{ StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "ec2.us-east-1.amazonaws.com" } }, ["kms:calleraccount"]],
        [{ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } }, []],
        [{ StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } }, []],
        [{ "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc" } }, []],
        [{ "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": "o-abc" } }, ["aws:principalorgid"]],
        [{ StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } }, []],
        [{ StringNotEquals: { "aws:PrincipalAccount": "123456789012" } }, []],
        [{ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, []],
        [{ StringEquals: { "aws:PrincipalTag/team": "platform" } }, []],
        [{ ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*" }, StringEquals: { "aws:SourceAccount": "123456789012" } }, ["aws:sourceaccount"]],
    ])("scopingKeys(%j) = %j", (condition, want) => {
        expect(scopingKeys({ Effect: "Allow", Principal: "*", Condition: condition })).toEqual(want);
        expect(isPublicGrant({ Effect: "Allow", Principal: "*", Condition: condition })).toBe(want.length === 0);
    });
    it.each<[string, string | undefined]>([
        ["arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess"], ["arn:aws:iam::aws:policy/AdministratorAccess-Amplify", "AdministratorAccess-Amplify"],
        ["arn:aws:iam::aws:policy/job-function/SystemAdministrator", "SystemAdministrator"], ["arn:aws-us-gov:iam::aws:policy/PowerUserAccess", "PowerUserAccess"],
        ["arn:aws:iam::aws:policy/AmazonS3FullAccess", "AmazonS3FullAccess"], ["arn:aws:iam::aws:policy/CloudWatchFullAccessV2", "CloudWatchFullAccessV2"],
        ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", undefined], ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", undefined],
        ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", undefined], ["arn:aws:iam::123456789012:policy/AdministratorAccess", undefined],
    ])("adminClassPolicy(%s) = %s", (arn, name) => {
        expect(adminClassPolicy(arn)?.name).toBe(name);
    });
});

describe("trust, keys, secrets, caches, nodes (pure)", () => {
    const host = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    const irsa = (condition: Statement["Condition"]): Statement => ({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${host}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition });
    it("oidcHost", () => {
        expect(oidcHost(`arn:aws:iam::123456789012:oidc-provider/${host}`)).toBe(host);
        expect(oidcHost("arn:aws:iam::123456789012:saml-provider/corp")).toBeUndefined();
    });
    it.each<[Statement, number]>([
        [irsa({ StringEquals: { [`${host}:aud`]: "sts.amazonaws.com", [`${host}:sub`]: "system:serviceaccount:kube-system:aws-load-balancer-controller" } }), 0],
        [irsa({ StringEquals: { [`${host}:aud`]: "sts.amazonaws.com" } }), 1],
        [irsa({ StringEquals: { [`${host}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${host}:sub`]: "*" } }), 1],
        [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }, 0],
        [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: "sts:AssumeRole" }, 1],
        [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }, 0],
        [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:*" }, 2],
    ])("trustStatementProblems(%j) finds %i", (s, n) => {
        expect(trustStatementProblems("Role r", s)).toHaveLength(n);
    });
    it.each<[unknown, number]>([[undefined, 30], [null, 30], [0, 0], [7, 7]])("recoveryWindowDays(%j) = %i", (v, days) => {
        expect(recoveryWindowDays(v)).toBe(days);
    });
    it("recoveryWindowDays refuses a value it cannot read", () => {
        expect(() => recoveryWindowDays("30")).toThrow('recoveryWindowInDays is "30", not a whole number of days');
    });
    it.each<[Record<string, unknown>, string[]]>([
        [{ enableKeyRotation: true }, []],
        [{ enableKeyRotation: true, rotationPeriodInDays: 90, deletionWindowInDays: 7 }, []],
        [{}, ["KMS key k does not enable automatic key rotation."]],
        [{ enableKeyRotation: true, rotationPeriodInDays: 2560 }, ["KMS key k rotates every 2560 days; rotate at least every 365 (the default)."]],
        [{ enableKeyRotation: true, deletionWindowInDays: 3 }, ["KMS key k has deletion window 3; declare 7 to 30 days."]],
        [{ customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }, []],
        [{ keyUsage: "GENERATE_VERIFY_MAC", customerMasterKeySpec: "HMAC_256" }, []],
    ])("keyProblems(%j)", (props, want) => {
        expect(keyProblems("k", props)).toEqual(want);
    });
    it.each<[Parameters<typeof sseProblem>[1], string | undefined]>([
        [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1" }, bucketKeyEnabled: true }, undefined],
        [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1" } }, undefined],
        [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1" } }, "Bucket b encrypts with SSE-KMS without an S3 Bucket Key; set bucketKeyEnabled: true (every object request would call KMS)."],
        [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }, bucketKeyEnabled: true }, "Bucket b is not encrypted with SSE-KMS under a customer-managed key."],
        [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }, "Bucket b is not encrypted with SSE-KMS under a customer-managed key."],
        [undefined, "Bucket b is not encrypted with SSE-KMS under a customer-managed key."],
    ])("sseProblem(%j)", (rule, want) => {
        expect(sseProblem("b", rule)).toBe(want);
    });
    it.each<[string, object | undefined, object]>([
        ["kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", undefined, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }],
        ["kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", { httpTokens: "optional" }, { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 1 }],
        ["aws:ec2/launchTemplate:LaunchTemplate", undefined, { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 2 }],
        ["aws:ec2/launchTemplate:LaunchTemplate", { httpTokens: "required", httpPutResponseHopLimit: 1 }, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }],
    ])("effectiveMetadata(%s, %j)", (type, given, want) => {
        expect(effectiveMetadata(type, given)).toEqual(want);
    });
    it.each<[unknown, boolean]>([["arn:aws:kms:us-east-1:123456789012:key/1", true], ["alias/bibox-media", true], ["alias/aws/s3", false], ["arn:aws:kms:us-east-1:123456789012:alias/aws/rds", false], ["", false], [undefined, false]])(
        "isCustomerKey(%j) = %s", (v, want) => {
            expect(isCustomerKey(v)).toBe(want);
        });
    it.each<[Record<string, unknown>, boolean, boolean]>([
        [{ engine: "valkey", transitEncryptionEnabled: true }, true, true],
        [{ transitEncryptionEnabled: true, transitEncryptionMode: "preferred" }, false, false],
        [{ engine: "redis", atRestEncryptionEnabled: true }, true, false],
    ])("atRestEncrypted / transitRequired (%j)", (props, atRest, transit) => {
        expect(atRestEncrypted(props)).toBe(atRest);
        expect(transitRequired(props)).toBe(transit);
    });
    it.each<[Record<string, unknown>, boolean]>([[{ authToken: "x" }, true], [{ authTokenWo: "x" }, true], [{ userGroupIds: ["sessions"] }, true], [{ userGroupIds: [] }, false], [{}, false]])(
        "cacheAuthenticates(%j) = %s", (props, want) => {
            expect(cacheAuthenticates(props)).toBe(want);
        });
    it.each<[Record<string, unknown>, number]>([[{ principal: "events.amazonaws.com" }, 0], [{ principal: "*", sourceArn: "arn:aws:events:us-east-1:123456789012:rule/x" }, 0], [{ principal: "*" }, 1], [{ principal: "*", sourceAccount: "1", functionUrlAuthType: "NONE" }, 1]])(
        "lambdaPermissionProblems(%j) finds %i", (props, n) => {
            expect(lambdaPermissionProblems("p", props)).toHaveLength(n);
        });
});

describe.each(STACKS)("the %s plan", (stack) => {
    it("gives the access and encryption rules nothing to refuse", () => {
        expect(baseline[stack].filter((v) => RULES.includes(v.policy))).toEqual([]);
    });
});

/** Each fault's exact finding: rule, and the type and name of the resource it is reported on. */
const EXACT: Record<string, [string, string, string, string]> = {
    "iam-policy-ec2-star": ["iam-no-wildcard", T.policy, "bibox-eks-karpenter-controller-node-lifecycle", "IAM policy bibox-eks-karpenter-controller-node-lifecycle allows ec2:* on every resource."],
    "role-policy-star-on-star": ["iam-no-wildcard", T.rolePolicy, "bibox-network-flow-logs", "Role policy bibox-network-flow-logs allows * on every resource."],
    "group-policy-s3-every-bucket": ["iam-no-wildcard", T.groupPolicy, "bibox-edge-akamai-media-readers", "Group policy bibox-edge-akamai-media-readers allows s3:* on every resource (statement ReadMedia)."],
    "lbc-policy-iam-star": ["iam-no-wildcard", T.policy, "bibox-eks-baseline-lbc", "IAM policy bibox-eks-baseline-lbc allows iam:* on every resource."],
    "karpenter-passes-any-role": ["iam-no-wildcard", T.policy, "bibox-eks-karpenter-controller-node-lifecycle", "IAM policy bibox-eks-karpenter-controller-node-lifecycle lets its principal pass any role (iam:PassRole on *) (statement AllowPassingInstanceRole); name the roles it passes."],
    "role-inline-admin": ["iam-no-wildcard", T.role, "bibox-eks-cluster", "Role bibox-eks-cluster (inline policy debug) allows * on every resource."],
    "role-policy-not-action": ["iam-no-negated-allow", T.rolePolicy, "bibox-eks-ebs-csi-kms", "Role policy bibox-eks-ebs-csi-kms allows with NotAction: it grants everything the statement does not list; name what it allows."],
    "policy-not-resource": ["iam-no-negated-allow", T.policy, "bibox-eks-karpenter-controller-integration", "IAM policy bibox-eks-karpenter-controller-integration allows with NotResource (statement AllowPricingReadActions): it grants everything the statement does not list; name what it allows."],
    "bucket-policy-not-principal": ["iam-no-negated-allow", T.bucketPolicy, "bibox-security-trail-policy", "Bucket policy bibox-security-trail-policy allows with NotPrincipal (statement CloudTrailWrite): it grants everything the statement does not list; name what it allows."],
    "trust-not-action": ["iam-no-negated-allow", T.role, "bibox-backups-role", "Role bibox-backups-role (trust policy) allows with NotAction: it grants everything the statement does not list; name what it allows."],
    "attach-administrator-access": ["iam-no-admin-managed-policy", T.attachment, "bibox-eks-karpenter-node-AmazonSSMManagedInstanceCore", "bibox-eks-karpenter-node-AmazonSSMManagedInstanceCore attaches the AWS managed policy AdministratorAccess: account administration: every action on every resource (\"*\" on \"*\"). Attach a policy scoped to the job instead."],
    "attach-power-user": ["iam-no-admin-managed-policy", T.attachment, "bibox-region-switch-dial-poweruser", "bibox-region-switch-dial-poweruser attaches the AWS managed policy PowerUserAccess: every action outside IAM, Organizations and Account: reads every secret, deletes every key, database and backup. Attach a policy scoped to the job instead."],
    "role-managed-iam-full-access": ["iam-no-admin-managed-policy", T.role, "bibox-region-switch-dial", "bibox-region-switch-dial attaches the AWS managed policy IAMFullAccess: iam:* on \"*\": the principal can attach AdministratorAccess to itself. Attach a policy scoped to the job instead."],
    "group-s3-full-access": ["iam-no-admin-managed-policy", "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "bibox-edge-akamai-s3-full", "bibox-edge-akamai-s3-full attaches the AWS managed policy AmazonS3FullAccess: \"<service>:*\" on \"*\": full control of the service, the managed form of what iam-no-wildcard refuses inline. Attach a policy scoped to the job instead."],
    "system-administrator-job-function": ["iam-no-admin-managed-policy", T.attachment, "bibox-eks-system-node-AmazonEKS_CNI_Policy", "bibox-eks-system-node-AmazonEKS_CNI_Policy attaches the AWS managed policy SystemAdministrator: full access to the services of application and development operations (EC2, Lambda, CloudFormation, …). Attach a policy scoped to the job instead."],
    "user-inline-policy": ["iam-users-via-groups", "aws:iam/userPolicy:UserPolicy", "bibox-edge-akamai-direct", "bibox-edge-akamai-direct gives permissions directly to IAM user bibox-akamai-media-reader; put them on a group and add the user to it."],
    "trust-any-account": ["iam-trust-scoped", T.role, "bibox-eks-system-node", "Role bibox-eks-system-node can be assumed by any AWS account (principal *); name the principals, or pin aws:PrincipalAccount, aws:PrincipalOrgID or aws:PrincipalArn."],
    "trust-star-tag-condition": ["iam-trust-scoped", T.role, "bibox-region-switch-dial", "Role bibox-region-switch-dial can be assumed by any AWS account (principal *); name the principals, or pin aws:PrincipalAccount, aws:PrincipalOrgID or aws:PrincipalArn."],
    "trust-sts-star": ["iam-trust-scoped", T.role, "bibox-aurora-monitoring", "Role bibox-aurora-monitoring's trust policy allows sts:*; allow only the sts action the principal uses."],
    "pod-identity-without-tag-session": ["iam-trust-scoped", T.role, "bibox-eks-ebs-csi", "Role bibox-eks-ebs-csi trusts EKS Pod Identity without allowing both sts:AssumeRole and sts:TagSession; the agent's credentials fail without them."],
    "irsa-without-sub": ["iam-trust-scoped", T.role, "bibox-eks-baseline-lbc", "Role bibox-eks-baseline-lbc trusts the OIDC provider oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE without pinning oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub: any identity it signs for could assume the role."],
    "ebs-key-star-unconditioned": ["resource-policy-scoped", T.key, "bibox-eks-ebs-key", "KMS key bibox-eks-ebs-key allows kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, kms:CreateGrant to any AWS principal (principal *) (statement AccountUsesKeyThroughEc2); name the principals, or pin aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount to fixed values."],
    "replica-key-via-service-only": ["resource-policy-scoped", T.key, "bibox-aurora-replica-eu-west-1-key", "KMS key bibox-aurora-replica-eu-west-1-key allows kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey to any AWS principal (principal *) (statement AccountUsesKeyThroughSecretsManager); name the principals, or pin aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount to fixed values."],
    "media-key-wildcard-principal-arn": ["resource-policy-scoped", T.key, "bibox-media-key", "KMS key bibox-media-key allows kms:Decrypt to any AWS principal (principal *) (statement AkamaiOriginDecryptsMediaThroughS3); name the principals, or pin aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount to fixed values."],
    "media-bucket-public-read": ["resource-policy-scoped", T.bucketPolicy, "bibox-media-policy", "Bucket policy bibox-media-policy allows s3:GetObject to any AWS principal (principal *); name the principals, or pin aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount to fixed values."],
    "topic-policy-if-exists": ["resource-policy-scoped", T.topicPolicy, "bibox-observability-alerts", "Topic policy bibox-observability-alerts allows sns:Publish to any AWS principal (principal *) (statement AlarmsAndEventsPublish); name the principals, or pin aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount to fixed values."],
    "interruption-queue-public": ["resource-policy-scoped", T.queuePolicy, "bibox-eks-karpenter-interruption", "Queue policy bibox-eks-karpenter-interruption allows sqs:SendMessage to any AWS principal (principal *); name the principals, or pin aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount to fixed values."],
    "key-bypasses-lockout-check": ["resource-policy-scoped", T.key, "bibox-cache-key", "KMS key bibox-cache-key bypasses the key policy lockout safety check; leave it off so the key cannot lose its administrators."],
    "lambda-permission-public": ["resource-policy-scoped", "aws:lambda/permission:Permission", "bibox-region-switch-dial-anyone", "Lambda permission bibox-region-switch-dial-anyone lets any AWS principal invoke the function (principal *); set sourceArn, sourceAccount or principalOrgId."],
    "secret-force-delete": ["secret-recovery-window", T.secret, "bibox-cache-auth", "Secret bibox-cache-auth is deleted without recovery (recoveryWindowInDays 0); keep the default 30 days."],
    "secret-recovery-3-days": ["secret-recovery-window", T.secret, "bibox-aurora-master", "Secret bibox-aurora-master has recovery window 3 days; Secrets Manager accepts 7 to 30."],
    "secret-aws-managed-key": ["cmk-encrypted", T.secret, "bibox-aurora-master", "Secret bibox-aurora-master is not encrypted with a customer-managed KMS key."],
    "key-rotation-off": ["kms-key-rotation", T.key, "bibox-media-key", "KMS key bibox-media-key does not enable automatic key rotation."],
    "key-rotation-unset": ["kms-key-rotation", T.key, "bibox-aurora-storage-key", "KMS key bibox-aurora-storage-key does not enable automatic key rotation."],
    "key-rotation-two-years": ["kms-key-rotation", T.key, "bibox-backups-key", "KMS key bibox-backups-key rotates every 730 days; rotate at least every 365 (the default)."],
    "cache-no-auth": ["elasticache-auth", T.cache, "bibox-cache-group", "Cache bibox-cache-group lets any client that reaches it in without a password: set authToken (or userGroupIds) with transitEncryptionEnabled."],
    "cache-tls-preferred": ["elasticache-encrypted", T.cache, "bibox-cache-group", "Cache bibox-cache-group accepts plaintext clients (transitEncryptionMode preferred); set it to required."],
    "cache-secondary-aws-key": ["elasticache-encrypted", T.cache, "bibox-cache-group", "Cache bibox-cache-group is not encrypted at rest with a customer-managed key."],
    "media-sse-no-bucket-key": ["s3-sse-kms", "aws:s3/bucket:Bucket", "bibox-media-bucket", "Bucket bibox-media-bucket encrypts with SSE-KMS without an S3 Bucket Key; set bucketKeyEnabled: true (every object request would call KMS)."],
    "performance-insights-aws-key": ["aurora-encrypted", T.instance, "bibox-aurora-eu-west-1a", "Aurora instance bibox-aurora-eu-west-1a keeps Performance Insights (query samples) under the AWS managed key; set performanceInsightsKmsKeyId to a customer-managed key."],
    "aurora-no-iam-auth": ["aurora-iam-auth", T.cluster, "bibox-aurora-cluster", "Aurora cluster bibox-aurora-cluster does not accept IAM database authentication; set iamDatabaseAuthenticationEnabled: true."],
    "eks-config-map-auth": ["eks-access-control", T.eks, "bibox-eks-cluster", "EKS cluster bibox-eks-cluster authenticates through the aws-auth ConfigMap (authenticationMode CONFIG_MAP); use API access entries."],
    "eks-creator-admin": ["eks-access-control", T.eks, "bibox-eks-cluster", "EKS cluster bibox-eks-cluster makes its creator a cluster admin outside the access entries; set bootstrapClusterCreatorAdminPermissions: false."],
    "launch-template-tokens-unset": ["imdsv2-required", T.lt, "bibox-eks-system", "bibox-eks-system allows IMDSv1 (httpTokens is unset, optional by default, must be required)."],
    "node-class-tokens-optional": ["imdsv2-required", T.nodeClass, "bibox-eks-karpenter-nodeclass-gpu", "bibox-eks-karpenter-nodeclass-gpu allows IMDSv1 (httpTokens is optional, must be required)."],
};

describe("one fault, one finding", () => {
    it("every fault has its exact finding listed, and there are at least 30", () => {
        expect(faults.length).toBeGreaterThanOrEqual(30);
        expect(Object.keys(EXACT).sort()).toEqual(faults.map((f) => f.id).sort());
    });
    it.each(faults.map((f) => [f.id, f] as const))("%s", async (id, f) => {
        const [policy, type, name, message] = EXACT[id];
        const mutated = f.mutate(structuredClone(fixtures[f.stack]));
        expect(message).toContain(f.expect);
        expect(await added(f.stack, f.mutate)).toEqual([{ policy, level: "mandatory", urn: urnOf(mutated, type, name), message }]);
    });
});

describe("false positives of the independent run, now passing", () => {
    it("an EC2NodeClass without metadataOptions takes Karpenter v1's defaults (IMDSv2, hop limit 1)", async () => {
        expect(await added("prod-eu", change(T.nodeClass, "bibox-eks-karpenter-nodeclass-default", (r) => { delete (r.inputs.spec as { metadataOptions?: unknown }).metadataOptions; }))).toEqual([]);
    });
    it("a bucket encrypted with DSSE-KMS (aws:kms:dsse, no bucket key) under the customer key", async () => {
        expect(await added("prod-us", change(T.sse, "bibox-media-encryption", (r) => {
            const rule = (r.inputs.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string }; bucketKeyEnabled?: boolean }[])[0];
            rule.applyServerSideEncryptionByDefault.sseAlgorithm = "aws:kms:dsse";
            delete rule.bucketKeyEnabled;
        }))).toEqual([]);
    });
    it("a KMS key without deletionWindowInDays takes the default 30 days", async () => {
        expect(await added("prod-ap", change(T.key, "bibox-media-key", (r) => { delete r.inputs.deletionWindowInDays; }))).toEqual([]);
    });
    it("a secret without recoveryWindowInDays takes the default 30 days", async () => {
        expect(await added("prod-eu", change(T.secret, "bibox-cache-auth", (r) => { delete r.inputs.recoveryWindowInDays; }))).toEqual([]);
    });
});

describe("preview honesty", () => {
    it("a trust policy unknown during preview makes only that role \"cannot verify\", never a pass or a crash", async () => {
        const v = await added("prod-us", change(T.role, "bibox-eks-ebs-csi", (r) => { r.inputs.assumeRolePolicy = "[unknown]"; }));
        expect(v.filter((x) => x.level === "mandatory")).toEqual([]);
        expect(v.map((x) => x.policy)).toContain("iam-trust-scoped");
        expect(v.find((x) => x.policy === "iam-trust-scoped")?.message).toMatch(/^cannot verify bibox-eks-ebs-csi/);
    });
    it("a deleted policy input is no finding and no crash; an unreadable one is refused", async () => {
        expect(await added("prod-us", change(T.rolePolicy, "bibox-network-flow-logs", (r) => { delete r.inputs.policy; }))).toEqual([]);
        const v = await added("prod-us", change(T.rolePolicy, "bibox-network-flow-logs", (r) => { r.inputs.policy = "{oops"; }));
        expect(v.map((x) => `${x.policy}: ${x.message}`)).toContain(
            "iam-no-wildcard: iam-no-wildcard could not judge bibox-network-flow-logs: its policy is not a JSON document. The plan is not what the rule expects; it is refused rather than passed.",
        );
    });
});
