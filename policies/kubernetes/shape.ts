/**
 * Which fields an object may have, read from the declarations the kubernetes-models packages
 * generate from the same OpenAPI their validators come from. The compiled validators check types,
 * enums, patterns and required fields but accept any extra key (the Kubernetes OpenAPI has no
 * additionalProperties: false); the API server prunes or rejects unknown fields, so a misspelt
 * field would silently vanish. The .d.ts interfaces list every property of each definition.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as TS from "typescript";
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
/** The TypeScript parser, loaded on the first shape a rule asks for (only plans with Kubernetes objects pay for it). */
let tsModule: typeof TS | undefined;
const tsApi = () => (tsModule ??= requireHere("typescript") as typeof TS);
const sources = new Map<string, TS.SourceFile | undefined>();
const shapes = new Map<string, Shape>();

function sourceFile(file: string): TS.SourceFile | undefined {
    if (!sources.has(file)) {
        sources.set(file, fs.existsSync(file) ? tsApi().createSourceFile(file, fs.readFileSync(file, "utf8"), tsApi().ScriptTarget.Latest, false) : undefined);
    }
    return sources.get(file);
}

/** The .d.ts of an import specifier as written in a generated declaration. */
function declarationFile(from: string, specifier: string): string | undefined {
    if (specifier.startsWith(".")) return path.resolve(path.dirname(from), specifier.replace(/\.js$/, "") + ".d.ts");
    const parts = specifier.split("/");
    const pkg = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
    const sub = parts.slice(pkg.split("/").length).join("/");
    if (sub === "") return undefined; // @kubernetes-models/base: Model, TypeMeta
    try {
        return path.join(path.dirname(requireHere.resolve(`${pkg}/package.json`)), `${sub}.d.ts`);
    } catch {
        return undefined;
    }
}

/** The shape of the interface or type named `name` in `file` (imports and re-exports followed). */
export function shapeOf(file: string, name: string): Shape {
    const key = `${file}#${name}`;
    const known = shapes.get(key);
    if (known) return known;
    const sf = sourceFile(file);
    if (!sf) return ANY;
    const ts = tsApi();
    for (const st of sf.statements) {
        if (ts.isInterfaceDeclaration(st) && st.name.text === name) {
            const fields = new Map<string, Shape>();
            const shape: Shape = { kind: "object", fields };
            shapes.set(key, shape); // before the members: definitions may be recursive
            for (const h of st.heritageClauses ?? []) {
                for (const t of h.types) {
                    const base = ts.isIdentifier(t.expression) ? t.expression.text : "";
                    if (base === "TypeMeta") {
                        fields.set("apiVersion", ANY);
                        fields.set("kind", ANY);
                    } else {
                        const b = named(sf, base);
                        if (b.kind === "object") for (const [k, v] of b.fields) fields.set(k, v);
                    }
                }
            }
            const own = membersShape(sf, st.members);
            if (own.kind === "object") for (const [k, v] of own.fields) fields.set(k, v);
            if (own.kind !== "object" || fields.size === 0) shapes.set(key, own.kind === "object" ? ANY : own);
            return shapes.get(key)!;
        }
        if (ts.isTypeAliasDeclaration(st) && st.name.text === name) {
            shapes.set(key, ANY); // a cycle through aliases stays open
            const shape = typeShape(sf, st.type);
            shapes.set(key, shape);
            return shape;
        }
    }
    shapes.set(key, named(sf, name, true));
    return shapes.get(key)!;
}

/** A name used in `sf`: a local declaration, an `export type { A as B }`, or an import. */
function named(sf: TS.SourceFile, name: string, notLocal = false): Shape {
    const ts = tsApi();
    for (const st of sf.statements) {
        if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
            for (const el of st.exportClause.elements) {
                if (el.name.text === name && el.propertyName) return shapeOf(sf.fileName, el.propertyName.text);
            }
        }
        if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
            for (const el of st.importClause.namedBindings.elements) {
                if (el.name.text !== name) continue;
                const file = declarationFile(sf.fileName, st.moduleSpecifier.text);
                return file ? shapeOf(file, (el.propertyName ?? el.name).text) : ANY;
            }
        }
    }
    return notLocal ? ANY : shapeOf(sf.fileName, name);
}

function membersShape(sf: TS.SourceFile, members: TS.NodeArray<TS.TypeElement>): Shape {
    const ts = tsApi();
    const fields = new Map<string, Shape>();
    for (const m of members) {
        if (ts.isIndexSignatureDeclaration(m) && m.type) return { kind: "map", values: typeShape(sf, m.type) };
        if (ts.isPropertySignature(m) && m.type && (ts.isStringLiteral(m.name) || ts.isIdentifier(m.name))) fields.set(m.name.text, typeShape(sf, m.type));
    }
    return { kind: "object", fields };
}

function typeShape(sf: TS.SourceFile, t: TS.TypeNode): Shape {
    const ts = tsApi();
    if (ts.isParenthesizedTypeNode(t)) return typeShape(sf, t.type);
    if (ts.isArrayTypeNode(t)) return { kind: "array", items: typeShape(sf, t.elementType) };
    if (ts.isTypeLiteralNode(t)) {
        const s = membersShape(sf, t.members);
        return s.kind === "object" && s.fields.size === 0 ? ANY : s;
    }
    if (ts.isUnionTypeNode(t)) return t.types.map((u) => typeShape(sf, u)).find((s) => s.kind !== "any") ?? ANY;
    if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) {
        if (t.typeName.text === "Array" && t.typeArguments?.length === 1) return { kind: "array", items: typeShape(sf, t.typeArguments[0]) };
        return named(sf, t.typeName.text);
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
