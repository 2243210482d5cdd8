import { resourceRule } from "../define";

/**
 * Secrets Manager waits `recoveryWindowInDays` before it deletes a secret: 0 deletes at once, with
 * no way back; otherwise 7 to 30 days; absent, 30 (the provider's and the API's default).
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
 * https://www.pulumi.com/registry/packages/aws/api-docs/secretsmanager/secret/#recoverywindowindays_nodejs
 */
export const SECRET_RECOVERY_DEFAULT_DAYS = 30;
export const SECRET_RECOVERY_MIN_DAYS = 7;
export const SECRET_RECOVERY_MAX_DAYS = 30;

/** The recovery window a secret gets, its default applied; 0 means deleted without recovery. */
export function recoveryWindowDays(value: unknown): number {
    if (value === undefined || value === null) return SECRET_RECOVERY_DEFAULT_DAYS;
    if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`recoveryWindowInDays is ${JSON.stringify(value)}, not a whole number of days`);
    return value;
}

export const secretRecoveryWindow = resourceRule(
    {
        name: "secret-recovery-window",
        description: `Secrets are deleted only after a recovery window (${SECRET_RECOVERY_MIN_DAYS}–${SECRET_RECOVERY_MAX_DAYS} days, default ${SECRET_RECOVERY_DEFAULT_DAYS}), never at once: a careless delete of the database or cache credentials can still be undone.`,
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: `Remove recoveryWindowInDays (default ${SECRET_RECOVERY_DEFAULT_DAYS}) or set it between ${SECRET_RECOVERY_MIN_DAYS} and ${SECRET_RECOVERY_MAX_DAYS}.`,
    },
    ["aws:secretsmanager/secret:Secret"],
    (props, args, judge) =>
        judge.one(args, () => {
            const days = recoveryWindowDays(props.recoveryWindowInDays);
            if (days === 0) return [{ message: `Secret ${args.name} is deleted without recovery (recoveryWindowInDays 0); keep the default ${SECRET_RECOVERY_DEFAULT_DAYS} days.` }];
            if (days < SECRET_RECOVERY_MIN_DAYS || days > SECRET_RECOVERY_MAX_DAYS) {
                return [{ message: `Secret ${args.name} has recovery window ${days} days; Secrets Manager accepts ${SECRET_RECOVERY_MIN_DAYS} to ${SECRET_RECOVERY_MAX_DAYS}.` }];
            }
            return [];
        }),
);
