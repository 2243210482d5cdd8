/** The longest gap between runs of an AWS cron expression, `cron(min hour dom month dow year)` (pure). */
export function cronIntervalSeconds(expression: string): number | undefined {
    const m = /^cron\((.+)\)$/.exec(expression.trim());
    if (!m) return undefined;
    const fields = m[1].trim().split(/\s+/);
    if (fields.length !== 6) return undefined;
    const [minute, hour, dom, , dow] = fields;
    if (!/^\d+$/.test(minute)) return undefined;
    const daily = (dom === "*" || dom === "?") && (dow === "*" || dow === "?");
    const weekly = (dom === "*" || dom === "?") && /^[A-Z]{3}$|^[1-7]$/.test(dow);
    const hours = expand(hour, 24);
    if (!hours || hours.length === 0) return undefined;
    if (weekly && hours.length === 1) return 7 * 86400;
    if (!daily) return undefined;
    const sorted = [...hours].sort((a, b) => a - b);
    // Gap before each run; the first run's gap wraps around from the last run of the day before.
    const gaps = sorted.map((h, i) => (i === 0 ? h + 24 - sorted[sorted.length - 1] : h - sorted[i - 1]));
    return Math.max(...gaps) * 3600;
}

function expand(field: string, size: number): number[] | undefined {
    if (field === "*") return Array.from({ length: size }, (_, i) => i);
    const out = new Set<number>();
    for (const part of field.split(",")) {
        const step = /^(\*|\d+-\d+|\d+)\/(\d+)$/.exec(part);
        const range = /^(\d+)-(\d+)$/.exec(part);
        if (step) {
            const [from, to] = step[1] === "*" ? [0, size - 1] : step[1].includes("-") ? step[1].split("-").map(Number) : [Number(step[1]), size - 1];
            for (let v = from; v <= to; v += Number(step[2])) out.add(v);
        } else if (range) {
            for (let v = Number(range[1]); v <= Number(range[2]); v++) out.add(v);
        } else if (/^\d+$/.test(part)) {
            out.add(Number(part));
        } else {
            return undefined;
        }
    }
    return [...out].filter((v) => v < size);
}
