/** What a source file loads, read from its syntax (test/layers.test.ts, test/policies/policy-pack-independence.test.ts). */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** Every .ts and .mts file under `dir` (node_modules left out). */
export function tsFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : tsFiles(full);
        return /\.m?ts$/.test(e.name) ? [full] : [];
    });
}

/**
 * Every module specifier a file loads: import and export declarations (type-only ones too),
 * `import()`, `require()` and functions made by `createRequire` (`requireHere("typescript")`,
 * `createRequire(__filename).resolve(…)`), with string literals and templates over the file's
 * own string constants (`${MODELS}/package.json`).
 */
export function specifiers(file: string, text = fs.readFileSync(file, "utf8")): string[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const constants = new Map<string, string>();
    const requirers = new Set(["require"]);
    const isCreateRequire = (e: ts.Expression): boolean => ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "createRequire";
    const valueOf = (e: ts.Expression): string | undefined => {
        if (ts.isStringLiteralLike(e)) return e.text;
        if (ts.isIdentifier(e)) return constants.get(e.text);
        if (ts.isTemplateExpression(e)) {
            let out = e.head.text;
            for (const span of e.templateSpans) {
                const v = valueOf(span.expression);
                if (v === undefined) return undefined;
                out += v + span.literal.text;
            }
            return out;
        }
        return undefined;
    };
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
            const v = valueOf(node.initializer);
            if (v !== undefined) constants.set(node.name.text, v);
            if (isCreateRequire(node.initializer)) requirers.add(node.name.text);
        }
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
        if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) found.push(node.moduleReference.expression.text);
        if (ts.isCallExpression(node) && node.arguments.length > 0) {
            const callee = node.expression;
            const loads =
                callee.kind === ts.SyntaxKind.ImportKeyword ||
                (ts.isIdentifier(callee) && requirers.has(callee.text)) ||
                isCreateRequire(callee) ||
                (ts.isPropertyAccessExpression(callee) && callee.name.text === "resolve" && ((ts.isIdentifier(callee.expression) && requirers.has(callee.expression.text)) || isCreateRequire(callee.expression)));
            const v = loads ? valueOf(node.arguments[0]) : undefined;
            if (v !== undefined) found.push(v);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}
