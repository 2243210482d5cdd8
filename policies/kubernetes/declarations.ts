/**
 * A reader of the declaration files (.d.ts) the kubernetes-models generator emits, reduced to
 * what shape.ts needs: named imports, `export type { A as B }`, interfaces (their bases and
 * property signatures) and type aliases, with each type written as a reference, an array, a
 * union or a type literal. Everything else a declaration may hold (classes, functions, keyword
 * and literal types, indexed access, function types, intersections, tuples) is read past and
 * stands as "other", which is what shape.ts makes of it. Why not the TypeScript compiler: its
 * parser, cold, took 150-250 ms over the ~70 files one plan's Kubernetes objects reach (this
 * reader ~40 ms), on the first object of every plan. test/plan-startup.test.ts holds what this
 * reader reads equal to what the compiler's parser reads, over every declaration file of the
 * installed packages.
 */
import { type Token, tokenize } from "./declaration-tokens";

export type TypeNode =
    /** A type named by one identifier (`IIoK8sApiCoreV1PodSpec`, `Array<string>`). */
    | { kind: "reference"; name: string; args: TypeNode[] }
    | { kind: "array"; items: TypeNode }
    | { kind: "union"; types: TypeNode[] }
    | { kind: "literal"; members: Member[] }
    | { kind: "other" };

export type Member =
    /** `"name"?: type`; a property written without a type has none. */
    | { kind: "property"; name: string; type?: TypeNode }
    | { kind: "index"; type?: TypeNode }
    | { kind: "other" };

export type Statement =
    /** `interface Name extends A, B { … }`; a base that is not one identifier is "". */
    | { kind: "interface"; name: string; bases: string[]; members: Member[] }
    | { kind: "alias"; name: string; type: TypeNode }
    /** `export { local as exported }` without a module specifier. */
    | { kind: "exportAs"; local: string; exported: string }
    /** `import { imported as local } from "from"`. */
    | { kind: "import"; from: string; imported: string; local: string };

/** Keywords that name a type of their own (never a declaration of the file). */
const KEYWORD_TYPES = new Set(["any", "unknown", "string", "number", "boolean", "bigint", "symbol", "object", "never", "void", "undefined", "null", "this", "true", "false"]);
const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const OTHER: TypeNode = { kind: "other" };

class Parser {
    private i = 0;
    constructor(private readonly toks: Token[]) {}

    private peek = (k = 0): Token | undefined => this.toks[this.i + k];
    private is = (type: string, k = 0): boolean => this.peek(k)?.type === type;
    private isId = (value: string, k = 0): boolean => this.is("id", k) && this.peek(k)!.value === value;
    private take = (): Token => this.toks[this.i++];
    private eat = (type: string): boolean => (this.is(type) ? (this.i++, true) : false);
    private done = (): boolean => this.i >= this.toks.length;
    /** `<` that opens type arguments (on the line of what they follow, as the compiler requires). */
    private argsFollow = (): boolean => this.is("<") && !this.peek()!.newline;

    /** Skips one bracketed group starting at the current token (which opens it). */
    private skipGroup(): void {
        const close = OPEN[this.take().type];
        while (!this.done() && !this.is(close)) {
            if (OPEN[this.peek()!.type]) this.skipGroup();
            else this.i++;
        }
        this.eat(close);
    }

    /** Skips to the end of something ended by one of `stops` at this depth (not consumed). */
    private skipUntil(stops: readonly string[]): void {
        while (!this.done() && !stops.includes(this.peek()!.type)) {
            if (OPEN[this.peek()!.type]) this.skipGroup();
            else this.i++;
        }
    }

    statements(): Statement[] {
        const out: Statement[] = [];
        while (!this.done()) {
            const start = this.i;
            out.push(...this.statement());
            if (this.i === start) this.skipStatement();
        }
        return out;
    }

    /** Past a statement this reader does not need: to its `;`, or past a block that ends it. */
    private skipStatement(): void {
        while (!this.done()) {
            const t = this.peek()!;
            if (t.type === ";") {
                this.i++;
                return;
            }
            if (t.type === "{") {
                this.skipGroup();
                // A class, function, namespace or enum body ends its statement; a type literal does not.
                if (!this.is(";") && !this.is("|") && !this.is("&") && !this.is("[")) return;
            } else if (OPEN[t.type]) this.skipGroup();
            else this.i++;
            if (this.peek()?.newline && ["export", "import", "declare", "interface", "type"].some((k) => this.isId(k))) return;
        }
    }

