import { resourceRule } from "../define";

/** Where each type names its customer-managed key. */
const KEY_PROPERTY: Record<string, string> = {
    "aws:backup/vault:Vault": "kmsKeyArn",
    "aws:sns/topic:Topic": "kmsMasterKeyId",
    "aws:secretsmanager/secret:Secret": "kmsKeyId",
};

export const cmkEncrypted = resourceRule(
    {
        name: "cmk-encrypted",
        description: "Backup vaults, SNS topics and Secrets Manager secrets are encrypted with a customer-managed KMS key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set the resource's KMS key (Vault kmsKeyArn, Topic kmsMasterKeyId, Secret kmsKeyId) to a customer-managed key.",
    },
    Object.keys(KEY_PROPERTY),
    (props, args) => (props[KEY_PROPERTY[args.type]] ? [] : [`${args.type.split(":").pop()} ${args.name} is not encrypted with a customer-managed KMS key.`]),
);
