import { resourceRule } from "../define";
import { isCustomerKey } from "./customer-key";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

/**
 * Storage: storageEncrypted defaults to false for a provisioned cluster (engineMode's
 * default) and true for serverless v1, and an encrypted cluster
 * without kmsKeyId uses the AWS managed aws/rds key. Performance Insights keeps samples of the queries, bind values included; with
 * performanceInsightsEnabled and no performanceInsightsKmsKeyId it uses aws/rds.
 * https://www.pulumi.com/registry/packages/aws/api-docs/rds/cluster/ ,
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_PerfInsights.access-control.html
 * (checkov CKV_AWS_96, CKV_AWS_327, CKV_AWS_140, CKV_AWS_354; pulumi aws-rds-cluster-configure-customer-managed-key,
 * aws-rds-cluster-instance-disallow-unencrypted-performance-insights).
 */
export const auroraEncrypted = resourceRule(
    {
        name: "aurora-encrypted",
        description: "Aurora clusters and the global cluster encrypt storage, regional clusters and Performance Insights with a customer-managed KMS key.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Set storageEncrypted: true and kmsKeyId to the region's customer-managed key on every regional cluster, and performanceInsightsKmsKeyId on every instance with Performance Insights.",
    },
    [CLUSTER, "aws:rds/globalCluster:GlobalCluster", INSTANCE],
    (props, args, judge) =>
        judge.one(args, () => {
            const problems: string[] = [];
            if (args.type === INSTANCE) {
                if (props.performanceInsightsEnabled === true && !isCustomerKey(props.performanceInsightsKmsKeyId)) {
                    problems.push(`Aurora instance ${args.name} keeps Performance Insights (query samples) under the AWS managed key; set performanceInsightsKmsKeyId to a customer-managed key.`);
                }
                return problems.map((message) => ({ message }));
            }
            const encrypted = props.storageEncrypted ?? (args.type === CLUSTER && props.engineMode === "serverless");
            if (encrypted !== true) problems.push(`Aurora ${args.name} does not encrypt its storage.`);
            if (args.type === CLUSTER && !isCustomerKey(props.kmsKeyId)) problems.push(`Aurora cluster ${args.name} is not encrypted with a customer-managed KMS key.`);
            return problems.map((message) => ({ message }));
        }),
);