    private statement(): Statement[] {
        if (this.isId("import")) return this.importDeclaration();
        const exported = this.isId("export");
        if (exported) {
            if (this.is("{", 1) || (this.isId("type", 1) && this.is("{", 2))) return this.exportDeclaration();
            this.i++;
            if (this.isId("default") && this.isId("interface", 1)) this.i++;
        }
        if (this.isId("declare")) this.i++;
        if (this.isId("interface") && this.is("id", 1)) return [this.interfaceDeclaration()];
        if (this.isId("type") && this.is("id", 1) && (this.is("=", 2) || this.is("<", 2))) return [this.aliasDeclaration()];
        return [];
    }

    private importDeclaration(): Statement[] {
        this.i++; // import
        if (this.isId("type") && (this.is("{", 1) || (this.is("id", 1) && !this.isId("from", 1)))) this.i++;
        if (this.is("id") && !this.isId("from") && this.is(",", 1)) this.i += 2; // a default binding beside named ones
        if (!this.is("{")) return [];
        const elements = this.bindings();
        if (!this.isId("from") || !this.is("str", 1)) return [];
        this.i++;
        const from = this.take().value;
        this.eat(";");
        return elements.map(({ name, as }) => ({ kind: "import", from, imported: name, local: as ?? name }));
    }

    private exportDeclaration(): Statement[] {
        this.i++; // export
        if (this.isId("type")) this.i++;
        const elements = this.bindings();
        if (this.isId("from")) return []; // a re-export from another module
        this.eat(";");
        return elements.filter((e) => e.as !== undefined).map(({ name, as }) => ({ kind: "exportAs", local: name, exported: as! }));
    }

    /** `{ a, type b, c as d }`. */
    private bindings(): { name: string; as?: string }[] {
        const out: { name: string; as?: string }[] = [];
        this.i++; // {
        while (!this.done() && !this.eat("}")) {
            if (this.isId("type") && (this.is("id", 1) || this.is("str", 1)) && !this.isId("as", 1)) this.i++;
            const name = this.take().value;
            const as = this.isId("as") ? (this.i++, this.take().value) : undefined;
            out.push({ name, ...(as !== undefined ? { as } : {}) });
            this.skipUntil([",", "}"]);
            this.eat(",");
        }
        return out;
    }

    private interfaceDeclaration(): Statement {
        this.i++; // interface
        const name = this.take().value;
        if (this.is("<")) this.typeParameters();
        const bases: string[] = [];
        if (this.isId("extends")) {
            do {
                this.i++; // extends or ,
                const names = this.is("id") ? this.entityName() : [];
                if (this.is("<")) this.typeArguments();
                bases.push(names.length === 1 ? names[0] : "");
                this.skipUntil([",", "{"]);
            } while (this.is(","));
        }
        const members = this.is("{") ? this.members() : [];
        return { kind: "interface", name, bases, members };
    }

    private aliasDeclaration(): Statement {
        this.i++; // type
        const name = this.take().value;
        if (this.is("<")) this.typeParameters();
        this.eat("=");
        const type = this.type();
        this.eat(";");
        return { kind: "alias", name, type };
    }

    private typeParameters(): void {
        this.i++; // <
        let depth = 1;
        while (!this.done() && depth > 0) {
            if (this.is("<")) depth++;
            else if (this.is(">")) depth--;
            if (OPEN[this.peek()!.type]) this.skipGroup();
            else this.i++;
        }
    }

    /** `{ member; member }` of an interface or type literal. */
    private members(): Member[] {
        const out: Member[] = [];
        this.i++; // {
        while (!this.done() && !this.eat("}")) {
            const start = this.i;
            out.push(this.member());
            if (!this.eat(";") && !this.eat(",") && !this.is("}") && !this.peek()?.newline) this.skipUntil([";", ",", "}"]);
            if (this.i === start) this.i++;
        }
        return out;
    }

    private member(): Member {
        if (this.is("[")) {
            // `[key: string]: T` is an index signature; `[expr]: T` a computed name the shapes skip.
            if (this.is("id", 1) && this.is(":", 2)) {
                this.skipGroup();
                this.eat("?");
                return { kind: "index", ...(this.eat(":") ? { type: this.type() } : {}) };
            }
            this.skipUntil([";", ",", "}"]);
            return { kind: "other" };
        }
        if (this.isId("readonly") && (this.is("id", 1) || this.is("str", 1) || this.is("num", 1) || this.is("[", 1))) {
            this.i++;
            return this.member();
        }
        const t = this.peek();
        if (!t || (t.type !== "id" && t.type !== "str")) {
            this.skipUntil([";", ",", "}"]);
            return { kind: "other" };
        }
        this.i++;
        this.eat("?");
        if (this.is("(") || this.is("<")) {
            this.skipUntil([";", ",", "}"]); // a method signature
            return { kind: "other" };
        }
        return { kind: "property", name: t.value, ...(this.eat(":") ? { type: this.type() } : {}) };
    }

