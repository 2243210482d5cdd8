/**
 * One object against a kubernetes-models class: the class's compiled OpenAPI validator (types,
 * enums, patterns, required fields, limits) and the fields its declaration lists (shape.ts).
 * Findings at a value unknown during preview or hidden as a secret are dropped: those fields are
 * "cannot verify", never a pass and never a failure.
 */
import { Path, formatPath, fromPointer, touches, under } from "./values";
import { Shape, unknownFields } from "./shape";

/** What a kubernetes-models class offers: `new Kind(data).validate()` throws ajv's errors. */
export type ModelClass = new (data: object) => { validate(): void };

export interface AjvError {
    instancePath: string;
    keyword: string;
    message?: string;
    params: Record<string, unknown>;
}

export interface Finding {
    path: Path;
    problem: string;
}

/** Keywords whose failure says nothing of its own: the branch errors under them do. */
const COMPOSITE = new Set(["oneOf", "anyOf", "if"]);

function describe(e: AjvError): string {
    if (e.keyword === "enum") return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    if (e.keyword === "pattern") return `must match ${String(e.params.pattern)}`;
    if (e.keyword === "required") return `is required`;
    return e.message ?? e.keyword;
}

/** The validator's errors, one finding per field, in the order the validator met them. */
export function validatorFindings(errors: readonly AjvError[]): Finding[] {
    const byPath = new Map<string, Finding>();
    const parts = new Map<string, string[]>();
    for (const e of errors) {
        if (COMPOSITE.has(e.keyword)) continue;
        const path = e.keyword === "required" ? [...fromPointer(e.instancePath), String(e.params.missingProperty)] : fromPointer(e.instancePath);
        const key = JSON.stringify(path);
        const text = describe(e);
        if (!byPath.has(key)) {
            byPath.set(key, { path, problem: "" });
            parts.set(key, []);
        }
        if (!parts.get(key)!.includes(text)) parts.get(key)!.push(text);
    }
    return [...byPath.entries()].map(([key, f]) => ({ path: f.path, problem: parts.get(key)!.join("; ") }));
}

/** Runs the class's validator; its errors as ajv reports them (none when valid). */
export function validatorErrors(model: ModelClass, value: object): AjvError[] {
    try {
        new model(value).validate();
        return [];
    } catch (err) {
        const errors = (err as { errors?: AjvError[] }).errors;
        if (!Array.isArray(errors)) throw err;
        return errors;
    }
}

export interface ModelCheck {
    model: ModelClass;
    shape: Shape;
    /** Findings of the validator to drop (where the pinned schema differs from the model's). */
    ignore?: (f: Finding) => boolean;
}

/** Everything wrong with `value` that can be known now: schema errors and unknown fields. */
export function checkAgainstModel(value: object, check: ModelCheck, unverifiable: readonly Path[]): Finding[] {
    const findings = validatorFindings(validatorErrors(check.model, value)).filter((f) => !touches(f.path, unverifiable) && !(check.ignore?.(f) ?? false));
    const extra = unknownFields(value, check.shape)
        .filter((p) => !unverifiable.some((u) => under(p, u)))
        .map((path) => ({ path, problem: "is not a field of this kind" }));
    return [...extra, ...findings];
}

export const formatFinding = (f: Finding) => `${formatPath(f.path)}: ${f.problem}`;
