/**
 * Lints VCL text against the scope table (pure): every variable, function and scoped statement a
 * snippet or condition uses must have a row in fastly-vcl-scopes.ts that allows the snippet's
 * subroutine; `set`/`unset` only where the row says writable; locals declared before use; tables
 * and backends only those the service defines. The builder makes most mistakes compile errors; this
 * catches the rest (hand-written text, a row edited later) and runs on every snippet of the plan.
 */
import { SnippetType, Subroutine, SUBROUTINES, VCL_FUNCTIONS, VCL_KEYWORDS, VCL_STATEMENTS, VCL_VARIABLES, VariableRow, ScopeRow } from "./fastly-vcl-scopes";

export interface LintContext {
    /** Edge dictionaries (VCL tables) the service defines. */
    tables?: readonly string[];
    /** VCL names of the service's backends (F_<name>). */
    backends?: readonly string[];
}

export interface LintFinding {
    snippet: string;
    type: SnippetType;
    symbol: string;
    message: string;
}

const TYPES = new Set(["BOOL", "INTEGER", "STRING", "RTIME", "TIME", "FLOAT", "IP", "BACKEND"]);
const KEYWORDS = new Set<string>(VCL_KEYWORDS);

/** The text with comments removed and string literals emptied (positions kept). */
export function stripLiterals(vcl: string): string {
    let out = "";
    for (let i = 0; i < vcl.length; ) {
        const rest = vcl.slice(i);
        const long = rest.startsWith('{"') ? rest.indexOf('"}', 2) : -1;
        if (long >= 0) {
            out += `""${" ".repeat(long)}`;
            i += long + 2;
        } else if (rest[0] === '"') {
            const end = rest.indexOf('"', 1);
            const len = end < 0 ? rest.length : end + 1;
            out += `""${" ".repeat(len - 2)}`;
            i += len;
        } else if (rest[0] === "#" || rest.startsWith("//")) {
            const end = rest.indexOf("\n");
            const len = end < 0 ? rest.length : end;
            out += " ".repeat(len);
            i += len;
        } else if (rest.startsWith("/*")) {
            const end = rest.indexOf("*/");
            const len = end < 0 ? rest.length : end + 2;
            out += " ".repeat(len);
            i += len;
        } else {
            out += rest[0];
            i += 1;
        }
    }
    return out;
}

const patternRegex = (key: string) =>
    new RegExp(`^${key.replace(/\./g, "\\.").replace("{NAME}", key.startsWith("backend.") ? "([A-Za-z_][A-Za-z0-9_]*)" : "([A-Za-z0-9-]+)")}$`);
const VARIABLE_ROWS = Object.entries(VCL_VARIABLES as Record<string, VariableRow>).map(([key, row]) => ({ key, row, re: patternRegex(key) }));

/** The row (and the `{NAME}` filled in) of a variable reference, if the table has one. */
export function variableRow(symbol: string): { key: string; row: VariableRow; name?: string } | undefined {
    for (const { key, row, re } of VARIABLE_ROWS) {
        const m = re.exec(symbol);
        if (m) return { key, row, name: m[1] };
    }
    return undefined;
}

const scopeText = (scopes: readonly Subroutine[]) =>
    scopes.length === SUBROUTINES.length ? "all subroutines" : scopes.map((s) => `vcl_${s}`).join(", ");

