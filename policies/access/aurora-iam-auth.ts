import { resourceRule } from "../define";

/**
 * Aurora accepts IAM database authentication (iamDatabaseAuthenticationEnabled, default false):
 * workloads log in with short-lived tokens from their pod identity instead of stored passwords, and
 * a leaked token expires in 15 minutes.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html
 * https://www.pulumi.com/registry/packages/aws/api-docs/rds/cluster/#iamdatabaseauthenticationenabled_nodejs
 * (checkov CKV_AWS_162; Security Hub RDS.12). Public instances: network/no-public-addresses.
 */
export const auroraIamAuth = resourceRule(
    {
        name: "aurora-iam-auth",
        description: "Aurora clusters accept IAM database authentication.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set iamDatabaseAuthenticationEnabled: true on every regional cluster.",
    },
    ["aws:rds/cluster:Cluster"],
    (props, args, judge) =>
        judge.one(args, () =>
            props.iamDatabaseAuthenticationEnabled === true ? [] : [{ message: `Aurora cluster ${args.name} does not accept IAM database authentication; set iamDatabaseAuthenticationEnabled: true.` }],
        ),
);
