/**
 * Just enough VCL to follow Fastly's backend choice (pure): `if (…) { … } else if (…) { … } else
 * { … }` blocks and `set req.http.<name> = <value>;` statements of the service's vcl_recv
 * snippets, evaluated for one client continent and one view of backend health, then the
 * backends' REQUEST conditions over the headers they set. Conditions support `==`, `!=`, `!`,
 * `&&`, `||`, parentheses, string and integer literals, `req.http.*`, `backend.F_<name>.healthy`
 * and the client variables below; anything else is unknown, and an unknown condition is taken as
 * false (the model follows a request the snippet does not single out).
 *
 * Fastly's generated vcl_recv runs the recv snippets, then sets req.backend to the backend whose
 * REQUEST condition the request satisfies — "the backend that is used for a request is the one
 * with the highest-priority condition attached to it, out of all conditions that this request
 * satisfies" (https://www.fastly.com/documentation/reference/api/services/backend/); a backend
 * without a condition is the default. client.geo.continent_code is one of AF AN AS EU NA OC SA,
 * or "**" when unknown (https://www.fastly.com/documentation/reference/vcl/variables/geolocation/client-geo-continent-code/).
 */

export const CONTINENT_CODES = ["AF", "AN", "AS", "EU", "NA", "OC", "SA", "**"] as const;

type Stmt = { kind: "set"; target: string; value: string } | { kind: "if"; branches: { cond: string | undefined; body: Stmt[] }[] };

/** Parses the statements of a snippet (other statements are skipped). */
export function parseVcl(src: string): Stmt[] {
    let i = 0;
    const ws = () => {
        while (i < src.length && /\s/.test(src[i])) i++;
    };
    const balanced = (open: string, close: string) => {
        const start = ++i;
        let depth = 1;
        let quoted = false;
        while (i < src.length && depth > 0) {
            const c = src[i];
            if (c === '"') quoted = !quoted;
            else if (!quoted && c === open) depth++;
            else if (!quoted && c === close) depth--;
            i++;
        }
        return src.slice(start, i - 1);
    };
    const block = (): Stmt[] => {
        const out: Stmt[] = [];
        for (;;) {
            ws();
            if (i >= src.length || src[i] === "}") return out;
            if (src.startsWith("if", i) && /[\s(]/.test(src[i + 2] ?? "")) {
                const branches: { cond: string | undefined; body: Stmt[] }[] = [];
                i += 2;
                for (;;) {
                    ws();
                    const cond = src[i] === "(" ? balanced("(", ")") : undefined;
                    ws();
                    if (src[i] !== "{") break;
                    i++;
                    const body = block();
                    i++; // }
                    branches.push({ cond, body });
                    ws();
                    if (src.startsWith("else if", i)) i += 7;
                    else if (src.startsWith("elseif", i)) i += 6;
                    else if (src.startsWith("else", i)) {
                        i += 4;
                        ws();
                        if (src[i] === "{") {
                            i++;
                            branches.push({ cond: undefined, body: block() });
                            i++;
                        }
                        break;
                    } else break;
                }
                out.push({ kind: "if", branches });
                continue;
            }
            let end = i;
            let quoted = false;
            while (end < src.length && (quoted || (src[end] !== ";" && src[end] !== "}"))) {
                if (src[end] === '"') quoted = !quoted;
                end++;
            }
            const text = src.slice(i, end).trim();
            i = src[end] === ";" ? end + 1 : end;
            const m = /^set\s+([\w.-]+)\s*=\s*([\s\S]+)$/.exec(text);
            if (m) out.push({ kind: "set", target: m[1], value: m[2].trim() });
        }
    };
    return block();
}

export interface VclEnv {
    continent: string;
    healthy: (backendVariable: string) => boolean;
    /** req.http.* as set so far (lower-case names). */
    headers: Map<string, string>;
}

type Val = string | number | boolean | undefined;

function operand(tok: string, env: VclEnv): Val {
    const t = tok.trim();
    if (/^"[^"]*"$/.test(t)) return t.slice(1, -1);
    if (/^\d+$/.test(t)) return Number(t);
    let m = /^req\.http\.([\w-]+)$/.exec(t);
    if (m) return env.headers.get(m[1].toLowerCase());
    m = /^backend\.(\w+)\.healthy$/.exec(t);
    if (m) return env.healthy(m[1]);
    if (t === "client.geo.continent_code") return env.continent;
    if (t === "fastly.ff.visits_this_service" || t === "req.restarts") return 0;
    return undefined;
}

/** Evaluates a condition: true, false, or undefined when it reads what the model does not know. */
export function evaluate(cond: string, env: VclEnv): boolean | undefined {
    const s = cond.trim();
    const split = (op: string): string[] | undefined => {
        let depth = 0;
        let quoted = false;
        const parts: string[] = [];
        let last = 0;
        for (let k = 0; k < s.length; k++) {
            const c = s[k];
            if (c === '"') quoted = !quoted;
            if (quoted) continue;
            if (c === "(") depth++;
            else if (c === ")") depth--;
            else if (depth === 0 && s.startsWith(op, k)) {
                parts.push(s.slice(last, k));
                last = k + op.length;
                k += op.length - 1;
            }
        }
        return parts.length ? [...parts, s.slice(last)] : undefined;
    };
    const or = split("||");
    if (or) {
        const vs = or.map((p) => evaluate(p, env));
        return vs.some((v) => v === true) ? true : vs.every((v) => v === false) ? false : undefined;
    }
    const and = split("&&");
    if (and) {
        const vs = and.map((p) => evaluate(p, env));
        return vs.some((v) => v === false) ? false : vs.every((v) => v === true) ? true : undefined;
    }
    if (s.startsWith("(") && s.endsWith(")")) return evaluate(s.slice(1, -1), env);
    if (s.startsWith("!") && !s.startsWith("!=")) {
        const v = evaluate(s.slice(1), env);
        return v === undefined ? undefined : !v;
    }
    const cmp = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(s);
    if (cmp) {
        const a = operand(cmp[1], env);
        const b = operand(cmp[3], env);
        if (a === undefined || b === undefined) return undefined;
        return cmp[2] === "==" ? a === b : a !== b;
    }
    const v = operand(s, env);
    return typeof v === "boolean" ? v : undefined;
}

/** Runs statements, recording `set req.http.*` into env.headers. */
export function run(stmts: Stmt[], env: VclEnv): void {
    for (const st of stmts) {
        if (st.kind === "set") {
            const m = /^req\.http\.([\w-]+)$/.exec(st.target);
            if (m) {
                const v = operand(st.value, env);
                if (v === undefined) env.headers.delete(m[1].toLowerCase());
                else env.headers.set(m[1].toLowerCase(), String(v));
            }
            continue;
        }
        const taken = st.branches.find((b) => b.cond === undefined || evaluate(b.cond, env) === true);
        if (taken) run(taken.body, env);
    }
}

/** The bereq headers a snippet sets (`set bereq.http.<name> = …`), with the set expression. */
export function bereqHeaders(src: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const m of src.matchAll(/set\s+bereq\.http\.([\w-]+)\s*=\s*([^;]+);/g)) out.set(m[1].toLowerCase(), m[2].trim());
    return out;
}
