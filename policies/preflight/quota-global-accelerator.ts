import { PolicyResource } from "@pulumi/policy";
import { Deferred, graphOf, preflightRule, rawProp } from "./graph";
import { quotaChecker } from "./limits";
import { dependenciesOfType } from "./quota-load-balancer";
import { PreflightConfig } from "./quota-security-group-rules";

const ACCELERATOR = "aws:globalaccelerator/accelerator:Accelerator";
const LISTENER = "aws:globalaccelerator/listener:Listener";
const GROUP = "aws:globalaccelerator/endpointGroup:EndpointGroup";

export const preflightGlobalAccelerator = preflightRule<PreflightConfig>(
    {
        name: "preflight-ga-quotas",
        description: "No Global Accelerator exceeds its quotas: endpoints per endpoint group, one endpoint group per listener and Region, listeners per accelerator, port ranges per listener.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Keep one endpoint group per Region and listener, put at most ten endpoints in a group, merge port ranges.",
        configSchema: { properties: { quotas: { type: "object" } } },
    },
    (args, report, judge, config) => {
        const g = graphOf(args.resources);
        const { quotas } = config;
        const check = quotaChecker(report, quotas);
        const listenersPerAccelerator = new Map<string, number>();
        for (const l of g.ofType(LISTENER)) {
            for (const a of dependenciesOfType(l, g, ACCELERATOR, "acceleratorArn")) listenersPerAccelerator.set(a.urn, (listenersPerAccelerator.get(a.urn) ?? 0) + 1);
        }
        for (const a of g.ofType(ACCELERATOR)) check(a, "ga-listeners", "listeners", listenersPerAccelerator.get(a.urn) ?? 0, "serve the ports from fewer listeners (up to ten port ranges each).");

        // Groups per (listener, Region): the listener of this plan, or the listener ARN a member
        // stack reads from the owner.
        const perRegion = new Map<string, PolicyResource[]>();
        const deferred = new Deferred(judge);
        deferred.each([...g.ofType(LISTENER), ...g.ofType(GROUP)], (r) => {
            if (r.type === LISTENER) {
                check(r, "ga-port-ranges", "port ranges", ((r.props.portRanges as unknown[] | undefined) ?? []).length, "merge adjacent ranges.");
                return;
            }
            check(r, "ga-endpoints-per-group", "endpoints", ((r.props.endpointConfigurations as unknown[] | undefined) ?? []).length, "split the endpoints over another accelerator.");
            const listener = dependenciesOfType(r, g, LISTENER, "listenerArn")[0]?.urn ?? String(rawProp(r, "listenerArn"));
            const key = `${listener} ${String(r.props.endpointGroupRegion)}`;
            const same = perRegion.get(key);
            if (same) same.push(r);
            else perRegion.set(key, [r]);
        });
        for (const groups of perRegion.values()) {
            if (groups.length > 1) {
                for (const r of groups) {
                    check(r, "ga-endpoint-groups-per-region", `endpoint groups of its listener in ${String(r.props.endpointGroupRegion)}`, groups.length,
                        `put every endpoint of the Region into one group (${groups.map((x) => x.name).join(", ")}).`);
                }
            }
        }
        deferred.done();
    },
);
