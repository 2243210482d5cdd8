/**
 * The only way the program writes VCL (pure): a snippet is built by a `Vcl<S>` for its subroutine
 * S, which takes only the variables, functions and statements whose row in fastly-vcl-scopes.ts
 * allows S. `x.v("req.backend.is_origin")` inside a recv snippet does not compile.
 */
import { FunctionIn, PatternIn, SnippetType, StatementIn, Subroutine, VariableIn, VclType, WritableIn } from "./fastly-vcl-scopes";

/** A ServiceVcl snippet (@pulumi/fastly ServiceVclSnippet: name, type, priority, content). */
export interface Snippet {
    name: string;
    type: SnippetType;
    priority: number;
    content: string;
}

/** A ServiceVcl REQUEST condition: a VCL expression Fastly evaluates in vcl_recv. */
export interface RequestCondition {
    name: string;
    type: "REQUEST";
    priority: number;
    statement: string;
}

type Pattern = `${string}{NAME}${string}`;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const VCL_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A VCL string literal; refuses what would end it early. */
export function str(s: string): string {
    if (/["\r\n]/.test(s)) throw new Error(`${JSON.stringify(s)} cannot be a VCL "..." string literal`);
    return `"${s}"`;
}

const indent = (lines: readonly string[]) => lines.map((l) => `  ${l}`);

export class Vcl<S extends Subroutine> {
    constructor(readonly subroutine: S) {}

    /** A variable Fastly allows in vcl_S. */
    v<K extends VariableIn<S>>(name: K): K {
        return name;
    }

    /** A `{NAME}` variable (a header, a backend's health) with the name filled in. */
    p<K extends PatternIn<S>>(pattern: K, name: string): string {
        const ok = pattern.startsWith("backend.") ? VCL_IDENT : HEADER_NAME;
        if (!ok.test(name)) throw new Error(`${JSON.stringify(name)} is not a valid name for ${pattern}`);
        return pattern.replace("{NAME}", name);
    }

    /** A call of a function Fastly allows in vcl_S. */
    call<K extends FunctionIn<S>>(fn: K, ...args: string[]): string {
        return `${fn}(${args.join(", ")})`;
    }

    /** `declare local var.<name> <TYPE>;` and the variable's reference. */
    declare(name: string, type: VclType): [statement: string, ref: `var.${string}`] {
        if (!VCL_IDENT.test(name)) throw new Error(`${name} is not a VCL identifier`);
        return [`declare local var.${name} ${type};`, `var.${name}`];
    }

    /** `set` of a plain variable vcl_S may write, or of a local (`var.…`). */
    set(target: Exclude<WritableIn<S>, Pattern> | `var.${string}`, value: string): string {
        return `set ${target} = ${value};`;
    }

    /** `set` of a header vcl_S may write. */
    setHeader(pattern: Extract<WritableIn<S>, Pattern>, name: string, value: string): string {
        return `set ${this.p(pattern as PatternIn<S>, name)} = ${value};`;
    }

    unsetHeader(pattern: Extract<WritableIn<S>, Pattern>, name: string): string {
        return `unset ${this.p(pattern as PatternIn<S>, name)};`;
    }

    /** `error <status> "<reason>";` — only where Fastly allows the error statement. */
    error(status: "error" extends StatementIn<S> ? number : never, reason: string): string {
        return `error ${status} ${str(reason)};`;
    }

    /** `if (c1) { … } else if (c2) { … } else { … }` */
    when(branches: readonly (readonly [condition: string, body: readonly string[]])[], otherwise?: readonly string[]): string[] {
        const out: string[] = [];
        branches.forEach(([condition, body], i) => out.push(`${i === 0 ? "if" : "} else if"} (${condition}) {`, ...indent(body)));
        if (otherwise) out.push("} else {", ...indent(otherwise));
        if (branches.length > 0) out.push("}");
        return out;
    }
}

/** A snippet for vcl_S whose body is written through a `Vcl<S>`. */
export function snippet<S extends Subroutine>(name: string, type: S, priority: number, body: (x: Vcl<S>) => readonly string[]): Snippet {
    return { name, type, priority, content: body(new Vcl(type)).join("\n") };
}

/** A REQUEST condition; Fastly renders it into vcl_recv, so it is written through a `Vcl<"recv">`. */
export function requestCondition(name: string, priority: number, statement: (x: Vcl<"recv">) => string): RequestCondition {
    return { name, type: "REQUEST", priority, statement: statement(new Vcl("recv")) };
}
