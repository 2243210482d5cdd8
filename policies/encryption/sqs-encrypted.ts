import { resourceRule } from "../define";

export const sqsEncrypted = resourceRule(
    {
        name: "sqs-encrypted",
        description: "SQS queues encrypt messages at rest (SQS-managed SSE or a KMS key).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set sqsManagedSseEnabled: true or kmsMasterKeyId on the queue.",
    },
    ["aws:sqs/queue:Queue"],
    (props, args) => (props.sqsManagedSseEnabled === true || props.kmsMasterKeyId ? [] : [`Queue ${args.name} does not encrypt messages at rest.`]),
);
