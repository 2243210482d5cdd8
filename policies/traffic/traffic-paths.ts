import { stackRule } from "../define";
import { Objectives, OBJECTIVES_SCHEMA } from "../objectives";
import { trafficReport } from "./model";

/**
 * Every public hostname reaches its intended service in every region, and after the loss of any
 * one region reaches it again within the edge failover objective (./model.ts). In one stack's
 * preview only that stack's hops are judged; the offline runner and check-plan run the same model
 * over every stack's plan together.
 */
export const trafficPaths = stackRule<Objectives>(
    {
        name: "traffic-paths",
        description: "Every public hostname's request, followed hop by hop (DNS, CDN or accelerator, origin DNS, security group, certificate, listener rule, target group, TargetGroupBinding, NetworkPolicy), arrives at its intended service in every region, and after the loss of a region fails over in time.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Fix the hop the message names: the DNS record, pool or backend, the origin's security group, certificate names or listener rule, the target group's binding or the namespace's NetworkPolicies.",
        configSchema: OBJECTIVES_SCHEMA,
    },
    (rs, o, judge) => trafficReport(rs, o.edgeFailoverSeconds, judge).problems,
);
