/** Every rule of the pack, one per file, grouped by area. */
import { Policies } from "@pulumi/policy";
import { eksEndpointPrivate } from "./access/eks-endpoint-private";
import { explicitProvider } from "./access/explicit-provider";
import { iamNoWildcard } from "./access/iam-no-wildcard";
import { imdsv2Required } from "./access/imdsv2-required";
import { noOpenIngress } from "./access/no-open-ingress";
import { s3PublicAccessBlocked } from "./access/s3-public-access-blocked";
import { ssmOnlyNodeAccess } from "./access/ssm-only-node-access";
import { statefulProtected } from "./access/stateful-protected";
import { auroraIamAuth } from "./access/aurora-iam-auth";
import { eksAccessControl } from "./access/eks-access-control";
import { elasticacheAuth } from "./access/elasticache-auth";
import { iamNoAdminManagedPolicy } from "./access/iam-no-admin-managed-policy";
import { iamNoNegatedAllow } from "./access/iam-no-negated-allow";
import { iamTrustScoped } from "./access/iam-trust-scoped";
import { iamUsersViaGroups } from "./access/iam-users-via-groups";
import { resourcePolicyScoped } from "./access/resource-policy-scoped";
import { auroraEncrypted } from "./encryption/aurora-encrypted";
import { cmkEncrypted } from "./encryption/cmk-encrypted";
import { ebsEncrypted } from "./encryption/ebs-encrypted";
import { eksSecretsEncrypted } from "./encryption/eks-secrets-encrypted";
import { elasticacheEncrypted } from "./encryption/elasticache-encrypted";
import { kmsKeyRotation } from "./encryption/kms-key-rotation";
import { logGroupEncrypted } from "./encryption/log-group-encrypted";
import { s3SseKms } from "./encryption/s3-sse-kms";
import { sqsEncrypted } from "./encryption/sqs-encrypted";
import { secretRecoveryWindow } from "./encryption/secret-recovery-window";
import { defaultSecurityGroupClosed } from "./network/default-security-group-closed";
import { noPublicIpOnLaunch } from "./network/no-public-ip-on-launch";
import { vpcFlowLogs } from "./network/vpc-flow-logs";
import { nodeIngressClosed } from "./network/node-ingress-closed";
import { privateSubnetsPrivate } from "./network/private-subnets-private";
import { noPublicAddresses } from "./network/no-public-addresses";
import { auditCloudtrail } from "./audit/audit-cloudtrail";
import { auditS3ObjectWrites } from "./audit/audit-s3-object-writes";
import { auditEksControlPlane } from "./audit/audit-eks-control-plane";
import { auditAlbRequests } from "./audit/audit-alb-requests";
import { wafPublicEntry } from "./audit/waf-public-entry";
import { recoveryBackupPlan } from "./recovery/recovery-backup-plan";
import { recoveryCapacity } from "./recovery/recovery-capacity";
import { recoveryEdgeFailover } from "./recovery/recovery-edge-failover";
import { recoveryAurora } from "./recovery/recovery-aurora";
import { recoveryCache } from "./recovery/recovery-cache";
import { recoveryMedia } from "./recovery/recovery-media";
import { recoveryAuroraRetention } from "./recovery/recovery-aurora-retention";
import { recoveryBackupCoverage } from "./recovery/recovery-backup-coverage";
import { recoveryEdgeHealth } from "./recovery/recovery-edge-health";
import { recoveryReplicas } from "./recovery/recovery-replicas";
import { s3AclsDisabled } from "./access/s3-acls-disabled";
import { k8sRbacLeastPrivilege } from "./access/k8s-rbac-least-privilege";
import { lambdaEnvNoSecrets } from "./access/lambda-env-no-secrets";
import { albHardening } from "./network/alb-hardening";
import { noOpenEgress } from "./network/no-open-egress";
import { sgDescribed } from "./network/sg-described";
import { alarmsPage } from "./audit/alarms-page";
import { auroraObservability } from "./audit/aurora-observability";
import { logRetention } from "./audit/log-retention";
import { cacheAvailability } from "./recovery/cache-availability";
import { eksStandardSupport } from "./lifecycle/eks-standard-support";
import { lambdaRuntimeSupported } from "./lifecycle/lambda-runtime-supported";
import { s3AbortIncompleteUploads } from "./lifecycle/s3-abort-incomplete-uploads";
import { trafficPaths } from "./traffic/traffic-paths";
import { akamaiOriginHttps } from "./transit/akamai-origin-https";
import { albTls } from "./transit/alb-tls";
import { albTls13Preferred } from "./transit/alb-tls13-preferred";
import { auroraTls } from "./transit/aurora-tls";
import { cloudflareTls } from "./transit/cloudflare-tls";
import { fastlyBackendTls } from "./transit/fastly-backend-tls";
import { s3TlsOnly } from "./transit/s3-tls-only";
import { kubernetesBuiltinSchema } from "./kubernetes/builtin-schema";
import { karpenterSchema } from "./kubernetes/karpenter-schema";
import { helmValues } from "./kubernetes/helm-values";
import { preflightK8sDeleteUnreachable } from "./preflight/k8s-provider-delete-unreachable";
import { preflightNames } from "./preflight/name-rules";
import { preflightClusterAccessOrder } from "./preflight/order-cluster-access";
import { preflightCrdOrder } from "./preflight/order-crds";
import { preflightKarpenterTeardown } from "./preflight/order-karpenter-teardown";
import { preflightWebhookOrder } from "./preflight/order-webhooks";
import { preflightPrincipalsExist } from "./preflight/principals-exist";
import { preflightGlobalAccelerator } from "./preflight/quota-global-accelerator";
import { preflightLoadBalancer } from "./preflight/quota-load-balancer";
import { preflightPolicyQuotas } from "./preflight/quota-policies";
import { preflightSecurityGroupRules } from "./preflight/quota-security-group-rules";
import { preflightSecurityGroupsPerInterface } from "./preflight/quota-security-groups-per-interface";
import { preflightVpc } from "./preflight/quota-vpc";

