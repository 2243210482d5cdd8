import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

export const MIN_DELETION_WINDOW_DAYS = 7;
export const MAX_DELETION_WINDOW_DAYS = 30;

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Customer-managed KMS keys rotate yearly and declare a deletion window, so a scheduled deletion can be noticed and cancelled.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `Set enableKeyRotation: true and deletionWindowInDays between ${MIN_DELETION_WINDOW_DAYS} and ${MAX_DELETION_WINDOW_DAYS} (bibox uses 30).`,
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        if (key.enableKeyRotation !== true) {
            reportViolation(`KMS key ${args.name} does not enable automatic key rotation.`);
        }
        const days = key.deletionWindowInDays;
        if (days === undefined || days < MIN_DELETION_WINDOW_DAYS || days > MAX_DELETION_WINDOW_DAYS) {
            reportViolation(
                `KMS key ${args.name} has deletion window ${days ?? "unset"}; declare ${MIN_DELETION_WINDOW_DAYS} to ${MAX_DELETION_WINDOW_DAYS} days.`,
            );
        }
    }),
};
