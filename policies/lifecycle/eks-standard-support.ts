/**
 * eks-standard-support: every EKS cluster runs a Kubernetes version still in EKS standard
 * support. Past its end, a cluster with upgradePolicy.supportType EXTENDED (the API default)
 * runs on extended support at an extra charge per cluster hour; with STANDARD (the plans') EKS
 * upgrades the control plane itself, off the version the program pins and the pack's schemas
 * were checked against (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpgradePolicyRequest.html).
 * (checkov CKV_AWS_339 keeps a list of supported versions; this rule keeps the dates.)
 *
 * The calendar: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 * (the awsdocs/amazon-eks-user-guide source of that page, read for 1.29–1.34; 1.35's date —
 * EKS release 27 January 2026 plus the 14 months of standard support — as AWS's
 * describe-cluster-versions reports it, relayed by https://endoflife.date/amazon-eks). Standard
 * support ends at the start of the listed day, UTC ("billing for extended support starts at the
 * beginning of the day", same page). A new version needs its row here before a cluster may use
 * it: the rule refuses a version it has no date for rather than guess.
 *
 * `version` unset: EKS creates the cluster on the latest version and never upgrades it on its own
 * until support ends (aws.eks.Cluster `version`), so the plan does not say which version runs;
 * refused — pin it.
 */
import { resourceRule } from "../define";

/** End of EKS standard support per Kubernetes minor version (UTC dates). */
export const EKS_STANDARD_SUPPORT_END: Readonly<Record<string, string>> = {
    "1.29": "2025-03-23",
    "1.30": "2025-07-23",
    "1.31": "2025-11-26",
    "1.32": "2026-03-23",
    "1.33": "2026-07-29",
    "1.34": "2026-12-02",
    "1.35": "2027-03-27",
};

const minorOf = (version: string): [number, number] | undefined => {
    const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version);
    return m ? [Number(m[1]), Number(m[2])] : undefined;
};
const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

/** Why a cluster's version is not in standard support at `now`, if it is not. */
export function versionProblem(name: string, props: Record<string, unknown>, now: Date): string | undefined {
    const version = props.version;
    if (version === undefined || version === null || version === "") {
        return `EKS cluster ${name} sets no version: EKS creates it on the latest version and never says which one runs, so the pack cannot tell whether it is in standard support. Pin version.`;
    }
    const v = minorOf(String(version));
    if (!v) return `EKS cluster ${name} sets version ${JSON.stringify(version)}, which is not a Kubernetes minor version (e.g. "1.35").`;
    const key = `${v[0]}.${v[1]}`;
    const end = EKS_STANDARD_SUPPORT_END[key];
    const known = Object.keys(EKS_STANDARD_SUPPORT_END).map((k) => minorOf(k)!).sort(compare);
    if (end === undefined) {
        const oldest = `${known[0][0]}.${known[0][1]}`;
        if (compare(v, known[0]) < 0) return `EKS cluster ${name} runs Kubernetes ${key}, older than ${oldest}, which left EKS standard support on ${EKS_STANDARD_SUPPORT_END[oldest]}: it is past standard support. Upgrade one minor version at a time until it runs a version in standard support.`;
        return `EKS cluster ${name} runs Kubernetes ${key}, which the pack's EKS calendar does not list: add its end of standard support (policies/lifecycle/eks-standard-support.ts, from the EKS release calendar) before using it.`;
    }
    if (now.getTime() < Date.parse(`${end}T00:00:00Z`)) return undefined;
    const upgrade = `Upgrade one minor version at a time (${key} to ${v[0]}.${v[1] + 1} first) until the cluster runs a version in standard support.`;
    const declared = (props.upgradePolicy as { supportType?: unknown } | undefined)?.supportType;
    const effect = declared === "STANDARD"
        ? "with upgradePolicy STANDARD, EKS upgrades the control plane on its own, off the version the program pins"
        : `with upgradePolicy ${declared === undefined ? "unset (default EXTENDED)" : String(declared)}, it runs on extended support at an extra charge per cluster hour`;
    return `EKS cluster ${name} runs Kubernetes ${key}, whose EKS standard support ended on ${end}: ${effect}. ${upgrade}`;
}

export const eksStandardSupport = resourceRule(
    {
        name: "eks-standard-support",
        description: "Every EKS cluster pins a Kubernetes version that is still in EKS standard support (the EKS release calendar, dated).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Upgrade the cluster (components/eks/versions.ts KUBERNETES_VERSION and the pack's pins together) to a version in standard support; add a new version's row to the pack's calendar first.",
    },
    ["aws:eks/cluster:Cluster"],
    (props, args, judge) => judge.one(args, () => {
        const problem = versionProblem(args.name, props, new Date());
        return problem ? [{ message: problem }] : [];
    }),
);
