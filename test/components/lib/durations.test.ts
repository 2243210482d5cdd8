import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../components/lib/durations";

describe("parseDuration", () => {
    it.each([
        ["30s", 30],
        ["5m", 300],
        ["30m", 1800],
        ["1h30m", 5400],
        ["2d", 172800],
        ["0s", 0],
    ])("%s is %i seconds", (text, seconds) => expect(parseDuration(text)).toBe(seconds));

    it.each(["", "30", "30 minutes", "-5m", "5M", "1.5h", "m5", "30s "])("refuses %j", (text) => {
        expect(parseDuration(text)).toBeUndefined();
    });
});

describe("formatDuration", () => {
    it.each([
        [0, "0s"],
        [30, "30s"],
        [90, "1m30s"],
        [1800, "30m"],
        [5400, "1h30m"],
        [90061, "1d1h1m1s"],
    ])("%i seconds is %s", (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});