export const policies: Policies = [
    // Encryption at rest
    auroraEncrypted, s3SseKms, ebsEncrypted, eksSecretsEncrypted, elasticacheEncrypted, cmkEncrypted, sqsEncrypted, logGroupEncrypted, kmsKeyRotation,
    secretRecoveryWindow,
    // Encryption in transit
    albTls, albTls13Preferred, cloudflareTls, fastlyBackendTls, akamaiOriginHttps, auroraTls, s3TlsOnly,
    // Access
    imdsv2Required, eksEndpointPrivate, s3PublicAccessBlocked, noOpenIngress, iamNoWildcard, statefulProtected, explicitProvider, ssmOnlyNodeAccess,
    iamNoNegatedAllow, iamNoAdminManagedPolicy, iamUsersViaGroups, iamTrustScoped, resourcePolicyScoped, elasticacheAuth, auroraIamAuth, eksAccessControl,
    s3AclsDisabled, k8sRbacLeastPrivilege, lambdaEnvNoSecrets,
    // Network
    vpcFlowLogs, defaultSecurityGroupClosed, noPublicIpOnLaunch,
    nodeIngressClosed, privateSubnetsPrivate, noPublicAddresses,
    albHardening, noOpenEgress, sgDescribed,
    // Audit: logging of the account, the clusters, the edge and the data; a WAF on every public entry (policies/audit/)
    auditCloudtrail, auditS3ObjectWrites, auditEksControlPlane, auditAlbRequests, wafPublicEntry,
    alarmsPage, auroraObservability, logRetention,
    // Recovery calculus
    recoveryAurora, recoveryMedia, recoveryCache, recoveryBackupPlan, recoveryEdgeFailover, recoveryCapacity,
    recoveryBackupCoverage, recoveryReplicas, recoveryAuroraRetention, recoveryEdgeHealth,
    cacheAvailability,
    // Lifecycle: versions and runtimes AWS still supports, objects S3 still bills for (policies/lifecycle/)
    eksStandardSupport, lambdaRuntimeSupported, s3AbortIncompleteUploads,
    // Traffic paths: every public hostname end to end, and after the loss of a region (policies/traffic/)
    trafficPaths,
    // Preflight: what the services refuse and types cannot see (policies/preflight/)
    preflightSecurityGroupRules, preflightSecurityGroupsPerInterface, preflightLoadBalancer, preflightGlobalAccelerator, preflightVpc, preflightPolicyQuotas,
    preflightNames, preflightPrincipalsExist, preflightClusterAccessOrder, preflightCrdOrder, preflightWebhookOrder, preflightKarpenterTeardown, preflightK8sDeleteUnreachable,
    // Kubernetes objects against the pinned schemas (policies/kubernetes/)
    kubernetesBuiltinSchema, karpenterSchema, helmValues,
];
