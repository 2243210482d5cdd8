/**
 * Single faults for the access and encryption rules (issue #12 item 6), over the real plans: each
 * changes one input, removes one resource or adds one, and names the resource the pack must refuse.
 */
import type { PlanResource } from "../../src/plan/types";
import { change, editJson, Mutation } from "../helpers/mutate";

/** The shape of test/mutations/types.ts (owned by the infra helper; declared here until it lands). */
export type { Fault } from "./types";
import type { Fault } from "./types";

export const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    key: "aws:kms/key:Key",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    secret: "aws:secretsmanager/secret:Secret",
    cache: "aws:elasticache/replicationGroup:ReplicationGroup",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    cluster: "aws:rds/cluster:Cluster",
    instance: "aws:rds/clusterInstance:ClusterInstance",
    eks: "aws:eks/cluster:Cluster",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    lambda: "aws:lambda/function:Function",
    group: "aws:iam/group:Group",
    user: "aws:iam/user:User",
};

/** Adds a resource of `type` named `name`, a sibling of `like` (same parent, provider and dependencies). */
export const add = (like: { type: string; name: string }, type: string, name: string, inputs: Record<string, unknown>): Mutation => (rs) => {
    const model = rs.find((r) => r.type === like.type && r.name === like.name);
    if (!model) throw new Error(`no ${like.type} ${like.name} to add a sibling to`);
    const urn = model.urn.replace(`$${model.type}::${model.name}`, `$${type}::${name}`);
    return [...rs, { ...structuredClone(model), urn, type, name, inputs: structuredClone(inputs), protect: false, dependencies: [model.urn] }];
};

const ARN = (name: string) => `arn:aws:iam::aws:policy/${name}`;
/** Edits statement `i` (or the one with Sid `i`) of a JSON policy input. */
const statement = (i: number | string, edit: (s: any) => void) => (r: PlanResource, key = "policy") =>
    editJson(r, key, (d) => edit(typeof i === "number" ? d.Statement[i] : d.Statement.find((s: { Sid?: string }) => s.Sid === i)));
const trust = (edit: (s: any) => void) => (r: PlanResource) => statement(0, edit)(r, "assumeRolePolicy");
const rename = (s: any, from: string, to: string) => {
    s[to] = s[from];
    delete s[from];
};

