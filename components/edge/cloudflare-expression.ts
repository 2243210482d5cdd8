/**
 * A parser and type checker for the part of Cloudflare's Rules language the program writes (pure).
 * Grammar and precedence from Cloudflare's references
 * (https://developers.cloudflare.com/ruleset-engine/rules-language/expressions/,
 * .../operators/, .../values/ for string, raw-string, number, IP and set literals):
 *
 *   expression := or
 *   or         := xor  (("or" | "||") xor)*
 *   xor        := and  (("xor" | "^^") and)*
 *   and        := not  (("and" | "&&") not)*
 *   not        := ("not" | "!") not | primary
 *   primary    := "(" expression ")" | value [comparison value | "in" set]
 *   value      := field ["[" (string | number | "*") "]"]* | function "(" value ("," value)* ")" | literal
 *   set        := "{" literal* "}" | "$" list-name | literal
 *
 * `checkExpression` parses and then checks every field and function against cloudflare-fields.ts
 * and every operator against the types it accepts.
 */
import { CLOUDFLARE_FIELDS, CLOUDFLARE_FUNCTIONS, COMPARISON_OPERATORS, ComparisonOperator, FieldSpec, FieldType, FunctionSpec, LOGICAL_OPERATORS } from "./cloudflare-fields";

export type Value =
    | { kind: "field"; name: string; indexed: boolean }
    | { kind: "call"; name: string; args: Value[] }
    | { kind: "literal"; type: FieldType; value: string }
    | { kind: "list"; name: string };

export type Expression =
    | { kind: "logical"; op: "and" | "or" | "xor"; left: Expression; right: Expression }
    | { kind: "not"; operand: Expression }
    | { kind: "compare"; op: ComparisonOperator; left: Value; right: Value | Value[] }
    | { kind: "value"; value: Value };

interface Token {
    kind: "word" | "string" | "number" | "ip" | "symbol";
    text: string;
    at: number;
}

