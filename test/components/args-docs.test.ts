/**
 * Every field of every component's Args says what it is for, and every optional one what happens
 * when it is left out (issue #15 item 6): a JSDoc comment on the field, and on an optional field a
 * `@default <value>` — house style `@default <value> — <why>` (`/** @default 3 — one per AZ *\/`);
 * a comment that is only a `@default` must have its why, which then says what the field is for.
 * Role-specific fields of a discriminated union are optional too ("Owner only. @default none — …").
 *
 * Checked: each interface and type alias under components/ whose name ends in `Args`, every
 * interface or type alias of components/ they reference for nested inputs, transitively
 * (`MasterSecretArgs`, `Account`, a union's common part, RegionStack's settings), and the fields
 * of inline object types among them (`onCall: { … }`). Every file of components/ is read, so a new
 * component is checked as soon as it exists. A small scanner of the source text, not the
 * TypeScript compiler (loading it would cost more than the whole test): it relies on how the files
 * are written — declarations at the start of a line, members and type aliases ended by `;`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

interface Source {
    file: string;
    text: string;
}

/** An interface or type alias: its object bodies ([start, end) in the text) and the type names it mentions. */
interface Decl {
    source: Source;
    /** The text with comments and string contents blanked: where the scanner looks for syntax. */
    masked: string;
    name: string;
    exported: boolean;
    bodies: [number, number][];
    refs: string[];
}

/** The text with the insides of comments and strings blanked (same length, newlines kept), and where its JSDoc comments are. */
function mask(text: string): { masked: string; docs: [number, number][] } {
    const out = text.split("");
    const docs: [number, number][] = [];
    const blank = (from: number, to: number) => {
        for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
    };
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === "/" && text[i + 1] === "/") {
            const end = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
            blank(i, end);
            i = end;
        } else if (c === "/" && text[i + 1] === "*") {
            const end = text.indexOf("*/", i + 2) + 2;
            if (text[i + 2] === "*" && text[i + 3] !== "/") docs.push([i, end]);
            blank(i, end);
            i = end - 1;
        } else if (c === '"' || c === "'" || c === "`") {
            // A quote or apostrophe ends with its line (a regular expression's quote does no harm past it).
            let j = i + 1;
            while (j < text.length && text[j] !== c && (c === "`" || text[j] !== "\n")) j += text[j] === "\\" ? 2 : 1;
            blank(i + 1, j);
            i = j;
        }
    }
    return { masked: out.join(""), docs };
}

/** `masked[start, end)` split at `separators` outside brackets (an arrow's `>` is no bracket). */
function split(masked: string, start: number, end: number, separators: string): [number, number][] {
    const parts: [number, number][] = [];
    let depth = 0;
    let from = start;
    for (let i = start; i < end; i++) {
        const c = masked[i];
        if ("{([<".includes(c)) depth++;
        else if ("})]".includes(c) || (c === ">" && masked[i - 1] !== "=")) depth--;
        else if (depth === 0 && separators.includes(c)) {
            parts.push([from, i]);
            from = i + 1;
        }
    }
    parts.push([from, end]);
    return parts;
}

/** The outermost `{ … }` in `masked[start, end)`, each as [after the brace, the closing brace). */
function objectTypes(masked: string, start: number, end: number): [number, number][] {
    const found: [number, number][] = [];
    let depth = 0;
    let open = -1;
    for (let i = start; i < end; i++) {
        if (masked[i] === "{" && depth++ === 0) open = i + 1;
        else if (masked[i] === "}" && --depth === 0) found.push([open, i]);
    }
    return found;
}

