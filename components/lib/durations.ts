/**
 * Durations in config are written the way operators say them: "30s", "5m", "1h30m", "2d".
 * They are turned into whole seconds once, here.
 */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION = /^(?:\d+[smhd])+$/;

/** Seconds in `text`, or undefined when it is not a duration such as "30s", "5m" or "1h30m". */
export function parseDuration(text: string): number | undefined {
    if (!DURATION.test(text)) return undefined;
    let total = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+)([smhd])/g)) {
        total += Number(amount) * UNIT_SECONDS[unit];
    }
    return total;
}

/** "1800s" → "30m", 90 → "1m30s": the shortest exact spelling, for messages and summaries. */
export function formatDuration(seconds: number): string {
    if (seconds === 0) return "0s";
    let rest = seconds;
    let out = "";
    for (const unit of ["d", "h", "m", "s"]) {
        const size = UNIT_SECONDS[unit];
        const count = Math.floor(rest / size);
        if (count > 0) {
            out += `${count}${unit}`;
            rest -= count * size;
        }
    }
    return out;
}
