/**
 * What changed between two plans of one stack (pure): resources added, removed and changed, each
 * change with the input paths that differ. A removed resource that was protected (stateful: data,
 * keys, the cluster) comes first — without an alias, a URN that disappears is a delete in
 * `pulumi up`, and a protected one stops the update.
 */
import { PlanResource } from "./types";

export interface ChangedResource {
    urn: string;
    type: string;
    name: string;
    /** Input paths whose value differs, e.g. `scalingConfig.desiredSize`, `rules[2].action`. */
    paths: string[];
}

export interface PlanDiff {
    added: PlanResource[];
    /** Removed resources, the protected ones first. */
    removed: PlanResource[];
    changed: ChangedResource[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON documents given as strings (IAM, key and bucket policies) are compared as documents. */
function asDocument(v: unknown): unknown {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return v;
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
}

/** The paths at which `a` and `b` differ, down to the first differing leaf. */
export function differingPaths(a: unknown, b: unknown, path = ""): string[] {
    const x = asDocument(a);
    const y = asDocument(b);
    if (Array.isArray(x) && Array.isArray(y)) {
        const out: string[] = [];
        for (let i = 0; i < Math.max(x.length, y.length); i++) out.push(...differingPaths(x[i], y[i], `${path}[${i}]`));
        return out;
    }
    if (isObject(x) && isObject(y)) {
        const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
        return keys.flatMap((k) => differingPaths(x[k], y[k], path ? `${path}.${k}` : k));
    }
    return JSON.stringify(x) === JSON.stringify(y) ? [] : [path || "(value)"];
}

export function diffPlans(base: readonly PlanResource[], current: readonly PlanResource[]): PlanDiff {
    const before = new Map(base.map((r) => [r.urn, r]));
    const after = new Map(current.map((r) => [r.urn, r]));
    const added = current.filter((r) => !before.has(r.urn));
    const removed = base.filter((r) => !after.has(r.urn)).sort((a, b) => Number(b.protect) - Number(a.protect));
    const changed: ChangedResource[] = [];
    for (const r of current) {
        const old = before.get(r.urn);
        if (!old) continue;
        const paths = differingPaths(old.inputs, r.inputs);
        if (old.protect !== r.protect) paths.push("(protect)");
        if (paths.length > 0) changed.push({ urn: r.urn, type: r.type, name: r.name, paths });
    }
    return { added, removed, changed };
}

/** The diff as Markdown for the pull-request summary. */
export function renderDiff(stack: string, d: PlanDiff): string[] {
    const lines = [`## Changes against the base plan (${stack})`, ""];
    if (d.added.length + d.removed.length + d.changed.length === 0) return [...lines, "No resource added, removed or changed.", ""];
    const protectedGone = d.removed.filter((r) => r.protect);
    if (protectedGone.length > 0) {
        lines.push(`**⚠ ${protectedGone.length} protected (stateful) resource(s) removed or re-URNed** — a delete, or a stopped update, unless an alias carries them:`, "");
        for (const r of protectedGone) lines.push(`- \`${r.type}\` \`${r.name}\` (${r.urn})`);
        lines.push("");
    }
    lines.push(`${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`, "");
    if (d.changed.length > 0) {
        lines.push("| Changed | Type | Inputs |", "| --- | --- | --- |");
        for (const c of d.changed) lines.push(`| \`${c.name}\` | \`${c.type}\` | ${c.paths.map((p) => `\`${p}\``).join(", ")} |`);
        lines.push("");
    }
    for (const [title, list] of [["Added", d.added], ["Removed", d.removed.filter((r) => !r.protect)]] as const) {
        if (list.length > 0) lines.push(`${title}: ${list.map((r) => `\`${r.name}\` (\`${r.type}\`)`).join(", ")}`, "");
    }
    return lines;
}
