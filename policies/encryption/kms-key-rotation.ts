import { resourceRule } from "../define";

/**
 * KMS facts, with the provider's defaults for absent inputs:
 * - enableKeyRotation defaults to false; when on, the key rotates every rotationPeriodInDays,
 *   default 365, accepted 90–2560. https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html
 * - automatic rotation exists only for symmetric encryption keys (customerMasterKeySpec default
 *   SYMMETRIC_DEFAULT, keyUsage default ENCRYPT_DECRYPT); asymmetric and HMAC keys cannot rotate.
 *   https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html#rotating-keys-supported
 * - deletionWindowInDays: 7–30, default 30. https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
 * https://www.pulumi.com/registry/packages/aws/api-docs/kms/key/
 *
 * Decisions: rotation at least yearly (the default period, CIS AWS 3.6 / checkov CKV_AWS_7; a
 * longer period keeps one key version protecting data for years); a deletion window of at least the
 * API's 7 days — the program uses 30, the default, so a scheduled deletion of a key that protects
 * backups can be noticed and cancelled.
 */
export const MIN_DELETION_WINDOW_DAYS = 7;
export const MAX_DELETION_WINDOW_DAYS = 30;
export const DEFAULT_DELETION_WINDOW_DAYS = 30;
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
export const MAX_ROTATION_PERIOD_DAYS = 365;

/** A key the rotation requirement applies to: a symmetric encryption key. */
export function rotates(spec: unknown, usage: unknown): boolean {
    return (spec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" && (usage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT";
}

const days = (value: unknown, fallback: number, input: string): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`${input} is ${JSON.stringify(value)}, not a whole number of days`);
    return value;
};

/** The findings for one key's inputs (pure). */
export function keyProblems(name: string, props: Record<string, unknown>): string[] {
    const problems: string[] = [];
    if (rotates(props.customerMasterKeySpec, props.keyUsage)) {
        if (props.enableKeyRotation !== true) problems.push(`KMS key ${name} does not enable automatic key rotation.`);
        else {
            const period = days(props.rotationPeriodInDays, DEFAULT_ROTATION_PERIOD_DAYS, "rotationPeriodInDays");
            if (period > MAX_ROTATION_PERIOD_DAYS) problems.push(`KMS key ${name} rotates every ${period} days; rotate at least every ${MAX_ROTATION_PERIOD_DAYS} (the default).`);
        }
    }
    const window = days(props.deletionWindowInDays, DEFAULT_DELETION_WINDOW_DAYS, "deletionWindowInDays");
    if (window < MIN_DELETION_WINDOW_DAYS || window > MAX_DELETION_WINDOW_DAYS) {
        problems.push(`KMS key ${name} has deletion window ${window}; declare ${MIN_DELETION_WINDOW_DAYS} to ${MAX_DELETION_WINDOW_DAYS} days.`);
    }
    return problems;
}

export const kmsKeyRotation = resourceRule(
    {
        name: "kms-key-rotation",
        description: `Customer-managed symmetric KMS keys rotate at least yearly, and every key waits ${MIN_DELETION_WINDOW_DAYS}–${MAX_DELETION_WINDOW_DAYS} days (default ${DEFAULT_DELETION_WINDOW_DAYS}) before deletion, so a scheduled deletion can be noticed and cancelled.`,
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: `Set enableKeyRotation: true with rotationPeriodInDays unset (365) or below, and deletionWindowInDays unset or between ${MIN_DELETION_WINDOW_DAYS} and ${MAX_DELETION_WINDOW_DAYS} (bibox uses 30).`,
    },
    ["aws:kms/key:Key"],
    (props, args, judge) => judge.one(args, () => keyProblems(args.name, props).map((message) => ({ message }))),
);
