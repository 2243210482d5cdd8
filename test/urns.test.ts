/**
 * Child names stay stable: a URN that changes makes Pulumi delete and recreate the resource.
 * test/fixtures/urns.json lists every URN each stack registers. A rename or a move must ship with
 * an alias and leave this list unchanged; a new resource adds lines (regenerate with
 * BIBOX_UPDATE_URNS=1 npx vitest run test/urns.test.ts and review the diff: only additions).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, STACKS } from "./helpers/project";

const FIXTURE = path.join(__dirname, "fixtures", "urns.json");

describe("URNs", () => {
    it("are exactly the reviewed list for every stack", async () => {
        const current: Record<string, string[]> = {};
        for (const stack of STACKS) current[stack] = (await evaluate(stack)).resources.map((r) => r.urn).sort();
        if (process.env.BIBOX_UPDATE_URNS === "1") fs.writeFileSync(FIXTURE, JSON.stringify(current, null, 2) + "\n");
        const reviewed = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Record<string, string[]>;
        for (const stack of STACKS) {
            const gone = reviewed[stack].filter((u) => !current[stack].includes(u));
            expect(gone, `URNs of ${stack} that disappeared (a rename without an alias replaces the resource)`).toEqual([]);
            const added = current[stack].filter((u) => !reviewed[stack].includes(u));
            expect(added, `new URNs of ${stack}: add them to test/fixtures/urns.json`).toEqual([]);
        }
    });

    it("are the same across stacks but for the stack name and the zones", async () => {
        const normalise = (stack: string, urns: string[]) =>
            urns.map((u) => u.replace(`urn:pulumi:${stack}::`, "urn:pulumi:STACK::").replace(/[a-z]{2}-[a-z]+-\d([a-z])/g, "ZONE")).sort();
        const reviewed = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Record<string, string[]>;
        expect(normalise("prod-eu", reviewed["prod-eu"])).toEqual(normalise("prod-us", reviewed["prod-us"]));
        expect(normalise("prod-ap", reviewed["prod-ap"])).toEqual(normalise("prod-us", reviewed["prod-us"]));
    });
});
