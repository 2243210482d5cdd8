/**
 * Every built-in Kubernetes object the program declares, validated against the OpenAPI of the
 * pinned minor before any cluster sees it: the kubernetes-models class of its kind (compiled
 * OpenAPI validator) plus the fields its declaration lists, and the API version still served.
 * Custom resources (Karpenter, the load balancer controller's) are not built-in kinds.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { resourceRule } from "../define";
import { removalOf } from "./api-removals";
import { ModelClass, checkAgainstModel, formatFinding } from "./model-check";
import { BUILTIN_SCHEMA_SOURCE, KUBERNETES_MINOR } from "./pins";
import { modelShape } from "./shape";
import { findingsThenUnknown, GroupVersionKind, gvkOf, objectName, snapshot, SnapshotFindings } from "./values";

const MODELS = "kubernetes-models";
const modelsRoot = path.dirname(createRequire(__filename).resolve(`${MODELS}/package.json`));

/** Group versions the package carries (its exports: `./networking.k8s.io/v1/*`, `./v1/*` for core). */
const MODEL_GROUP_VERSIONS = new Set(
    Object.keys((createRequire(__filename)(`${MODELS}/package.json`) as { exports: Record<string, unknown> }).exports)
        .filter((k) => k.endsWith("/*") && !k.startsWith("./_"))
        .map((k) => k.slice(2, -2)),
);
const MODEL_GROUPS = new Set([...MODEL_GROUP_VERSIONS].map((gv) => (gv.includes("/") ? gv.split("/")[0] : "")));

/** A built-in kind's module under kubernetes-models: `networking.k8s.io/v1/NetworkPolicy`, `v1/Namespace`. */
export const modulePath = (gvk: GroupVersionKind) => `${gvk.apiVersion}/${gvk.kind}`;

/** True for the type tokens of built-in kinds (core and the Kubernetes API groups). */
export function isBuiltin(type: string): boolean {
    const gvk = gvkOf(type);
    return gvk !== undefined && MODEL_GROUPS.has(gvk.group);
}

const models = new Map<string, Promise<ModelClass | undefined>>();

/** The model class of a kind, imported once (the package is ESM only). */
function modelOf(gvk: GroupVersionKind): Promise<ModelClass | undefined> {
    const key = modulePath(gvk);
    if (!models.has(key)) {
        const exists = MODEL_GROUP_VERSIONS.has(gvk.apiVersion) && fs.existsSync(path.join(modelsRoot, `${key}.js`));
        models.set(key, exists ? import(`${MODELS}/${key}`).then((m: Record<string, ModelClass>) => m[gvk.kind]) : Promise.resolve(undefined));
    }
    return models.get(key)!;
}

/** The problems of one built-in object; a Patch kind (`DeploymentPatch`) is partial by design. */
export async function builtinProblems(type: string, name: string, props: Record<string, unknown>): Promise<SnapshotFindings> {
    const token = gvkOf(type)!;
    const patch = token.kind.endsWith("Patch");
    const gvk = patch ? { ...token, kind: token.kind.slice(0, -"Patch".length) } : token;
    const snap = snapshot(props);
    const label = `${name}: ${gvk.apiVersion} ${gvk.kind} ${objectName(snap.value)}`;
    const removed = removalOf(gvk.apiVersion, gvk.kind, KUBERNETES_MINOR);
    if (removed) {
        return { problems: [`${label}: ${gvk.apiVersion} ${gvk.kind} is not served by Kubernetes ${KUBERNETES_MINOR} (removed in ${removed.removedIn}; https://kubernetes.io/docs/reference/using-api/deprecation-guide/)`], rethrowUnknown: () => {} };
    }
    const model = await modelOf(gvk);
    if (!model) {
        return { problems: [`${label}: no ${gvk.kind} in ${gvk.apiVersion} in the Kubernetes OpenAPI [${BUILTIN_SCHEMA_SOURCE}]`], rethrowUnknown: () => {} };
    }
    const findings = checkAgainstModel(snap.value as object, {
        model,
        shape: modelShape(MODELS, modulePath(gvk), gvk.kind),
        ignore: patch ? (f) => f.problem === "is required" : undefined,
    }, [...snap.unknown, ...snap.secrets]);
    return { problems: findings.map((f) => `${label}: ${formatFinding(f)} [${BUILTIN_SCHEMA_SOURCE}]`), rethrowUnknown: snap.rethrowUnknown };
}

export const kubernetesBuiltinSchema = resourceRule(
    {
        name: "kubernetes-builtin-schema",
        description: `Every built-in Kubernetes object is valid against the OpenAPI of Kubernetes ${KUBERNETES_MINOR}: known fields only, right types, enums and patterns, required fields, an API version still served.`,
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Fix the field the message names (its path is the object's as kubectl shows it); `kubectl explain <kind>.<path>` on a 1.35 cluster lists the fields and types.",
    },
    isBuiltin,
    async (props, args, judge) => findingsThenUnknown(judge, await builtinProblems(args.type, args.name, props)),
);
