/**
 * How long an Akamai property takes to serve a request from another region when its origin dies,
 * read from the rule tree's own Origin Failover settings (pure; rule format v2025-01-13,
 * originFailureRecoveryPolicy and recoveryConfig as akamai/terraform-provider-akamai
 * pkg/providers/property/ruleformats/rule_format_v2025_01_13.gen.go L10260 and L16309 define them):
 *
 * - failover happens only when the policy is `enabled`, `monitorOriginResponsiveness` is on with
 *   `originResponsivenessEnableRecovery`, and its `originResponsivenessRecoveryConfigName` is the
 *   configName of a recoveryConfig rule whose originFailureRecoveryMethod is RETRY_ALTERNATE_ORIGIN
 *   with an origin; the export-only `originResponsivenessMonitoring` switches nothing on;
 * - a dead origin is noticed per request after the timeout: `originResponsivenessCustomTimeout`
 *   seconds for USER_SPECIFIED (the presets AGGRESSIVE/MODERATE/CONSERVATIVE have no documented
 *   duration, so they cannot be verified), twice that with `originResponsivenessEnableRetry`
 *   ("attempts a retry on the same origin before executing the recovery method").
 *
 * Every policy in the tree is a path (each continent's origin has one); the slowest decides.
 */
import { parseJson } from "../graph";

interface Node {
    name?: string;
    criteria?: { name: string; options?: Record<string, unknown> }[];
    behaviors?: { name: string; options?: Record<string, unknown> }[];
    children?: Node[];
}

export interface AkamaiFailover {
    /** Seconds until a request is sent to the alternate origin; Infinity when failover is off or unverifiable. */
    detectionSeconds: number;
    formula: string;
}

const walk = (n: Node, rule: string[] = []): { rule: string[]; node: Node }[] => [{ rule, node: n }, ...(n.children ?? []).flatMap((c) => walk(c, [...rule, c.name ?? "?"]))];

function policyPath(options: Record<string, unknown>, where: string, recoveries: Map<string, Node>): AkamaiFailover {
    const off = (why: string) => ({ detectionSeconds: Number.POSITIVE_INFINITY, formula: `origin failover is off in ${where}: ${why}` });
    if (options.enabled !== true) return off("originFailureRecoveryPolicy is not enabled");
    if (options.monitorOriginResponsiveness !== true) return off("monitorOriginResponsiveness is not on (originResponsivenessMonitoring is export-only)");
    if (options.originResponsivenessEnableRecovery !== true) return off("originResponsivenessEnableRecovery is not on");
    const config = options.originResponsivenessRecoveryConfigName;
    const recovery = typeof config === "string" ? recoveries.get(config) : undefined;
    if (!recovery) return off(`no recoveryConfig rule defines ${JSON.stringify(config)}`);
    const method = recovery.behaviors?.find((b) => b.name === "originFailureRecoveryMethod")?.options?.recoveryMethod;
    if (method !== "RETRY_ALTERNATE_ORIGIN" || !recovery.behaviors?.some((b) => b.name === "origin")) return off(`recovery ${config} does not retry an alternate origin`);
    if (options.originResponsivenessTimeout !== "USER_SPECIFIED" || typeof options.originResponsivenessCustomTimeout !== "number") {
        return { detectionSeconds: Number.POSITIVE_INFINITY, formula: `${where}: timeout ${String(options.originResponsivenessTimeout)} has no documented duration; set USER_SPECIFIED with a custom timeout` };
    }
    const timeout = options.originResponsivenessCustomTimeout;
    const retry = options.originResponsivenessEnableRetry === true;
    return {
        detectionSeconds: timeout * (retry ? 2 : 1),
        formula: `per request: no answer within ${timeout} s${retry ? ", one retry on the same origin" : ""}, then recovery ${config}'s alternate origin`,
    };
}

/** The failover of a property's rule tree (its `rules` input, JSON). */
export function akamaiFailover(rulesJson: unknown): AkamaiFailover {
    const tree = parseJson<{ rules: Node }>(rulesJson);
    if (!tree?.rules) return { detectionSeconds: Number.POSITIVE_INFINITY, formula: "the property has no readable rule tree" };
    const nodes = walk(tree.rules, ["default"]);
    const recoveries = new Map<string, Node>();
    for (const { node } of nodes) {
        const name = node.criteria?.find((c) => c.name === "recoveryConfig")?.options?.configName;
        if (typeof name === "string") recoveries.set(name, node);
    }
    const paths = nodes.flatMap(({ rule, node }) =>
        (node.behaviors ?? []).filter((b) => b.name === "originFailureRecoveryPolicy").map((b) => policyPath(b.options ?? {}, `rule "${rule.join(" > ")}"`, recoveries)),
    );
    if (paths.length === 0) return { detectionSeconds: Number.POSITIVE_INFINITY, formula: "origin failover is off: no originFailureRecoveryPolicy behavior" };
    return [...paths].sort((a, b) => b.detectionSeconds - a.detectionSeconds)[0];
}