export class ExpressionError extends Error {
    constructor(message: string, readonly at: number) {
        super(`${message} at position ${at}`);
    }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/;
const SYMBOLS = ["==", "!=", "<=", ">=", "&&", "||", "^^", "<", ">", "!", "~", "(", ")", "{", "}", "[", "]", ",", "*"];

export function tokenize(src: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        const start = i;
        if (c === '"') {
            let text = "";
            for (i++; i < src.length && src[i] !== '"'; i++) {
                if (src[i] === "\\") {
                    i++;
                    if (i >= src.length) break;
                }
                text += src[i];
            }
            if (src[i] !== '"') throw new ExpressionError("unterminated string", start);
            tokens.push({ kind: "string", text, at: start });
            i++;
            continue;
        }
        const raw = /^r(#*)"/.exec(src.slice(i));
        if (raw) {
            const close = `"${raw[1]}`;
            const end = src.indexOf(close, i + raw[0].length);
            if (end < 0) throw new ExpressionError("unterminated raw string", start);
            tokens.push({ kind: "string", text: src.slice(i + raw[0].length, end), at: start });
            i = end + close.length;
            continue;
        }
        if (/[0-9]/.test(c)) {
            const m = /^[0-9a-fA-F.:/]+/.exec(src.slice(i))![0];
            if (/^\d+$/.test(m)) tokens.push({ kind: "number", text: m, at: start });
            else if (IPV4.test(m) || /:/.test(m)) tokens.push({ kind: "ip", text: m, at: start });
            else throw new ExpressionError(`malformed literal ${m}`, start);
            i += m.length;
            continue;
        }
        if (/[A-Za-z_$]/.test(c)) {
            const m = /^[A-Za-z_$][A-Za-z0-9_.]*/.exec(src.slice(i))![0];
            i += m.length;
            // "strict wildcard" is one operator in two words.
            const after = /^\s+wildcard\b/.exec(src.slice(i));
            if (m === "strict" && after) {
                tokens.push({ kind: "word", text: "strict wildcard", at: start });
                i += after[0].length;
            } else tokens.push({ kind: "word", text: m, at: start });
            continue;
        }
        const symbol = SYMBOLS.find((s) => src.startsWith(s, i));
        if (!symbol) throw new ExpressionError(`unexpected character ${JSON.stringify(c)}`, start);
        tokens.push({ kind: "symbol", text: symbol, at: start });
        i += symbol.length;
    }
    return tokens;
}

const LOGICAL_WORDS: Record<"and" | "or" | "xor" | "not", readonly string[]> = {
    not: ["not", ...LOGICAL_OPERATORS.not],
    and: ["and", ...LOGICAL_OPERATORS.and],
    xor: ["xor", ...LOGICAL_OPERATORS.xor],
    or: ["or", ...LOGICAL_OPERATORS.or],
};

/** The comparison operator a token spells, in English or C-like notation. */
function comparison(t: Token | undefined): ComparisonOperator | undefined {
    if (!t) return undefined;
    for (const [op, spec] of Object.entries(COMPARISON_OPERATORS) as [ComparisonOperator, { aliases: readonly string[] }][]) {
        if ((t.kind === "word" && t.text === op) || (t.kind === "symbol" && spec.aliases.includes(t.text))) return op;
    }
    return undefined;
}

const KEYWORDS = new Set(["and", "or", "xor", "not", "true", "false", ...Object.keys(COMPARISON_OPERATORS)]);

export function parseExpression(src: string): Expression {
    const tokens = tokenize(src);
    let pos = 0;
    const peek = () => tokens[pos];
    const at = () => peek()?.at ?? src.length;
    const isOneOf = (words: readonly string[]) => peek() !== undefined && words.includes(peek()!.text) && peek()!.kind !== "string";
    const expect = (text: string) => {
        if (peek()?.text !== text || peek()?.kind === "string") throw new ExpressionError(`expected ${JSON.stringify(text)}`, at());
        pos++;
    };

    const value = (): Value => {
        const t = peek();
        if (!t) throw new ExpressionError("expected a value", at());
        pos++;
        if (t.kind === "string") return { kind: "literal", type: "String", value: t.text };
        if (t.kind === "number") return { kind: "literal", type: "Number", value: t.text };
        if (t.kind === "ip") return { kind: "literal", type: "IP address", value: t.text };
        if (t.kind === "word" && (t.text === "true" || t.text === "false")) return { kind: "literal", type: "Boolean", value: t.text };
        if (t.kind === "word" && t.text.startsWith("$")) return { kind: "list", name: t.text.slice(1) };
        if (t.kind !== "word" || KEYWORDS.has(t.text)) throw new ExpressionError(`expected a value, got ${JSON.stringify(t.text)}`, t.at);
        if (peek()?.text === "(" && peek()?.kind === "symbol") {
            pos++;
            const args: Value[] = [];
            if (peek()?.text !== ")") {
                args.push(value());
                while (peek()?.text === ",") {
                    pos++;
                    args.push(value());
                }
            }
            expect(")");
            return { kind: "call", name: t.text, args };
        }
        let indexed = false;
        while (peek()?.text === "[" && peek()?.kind === "symbol") {
            pos++;
            const key = peek();
            if (!key || !(key.kind === "string" || key.kind === "number" || key.text === "*")) throw new ExpressionError("expected a map key, an index or *", at());
            pos++;
            expect("]");
            indexed = true;
        }
        return { kind: "field", name: t.text, indexed };
    };

    const set = (): Value[] => {
        if (peek()?.text !== "{" || peek()?.kind !== "symbol") return [value()];
        pos++;
        const items: Value[] = [];
        while (peek() && !(peek()!.text === "}" && peek()!.kind === "symbol")) {
            const v = value();
            if (v.kind !== "literal") throw new ExpressionError("a set holds literals only", at());
            items.push(v);
        }
        expect("}");
        if (items.length === 0) throw new ExpressionError("empty set", at());
        return items;
    };

    const primary = (): Expression => {
        if (peek()?.text === "(" && peek()?.kind === "symbol") {
            pos++;
            const inner = or();
            expect(")");
            return inner;
        }
        const left = value();
        const op = comparison(peek());
        if (!op) return { kind: "value", value: left };
        pos++;
        return { kind: "compare", op, left, right: op === "in" ? set() : value() };
    };

    const not = (): Expression => {
        if (isOneOf(LOGICAL_WORDS.not)) {
            pos++;
            return { kind: "not", operand: not() };
        }
        return primary();
    };
    const binary = (op: "and" | "xor" | "or", next: () => Expression) => (): Expression => {
        let left = next();
        while (isOneOf(LOGICAL_WORDS[op])) {
            pos++;
            left = { kind: "logical", op, left, right: next() };
        }
        return left;
    };
    const and = binary("and", not);
    const xor = binary("xor", and);
    const or = binary("or", xor);

    if (tokens.length === 0) throw new ExpressionError("empty expression", 0);
    const tree = or();
    if (pos < tokens.length) throw new ExpressionError(`unexpected ${JSON.stringify(peek()!.text)}`, at());
    return tree;
}

/** Every field an expression names. */
export function fieldsOf(e: Expression): string[] {
    const ofValue = (v: Value): string[] => (v.kind === "field" ? [v.name] : v.kind === "call" ? v.args.flatMap(ofValue) : []);
    switch (e.kind) {
        case "logical":
            return [...fieldsOf(e.left), ...fieldsOf(e.right)];
        case "not":
            return fieldsOf(e.operand);
        case "compare":
            return [...ofValue(e.left), ...(Array.isArray(e.right) ? e.right : [e.right]).flatMap(ofValue)];
        case "value":
            return ofValue(e.value);
    }
}

export interface Vocabulary {
    fields: Readonly<Record<string, FieldSpec>>;
    functions: Readonly<Record<string, FunctionSpec>>;
}

const PROGRAM_VOCABULARY: Vocabulary = { fields: CLOUDFLARE_FIELDS, functions: CLOUDFLARE_FUNCTIONS };

/**
 * What is wrong with an expression: a parse error, or a field or function the vocabulary does not
 * know, an operator applied to a type it does not accept, mismatched operand types, a
 * non-Boolean condition. Empty when the expression is sound.
 */
export function checkExpression(src: string, vocabulary: Vocabulary = PROGRAM_VOCABULARY): string[] {
    let tree: Expression;
    try {
        tree = parseExpression(src);
    } catch (e) {
        return [`does not parse: ${(e as Error).message}`];
    }
    const problems: string[] = [];
    const typeOf = (v: Value): FieldType | undefined => {
        switch (v.kind) {
            case "literal":
                return v.type;
            case "list":
                return undefined;
            case "field": {
                const spec = vocabulary.fields[v.name];
                if (!spec) problems.push(`unknown field ${v.name}`);
                return spec?.type;
            }
            case "call": {
                const spec = vocabulary.functions[v.name];
                if (!spec) {
                    problems.push(`unknown function ${v.name}()`);
                    return undefined;
                }
                if (v.args.length !== spec.args.length) problems.push(`${v.name}() takes ${spec.args.length} arguments, not ${v.args.length}`);
                v.args.forEach((a, i) => {
                    const t = typeOf(a);
                    if (t && spec.args[i] && t !== spec.args[i]) problems.push(`${v.name}() argument ${i + 1} is ${t}, not ${spec.args[i]}`);
                });
                return spec.returns;
            }
        }
    };
    const visit = (e: Expression): void => {
        switch (e.kind) {
            case "logical":
                visit(e.left);
                visit(e.right);
                return;
            case "not":
                visit(e.operand);
                return;
            case "value": {
                const t = typeOf(e.value);
                if (t && t !== "Boolean") problems.push(`a ${t} value is not a condition`);
                return;
            }
            case "compare": {
                const left = typeOf(e.left);
                const accepted = COMPARISON_OPERATORS[e.op].types as readonly FieldType[];
                if (left && !accepted.includes(left)) problems.push(`${e.op} does not compare ${left} values`);
                for (const r of Array.isArray(e.right) ? e.right : [e.right]) {
                    const right = typeOf(r);
                    if (left && right && right !== left) problems.push(`${e.op} compares ${left} with ${right}`);
                }
            }
        }
    };
    visit(tree);
    return problems;
}
