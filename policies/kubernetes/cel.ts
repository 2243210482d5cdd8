/**
 * CRD validation rules (x-kubernetes-validations) evaluated as the API server would, with
 * @bufbuild/cel (github.com/bufbuild/cel-es; conformance-tested against cel-spec, RE2 `matches`).
 * Kubernetes adds to standard CEL the cel-go strings extension and its own regex, lists and URL
 * libraries (kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/cel/library/libraries.go:
 * ExtensionLibs = URLs, Regex, Lists + ext.Strings); the rules of karpenter-crd-rules.ts use
 * strings (split, startsWith, endsWith) and the regex library's `find`, registered here.
 */
import { CelScalar, celEnv, celMethod, isCelError, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { Path, Segment, UNVERIFIABLE } from "./values";

/**
 * `<string>.find(<regex>) -> <string>`: the first match, "" when none (library/regex.go). The
 * rules' patterns (`^([^/]+)`, `^[^@]+`) mean the same in RE2 and JavaScript.
 */
const find = celMethod("find", CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (this: string, re: string) {
    return new RegExp(re, "u").exec(this)?.[0] ?? "";
});

const env = celEnv({ funcs: [...strings, find] });

export type Outcome = { ok: true } | { ok: false; error?: string } | { unknown: true };

/** Set while a rule reads a value known only after the update. */
let touchedUnknown = false;

/**
 * A value as CEL sees it: JSON integers as CEL ints (the CRD types them integer), each unknown
 * value a property whose read marks the evaluation "cannot verify".
 */
export function celValue(v: unknown): unknown {
    if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
    if (v === null || typeof v !== "object") return v;
    const out = (Array.isArray(v) ? [] : {}) as Record<Segment, unknown>;
    for (const [k, child] of Object.entries(v)) {
        if (child === UNVERIFIABLE) {
            Object.defineProperty(out, k, {
                enumerable: true,
                get() {
                    touchedUnknown = true;
                    throw new Error("value unknown until the update");
                },
            });
        } else out[k] = celValue(child);
    }
    return out;
}

export type CompiledRule = (self: unknown) => Outcome;

/** Parses and plans a rule once; the returned function evaluates it with `self` (a snapshot value) bound. */
export function compileRule(rule: string): CompiledRule {
    const run = plan(env, parse(rule));
    return (self) => {
        if (self === UNVERIFIABLE) return { unknown: true };
        touchedUnknown = false;
        const result = run({ self: celValue(self) as never });
        if (touchedUnknown) return { unknown: true };
        if (isCelError(result)) return { ok: false, error: result.message };
        return result === true ? { ok: true } : { ok: false };
    };
}

/**
 * The values a rule's path selects: `spec.disruption.budgets`, each item of a list with `[]`,
 * each value of a map with `{}`. A rule applies only where its field is set (absent: no self).
 */
export function selfsAt(root: unknown, path: string): { path: Path; value: unknown }[] {
    let found: { path: Path; value: unknown }[] = [{ path: [], value: root }];
    for (const step of path.split(".").flatMap((s) => s.split(/(?=\[\]|\{\})/))) {
        const next: { path: Path; value: unknown }[] = [];
        for (const { path: p, value } of found) {
            if (value === null || typeof value !== "object" || value === (UNVERIFIABLE as unknown)) continue;
            if (step === "[]") {
                if (Array.isArray(value)) value.forEach((v, i) => next.push({ path: [...p, i], value: v }));
            } else if (step === "{}") {
                if (!Array.isArray(value)) for (const [k, v] of Object.entries(value)) next.push({ path: [...p, k], value: v });
            } else if (!Array.isArray(value) && step in value) {
                next.push({ path: [...p, step], value: (value as Record<string, unknown>)[step] });
            }
        }
        found = next;
    }
    return found;
}
