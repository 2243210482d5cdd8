import { resourceRule } from "../define";
import { STATEFUL_TYPES } from "../graph";

/**
 * Types with an AWS-side deletion switch, and its property (default false for each:
 * https://www.pulumi.com/registry/packages/aws/api-docs/rds/cluster/#deletionprotection_nodejs ,
 * …/rds/globalcluster/, …/dynamodb/table/). checkov CKV_AWS_139.
 */
const DELETION_PROTECTION: Record<string, string> = {
    "aws:rds/cluster:Cluster": "deletionProtection",
    "aws:rds/globalCluster:GlobalCluster": "deletionProtection",
    "aws:dynamodb/table:Table": "deletionProtectionEnabled",
};

export const statefulProtected = resourceRule(
    {
        name: "stateful-protected",
        description: "Databases, buckets, caches, vaults, keys and secrets are protected from deletion: Pulumi protect, and AWS deletion protection where it exists.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Create the resource with { protect: true }, and set its deletion-protection property.",
    },
    STATEFUL_TYPES,
    (props, args, judge) =>
        judge.one(args, () => {
            const problems: string[] = [];
            if (args.opts.protect !== true) problems.push(`${args.type.split(":").pop()} ${args.name} is not protected (Pulumi protect is off).`);
            const flag = DELETION_PROTECTION[args.type];
            if (flag && props[flag] !== true) problems.push(`${args.type.split(":").pop()} ${args.name} has AWS deletion protection off.`);
            return problems.map((message) => ({ message }));
        }),
);
