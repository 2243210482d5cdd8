/**
 * alb-tls: load balancer listeners speak TLS 1.2 or later; plain HTTP listeners only redirect.
 * Absent values take the provider's defaults (aws.lb.Listener): an ALB listener's `protocol`
 * defaults to HTTP, and an HTTPS listener's `sslPolicy` to ELBSecurityPolicy-2016-08, which
 * negotiates TLS 1.0 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 */
import { resourceRule } from "../define";

/** ELB security policies that negotiate TLS 1.3 (and at most TLS 1.2 besides). */
export const TLS13_POLICY = /^ELBSecurityPolicy-TLS13-/;
/** Policies whose minimum is TLS 1.2. */
export const TLS12_MINIMUM = /^ELBSecurityPolicy-(TLS13-1-2|TLS13-1-3|TLS-1-2|FS-1-2)/;
export const LISTENER_DEFAULTS = { protocol: "HTTP", sslPolicy: "ELBSecurityPolicy-2016-08" } as const;

export const albTls = resourceRule(
    {
        name: "alb-tls",
        description: "Load balancer listeners speak TLS 1.2 or later; plain HTTP listeners only redirect to HTTPS.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Use an ELBSecurityPolicy-TLS13-* policy on HTTPS listeners; make HTTP listeners redirect to 443.",
    },
    ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    (props, args) => {
        const protocol = String(props.protocol ?? LISTENER_DEFAULTS.protocol);
        if (protocol === "HTTP") {
            const actions = (props.defaultActions ?? []) as { type?: string; redirect?: { protocol?: string } }[];
            return actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS") ? [] : [`Listener ${args.name} serves plain HTTP instead of redirecting to HTTPS.`];
        }
        if (protocol !== "HTTPS" && protocol !== "TLS") return [];
        const policy = props.sslPolicy === undefined ? `${LISTENER_DEFAULTS.sslPolicy} (the default)` : String(props.sslPolicy);
        return TLS12_MINIMUM.test(policy) ? [] : [`Listener ${args.name} uses TLS policy ${policy}, which allows versions below TLS 1.2.`];
    },
);
