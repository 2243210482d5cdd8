/**
 * Every Helm release's values against the chart it installs, at the pinned version: a chart that
 * publishes values.schema.json would be validated against it; none of the pinned charts does, so
 * the keys are checked against the chart's own values (helm-charts.ts). A misspelt key renders
 * as the chart's default without a word from Helm.
 */
import { resourceRule } from "../define";
import { CHART_VALUES, chartName, unknownValueKeys } from "./helm-charts";
import { findingsThenUnknown, formatPath, snapshot, SnapshotFindings } from "./values";

export const HELM_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"];

export function helmValueProblems(name: string, props: Record<string, unknown>): SnapshotFindings {
    const snap = snapshot(props);
    const { chart, version, values } = snap.value as { chart?: unknown; version?: unknown; values?: unknown };
    if (typeof chart !== "string") return { problems: [], rethrowUnknown: snap.rethrowUnknown };
    const chartId = chartName(chart);
    const table = CHART_VALUES[chartId as keyof typeof CHART_VALUES];
    if (!table) {
        return { problems: [`${name}: chart ${chart} has no value table in the pack; add its values (and values.schema.json, if it publishes one) to policies/kubernetes/helm-charts.ts`], rethrowUnknown: snap.rethrowUnknown };
    }
    if (typeof version === "string" && version !== table.version) {
        return { problems: [`${name}: chart ${chartId} ${version} is not the version the pack's value table reads (${table.version}, ${table.source}); review the chart's values at ${version} and update policies/kubernetes/helm-charts.ts`], rethrowUnknown: snap.rethrowUnknown };
    }
    // Every pinned chart has valuesSchema "none"; a chart with a schema would need its validator here.
    const problems = unknownValueKeys(values, table.keys).map((p) => `${name}: chart ${chartId} ${table.version}: values.${formatPath(p)} is not a value of the chart [values of ${table.source}; the chart publishes no values.schema.json]`);
    return { problems, rethrowUnknown: snap.rethrowUnknown };
}

export const helmValues = resourceRule(
    {
        name: "helm-values-known",
        description: "Every Helm release sets only values its pinned chart has (the chart's values.schema.json where it publishes one, its values.yaml keys otherwise).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Correct the value key to the chart's spelling (`helm show values <chart> --version <v>`), or, after a chart upgrade, update policies/kubernetes/helm-charts.ts from the new values.yaml.",
    },
    HELM_TYPES,
    (props, args, judge) => findingsThenUnknown(judge, helmValueProblems(args.name, props)),
);
