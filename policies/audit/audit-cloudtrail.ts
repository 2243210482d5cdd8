/**
 * audit-cloudtrail: the account's API activity is recorded by a trail that cannot be quietly
 * narrowed or altered. Every trail of a plan: logging on (`enableLogging`, default true),
 * multi-region (`isMultiRegionTrail`, default false), global service events
 * (`includeGlobalServiceEvents`, default true), log-file validation (`enableLogFileValidation`,
 * default false), KMS (`kmsKeyId`, default none: SSE-S3), and all read and write management events
 * (trail-events.ts). Defaults: aws.cloudtrail.Trail, @pulumi/aws 7.
 *
 * Where the trail lives: one multi-region trail records every region of the account (and, as an
 * organization trail, every account), so the platform needs one, not one per stack. The pack
 * requires it in the plan that holds the platform's global resources — the Global Accelerator or
 * the Aurora global cluster, which only the owner creates — and judges every trail any plan has.
 */
import { stackRule, StackProblem } from "../define";
import { Net, T } from "../network/refs";
import { managementEvents, records } from "./trail-events";

/** Resources only the owner of the platform's global objects creates. */
export const GLOBAL_TYPES = ["aws:globalaccelerator/accelerator:Accelerator", "aws:rds/globalCluster:GlobalCluster"];

export const TRAIL_DEFAULTS = { enableLogging: true, isMultiRegionTrail: false, includeGlobalServiceEvents: true, enableLogFileValidation: false } as const;

export function trailProblems(name: string, p: Record<string, unknown>): string[] {
    const v = <K extends keyof typeof TRAIL_DEFAULTS>(k: K) => (p[k] ?? TRAIL_DEFAULTS[k]) as boolean;
    const problems: string[] = [];
    if (!v("enableLogging")) problems.push(`Trail ${name} is stopped (enableLogging false).`);
    if (!v("isMultiRegionTrail")) problems.push(`Trail ${name} records one region only (isMultiRegionTrail is ${p.isMultiRegionTrail === undefined ? "unset, default false" : "false"}); make it multi-region.`);
    if (!v("includeGlobalServiceEvents")) problems.push(`Trail ${name} leaves out global service events (IAM, STS); set includeGlobalServiceEvents true.`);
    if (!v("enableLogFileValidation")) problems.push(`Trail ${name} does not validate its log files (enableLogFileValidation is ${p.enableLogFileValidation === undefined ? "unset, default false" : "false"}): a changed or deleted log file would go unnoticed.`);
    if (!p.kmsKeyId) problems.push(`Trail ${name} does not encrypt its log files with a KMS key (kmsKeyId unset).`);
    if (!managementEvents.every((e) => records(p, e))) problems.push(`Trail ${name} does not record all read and write management events; keep a selector of eventCategory Management without a readOnly filter.`);
    return problems;
}

export const auditCloudtrail = stackRule(
    {
        name: "audit-cloudtrail",
        description: "The plan with the platform's global resources records a multi-region CloudTrail trail with log-file validation, KMS and every management event; every trail is so.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Keep the owner's SecurityBaseline trail: isMultiRegionTrail, includeGlobalServiceEvents, enableLogFileValidation true, kmsKeyId, a Management selector.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const trails = net.ofType(T.trail);
        const problems: StackProblem[] = judge.each(trails, (t) => trailProblems(t.name, t.props).map((message) => ({ urn: t.urn, message })));
        const global = net.ofType(...GLOBAL_TYPES)[0];
        if (global && trails.length === 0) {
            problems.push({ urn: global.urn, message: `This plan holds the platform's global resources (${global.name}) but no CloudTrail trail: nothing records the account's API activity. Add the organisation trail (SecurityBaseline, role owner).` });
        }
        return problems;
    },
);
