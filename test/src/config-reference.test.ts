/**
 * README's config reference is held against the config model (issue #15 item 2): every key the
 * README's tables name is a key of the zod schema (src/schema.ts), and every key of the schema is
 * in a table — itself, or inside a key the table documents as a map. A key added to the schema
 * without its row, or a row left behind by a removed key, fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CREDENTIALS } from "../../src/config-keys";
import { BIBOX_KEYS, childrenAt, descriptionAt } from "../../src/schema";
import { ROOT } from "../helpers/project";

interface Row {
    key: string;
    type: string;
}

/** The rows of the two key tables under "## Configuration reference", each `a.b` / `c` cell expanded to a.b and a.c. */
export function referenceRows(readme: string): Row[] {
    const section = readme.slice(readme.indexOf("## Configuration reference"), readme.indexOf("\n## ", readme.indexOf("## Configuration reference") + 1));
    const rows: Row[] = [];
    for (const line of section.split("\n").filter((l) => /^\| `/.test(l))) {
        const [cell, type] = line.split("|").slice(1, 3).map((c) => c.trim());
        const names = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        const first = names[0];
        const prefix = first.includes(".") ? first.slice(0, first.lastIndexOf(".") + 1) : "";
        // "`domains.zone` / `web`" names domains.web; "`cloudflareApiToken`, `fastlyApiKey`" names both.
        for (const [i, n] of names.entries()) rows.push({ key: i > 0 && cell.includes(" / ") && !n.includes(".") ? prefix + n : n, type });
    }
    return rows;
}

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const rows = referenceRows(readme).filter((r) => !r.key.includes(":"));
const documented = new Set(rows.map((r) => r.key));
const maps = new Set(rows.filter((r) => r.type.startsWith("map")).map((r) => r.key));

/** Every key of the schema: the top-level keys and, below each object, its fields (a map's names are free). */
function schemaKeys(prefix: string[] = []): string[] {
    const keys = prefix.length === 0 ? BIBOX_KEYS : childrenAt(prefix);
    return keys.flatMap((k) => {
        const here = [...prefix, k];
        return [here.join("."), ...(k === "topology" || k === "tags" || prefix[0] === "topology" ? [] : schemaKeys(here))];
    });
}

describe("README's config reference", () => {
    it("reads its tables", () => {
        expect(rows.length).toBeGreaterThan(40);
        expect(documented).toContain("domains.web");
        expect(documented).toContain("edge.cloudflare.zoneId");
        expect(documented).toContain("fastlyApiKey");
    });

    it.each(rows.map((r) => [r.key]))("%s is a key of the schema", (key) => {
        const parts = key.split(".");
        expect(parts.length === 1 ? BIBOX_KEYS : childrenAt(parts.slice(0, -1))).toContain(parts.at(-1));
    });

    // The text every error about the key shows as what it allows (credentials are described by CREDENTIALS).
    it.each(schemaKeys().filter((k) => !(k in CREDENTIALS)).map((k) => [k]))("%s carries its own description in the schema", (key) => {
        expect(descriptionAt(key.split(".")), key).toMatch(/\w/);
    });

    it.each(schemaKeys().map((k) => [k]))("%s has its row (or is inside one documented as a map)", (key) => {
        const parts = key.split(".");
        const covered = parts.some((_, i) => {
            const k = parts.slice(0, i + 1).join(".");
            return i === parts.length - 1 ? documented.has(k) : maps.has(k);
        });
        // An object whose every field has a row is documented by those rows.
        const byFields = childrenAt(parts).length > 0 && childrenAt(parts).every((c) => documented.has(`${key}.${c}`) || maps.has(`${key}.${c}`) || childrenAt([...parts, c]).length > 0);
        expect(covered || byFields, key).toBe(true);
    });
});
