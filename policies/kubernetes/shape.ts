/**
 * Which fields an object may have, read from the declarations the kubernetes-models packages
 * generate from the same OpenAPI their validators come from. The compiled validators check types,
 * enums, patterns and required fields but accept any extra key (the Kubernetes OpenAPI has no
 * additionalProperties: false); the API server prunes or rejects unknown fields, so a misspelt
 * field would silently vanish. The .d.ts interfaces list every property of each definition
 * (read by ./declarations.ts).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Member, Statement, TypeNode, readDeclarations } from "./declarations";
import { Path, Segment, UNVERIFIABLE } from "./values";

export type Shape =
    /** A scalar, or an object whose keys are free (JSON, RawExtension). */
    | { kind: "any" }
    /** An object with a closed set of fields. */
    | { kind: "object"; fields: Map<string, Shape> }
    /** An object with free keys and values of one shape (labels, limits). */
    | { kind: "map"; values: Shape }
    | { kind: "array"; items: Shape };

const ANY: Shape = { kind: "any" };
const requireHere = createRequire(__filename);
/** Each declaration file read once, on the first shape a rule asks for (only plans with Kubernetes objects pay for it). */
const sources = new Map<string, Statement[] | undefined>();
const shapes = new Map<string, Shape>();

function statementsOf(file: string): Statement[] | undefined {
    if (!sources.has(file)) sources.set(file, fs.existsSync(file) ? readDeclarations(fs.readFileSync(file, "utf8")) : undefined);
    return sources.get(file);
}

/** The .d.ts of an import specifier as written in a generated declaration. */
function declarationFile(from: string, specifier: string): string | undefined {
    if (specifier.startsWith(".")) return path.resolve(path.dirname(from), specifier.replace(/\.js$/, "") + ".d.ts");
    const parts = specifier.split("/");
    const pkg = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
    const sub = parts.slice(pkg.split("/").length).join("/");
    if (sub === "") return undefined; // @kubernetes-models/base: Model, TypeMeta
    const root = packageRoot(pkg);
    return root === undefined ? undefined : path.join(root, `${sub}.d.ts`);
}

/** Where an installed package lives, resolved once per package (every generated file imports the apimachinery types). */
const roots = new Map<string, string | undefined>();
function packageRoot(pkg: string): string | undefined {
    if (!roots.has(pkg)) {
        let root: string | undefined;
        try {
            root = path.dirname(requireHere.resolve(`${pkg}/package.json`));
        } catch {
            root = undefined;
        }
        roots.set(pkg, root);
    }
    return roots.get(pkg);
}

/** The shape of the interface or type named `name` in `file` (imports and re-exports followed). */
export function shapeOf(file: string, name: string): Shape {
    const key = `${file}#${name}`;
    const known = shapes.get(key);
    if (known) return known;
    const statements = statementsOf(file);
    if (!statements) return ANY;
    for (const st of statements) {
        if (st.kind === "interface" && st.name === name) {
            const fields = new Map<string, Shape>();
            const shape: Shape = { kind: "object", fields };
            shapes.set(key, shape); // before the members: definitions may be recursive
            for (const base of st.bases) {
                if (base === "TypeMeta") {
                    fields.set("apiVersion", ANY);
                    fields.set("kind", ANY);
                } else {
                    const b = named(file, statements, base);
                    if (b.kind === "object") for (const [k, v] of b.fields) fields.set(k, v);
                }
            }
            const own = membersShape(file, statements, st.members);
            if (own.kind === "object") for (const [k, v] of own.fields) fields.set(k, v);
            if (own.kind !== "object" || fields.size === 0) shapes.set(key, own.kind === "object" ? ANY : own);
            return shapes.get(key)!;
        }
        if (st.kind === "alias" && st.name === name) {
            shapes.set(key, ANY); // a cycle through aliases stays open
            const shape = typeShape(file, statements, st.type);
            shapes.set(key, shape);
            return shape;
        }
    }
    shapes.set(key, named(file, statements, name, true));
    return shapes.get(key)!;
}

/** A name used in `file`: a local declaration, an `export type { A as B }`, or an import. */
function named(file: string, statements: Statement[], name: string, notLocal = false): Shape {
    for (const st of statements) {
        if (st.kind === "exportAs" && st.exported === name) return shapeOf(file, st.local);
        if (st.kind === "import" && st.local === name) {
            const target = declarationFile(file, st.from);
            return target ? shapeOf(target, st.imported) : ANY;
        }
    }
    return notLocal ? ANY : shapeOf(file, name);
}

function membersShape(file: string, statements: Statement[], members: readonly Member[]): Shape {
    const fields = new Map<string, Shape>();
    for (const m of members) {
        if (m.kind === "index" && m.type) return { kind: "map", values: typeShape(file, statements, m.type) };
        if (m.kind === "property" && m.type) fields.set(m.name, typeShape(file, statements, m.type));
    }
    return { kind: "object", fields };
}

function typeShape(file: string, statements: Statement[], t: TypeNode): Shape {
    if (t.kind === "array") return { kind: "array", items: typeShape(file, statements, t.items) };
    if (t.kind === "literal") {
        const s = membersShape(file, statements, t.members);
        return s.kind === "object" && s.fields.size === 0 ? ANY : s;
    }
    if (t.kind === "union") return t.types.map((u) => typeShape(file, statements, u)).find((s) => s.kind !== "any") ?? ANY;
    if (t.kind === "reference") {
        if (t.name === "Array" && t.args.length === 1) return { kind: "array", items: typeShape(file, statements, t.args[0]) };
        return named(file, statements, t.name);
    }
    return ANY;
}

/** The fields of `value` its shape does not declare, each as a path from `at`. */
export function unknownFields(value: unknown, shape: Shape, at: Path = []): Path[] {
    if (value === null || typeof value !== "object" || value === (UNVERIFIABLE as unknown)) return [];
    const out: Path[] = [];
    const visit = (v: unknown, s: Shape, p: Segment[]) => out.push(...unknownFields(v, s, p));
    if (shape.kind === "array" && Array.isArray(value)) value.forEach((v, i) => visit(v, shape.items, [...at, i]));
    else if (shape.kind === "map" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) visit(v, shape.values, [...at, k]);
    else if (shape.kind === "object" && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) {
            const s = shape.fields.get(k);
            if (s) visit(v, s, [...at, k]);
            else out.push([...at, k]);
        }
    }
    return out;
}

/** Adds fields a newer schema has to an object shape at `at` (a copy; the cache stays intact). */
export function withFields(shape: Shape, at: Path, fields: Record<string, Shape>): Shape {
    if (shape.kind !== "object") return shape;
    const copy: Shape = { kind: "object", fields: new Map(shape.fields) };
    if (at.length === 0) {
        for (const [k, v] of Object.entries(fields)) copy.fields.set(k, v);
        return copy;
    }
    const [head, ...rest] = at;
    const child = shape.fields.get(String(head));
    if (child) copy.fields.set(String(head), withFields(child, rest, fields));
    return copy;
}

/** An object shape from a plain description, for fields the generated models lack. */
export function closed(fields: Record<string, Shape>): Shape {
    return { kind: "object", fields: new Map(Object.entries(fields)) };
}
export const SCALAR = ANY;

/** The .d.ts of a model class: `kubernetes-models` + `networking.k8s.io/v1/NetworkPolicy`. */
export function modelShape(pkg: string, modulePath: string, kind: string): Shape {
    const file = declarationFile(__filename, `${pkg}/${modulePath}`);
    return file ? shapeOf(file, `I${kind}`) : ANY;
}
