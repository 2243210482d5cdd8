import { resourceRule } from "../define";
import { isCustomerKey } from "./customer-key";

/**
 * Where each type names its customer-managed key. Absent, each takes an AWS managed key (Backup's
 * aws/backup, SNS unencrypted, Secrets Manager's aws/secretsmanager), whose policy the platform
 * cannot scope. checkov CKV_AWS_166, CKV_AWS_26, CKV_AWS_149; AWSGuard SNS_ENCRYPTED_KMS,
 * SECRETSMANAGER_USING_CMK; pulumi aws-secretsmanager-secret-configure-customer-managed-key.
 */
const KEY_PROPERTY: Record<string, string> = {
    "aws:backup/vault:Vault": "kmsKeyArn",
    "aws:sns/topic:Topic": "kmsMasterKeyId",
    "aws:secretsmanager/secret:Secret": "kmsKeyId",
};

export const cmkEncrypted = resourceRule(
    {
        name: "cmk-encrypted",
        description: "Backup vaults, SNS topics and Secrets Manager secrets are encrypted with a customer-managed KMS key (not an alias/aws/* key).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set the resource's KMS key (Vault kmsKeyArn, Topic kmsMasterKeyId, Secret kmsKeyId) to a customer-managed key.",
    },
    Object.keys(KEY_PROPERTY),
    (props, args, judge) =>
        judge.one(args, () => (isCustomerKey(props[KEY_PROPERTY[args.type]]) ? [] : [{ message: `${args.type.split(":").pop()} ${args.name} is not encrypted with a customer-managed KMS key.` }])),
);