/** The interfaces and type aliases of one file. */
function declarations(source: Source): Decl[] {
    const { masked } = mask(source.text);
    return [...masked.matchAll(/^(export\s+)?(?:interface|type)\s+([\w$]+)[^{=;]*?([={])/gm)].map((m) => {
        const at = m.index + m[0].length;
        const end = m[3] === "{" ? objectTypes(masked, at - 1, masked.length)[0][1] : split(masked, at, masked.length, ";")[0][1];
        const bodies = m[3] === "{" ? [[at, end] as [number, number]] : objectTypes(masked, at, end);
        const mentioned = masked.slice(m.index + m[0].indexOf(m[2]) + m[2].length, end);
        // Type names, not members of a namespace (`aws.Provider`).
        const refs = [...mentioned.matchAll(/(?<![\w$.])[A-Z][\w$]*/g)].map((r) => r[0]);
        return { source, masked, name: m[2], exported: !!m[1], bodies, refs };
    });
}

/** What the Args of `sources` lack, one line per field: "<file>:<line> <Type>.<field>: <what>"; and which types were checked. */
function scan(sources: readonly Source[]): { checked: string[]; problems: string[] } {
    const all = sources.flatMap(declarations);
    // A name is the file's own type if it has one, else an exported type of another file.
    const resolve = (from: Decl, name: string) => {
        const local = all.filter((d) => d.source === from.source && d.name === name);
        return local.length > 0 ? local : all.filter((d) => d.exported && d.name === name);
    };
    const checked = new Set(all.filter((d) => d.name.endsWith("Args")));
    // A Set's iteration visits what is added during it: the references are followed transitively.
    for (const d of checked) for (const r of d.refs) for (const t of resolve(d, r)) checked.add(t);

    const docs = new Map(sources.map((s) => [s, mask(s.text).docs]));
    const problems: string[] = [];
    const visit = (d: Decl, owner: string, [start, end]: [number, number]) => {
        for (const [s, e] of split(d.masked, start, end, ";,")) {
            const lead = d.masked.slice(s, e).search(/\S/);
            if (lead < 0) continue;
            const at = s + lead;
            const member = /^(?:readonly\s+)?([\w$]+|"\s*"|'\s*')\s*(\?)?\s*[:(]/.exec(d.masked.slice(at, e));
            if (!member) continue; // an index signature or a mapped type's key: no field of its own
            const name = d.source.text.slice(at, at + member[0].length).replace(/^readonly\s+/, "").match(/^([\w$]+|"[^"]*"|'[^']*')/)![1];
            const field = `${owner}.${name}`;
            const where = `${d.source.file}:${d.source.text.slice(0, at).split("\n").length} ${field}`;
            const doc = docs.get(d.source)!.filter(([ds, de]) => ds >= s && de <= at).pop();
            const words = doc ? d.source.text.slice(doc[0] + 3, doc[1] - 2).replace(/^\s*\*/gm, " ") : "";
            const about = words.split(/(?:^|\s)@\w+/)[0].trim();
            const dflt = /(?:^|\s)@default\b([\s\S]*?)(?=\s@\w+|$)/.exec(words)?.[1].trim();
            const why = dflt !== undefined && /^\S[\s\S]*\s—\s+\S/.test(dflt);
            if (!doc) problems.push(`${where}: no doc comment`);
            else if (!about && !why) problems.push(`${where}: the doc comment says nothing of what the field is for`);
            if (member[2] && !dflt) problems.push(`${where}: optional without @default <value>`);
            for (const inner of objectTypes(d.masked, at + member[0].length, e)) visit(d, field, inner);
        }
    };
    for (const d of checked) for (const b of d.bodies) visit(d, d.name, b);
    return { checked: [...checked].map((d) => `${d.source.file} ${d.name}`), problems };
}

const FILES = fs.globSync("components/**/*.ts", { cwd: ROOT }).map((f) => f.split(path.sep).join("/")).sort();
const repo = scan(FILES.map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), "utf8") })));

