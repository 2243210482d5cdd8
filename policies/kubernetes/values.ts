/**
 * Reading a resource's inputs field by field, so one value unknown during preview (or a secret)
 * makes only that field "cannot verify" instead of the whole object. Both the analyzer's props
 * (@pulumi/policy proxy.js) and the offline runner's throw when an unknown value is read; the
 * plan file writes unknowns as "[unknown]" and secrets as "[secret]" (src/plan/capture.ts).
 */
import type { Judge } from "../define";

export type Segment = string | number;
export type Path = readonly Segment[];

/** Stands in for a value known only after the update. */
export const UNVERIFIABLE: unique symbol = Symbol("unverifiable");

export interface Snapshot {
    /** A plain copy of the value; each unknown value replaced by UNVERIFIABLE. */
    value: unknown;
    /** Paths whose value is unknown until the update. */
    unknown: Path[];
    /** Paths whose value is a secret the plan does not show. */
    secrets: Path[];
    /** Reads the first unknown value again so the runtime reports "cannot verify"; no-op without one. */
    rethrowUnknown(): void;
}

/** What a check over a snapshot found, with the snapshot's way to raise the unknown it read past. */
export interface SnapshotFindings {
    problems: string[];
    rethrowUnknown(): void;
}

/** A snapshot check's findings as a rule returns them: reported first, then the runtime's "cannot verify" for an unknown it read past. */
export function findingsThenUnknown(judge: Judge, found: SnapshotFindings): string[] {
    judge.rethrowAfterFindings(found.rethrowUnknown);
    return found.problems;
}

const PLAN_UNKNOWN = "[unknown]";
const PLAN_SECRET = "[secret]";

export function snapshot(root: unknown): Snapshot {
    const unknown: Path[] = [];
    const secrets: Path[] = [];
    let reread: (() => unknown) | undefined;
    const copy = (v: unknown, path: Segment[]): unknown => {
        if (v === PLAN_UNKNOWN) {
            unknown.push(path);
            return UNVERIFIABLE;
        }
        if (v === PLAN_SECRET) secrets.push(path);
        if (v === null || typeof v !== "object") return v;
        const src = v as Record<string | number, unknown>;
        const keys: Segment[] = Array.isArray(v) ? [...Array(v.length).keys()] : Object.keys(v);
        const out = (Array.isArray(v) ? [] : {}) as Record<Segment, unknown>;
        for (const key of keys) {
            let child: unknown;
            try {
                child = src[key];
            } catch {
                unknown.push([...path, key]);
                reread ??= () => src[key];
                out[key] = UNVERIFIABLE;
                continue;
            }
            out[key] = copy(child, [...path, key]);
        }
        return out;
    };
    const value = copy(root, []);
    return {
        value,
        unknown,
        secrets,
        rethrowUnknown: () => {
            if (reread) reread();
        },
    };
}

/** True when `path` is `prefix` or lies under it. */
export const under = (path: Path, prefix: Path) => prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));

/** True when a path meets one of `paths` (either lies under the other). */
export const touches = (path: Path, paths: readonly Path[]) => paths.some((p) => under(path, p) || under(p, path));

/** `spec.egress[0].ports[0].protocol`, `metadata.labels["bibox.io/pool"]`. */
export function formatPath(path: Path): string {
    let out = "";
    for (const s of path) {
        if (typeof s === "number") out += `[${s}]`;
        else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s)) out += out === "" ? s : `.${s}`;
        else out += `[${JSON.stringify(s)}]`;
    }
    return out === "" ? "(object)" : out;
}

/** A JSON pointer as ajv reports it (`/spec/egress/0`) to a path. */
export function fromPointer(pointer: string): Path {
    if (pointer === "") return [];
    return pointer
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export interface GroupVersionKind {
    /** "" for the core group. */
    group: string;
    version: string;
    kind: string;
    /** As the object's apiVersion: `v1`, `networking.k8s.io/v1`. */
    apiVersion: string;
}

/**
 * The group, version and kind a Pulumi Kubernetes type token names:
 * `kubernetes:core/v1:Namespace`, `kubernetes:karpenter.sh/v1:NodePool` (a CustomResource's type
 * is `kubernetes:<apiVersion>:<kind>`). Undefined for tokens without a version (helm.sh/v3 and
 * yaml/v2 are Pulumi's own, handled by the caller).
 */
export function gvkOf(type: string): GroupVersionKind | undefined {
    const m = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) return undefined;
    const [, g, version, kind] = m;
    const group = g === "core" ? "" : g;
    return { group, version, kind, apiVersion: group === "" ? version : `${group}/${version}` };
}

/** `<name>` for cluster-scoped objects, `<namespace>/<name>` for namespaced ones. */
export function objectName(obj: unknown): string {
    const meta = (obj as { metadata?: { name?: unknown; namespace?: unknown } } | undefined)?.metadata;
    const name = typeof meta?.name === "string" ? meta.name : "(unnamed)";
    return typeof meta?.namespace === "string" ? `${meta.namespace}/${name}` : name;
}
