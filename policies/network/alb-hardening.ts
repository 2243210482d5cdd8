/**
 * alb-hardening: the HTTP hygiene and lifetime settings of the application load balancers.
 *
 * Settings and their provider defaults (aws.lb.LoadBalancer, @pulumi/aws 7.x,
 * https://www.pulumi.com/registry/packages/aws/api-docs/lb/loadbalancer/ — the same as the
 * ELBv2 API's load balancer attributes,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes):
 * - dropInvalidHeaderFields, default false: headers whose names are not alphanumerics and hyphens
 *   reach the targets (checkov CKV_AWS_131, Guard ALB_HTTP_DROP_INVALID_HEADER_ENABLED).
 * - desyncMitigationMode, default "defensive"; "monitor" forwards every request whatever its HTTP
 *   desync classification, severe ones included
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode;
 *   checkov CKV_AWS_328). Valid values: monitor, defensive, strictest.
 * - enableDeletionProtection, default false (checkov CKV_AWS_150, Guard
 *   ELB_DELETION_PROTECTION_ENABLED, AWSGuard elb-deletion-protection-enabled — which matches old
 *   type tokens only). Judged on internet-facing ALBs: the accelerator's endpoint is the ALB's ARN
 *   and the CDNs' origin its DNS name; a replacement changes both.
 * - enableWafFailOpen, default false: true lets requests through when AWS WAF cannot be reached.
 *   Judged on internet-facing ALBs, whose web ACL is the only WAF on the Fastly and accelerator
 *   paths (audit/waf-public-entry).
 * `internal` defaults to false and `loadBalancerType` to "application"; network and gateway load
 * balancers have none of these HTTP settings and are not judged.
 */
import { resourceRule } from "../define";

export const DESYNC_MODES = ["monitor", "defensive", "strictest"] as const;

/** "false" for a set value, "unset, default false" for an absent one. */
const shown = (value: unknown, fallback: unknown) => (value === undefined || value === null ? `unset, default ${fallback}` : String(value));

/** The problems of one ALB's settings (props as the plan gives them; absent = the provider default). */
export function albProblems(name: string, props: Record<string, unknown>): string[] {
    if ((props.loadBalancerType ?? "application") !== "application") return [];
    const problems: string[] = [];
    if (props.dropInvalidHeaderFields !== true) {
        problems.push(`Load balancer ${name} passes headers with invalid field names to its targets (dropInvalidHeaderFields ${shown(props.dropInvalidHeaderFields, false)}); set dropInvalidHeaderFields: true.`);
    }
    const mode = props.desyncMitigationMode ?? "defensive";
    if (mode === "monitor") {
        problems.push(`Load balancer ${name} only monitors HTTP desync (desyncMitigationMode monitor): requests AWS classifies as severe still reach the targets. Use defensive (the default) or strictest.`);
    } else if (!(DESYNC_MODES as readonly unknown[]).includes(mode)) {
        problems.push(`Load balancer ${name} sets desyncMitigationMode ${JSON.stringify(mode)}, which is not one of ${DESYNC_MODES.join(", ")}; use defensive or strictest.`);
    }
    if (props.internal !== true) {
        if (props.enableDeletionProtection !== true) {
            problems.push(`Load balancer ${name} faces the internet without deletion protection (enableDeletionProtection ${shown(props.enableDeletionProtection, false)}): a replacement or a stray delete changes the ARN the accelerator names and the DNS name the CDNs use as origin. Set enableDeletionProtection: true.`);
        }
        if (props.enableWafFailOpen === true) {
            problems.push(`Load balancer ${name} forwards requests when AWS WAF cannot inspect them (enableWafFailOpen true): Fastly and accelerator traffic would then reach the targets unfiltered. Leave enableWafFailOpen false (the default).`);
        }
    }
    return problems;
}

export const albHardening = resourceRule(
    {
        name: "alb-hardening",
        description: "Application load balancers drop invalid header fields and mitigate HTTP desync (not monitor only); internet-facing ones have deletion protection and do not fail open when WAF is unreachable.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "On the origin ALB set dropInvalidHeaderFields: true, enableDeletionProtection: true, leave desyncMitigationMode defensive (or strictest) and enableWafFailOpen false.",
    },
    ["aws:lb/loadBalancer:LoadBalancer"],
    (props, args, judge) => judge.one(args, () => albProblems(args.name, props).map((message) => ({ message }))),
);