describe("the scanner", () => {
    const lines = (...l: string[]) => l.join("\n");
    it.each([
        ["documented fields, the optional one with its default", lines("export interface AArgs {", "    /** What a is for. */", "    a: string;", "    /** @default 3 — one per AZ */", "    b?: number;", "}"), []],
        ["a described @default needs no why", lines("interface AArgs {", "    /** Region of the key. @default the provider's region */", "    region?: string;", "}"), []],
        ["a field without a doc", lines("interface AArgs {", "    /** What a is for. */", "    a: string;", "    b: number;", "}"), ["x.ts:4 AArgs.b: no doc comment"]],
        ["a line comment is no doc", lines("interface AArgs {", "    // What a is for.", "    a: string;", "}"), ["x.ts:3 AArgs.a: no doc comment"]],
        ["one doc does not cover the next field", "interface AArgs { /** What a is for. */ a: string; b: string }", ["x.ts:1 AArgs.b: no doc comment"]],
        ["an optional field without @default", lines("interface AArgs {", "    /** What b is for. */", "    b?: number;", "}"), ["x.ts:3 AArgs.b: optional without @default <value>"]],
        ["a @default without its value", lines("interface AArgs {", "    /** What b is for. @default */", "    b?: number;", "}"), ["x.ts:3 AArgs.b: optional without @default <value>"]],
        ["a bare @default says nothing of the field", lines("interface AArgs {", "    /** @default 30 */", "    b?: number;", "}"), ["x.ts:3 AArgs.b: the doc comment says nothing of what the field is for"]],
        ["an optional field without any doc", lines("interface AArgs {", "    readonly b?: number;", "}"), ["x.ts:2 AArgs.b: no doc comment", "x.ts:2 AArgs.b: optional without @default <value>"]],
        [
            "a union's branches and its common part",
            lines("interface Common {", "    r: string;", "}", "export type AArgs = Common &", "    (", "        | {", "              /** The owner. */", '              role: "owner";', "              /** Owner only. @default none — members have none */", "              o?: string;", "          }", '        | { role: "member" }', "    );"),
            ["x.ts:12 AArgs.role: no doc comment", "x.ts:2 Common.r: no doc comment"],
        ],
        [
            "nested inputs, inline and referenced, but not an unreferenced type",
            lines("export interface AArgs {", "    /** The n. */", "    n: pulumi.Input<N>;", "    /** On call. */", "    onCall: { email: string };", "}", "export interface N {", "    /** Fine. */", "    a: string;", '    "nvidia.com/gpu"?: string;', "}", "interface Unused {", "    c: string;", "}"),
            ["x.ts:5 AArgs.onCall.email: no doc comment", 'x.ts:10 N."nvidia.com/gpu": no doc comment', 'x.ts:10 N."nvidia.com/gpu": optional without @default <value>'],
        ],
        ["strings and comments hold no declarations", lines('const s = "interface FakeArgs { a: string }";', "/* interface OtherArgs { b: string } */"), []],
    ])("%s", (_case, text, expected) => {
        expect(scan([{ file: "x.ts", text }]).problems).toEqual(expected);
    });

    it("follows a reference into another file, to an exported type only", () => {
        const args = { file: "a.ts", text: lines("export interface AArgs {", "    /** The b. */", "    b: B;", "    /** The c. */", "    c: C;", "}") };
        const b = { file: "b.ts", text: lines("export interface B {", "    x: string;", "}", "interface C {", "    y: string;", "}") };
        expect(scan([args, b])).toEqual({ checked: ["a.ts AArgs", "b.ts B"], problems: ["b.ts:2 B.x: no doc comment"] });
    });
});

describe("every Args field of components/ has a doc, every optional one its @default", () => {
    it("reads every file of components/ and finds the Args and their nested inputs", () => {
        expect(FILES.length).toBeGreaterThan(50);
        expect(repo.checked.length).toBeGreaterThan(50);
        expect(repo.checked).toEqual(
            expect.arrayContaining([
                "components/network/Network.ts NetworkArgs",
                "components/data/SessionCache.ts SessionCacheArgs",
                "components/data/AuroraGlobal.ts MasterSecretArgs",
                "components/key-policies.ts Account",
                "components/eks/baseline-objects.ts WorkloadReach",
                "components/region/settings.ts StackSettings",
            ]),
        );
    });

    it.each(FILES.map((f) => [f]))("%s", (file) => {
        expect(repo.problems.filter((p) => p.startsWith(`${file}:`))).toEqual([]);
    });
});
