/**
 * What keeps the plan's one-time costs down without changing what it reports (issue #14): the
 * pack reads the kubernetes-models declarations without the TypeScript compiler (and reads them
 * as the compiler does), a stack is evaluated with no stack trace captured or formatted, and the
 * CLIs' bundle carries the few pure libraries whose many small modules cost more to load than
 * their code.
 *
 * @module-tag slow
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { buildSync } from "esbuild";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { Member, Statement, TypeNode, readDeclarations } from "../../../policies/kubernetes/declarations";
import { BUILD_DIR, BUNDLED, ensureBuilt } from "../../../src/plan/build.mjs";
import { evaluateStack } from "../../../src/plan/evaluate";
import { ROOT } from "../../helpers/project";

/** The packages whose declarations the pack reads (shape.ts follows imports into apimachinery; base's are the most varied). */
const PACKAGES = ["kubernetes-models", "@kubernetes-models/karpenter", "@kubernetes-models/apimachinery", "@kubernetes-models/base"];

function declarationFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : declarationFiles(file);
        return file.endsWith(".d.ts") ? [file] : [];
    });
}

/** What the TypeScript parser reads from a declaration file, in the reader's terms (the pack's shapes were made from this before). */
function compilerStatements(sf: ts.SourceFile): Statement[] {
    const type = (t: ts.TypeNode): TypeNode => {
        if (ts.isParenthesizedTypeNode(t)) return type(t.type);
        if (ts.isArrayTypeNode(t)) return { kind: "array", items: type(t.elementType) };
        if (ts.isTypeLiteralNode(t)) return { kind: "literal", members: t.members.map(member) };
        if (ts.isUnionTypeNode(t)) return { kind: "union", types: t.types.map(type) };
        if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) return { kind: "reference", name: t.typeName.text, args: (t.typeArguments ?? []).map(type) };
        return { kind: "other" };
    };
    const member = (m: ts.TypeElement): Member => {
        if (ts.isIndexSignatureDeclaration(m)) return { kind: "index", ...(m.type ? { type: type(m.type) } : {}) };
        if (ts.isPropertySignature(m) && (ts.isStringLiteral(m.name) || ts.isIdentifier(m.name))) return { kind: "property", name: m.name.text, ...(m.type ? { type: type(m.type) } : {}) };
        return { kind: "other" };
    };
    return sf.statements.flatMap((st): Statement[] => {
        if (ts.isInterfaceDeclaration(st)) {
            const bases = (st.heritageClauses ?? []).flatMap((h) => h.types.map((t) => (ts.isIdentifier(t.expression) ? t.expression.text : "")));
            return [{ kind: "interface", name: st.name.text, bases, members: st.members.map(member) }];
        }
        if (ts.isTypeAliasDeclaration(st)) return [{ kind: "alias", name: st.name.text, type: type(st.type) }];
        if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
            return st.exportClause.elements.filter((el) => el.propertyName).map((el) => ({ kind: "exportAs", local: el.propertyName!.text, exported: el.name.text }));
        }
        if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
            const from = st.moduleSpecifier.text;
            return st.importClause.namedBindings.elements.map((el) => ({ kind: "import", from, imported: (el.propertyName ?? el.name).text, local: el.name.text }));
        }
        return [];
    });
}

describe("the declarations the Kubernetes shapes are read from", () => {
    const files = PACKAGES.flatMap((p) => declarationFiles(path.join(ROOT, "node_modules", p)));

    it("are read as the TypeScript parser reads them, in every declaration file of the installed packages", () => {
        expect(files.length).toBeGreaterThan(1000);
        const differ: string[] = [];
        for (const file of files) {
            const text = fs.readFileSync(file, "utf8");
            const expected = compilerStatements(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false));
            if (JSON.stringify(readDeclarations(text)) !== JSON.stringify(expected)) differ.push(path.relative(ROOT, file));
        }
        expect(differ).toEqual([]);
    });

    it("cover what the generator does not emit today as the parser would: comments, quotes, escapes, other types", () => {
        const text = [
            `import { A, type B as C } from "./a.js"; // a comment with "quotes"`,
            `import * as ns from "x"; import D, { E } from 'e';`,
            `/** { not a member } */`,
            `export default interface F extends A, ns.G<H, I> { "x\\u0041"?: Array<Array<string>>; y: (A | B)[]; readonly z: C["k"]; 0: A; [k: string]: number; m(): void; n?; }`,
            `export type J<T> = | { [K in keyof T]: T[K] } | (() => A) | A & B | \`t\${T}\` | readonly A[] | [A, B] | typeof ns | import("y").Z | { a: A };`,
            `type P<T> = T extends A ? B : C; type Q = { readonly [k: string]: A } | { -readonly [K in A]+?: B };`,
            `export declare class K { "p": A; }`,
            `export { F as L, J, };`,
            `export { M as N } from "./m";`,
            `declare module "q" { interface O {} }`,
        ].join("\n");
        const sf = ts.createSourceFile("t.d.ts", text, ts.ScriptTarget.Latest, false);
        expect(readDeclarations(text)).toEqual(compilerStatements(sf));
        expect(readDeclarations(text).map((s) => s.kind)).toEqual(["import", "import", "import", "interface", "alias", "alias", "alias", "exportAs"]);
    });
});

