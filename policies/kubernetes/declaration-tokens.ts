/**
 * The tokens of a declaration file (.d.ts), for the reader of ./declarations.ts: identifiers,
 * strings (their escapes cooked), numbers, template literals and punctuators, each marked when a
 * line break stands before it. Spaces and comments are dropped.
 */

export interface Token {
    /** "id", "str" (value cooked), "num", "tpl" (a template literal), or the punctuator itself. */
    type: string;
    value: string;
    /** A line break stands between this token and the one before. */
    newline: boolean;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };

/** The string a quoted literal stands for (its escapes cooked, as the compiler's `.text`). */
function cook(raw: string): string {
    if (!raw.includes("\\")) return raw;
    return raw.replace(/\\(u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|\r\n|[\s\S])/g, (_, e: string, cp?: string, u?: string, x?: string) => {
        const hex = cp ?? u ?? x;
        if (hex) return String.fromCodePoint(parseInt(hex, 16));
        if (/^(\r\n|[\n\r\u2028\u2029])$/.test(e)) return ""; // a line continuation
        return ESCAPES[e] ?? e;
    });
}

/**
 * One token per match, in order: spaces, a line break, a line comment, a block comment, a
 * double- or single-quoted string, a template literal, an identifier, a number, a punctuator.
 */
const TOKEN = /([^\S\n\r\u2028\u2029]+)|([\n\r\u2028\u2029])|(\/\/[^\n\r\u2028\u2029]*)|(\/\*[\s\S]*?(?:\*\/|$))|"((?:[^"\\\n\r]|\\[\s\S])*)"?|'((?:[^'\\\n\r]|\\[\s\S])*)'?|(`(?:[^`\\]|\\[\s\S])*`?)|([\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*)|(\.?[0-9][\w.]*)|(\.\.\.|=>|\?\.|[\s\S])/uy;

export function tokenize(text: string): Token[] {
    const out: Token[] = [];
    let newline = false;
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(text); m !== null && m[0] !== ""; m = TOKEN.exec(text)) {
        if (m[1] !== undefined || m[3] !== undefined) continue;
        if (m[2] !== undefined) newline = true;
        else if (m[4] !== undefined) newline ||= /[\n\r\u2028\u2029]/.test(m[4]);
        else {
            const [type, value] =
                m[5] !== undefined ? ["str", cook(m[5])]
                : m[6] !== undefined ? ["str", cook(m[6])]
                : m[7] !== undefined ? ["tpl", m[7]]
                : m[8] !== undefined ? ["id", m[8]]
                : m[9] !== undefined ? ["num", m[9]]
                : [m[10], m[10]];
            out.push({ type, value, newline });
            newline = false;
        }
    }
    return out;
}
