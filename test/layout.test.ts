/**
 * The structure is visible from the folder tree, and README's Layout section says what each part
 * is (issue #15): every file and folder directly under src/, components/ and policies/ (and every
 * folder one level below them) is named there. A file added without its line fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/project";

/** The Layout section's code block. */
export function layoutBlock(readme: string): string {
    const start = readme.indexOf("## Layout");
    const block = readme.slice(readme.indexOf("```", start) + 3);
    return block.slice(0, block.indexOf("```"));
}

/** Names the layout must mention: `name` for a file, `name/` for a folder, directly under each top folder. */
export function entriesOf(root: string, tops: readonly string[]): { top: string; name: string }[] {
    return tops.flatMap((top) =>
        fs
            .readdirSync(path.join(root, top), { withFileTypes: true })
            .filter((e) => e.isDirectory() || /\.(ts|mts)$/.test(e.name))
            .map((e) => ({ top, name: e.isDirectory() ? `${e.name}/` : e.name })),
    );
}

/** Whether the layout names `name`: as a word of its own ("plan/", "index.ts"), or as "name/..." for a folder. */
export function names(layout: string, name: string): boolean {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[\\s,(])${escaped}`, "m").test(layout);
}

const layout = layoutBlock(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));

describe("README's layout", () => {
    it.each(entriesOf(ROOT, ["src", "components", "policies"]).map((e) => [`${e.top}/${e.name}`, e.name]))("names %s", (_full, name) => {
        expect(names(layout, name)).toBe(true);
    });

    it.each<[string, string, string, boolean]>([
        ["a file on its own line", "  schema.ts   the model", "schema.ts", true],
        ["a folder with its slash", "  plan/   the offline plan", "plan/", true],
        ["a folder named by one of its files", "  region/RegionStack.ts  what each stack", "region/", true],
        ["one of a comma list", "under access/, encryption/", "encryption/", true],
        ["not a file inside another name", "  notschema.ts", "schema.ts", false],
        ["not a folder without its slash", "  plan   the offline plan", "plan/", false],
    ])("tells %s", (_label, text, name, found) => {
        expect(names(text, name)).toBe(found);
    });
});
