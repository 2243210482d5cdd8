/**
 * The encryption, transit and access rules: the real plans are the compliant fixtures; each test
 * changes one thing and expects exactly one violation with its exact message.
 *
 * @module-tag slow (the whole pack over many plans: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/rules";
import { runPolicies } from "../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../src/plan/types";
import { evaluate } from "../helpers/project";
import { change, editJson, Mutation } from "../helpers/mutate";

const fixtures: Record<string, PlanResource[]> = {};
beforeAll(async () => {
    for (const s of ["prod-us", "prod-eu"]) fixtures[s] = (await evaluate(s)).resources;
});

const urn = (stack: string, type: string, name: string) => fixtures[stack].find((r) => r.type === type && r.name === name)!.urn;
const run = (stack: string, m: Mutation): Promise<PlanViolation[]> => runPolicies(m(structuredClone(fixtures[stack])), policies);

const T = {
    cluster: "aws:rds/cluster:Cluster",
    global: "aws:rds/globalCluster:GlobalCluster",
    bucket: "aws:s3/bucket:Bucket",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    eks: "aws:eks/cluster:Cluster",
    cache: "aws:elasticache/replicationGroup:ReplicationGroup",
    vault: "aws:backup/vault:Vault",
    secret: "aws:secretsmanager/secret:Secret",
    queue: "aws:sqs/queue:Queue",
    listener: "aws:lb/listener:Listener",
    zone: "cloudflare:index/zoneSetting:ZoneSetting",
    fastly: "fastly:index/serviceVcl:ServiceVcl",
    akamai: "akamai:index/property:Property",
    params: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    iamPolicy: "aws:iam/policy:Policy",
    sg: "aws:ec2/securityGroup:SecurityGroup",
};

describe.each(["prod-us", "prod-eu"])("the %s plan", (stack) => {
    it("has no violation at all", async () => {
        expect(await run(stack, (rs) => rs)).toEqual([]);
    });
});

describe("one change, one violation", () => {
    const cases: [string, string, Mutation, () => PlanViolation | PlanViolation[]][] = [
        ["aurora-encrypted: storage unencrypted", "prod-us", change(T.cluster, "bibox-aurora-cluster", (r) => { r.inputs.storageEncrypted = false; }),
            () => ({ policy: "aurora-encrypted", level: "mandatory", urn: urn("prod-us", T.cluster, "bibox-aurora-cluster"), message: "Aurora bibox-aurora-cluster does not encrypt its storage." })],
        ["aurora-encrypted: no customer key", "prod-eu", change(T.cluster, "bibox-aurora-cluster", (r) => { delete r.inputs.kmsKeyId; }),
            () => ({ policy: "aurora-encrypted", level: "mandatory", urn: urn("prod-eu", T.cluster, "bibox-aurora-cluster"), message: "Aurora cluster bibox-aurora-cluster is not encrypted with a customer-managed KMS key." })],
        ["aurora-encrypted: global cluster unencrypted", "prod-us", change(T.global, "bibox-aurora-global", (r) => { r.inputs.storageEncrypted = false; }),
            () => ({ policy: "aurora-encrypted", level: "mandatory", urn: urn("prod-us", T.global, "bibox-aurora-global"), message: "Aurora bibox-aurora-global does not encrypt its storage." })],
        ["s3-sse-kms: AES256 only", "prod-eu", change(T.sse, "bibox-media-encryption", (r) => { r.inputs.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]; }),
            () => ({ policy: "s3-sse-kms", level: "mandatory", urn: urn("prod-eu", T.bucket, "bibox-media-bucket"), message: "Bucket bibox-media-bucket is not encrypted with SSE-KMS under a customer-managed key." })],
        ["ebs-encrypted: node class volume unencrypted", "prod-eu", change(T.nodeClass, "bibox-eks-karpenter-nodeclass-gpu", (r) => { (r.inputs.spec as any).blockDeviceMappings[0].ebs.encrypted = false; }),
            () => ({ policy: "ebs-encrypted", level: "mandatory", urn: urn("prod-eu", T.nodeClass, "bibox-eks-karpenter-nodeclass-gpu"), message: "bibox-eks-karpenter-nodeclass-gpu: volume /dev/xvda is not encrypted with a customer-managed key." })],
        ["ebs-encrypted: launch template without a key", "prod-eu", change(T.lt, "bibox-eks-system", (r) => { delete (r.inputs.blockDeviceMappings as any)[0].ebs.kmsKeyId; }),
            () => ({ policy: "ebs-encrypted", level: "mandatory", urn: urn("prod-eu", T.lt, "bibox-eks-system"), message: "bibox-eks-system: volume /dev/xvda is not encrypted with a customer-managed key." })],
        ["ebs-encrypted: a node group without its launch template", "prod-eu", change("aws:eks/nodeGroup:NodeGroup", "bibox-eks-np-sys", (r) => { delete r.inputs.launchTemplate; }),
            () => ({ policy: "ebs-encrypted", level: "mandatory", urn: urn("prod-eu", "aws:eks/nodeGroup:NodeGroup", "bibox-eks-np-sys"), message: "Node group bibox-eks-np-sys has no launch template, so its root volumes take the unencrypted default." })],
        ["eks-secrets-encrypted", "prod-eu", change(T.eks, "bibox-eks-cluster", (r) => { delete r.inputs.encryptionConfig; }),
            () => ({ policy: "eks-secrets-encrypted", level: "mandatory", urn: urn("prod-eu", T.eks, "bibox-eks-cluster"), message: "EKS cluster bibox-eks-cluster does not envelope-encrypt secrets with a customer-managed key." })],
        ["elasticache-encrypted: no TLS", "prod-us", change(T.cache, "bibox-cache-group", (r) => { r.inputs.transitEncryptionEnabled = false; }),
            () => ({ policy: "elasticache-encrypted", level: "mandatory", urn: urn("prod-us", T.cache, "bibox-cache-group"), message: "Cache bibox-cache-group does not require TLS in transit." })],
        ["elasticache-encrypted: a secondary without its region's key", "prod-eu", change(T.cache, "bibox-cache-group", (r) => { delete r.inputs.kmsKeyId; }),
            () => ({ policy: "elasticache-encrypted", level: "mandatory", urn: urn("prod-eu", T.cache, "bibox-cache-group"), message: "Cache bibox-cache-group is not encrypted at rest with a customer-managed key." })],
        ["cmk-encrypted: vault with the AWS key", "prod-eu", change(T.vault, "bibox-backups-vault", (r) => { delete r.inputs.kmsKeyArn; }),
            () => ({ policy: "cmk-encrypted", level: "mandatory", urn: urn("prod-eu", T.vault, "bibox-backups-vault"), message: "Vault bibox-backups-vault is not encrypted with a customer-managed KMS key." })],
        ["cmk-encrypted: secret with the AWS key", "prod-eu", change(T.secret, "bibox-cache-auth", (r) => { delete r.inputs.kmsKeyId; }),
            () => ({ policy: "cmk-encrypted", level: "mandatory", urn: urn("prod-eu", T.secret, "bibox-cache-auth"), message: "Secret bibox-cache-auth is not encrypted with a customer-managed KMS key." })],
        ["sqs-encrypted", "prod-eu", change(T.queue, "bibox-eks-karpenter-interruption", (r) => { r.inputs.sqsManagedSseEnabled = false; }),
            () => ({ policy: "sqs-encrypted", level: "mandatory", urn: urn("prod-eu", T.queue, "bibox-eks-karpenter-interruption"), message: "Queue bibox-eks-karpenter-interruption does not encrypt messages at rest." })],
        ["alb-tls: TLS 1.0 policy", "prod-eu", change(T.listener, "bibox-edge-origin-https", (r) => { r.inputs.sslPolicy = "ELBSecurityPolicy-2016-08"; }),
            () => [
                { policy: "alb-tls", level: "mandatory", urn: urn("prod-eu", T.listener, "bibox-edge-origin-https"), message: "Listener bibox-edge-origin-https uses TLS policy ELBSecurityPolicy-2016-08, which allows versions below TLS 1.2." },
                { policy: "alb-tls13-preferred", level: "advisory", urn: urn("prod-eu", T.listener, "bibox-edge-origin-https"), message: "Listener bibox-edge-origin-https does not offer TLS 1.3." },
            ]],
        ["alb-tls13-preferred (advisory): TLS 1.2 only", "prod-eu", change(T.listener, "bibox-edge-origin-https", (r) => { r.inputs.sslPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01"; }),
            () => ({ policy: "alb-tls13-preferred", level: "advisory", urn: urn("prod-eu", T.listener, "bibox-edge-origin-https"), message: "Listener bibox-edge-origin-https does not offer TLS 1.3." })],
        ["alb-tls: HTTP served, not redirected", "prod-eu", change(T.listener, "bibox-edge-origin-https", (r) => { r.inputs.protocol = "HTTP"; r.inputs.defaultActions = [{ type: "forward", targetGroupArn: "x" }]; }),
            () => [
                { policy: "alb-tls", level: "mandatory", urn: urn("prod-eu", T.listener, "bibox-edge-origin-https"), message: "Listener bibox-edge-origin-https serves plain HTTP instead of redirecting to HTTPS." },
                // The CDNs connect with TLS: every hostname they send to that listener dead-ends there.
                ...["api", "play", "www"].map((h) => ({
                    policy: "traffic-paths", level: "mandatory" as const, urn: urn("prod-eu", T.listener, "bibox-edge-origin-https"),
                    message: `${h}.pleasure.tv via ${h === "play" ? "Fastly" : "Cloudflare"} through eu-west-1: dead end at the TLS certificate: listener bibox-edge-origin-https on 443 speaks HTTP, the edge connects with TLS (SNI ${h}.pleasure.tv).`,
                })),
            ]],
        ["cloudflare-tls: minimum TLS 1.0", "prod-us", change(T.zone, "bibox-edge-cloudflare-min-tls-version", (r) => { r.inputs.value = "1.0"; }),
            () => ({ policy: "cloudflare-tls", level: "mandatory", urn: urn("prod-us", T.zone, "bibox-edge-cloudflare-min-tls-version"), message: "Zone setting bibox-edge-cloudflare-min-tls-version allows TLS 1.0 (minimum must be 1.2)." })],
        ["cloudflare-tls: SSL full, not strict", "prod-us", change(T.zone, "bibox-edge-cloudflare-ssl", (r) => { r.inputs.value = "full"; }),
            () => ({ policy: "cloudflare-tls", level: "mandatory", urn: urn("prod-us", T.zone, "bibox-edge-cloudflare-ssl"), message: "Zone setting bibox-edge-cloudflare-ssl sets SSL to full, not strict: origin certificates go unchecked." })],
        ["fastly-backend-tls: certificate not checked", "prod-us", change(T.fastly, "bibox-edge-fastly-service", (r) => { (r.inputs.backends as any)[1].sslCheckCert = false; }),
            () => ({ policy: "fastly-backend-tls", level: "mandatory", urn: urn("prod-us", T.fastly, "bibox-edge-fastly-service"), message: "Fastly service bibox-edge-fastly-service: backend origin_ap_northeast_1 is not reached over TLS with certificate checks." })],
        ["akamai-origin-https: origin over port 80", "prod-us", change(T.akamai, "bibox-edge-akamai-property", (r) => editJson(r, "rules", (d) => { d.rules.behaviors[0].options.httpsPort = 80; })),
            () => ({ policy: "akamai-origin-https", level: "mandatory", urn: urn("prod-us", T.akamai, "bibox-edge-akamai-property"), message: 'Akamai property bibox-edge-akamai-property: the origin in rule "default" is not reached over verified HTTPS.' })],
        ["aurora-tls: force_ssl off", "prod-eu", change(T.params, "bibox-aurora-params", (r) => { (r.inputs.parameters as any)[1].value = "0"; }),
            () => ({ policy: "aurora-tls", level: "mandatory", urn: urn("prod-eu", T.cluster, "bibox-aurora-cluster"), message: "Aurora cluster bibox-aurora-cluster accepts connections without TLS (rds.force_ssl is not 1)." })],
        ["s3-tls-only: no TLS deny", "prod-eu", change(T.bucketPolicy, "bibox-media-policy", (r) => editJson(r, "policy", (d) => { d.Statement = []; })),
            () => ({ policy: "s3-tls-only", level: "mandatory", urn: urn("prod-eu", T.bucket, "bibox-media-bucket"), message: "Bucket bibox-media-bucket does not refuse requests without TLS." })],
        ["imdsv2-required: IMDSv1 in a node class", "prod-eu", change(T.nodeClass, "bibox-eks-karpenter-nodeclass-default", (r) => { (r.inputs.spec as any).metadataOptions.httpTokens = "optional"; }),
            () => ({ policy: "imdsv2-required", level: "mandatory", urn: urn("prod-eu", T.nodeClass, "bibox-eks-karpenter-nodeclass-default"), message: "bibox-eks-karpenter-nodeclass-default allows IMDSv1 (httpTokens is optional, must be required)." })],
        ["imdsv2-required: hop limit 2 in the launch template", "prod-eu", change(T.lt, "bibox-eks-system", (r) => { (r.inputs.metadataOptions as any).httpPutResponseHopLimit = 2; }),
            () => ({ policy: "imdsv2-required", level: "mandatory", urn: urn("prod-eu", T.lt, "bibox-eks-system"), message: "bibox-eks-system lets pods reach instance metadata (hop limit 2)." })],
        ["eks-endpoint-private: open to the world", "prod-eu", change(T.eks, "bibox-eks-cluster", (r) => { (r.inputs.vpcConfig as any).publicAccessCidrs = ["0.0.0.0/0"]; }),
            () => ({ policy: "eks-endpoint-private", level: "mandatory", urn: urn("prod-eu", T.eks, "bibox-eks-cluster"), message: "EKS cluster bibox-eks-cluster exposes its API endpoint to the whole internet." })],
        ["s3-public-access-blocked: one flag off", "prod-eu", change(T.pab, "bibox-media-public-access", (r) => { r.inputs.restrictPublicBuckets = false; }),
            () => ({ policy: "s3-public-access-blocked", level: "mandatory", urn: urn("prod-eu", T.bucket, "bibox-media-bucket"), message: "Bucket bibox-media-bucket does not block public access (restrictPublicBuckets not set)." })],
        ["iam-no-wildcard: ec2:* on *", "prod-eu", change(T.iamPolicy, "bibox-eks-karpenter-controller-node-lifecycle", (r) => editJson(r, "policy", (d) => { d.Statement.push({ Sid: "Oops", Effect: "Allow", Action: "ec2:*", Resource: "*" }); })),
            () => ({ policy: "iam-no-wildcard", level: "mandatory", urn: urn("prod-eu", T.iamPolicy, "bibox-eks-karpenter-controller-node-lifecycle"), message: "IAM policy bibox-eks-karpenter-controller-node-lifecycle allows ec2:* on every resource (statement Oops)." })],
        ["stateful-protected: bucket unprotected", "prod-eu", change(T.bucket, "bibox-media-bucket", (r) => { r.protect = false; }),
            () => ({ policy: "stateful-protected", level: "mandatory", urn: urn("prod-eu", T.bucket, "bibox-media-bucket"), message: "Bucket bibox-media-bucket is not protected (Pulumi protect is off)." })],
        ["stateful-protected: database deletion protection off", "prod-eu", change(T.cluster, "bibox-aurora-cluster", (r) => { r.inputs.deletionProtection = false; }),
            () => ({ policy: "stateful-protected", level: "mandatory", urn: urn("prod-eu", T.cluster, "bibox-aurora-cluster"), message: "Cluster bibox-aurora-cluster has AWS deletion protection off." })],
        ["ssm-only-node-access: an SSH key on the node group", "prod-eu", change("aws:eks/nodeGroup:NodeGroup", "bibox-eks-np-sys", (r) => { r.inputs.remoteAccess = { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-ops"] }; }),
            () => ({ policy: "ssm-only-node-access", level: "mandatory", urn: urn("prod-eu", "aws:eks/nodeGroup:NodeGroup", "bibox-eks-np-sys"), message: "bibox-eks-np-sys lets nodes be reached with an SSH key; use SSM Session Manager." })],
        ["no-open-ingress: never on a database, even with a reason", "prod-eu", change(T.sg, "bibox-aurora-sg", (r) => { (r.inputs.ingress as any).push({ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"], description: "public: debugging" }); }),
            () => ({ policy: "no-open-ingress", level: "mandatory", urn: urn("prod-eu", T.sg, "bibox-aurora-sg"), message: "bibox-aurora-sg admits ingress from the whole internet to a group guarding a database, cache or node group." })],
    ];
    it.each(cases)("%s", async (_label, stack, mutation, expected) => {
        expect(await run(stack, mutation)).toEqual([expected()].flat());
    });
});
