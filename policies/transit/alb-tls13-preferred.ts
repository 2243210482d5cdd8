import { resourceRule } from "../define";
import { LISTENER_DEFAULTS, TLS13_POLICY } from "./alb-tls";

export const albTls13Preferred = resourceRule(
    {
        name: "alb-tls13-preferred",
        description: "HTTPS listeners offer TLS 1.3.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps: "Move to an ELBSecurityPolicy-TLS13-* policy.",
    },
    ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    (props, args) => (props.protocol === "HTTPS" && !TLS13_POLICY.test(String(props.sslPolicy ?? LISTENER_DEFAULTS.sslPolicy)) ? [`Listener ${args.name} does not offer TLS 1.3.`] : []),
);