describe("loading the pack's Kubernetes schema rules and judging objects with them", () => {
    it("never loads the TypeScript compiler", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-startup-"));
        const entry = path.join(dir, "entry.ts");
        fs.writeFileSync(entry, [
            `import { builtinProblems } from ${JSON.stringify(path.join(ROOT, "policies/kubernetes/builtin-schema"))};`,
            `import { karpenterProblems } from ${JSON.stringify(path.join(ROOT, "policies/kubernetes/karpenter-schema"))};`,
            `(async () => {`,
            `    const ns = await builtinProblems("kubernetes:core/v1:Namespace", "n", { apiVersion: "v1", kind: "Namespace", metadata: { name: "a", labelz: {} } });`,
            `    const pool = await karpenterProblems("kubernetes:karpenter.sh/v1:NodePool", "p", { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: "p" }, spec: { template: { spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "" }, requirements: [] } } } });`,
            `    const loaded = Object.keys(require.cache).filter((f) => f.includes("${path.sep}typescript${path.sep}"));`,
            `    process.stdout.write(JSON.stringify({ problems: [...ns.problems, ...pool.problems], loaded }));`,
            `})();`,
        ].join("\n"));
        const bundle = path.join(dir, "entry.cjs");
        // The rules as the plan's bundle has them: the pack's sources bundled, every package loaded from node_modules.
        buildSync({ absWorkingDir: ROOT, entryPoints: [entry], outfile: bundle, bundle: true, platform: "node", format: "cjs", packages: "external", logLevel: "silent" });
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        const run = spawnSync(process.execPath, [bundle], { cwd: ROOT, encoding: "utf8" });
        fs.rmSync(dir, { recursive: true, force: true });
        expect(run.stderr).toBe("");
        const out = JSON.parse(run.stdout) as { problems: string[]; loaded: string[] };
        // The rules did judge (a field the declarations lack, a CEL rule), and the compiler stayed unloaded.
        expect(out.problems.some((p) => p.includes("metadata.labelz: is not a field of this kind"))).toBe(true);
        expect(out.problems.some((p) => p.includes("name may not be empty"))).toBe(true);
        expect(out.loaded).toEqual([]);
    });
});

describe("an evaluation", () => {
    it("captures no stack trace while the program runs, not even the SDK's own at its own limit, and puts Error.stackTraceLimit back as it was", async () => {
        const limit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
        const seen: { stack: unknown; callsites: number }[] = [];
        const e = await evaluateStack("prod-us", {
            projectDir: ROOT,
            program: () => {
                const bucket = new aws.s3.Bucket("b", {});
                // The SDK takes a whole stack per resource for its source position (resource.js callsites).
                const callsites = (aws.s3.Bucket as unknown as { callsites(): unknown[] }).callsites();
                seen.push({ stack: new Error("x").stack, callsites: callsites.filter((c) => Object.keys(c as object).length > 0).length });
                return { id: bucket.id };
            },
        });
        expect(e.ok).toBe(true);
        expect(seen).toEqual([{ stack: undefined, callsites: 0 }]);
        expect(Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")).toEqual(limit);
        expect(new Error("y").stack).toContain("plan-startup.test.ts");
    });
});

describe("the CLIs' bundle", () => {
    it("carries yaml, zod and @bufbuild/cel (with the protobuf and RE2 runtime it needs) and no other package", () => {
        ensureBuilt(ROOT);
        const stamp = JSON.parse(fs.readFileSync(path.join(ROOT, BUILD_DIR, "stamp.json"), "utf8")) as { inputs: Record<string, unknown> };
        const packages = new Set(Object.keys(stamp.inputs).flatMap((f) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));
        expect([...packages].sort()).toEqual([...BUNDLED].sort());
        expect(BUNDLED.some((p) => p.startsWith("@pulumi/"))).toBe(false);
    });
});
