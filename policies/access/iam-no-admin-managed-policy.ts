import { resourceRule } from "../define";
import { list } from "./policy-document";

/**
 * AWS managed policies the platform never attaches, with the reason per row. Descriptions and
 * documents: the AWS managed policy reference, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/
 * (e.g. …/reference/AdministratorAccess.html, …/PowerUserAccess.html, …/IAMFullAccess.html) and the
 * job-function policies https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html.
 * Matched on the policy's name after `arn:<partition>:iam::aws:policy/[path/]`.
 */
export const ADMIN_CLASS_POLICIES: readonly { pattern: RegExp; policy: string; reason: string }[] = [
    { pattern: /^AdministratorAccess(-.+)?$/, policy: "AdministratorAccess, AdministratorAccess-Amplify, AdministratorAccess-AWSElasticBeanstalk", reason: "account administration: every action on every resource (\"*\" on \"*\")" },
    { pattern: /^PowerUserAccess$/, policy: "PowerUserAccess", reason: "every action outside IAM, Organizations and Account: reads every secret, deletes every key, database and backup" },
    { pattern: /^IAMFullAccess$/, policy: "IAMFullAccess", reason: "iam:* on \"*\": the principal can attach AdministratorAccess to itself" },
    { pattern: /^AWSOrganizationsFullAccess$/, policy: "AWSOrganizationsFullAccess", reason: "organizations:* on \"*\": detaches the organization's guardrails, moves and closes accounts" },
    { pattern: /^SecretsManagerReadWrite$/, policy: "SecretsManagerReadWrite", reason: "secretsmanager:* on every secret: reads the database and cache credentials of every region" },
    { pattern: /^SystemAdministrator$/, policy: "job-function/SystemAdministrator", reason: "full access to the services of application and development operations (EC2, Lambda, CloudFormation, …)" },
    { pattern: /^NetworkAdministrator$/, policy: "job-function/NetworkAdministrator", reason: "full access to VPC, routing, security groups and DNS: can open any data store to the internet" },
    { pattern: /^DatabaseAdministrator$/, policy: "job-function/DatabaseAdministrator", reason: "rds:*, dynamodb:*, elasticache:* …: can delete or expose every data store" },
    { pattern: /FullAccess(V\d+)?$/, policy: "any other *FullAccess (AmazonS3FullAccess, AmazonEC2FullAccess, AWSLambda_FullAccess, …)", reason: "\"<service>:*\" on \"*\": full control of the service, the managed form of what iam-no-wildcard refuses inline" },
];

/** The admin-class row an ARN matches, if it is an AWS managed policy in the table. */
export function adminClassPolicy(arn: string): { name: string; reason: string } | undefined {
    const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m) return undefined;
    const row = ADMIN_CLASS_POLICIES.find((r) => r.pattern.test(m[1]));
    return row && { name: m[1], reason: row.reason };
}

/** Where each type names the managed policies it attaches. */
const ATTACHING: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/role:Role": "managedPolicyArns",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
};

/**
 * checkov CKV_AWS_274 (AdministratorAccess), CKV2_AWS_56 (IAMFullAccess); AWSGuard
 * IAM_ROLE_ADMINISTRATOR_ACCESS_POLICY_RULE, IAM_ROLE_ELEVATED_MANAGED_POLICY_RULE (PowerUserAccess,
 * IAMFullAccess). The AWS managed policies the program attaches (AmazonEKSClusterPolicy,
 * AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryPullOnly,
 * AmazonSSMManagedInstanceCore, AmazonEBSCSIDriverPolicy, AmazonRDSEnhancedMonitoringRole, the
 * AWSBackupServiceRolePolicyFor* set) are scoped to one job and pass.
 */
export const iamNoAdminManagedPolicy = resourceRule(
    {
        name: "iam-no-admin-managed-policy",
        description: "No role, user or group is given an admin-class AWS managed policy (AdministratorAccess, PowerUserAccess, SecretsManagerReadWrite, the administrator job functions, any *FullAccess).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Attach a customer-managed policy naming the actions and resources the principal needs (or the service's scoped managed policy).",
    },
    Object.keys(ATTACHING),
    (props, args, judge) =>
        judge.one(args, () =>
            list(props[ATTACHING[args.type]]).flatMap((arn) => {
                const row = adminClassPolicy(arn);
                return row ? [{ message: `${args.name} attaches the AWS managed policy ${row.name}: ${row.reason}. Attach a policy scoped to the job instead.` }] : [];
            }),
        ),
);
