import { resourceRule } from "../define";

export const cloudflareTls = resourceRule(
    {
        name: "cloudflare-tls",
        description: "The Cloudflare zone requires TLS 1.2 or later from clients and validates origin certificates (SSL strict).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set the zone settings min_tls_version to 1.2 or 1.3 and ssl to strict.",
    },
    ["cloudflare:index/zoneSetting:ZoneSetting"],
    (props, args) => {
        if (props.settingId === "min_tls_version" && !["1.2", "1.3"].includes(String(props.value))) return [`Zone setting ${args.name} allows TLS ${props.value} (minimum must be 1.2).`];
        if (props.settingId === "ssl" && props.value !== "strict" && props.value !== "origin_pull") return [`Zone setting ${args.name} sets SSL to ${props.value}, not strict: origin certificates go unchecked.`];
        return [];
    },
);