    /** A type, up to the token that ends it (`;`, `,`, `>`, `)`, `]`, `}` or a new member). */
    type(): TypeNode {
        const first = this.unionOrIntersection();
        if (this.isId("extends") && !this.peek()!.newline) {
            // A conditional type: `A extends B ? C : D`.
            this.i++;
            this.unionOrIntersection();
            if (this.eat("?")) {
                this.type();
                if (this.eat(":")) this.type();
            }
            return OTHER;
        }
        return first;
    }

    private unionOrIntersection(): TypeNode {
        const leading = this.eat("|");
        const types = [this.intersection()];
        while (this.eat("|")) types.push(this.intersection());
        return leading || types.length > 1 ? { kind: "union", types } : types[0];
    }

    private intersection(): TypeNode {
        const leading = this.eat("&");
        let type = this.operator();
        while (this.eat("&")) {
            this.operator();
            type = OTHER;
        }
        return leading ? OTHER : type;
    }

    private operator(): TypeNode {
        if ((this.isId("keyof") || this.isId("unique") || this.isId("readonly") || this.isId("infer")) && !this.is(".", 1) && !this.is("[", 1) && (this.is("id", 1) || this.is("(", 1) || this.is("{", 1) || this.is("str", 1))) {
            this.i++;
            this.operator();
            return OTHER;
        }
        return this.postfix();
    }

    private postfix(): TypeNode {
        let type = this.primary();
        while (this.is("[") && !this.peek()!.newline) {
            if (this.is("]", 1)) {
                this.i += 2;
                type = { kind: "array", items: type };
            } else {
                this.skipGroup(); // T["key"]: indexed access
                type = OTHER;
            }
        }
        return type;
    }

    private primary(): TypeNode {
        const t = this.peek();
        if (!t) return OTHER;
        if (t.type === "{") {
            // `{ [K in T]: … }`, `{ -readonly [K in T]: … }`: a mapped type; anything else a type literal.
            let k = 1 + Number(this.is("+", 1) || this.is("-", 1));
            if (this.isId("readonly", k)) k++;
            if (!(this.is("[", k) && this.is("id", k + 1) && this.isId("in", k + 2))) return { kind: "literal", members: this.members() };
            this.skipGroup();
            return OTHER;
        }
        if (t.type === "(") {
            const start = this.i;
            this.skipGroup();
            if (this.eat("=>")) {
                this.type(); // a function type
                return OTHER;
            }
            this.i = start + 1;
            const inner = this.type();
            this.skipUntil([")"]);
            this.eat(")");
            return inner;
        }
        if (t.type === "<" || (t.type === "id" && (t.value === "new" || t.value === "abstract") && !this.is(".", 1))) {
            // A generic function or a constructor type: type parameters, parameters, `=>`, a type.
            while (!this.done() && !this.is("(")) {
                if (this.is("<")) this.typeParameters();
                else this.i++;
            }
            if (this.is("(")) this.skipGroup();
            if (this.eat("=>")) this.type();
            return OTHER;
        }
        if (t.type === "[") this.skipGroup(); // a tuple
        else if (t.type === "-" && this.is("num", 1)) this.i += 2;
        else if (this.isId("typeof") && !this.is(".", 1)) {
            this.i++;
            this.entityName();
            if (this.argsFollow()) this.typeArguments();
        } else if (this.isId("import") && this.is("(", 1)) {
            this.i++;
            this.skipGroup();
            while (this.eat(".")) this.i++;
            if (this.argsFollow()) this.typeArguments();
        } else if (t.type === "id") {
            const names = this.entityName();
            const args = this.argsFollow() ? this.typeArguments() : [];
            if (names.length === 1 && !KEYWORD_TYPES.has(names[0])) return { kind: "reference", name: names[0], args };
        } else this.i++; // a string, number or template literal type
        return OTHER;
    }

    private entityName(): string[] {
        const names = [this.take().value];
        while (this.is(".") && this.is("id", 1)) {
            this.i++;
            names.push(this.take().value);
        }
        return names;
    }

    private typeArguments(): TypeNode[] {
        this.i++; // <
        const args: TypeNode[] = [];
        while (!this.done() && !this.eat(">")) {
            args.push(this.type());
            if (!this.eat(",") && !this.is(">")) this.skipUntil([",", ">"]);
        }
        return args;
    }
}

/** The statements of one declaration file that shapes are made of, in the file's order. */
export function readDeclarations(text: string): Statement[] {
    return new Parser(tokenize(text)).statements();
}
