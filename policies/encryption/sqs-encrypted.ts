import { resourceRule } from "../define";

/**
 * SQS encrypts at rest with SQS-managed keys or a KMS key. The provider checks drift on
 * sqsManagedSseEnabled only when the program sets it, so an absent value says nothing about the
 * live queue: the pack wants it declared.
 * https://www.pulumi.com/registry/packages/aws/api-docs/sqs/queue/#sqsmanagedsseenabled_nodejs
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
 * (checkov CKV_AWS_27, AWSGuard SQS_QUEUE_KMS_MASTER_KEY_ID_RULE accepts only KMS — the
 * interruption queue carries EC2 events, no customer data, so SSE-SQS is enough).
 */
export const sqsEncrypted = resourceRule(
    {
        name: "sqs-encrypted",
        description: "SQS queues encrypt messages at rest (SQS-managed SSE or a KMS key).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set sqsManagedSseEnabled: true or kmsMasterKeyId on the queue.",
    },
    ["aws:sqs/queue:Queue"],
    (props, args, judge) =>
        judge.one(args, () => (props.sqsManagedSseEnabled === true || props.kmsMasterKeyId ? [] : [{ message: `Queue ${args.name} does not encrypt messages at rest.` }])),
);
