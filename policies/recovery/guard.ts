/**
 * Reading numbers out of a plan without ever computing NaN (pure). An absent value takes the
 * provider's real default, which the caller names with its source; a value that is present but is
 * not a finite number (a string that is no number, an object) throws, so the rule's judge reports
 * "could not judge" for that subject instead of passing it: `NaN > budget` is false, and a rule
 * that compares a NaN passes what it cannot read.
 */

/** The value as a finite number; `fallback` when it is absent (undefined or null). */
export function num(value: unknown, what: string, fallback?: number): number {
    if (value === undefined || value === null) {
        if (fallback === undefined) throw new Error(`${what} is not set and has no default`);
        return fallback;
    }
    const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) throw new Error(`${what} is ${JSON.stringify(value)}, not a number`);
    return n;
}

/** The value as a string, or undefined when absent or not a string. */
export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The value as a list (absent is empty; a single value is a list of one). */
export const list = <T = unknown>(value: unknown): T[] => (value === undefined || value === null ? [] : Array.isArray(value) ? (value as T[]) : [value as T]);

/** The value as a plain object (absent or not an object is empty). */
export const obj = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** "unbounded" for Infinity, else the number: counts in messages. */
export const count = (n: number): string => (Number.isFinite(n) ? String(n) : "unbounded");
