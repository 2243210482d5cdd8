/**
 * Karpenter's NodePool (karpenter.sh/v1) and EC2NodeClass (karpenter.k8s.aws/v1), validated as
 * the API server with the pinned CRDs would: the @kubernetes-models/karpenter model (types,
 * patterns, required fields, declared fields), corrected and completed with the pinned CRDs'
 * OpenAPI constraints, and every CEL rule of those CRDs (karpenter-crd-rules.ts).
 */
import { resourceRule } from "../define";
import { CompiledRule, compileRule, selfsAt } from "./cel";
import { CEL_RULES, CelRule, FIELDS_SINCE_MODEL, KarpenterKind, PINNED_ENUMS, SCHEMA_RULES, violates } from "./karpenter-crd-rules";
import { Finding, ModelClass, checkAgainstModel, formatFinding } from "./model-check";
import { KARPENTER_CRD_SOURCE, KARPENTER_MODEL_SOURCE } from "./pins";
import { modelShape, withFields } from "./shape";
import { findingsThenUnknown, Path, formatPath, objectName, snapshot, SnapshotFindings, touches } from "./values";

const KINDS: Record<string, { kind: KarpenterKind; apiVersion: string; load: () => Promise<ModelClass> }> = {
    "kubernetes:karpenter.sh/v1:NodePool": {
        kind: "NodePool",
        apiVersion: "karpenter.sh/v1",
        load: async () => (await import("@kubernetes-models/karpenter/karpenter.sh/v1/NodePool")).NodePool as unknown as ModelClass,
    },
    "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": {
        kind: "EC2NodeClass",
        apiVersion: "karpenter.k8s.aws/v1",
        load: async () => (await import("@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass")).EC2NodeClass as unknown as ModelClass,
    },
};
export const KARPENTER_TYPES = Object.keys(KINDS);

/**
 * Each rule compiled on the first object that sets the field it guards, then kept for every pool
 * and class of every stack: a rule whose field no object sets is never parsed (parsing is most of
 * a rule's cost, ~1 ms each while the parser warms up). Rules that read alike share one program.
 */
const COMPILED = new Map<string, CompiledRule>();
function compiled(rule: string): CompiledRule {
    let run = COMPILED.get(rule);
    if (run === undefined) COMPILED.set(rule, (run = compileRule(rule)));
    return run;
}
const RULES_OF: Record<KarpenterKind, readonly CelRule[]> = {
    NodePool: CEL_RULES.filter((r) => r.kind === "NodePool"),
    EC2NodeClass: CEL_RULES.filter((r) => r.kind === "EC2NodeClass"),
};
const loaded = new Map<string, Promise<ModelClass>>();

/** True when a concrete path is one a rule path (`a.b[].c`, `a{}`) selects. */
export function selectedBy(path: Path, rulePath: string): boolean {
    const steps = rulePath.split(".").flatMap((s) => s.split(/(?=\[\]|\{\})/));
    return steps.length === path.length && steps.every((st, i) => (st === "[]" ? typeof path[i] === "number" : st === "{}" ? typeof path[i] === "string" : st === path[i]));
}

export async function karpenterProblems(type: string, name: string, props: Record<string, unknown>): Promise<SnapshotFindings> {
    const k = KINDS[type];
    if (!loaded.has(type)) loaded.set(type, k.load());
    const model = await loaded.get(type)!;
    const snap = snapshot(props);
    const unverifiable = [...snap.unknown, ...snap.secrets];
    const label = `${name}: ${k.apiVersion} ${k.kind} ${objectName(snap.value)}`;
    const crd = KARPENTER_CRD_SOURCE[k.kind];
    const problems: string[] = [];

    const pinnedEnums = PINNED_ENUMS.filter((r) => r.kind === k.kind);
    const findings: Finding[] = checkAgainstModel(snap.value as object, {
        model,
        shape: withFields(modelShape("@kubernetes-models/karpenter", `${k.apiVersion}/${k.kind}`, k.kind), ["spec"], FIELDS_SINCE_MODEL[k.kind]),
        ignore: (f) => f.problem.startsWith("must be one of") && pinnedEnums.some((r) => selectedBy(f.path, r.path)),
    }, unverifiable);
    for (const f of findings) problems.push(`${label}: ${formatFinding(f)} [${KARPENTER_MODEL_SOURCE}]`);

    for (const rule of SCHEMA_RULES.filter((r) => r.kind === k.kind)) {
        for (const self of selfsAt(snap.value, rule.path)) {
            if (touches(self.path, unverifiable)) continue;
            const problem = violates(rule.constraint, self.value);
            if (problem) problems.push(`${label}: ${formatPath(self.path)}: ${problem} [OpenAPI schema of ${crd}]`);
        }
    }

    for (const row of RULES_OF[k.kind]) {
        for (const self of selfsAt(snap.value, row.path)) {
            const outcome = compiled(row.rule)(self.value);
            if (!("unknown" in outcome) && !outcome.ok) {
                const why = outcome.error ? `${row.message} (the rule fails to evaluate: ${outcome.error})` : row.message;
                problems.push(`${label}: ${formatPath(self.path)}: ${why} [CEL ${row.rule}; ${crd}]`);
            }
        }
    }
    // A rule that read an unknown value is neither a pass nor a failure: rethrowUnknown reports it.
    return { problems, rethrowUnknown: snap.rethrowUnknown };
}

export const karpenterSchema = resourceRule(
    {
        name: "karpenter-crd-schema",
        description: "Every Karpenter NodePool and EC2NodeClass is valid against the pinned Karpenter CRDs: their OpenAPI schema and their CEL validation rules, as the API server would judge them.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Fix the field the message names; the message quotes the CRD's rule and the file and tag it comes from (aws/karpenter-provider-aws).",
    },
    KARPENTER_TYPES,
    async (props, args, judge) => findingsThenUnknown(judge, await karpenterProblems(args.type, args.name, props)),
);