/** Findings for one piece of VCL placed in `type`. */
export function lintVcl(name: string, type: SnippetType, content: string, ctx: LintContext = {}): LintFinding[] {
    const findings: LintFinding[] = [];
    const where = type === "init" || type === "none" ? `the ${type} placement (outside every subroutine)` : `vcl_${type}`;
    const inScope = (row: ScopeRow) => type !== "init" && type !== "none" && row.scopes.includes(type);
    const add = (symbol: string, message: string) => findings.push({ snippet: name, type, symbol, message: `${name} (${where}): ${message}` });
    const text = stripLiterals(content);

    const locals = new Set<string>();
    for (const m of text.matchAll(/\bdeclare\s+local\s+(var\.[A-Za-z_][A-Za-z0-9_]*)\s+([A-Z]+)/g)) {
        if (locals.has(m[1])) add(m[1], `${m[1]} is declared twice`);
        if (!TYPES.has(m[2])) add(m[2], `${m[2]} is not a VCL type`);
        locals.add(m[1]);
    }

    for (const m of text.matchAll(/(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)(\s*\()?/g)) {
        const symbol = m[1];
        const called = m[2] !== undefined;
        if (symbol.startsWith("var.")) {
            if (!locals.has(symbol)) add(symbol, `${symbol} is used but never declared (declare local ${symbol} <TYPE>;)`);
            continue;
        }
        if (!symbol.includes(".")) {
            if (KEYWORDS.has(symbol) || TYPES.has(symbol)) continue;
            if (symbol in VCL_STATEMENTS) {
                const row = VCL_STATEMENTS[symbol as keyof typeof VCL_STATEMENTS];
                if (!inScope(row)) add(symbol, `the ${symbol} statement is not available in ${where}; Fastly allows it in ${scopeText(row.scopes)} — ${row.source}`);
                continue;
            }
            if (called) add(symbol, `${symbol}() is not in the scope table (fastly-vcl-scopes.ts)`);
            else if (!(ctx.tables ?? []).includes(symbol) && !(ctx.backends ?? []).includes(symbol)) {
                add(symbol, `${symbol} is neither a table nor a backend of this service`);
            }
            continue;
        }
        if (called) {
            const row = (VCL_FUNCTIONS as Record<string, ScopeRow>)[symbol];
            if (!row) add(symbol, `${symbol}() is not in the scope table (fastly-vcl-scopes.ts): add a row with its reference page`);
            else if (!inScope(row)) add(symbol, `${symbol}() is not available in ${where}; Fastly allows it in ${scopeText(row.scopes)} — ${row.source}`);
            continue;
        }
        const found = variableRow(symbol);
        if (!found) {
            add(symbol, `${symbol} is not in the scope table (fastly-vcl-scopes.ts): add a row with its reference page`);
            continue;
        }
        if (!inScope(found.row)) add(symbol, `${symbol} is not available in ${where}; Fastly allows it in ${scopeText(found.row.scopes)} — ${found.row.source}`);
        if (found.key === "backend.{NAME}.healthy" && ctx.backends && !ctx.backends.includes(found.name!)) {
            add(symbol, `${found.name} is not a backend of this service (${ctx.backends.join(", ")})`);
        }
    }

    for (const m of text.matchAll(/\b(set|unset)\s+([A-Za-z_][A-Za-z0-9_.-]*)/g)) {
        const target = m[2];
        if (target.startsWith("var.")) continue;
        const found = variableRow(target);
        if (found && !(type !== "init" && type !== "none" && found.row.writable.includes(type))) {
            add(target, `${target} cannot be ${m[1]} in ${where}${found.row.writable.length ? `; writable in ${scopeText(found.row.writable)}` : " (read-only)"} — ${found.row.source}`);
        }
    }

    for (const m of text.matchAll(/\btable\.(?:lookup|contains)\(\s*([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (ctx.tables && !ctx.tables.includes(m[1])) add(m[1], `table ${m[1]} is not an edge dictionary of this service (${ctx.tables.join(", ")})`);
    }
    return findings;
}

/** Throws with every finding, one a line, if any piece of VCL breaks the scope table. */
export function assertVclInScope(pieces: readonly { name: string; type: SnippetType; content: string }[], ctx: LintContext): void {
    const findings = pieces.flatMap((p) => lintVcl(p.name, p.type, p.content, ctx));
    if (findings.length > 0) throw new Error(`VCL outside Fastly's scopes:\n${findings.map((f) => `- ${f.message}`).join("\n")}`);
}