export const faults: Fault[] = [
    // Identity policies: wildcards and PassRole (iam-no-wildcard)
    { id: "iam-policy-ec2-star", stack: "prod-eu", fault: "Karpenter's node-lifecycle policy gains ec2:* on *.", expect: "IAM policy bibox-eks-karpenter-controller-node-lifecycle allows ec2:* on every resource",
        mutate: change(T.policy, "bibox-eks-karpenter-controller-node-lifecycle", (r) => editJson(r, "policy", (d) => { d.Statement.push({ Effect: "Allow", Action: "ec2:*", Resource: "*" }); })) },
    { id: "role-policy-star-on-star", stack: "prod-us", fault: "The flow-log role's inline policy allows * on *.", expect: "Role policy bibox-network-flow-logs allows * on every resource",
        mutate: change(T.rolePolicy, "bibox-network-flow-logs", statement(0, (s) => { s.Action = "*"; s.Resource = "*"; })) },
    { id: "group-policy-s3-every-bucket", stack: "prod-us", fault: "The Akamai readers' group policy allows s3:* on every bucket (arn:aws:s3:::*).", expect: "Group policy bibox-edge-akamai-media-readers allows s3:* on every resource",
        mutate: change(T.groupPolicy, "bibox-edge-akamai-media-readers", statement("ReadMedia", (s) => { s.Action = "s3:*"; s.Resource = "arn:aws:s3:::*"; })) },
    { id: "lbc-policy-iam-star", stack: "prod-ap", fault: "The load balancer controller's first statement allows iam:* instead of iam:CreateServiceLinkedRole.", expect: "IAM policy bibox-eks-baseline-lbc allows iam:* on every resource",
        mutate: change(T.policy, "bibox-eks-baseline-lbc", statement(0, (s) => { s.Action = "iam:*"; })) },
    { id: "karpenter-passes-any-role", stack: "prod-us", fault: "Karpenter may pass any role instead of the node role.", expect: "IAM policy bibox-eks-karpenter-controller-node-lifecycle lets its principal pass any role",
        mutate: change(T.policy, "bibox-eks-karpenter-controller-node-lifecycle", statement("AllowPassingInstanceRole", (s) => { s.Resource = "*"; })) },
    { id: "role-inline-admin", stack: "prod-eu", fault: "The EKS cluster role gets an inline policy allowing * on *.", expect: "Role bibox-eks-cluster (inline policy debug) allows * on every resource",
        mutate: change(T.role, "bibox-eks-cluster", (r) => { r.inputs.inlinePolicies = [{ name: "debug", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }]; }) },
    // Negated allows (iam-no-negated-allow)
    { id: "role-policy-not-action", stack: "prod-us", fault: "The EBS CSI key policy statement says NotAction instead of Action.", expect: "Role policy bibox-eks-ebs-csi-kms allows with NotAction",
        mutate: change(T.rolePolicy, "bibox-eks-ebs-csi-kms", statement(0, (s) => rename(s, "Action", "NotAction"))) },
    { id: "policy-not-resource", stack: "prod-eu", fault: "Karpenter's pricing read says NotResource instead of Resource.", expect: "IAM policy bibox-eks-karpenter-controller-integration allows with NotResource",
        mutate: change(T.policy, "bibox-eks-karpenter-controller-integration", statement("AllowPricingReadActions", (s) => rename(s, "Resource", "NotResource"))) },
    { id: "bucket-policy-not-principal", stack: "prod-us", fault: "The trail bucket's CloudTrail write says NotPrincipal instead of Principal.", expect: "Bucket policy bibox-security-trail-policy allows with NotPrincipal",
        mutate: change(T.bucketPolicy, "bibox-security-trail-policy", statement("CloudTrailWrite", (s) => rename(s, "Principal", "NotPrincipal"))) },
    { id: "trust-not-action", stack: "prod-ap", fault: "The backup role's trust says NotAction instead of Action.", expect: "Role bibox-backups-role (trust policy) allows with NotAction",
        mutate: change(T.role, "bibox-backups-role", trust((s) => rename(s, "Action", "NotAction"))) },
    // Admin-class managed policies (iam-no-admin-managed-policy) and users (iam-users-via-groups)
    { id: "attach-administrator-access", stack: "prod-us", fault: "The Karpenter node's SSM attachment points at AdministratorAccess.", expect: "bibox-eks-karpenter-node-AmazonSSMManagedInstanceCore attaches the AWS managed policy AdministratorAccess",
        mutate: change(T.attachment, "bibox-eks-karpenter-node-AmazonSSMManagedInstanceCore", (r) => { r.inputs.policyArn = ARN("AdministratorAccess"); }) },
    { id: "attach-power-user", stack: "prod-eu", fault: "A new attachment gives the region-switch dial PowerUserAccess.", expect: "bibox-region-switch-dial-poweruser attaches the AWS managed policy PowerUserAccess",
        mutate: add({ type: T.rolePolicy, name: "bibox-region-switch-dial" }, T.attachment, "bibox-region-switch-dial-poweruser", { role: "bibox-eu-west-1-ga-traffic-dial", policyArn: ARN("PowerUserAccess") }) },
    { id: "role-managed-iam-full-access", stack: "prod-ap", fault: "The dial role lists IAMFullAccess in managedPolicyArns.", expect: "bibox-region-switch-dial attaches the AWS managed policy IAMFullAccess",
        mutate: change(T.role, "bibox-region-switch-dial", (r) => { r.inputs.managedPolicyArns = [ARN("IAMFullAccess")]; }) },
    { id: "group-s3-full-access", stack: "prod-us", fault: "A group attachment gives the Akamai readers AmazonS3FullAccess.", expect: "bibox-edge-akamai-s3-full attaches the AWS managed policy AmazonS3FullAccess",
        mutate: add({ type: T.groupPolicy, name: "bibox-edge-akamai-media-readers" }, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "bibox-edge-akamai-s3-full", { group: "bibox-akamai-media-readers", policyArn: ARN("AmazonS3FullAccess") }) },
    { id: "system-administrator-job-function", stack: "prod-eu", fault: "The system node role's CNI attachment points at job-function/SystemAdministrator.", expect: "bibox-eks-system-node-AmazonEKS_CNI_Policy attaches the AWS managed policy SystemAdministrator",
        mutate: change(T.attachment, "bibox-eks-system-node-AmazonEKS_CNI_Policy", (r) => { r.inputs.policyArn = ARN("job-function/SystemAdministrator"); }) },
    { id: "user-inline-policy", stack: "prod-us", fault: "The Akamai user gets an inline user policy.", expect: "bibox-edge-akamai-direct gives permissions directly to IAM user bibox-akamai-media-reader",
        mutate: add({ type: T.groupPolicy, name: "bibox-edge-akamai-media-readers" }, "aws:iam/userPolicy:UserPolicy", "bibox-edge-akamai-direct", { user: "bibox-akamai-media-reader", name: "direct", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bibox-media-us-east-1-123456789012/*" }] }) }) },
    // Trust policies (iam-trust-scoped)
    { id: "trust-any-account", stack: "prod-us", fault: "The system node role trusts AWS * instead of ec2.amazonaws.com.", expect: "Role bibox-eks-system-node can be assumed by any AWS account",
        mutate: change(T.role, "bibox-eks-system-node", trust((s) => { s.Principal = { AWS: "*" }; })) },
    { id: "trust-star-tag-condition", stack: "prod-eu", fault: "The region-switch role trusts * narrowed only by a principal tag (any account can tag its principals).", expect: "Role bibox-region-switch-dial can be assumed by any AWS account",
        mutate: change(T.role, "bibox-region-switch-dial", trust((s) => { s.Principal = "*"; s.Condition = { StringEquals: { "aws:PrincipalTag/team": "platform" } }; })) },
    { id: "trust-sts-star", stack: "prod-ap", fault: "The RDS monitoring role's trust allows sts:*.", expect: "Role bibox-aurora-monitoring's trust policy allows sts:*",
        mutate: change(T.role, "bibox-aurora-monitoring", trust((s) => { s.Action = "sts:*"; })) },
    { id: "pod-identity-without-tag-session", stack: "prod-us", fault: "The EBS CSI role's Pod Identity trust drops sts:TagSession.", expect: "Role bibox-eks-ebs-csi trusts EKS Pod Identity without allowing both sts:AssumeRole and sts:TagSession",
        mutate: change(T.role, "bibox-eks-ebs-csi", trust((s) => { s.Action = "sts:AssumeRole"; })) },
    { id: "irsa-without-sub", stack: "prod-eu", fault: "The load balancer controller's role trusts the cluster's OIDC provider with only an audience condition.", expect: "Role bibox-eks-baseline-lbc trusts the OIDC provider oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE without pinning oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub",
        mutate: change(T.role, "bibox-eks-baseline-lbc", trust((s) => {
            s.Principal = { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE" };
            s.Action = "sts:AssumeRoleWithWebIdentity";
            s.Condition = { StringEquals: { "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud": "sts.amazonaws.com" } };
        })) },
    // Resource policies (resource-policy-scoped)
    { id: "ebs-key-star-unconditioned", stack: "prod-us", fault: "The EBS key's EC2 statement loses its condition (kms:ViaService, kms:CallerAccount).", expect: "KMS key bibox-eks-ebs-key allows kms:Encrypt",
        mutate: change(T.key, "bibox-eks-ebs-key", statement("AccountUsesKeyThroughEc2", (s) => { delete s.Condition; })) },
    { id: "replica-key-via-service-only", stack: "prod-us", fault: "The eu-west-1 Aurora secret replica key keeps kms:ViaService but drops kms:CallerAccount.", expect: "KMS key bibox-aurora-replica-eu-west-1-key allows",
        mutate: change(T.key, "bibox-aurora-replica-eu-west-1-key", statement("AccountUsesKeyThroughSecretsManager", (s) => { delete s.Condition.StringEquals["kms:CallerAccount"]; })) },
    { id: "media-key-wildcard-principal-arn", stack: "prod-eu", fault: "The media key's Akamai statement pins aws:PrincipalArn with an account wildcard and no caller account.", expect: "KMS key bibox-media-key allows kms:Decrypt to any AWS principal",
        mutate: change(T.key, "bibox-media-key", statement("AkamaiOriginDecryptsMediaThroughS3", (s) => {
            s.Condition = { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:user/bibox-akamai-media-reader" }, StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } };
        })) },
    { id: "media-bucket-public-read", stack: "prod-eu", fault: "The media bucket policy allows s3:GetObject to *.", expect: "Bucket policy bibox-media-policy allows s3:GetObject to any AWS principal",
        mutate: change(T.bucketPolicy, "bibox-media-policy", (r) => editJson(r, "policy", (d) => { d.Statement.push({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::bibox-media-eu-west-1-123456789012/*" }); })) },
    { id: "topic-policy-if-exists", stack: "prod-eu", fault: "The alerts topic policy admits * with aws:SourceAccount under StringEqualsIfExists (an absent key passes).", expect: "Topic policy bibox-observability-alerts allows sns:Publish to any AWS principal",
        mutate: change(T.topicPolicy, "bibox-observability-alerts", statement(0, (s) => { s.Principal = "*"; s.Condition = { StringEqualsIfExists: s.Condition.StringEquals }; })) },
    { id: "interruption-queue-public", stack: "prod-ap", fault: "The interruption queue accepts SendMessage from * instead of EventBridge.", expect: "Queue policy bibox-eks-karpenter-interruption allows sqs:SendMessage to any AWS principal",
        mutate: change(T.queuePolicy, "bibox-eks-karpenter-interruption", statement(0, (s) => { s.Principal = "*"; })) },
    { id: "key-bypasses-lockout-check", stack: "prod-us", fault: "The cache key bypasses the key policy lockout safety check.", expect: "KMS key bibox-cache-key bypasses the key policy lockout safety check",
        mutate: change(T.key, "bibox-cache-key", (r) => { r.inputs.bypassPolicyLockoutSafetyCheck = true; }) },
    { id: "lambda-permission-public", stack: "prod-us", fault: "A Lambda permission lets * invoke the traffic dial.", expect: "Lambda permission bibox-region-switch-dial-anyone lets any AWS principal invoke the function",
        mutate: add({ type: T.lambda, name: "bibox-region-switch-dial" }, "aws:lambda/permission:Permission", "bibox-region-switch-dial-anyone", { action: "lambda:InvokeFunction", function: "bibox-us-east-1-ga-traffic-dial", principal: "*" }) },
    // Secrets and keys (secret-recovery-window, kms-key-rotation, cmk-encrypted)
    { id: "secret-force-delete", stack: "prod-ap", fault: "The cache AUTH secret is deleted without recovery (recoveryWindowInDays 0).", expect: "Secret bibox-cache-auth is deleted without recovery",
        mutate: change(T.secret, "bibox-cache-auth", (r) => { r.inputs.recoveryWindowInDays = 0; }) },
    { id: "secret-recovery-3-days", stack: "prod-us", fault: "The Aurora master secret's recovery window is 3 days.", expect: "Secret bibox-aurora-master has recovery window 3 days",
        mutate: change(T.secret, "bibox-aurora-master", (r) => { r.inputs.recoveryWindowInDays = 3; }) },
    { id: "secret-aws-managed-key", stack: "prod-us", fault: "The Aurora master secret is encrypted with alias/aws/secretsmanager.", expect: "Secret bibox-aurora-master is not encrypted with a customer-managed KMS key",
        mutate: change(T.secret, "bibox-aurora-master", (r) => { r.inputs.kmsKeyId = "alias/aws/secretsmanager"; }) },
    { id: "key-rotation-off", stack: "prod-ap", fault: "The media key does not rotate.", expect: "KMS key bibox-media-key does not enable automatic key rotation",
        mutate: change(T.key, "bibox-media-key", (r) => { r.inputs.enableKeyRotation = false; }) },
    { id: "key-rotation-unset", stack: "prod-eu", fault: "The Aurora storage key's enableKeyRotation is removed (the provider default is false).", expect: "KMS key bibox-aurora-storage-key does not enable automatic key rotation",
        mutate: change(T.key, "bibox-aurora-storage-key", (r) => { delete r.inputs.enableKeyRotation; }) },
    { id: "key-rotation-two-years", stack: "prod-us", fault: "The backup key rotates every 730 days.", expect: "KMS key bibox-backups-key rotates every 730 days",
        mutate: change(T.key, "bibox-backups-key", (r) => { r.inputs.rotationPeriodInDays = 730; }) },
    // Cache AUTH and encryption (elasticache-auth, elasticache-encrypted)
    { id: "cache-no-auth", stack: "prod-us", fault: "The session cache primary loses its AUTH token.", expect: "Cache bibox-cache-group lets any client that reaches it in without a password",
        mutate: change(T.cache, "bibox-cache-group", (r) => { delete r.inputs.authToken; }) },
    { id: "cache-tls-preferred", stack: "prod-us", fault: "The session cache accepts plaintext clients (transitEncryptionMode preferred).", expect: "Cache bibox-cache-group accepts plaintext clients",
        mutate: change(T.cache, "bibox-cache-group", (r) => { r.inputs.transitEncryptionMode = "preferred"; }) },
    { id: "cache-secondary-aws-key", stack: "prod-eu", fault: "The eu-west-1 cache secondary uses the AWS managed ElastiCache key.", expect: "Cache bibox-cache-group is not encrypted at rest with a customer-managed key",
        mutate: change(T.cache, "bibox-cache-group", (r) => { r.inputs.kmsKeyId = "alias/aws/elasticache"; }) },
    // Buckets, databases, clusters, nodes
    { id: "media-sse-no-bucket-key", stack: "prod-ap", fault: "The media bucket's SSE-KMS rule turns bucket keys off.", expect: "Bucket bibox-media-bucket encrypts with SSE-KMS without an S3 Bucket Key",
        mutate: change(T.sse, "bibox-media-encryption", (r) => { (r.inputs.rules as any)[0].bucketKeyEnabled = false; }) },
    { id: "performance-insights-aws-key", stack: "prod-eu", fault: "An Aurora instance keeps Performance Insights under the AWS managed key.", expect: "Aurora instance bibox-aurora-eu-west-1a keeps Performance Insights",
        mutate: change(T.instance, "bibox-aurora-eu-west-1a", (r) => { delete r.inputs.performanceInsightsKmsKeyId; }) },
    { id: "aurora-no-iam-auth", stack: "prod-ap", fault: "The ap-northeast-1 Aurora cluster stops accepting IAM authentication.", expect: "Aurora cluster bibox-aurora-cluster does not accept IAM database authentication",
        mutate: change(T.cluster, "bibox-aurora-cluster", (r) => { r.inputs.iamDatabaseAuthenticationEnabled = false; }) },
    { id: "eks-config-map-auth", stack: "prod-eu", fault: "The EKS cluster authenticates through the aws-auth ConfigMap.", expect: "EKS cluster bibox-eks-cluster authenticates through the aws-auth ConfigMap",
        mutate: change(T.eks, "bibox-eks-cluster", (r) => { (r.inputs.accessConfig as any).authenticationMode = "CONFIG_MAP"; }) },
    { id: "eks-creator-admin", stack: "prod-us", fault: "bootstrapClusterCreatorAdminPermissions is removed (the API default is true).", expect: "EKS cluster bibox-eks-cluster makes its creator a cluster admin",
        mutate: change(T.eks, "bibox-eks-cluster", (r) => { delete (r.inputs.accessConfig as any).bootstrapClusterCreatorAdminPermissions; }) },
    { id: "launch-template-tokens-unset", stack: "prod-ap", fault: "The system node launch template drops httpTokens (optional unless the AMI says otherwise).", expect: "bibox-eks-system allows IMDSv1 (httpTokens is unset, optional by default",
        mutate: change(T.lt, "bibox-eks-system", (r) => { delete (r.inputs.metadataOptions as any).httpTokens; }) },
    { id: "node-class-tokens-optional", stack: "prod-ap", fault: "The GPU node class sets httpTokens optional.", expect: "bibox-eks-karpenter-nodeclass-gpu allows IMDSv1 (httpTokens is optional",
        mutate: change(T.nodeClass, "bibox-eks-karpenter-nodeclass-gpu", (r) => { (r.inputs.spec as any).metadataOptions.httpTokens = "optional"; }) },
];
