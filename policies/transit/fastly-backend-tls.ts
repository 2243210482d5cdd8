import { resourceRule } from "../define";

export const fastlyBackendTls = resourceRule(
    {
        name: "fastly-backend-tls",
        description: "Fastly reaches every backend over TLS and checks its certificate against the origin's host name.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set useSsl, sslCheckCert and sslCertHostname (and sslSniHostname) on every backend.",
    },
    ["fastly:index/serviceVcl:ServiceVcl"],
    (props, args) =>
        ((props.backends ?? []) as { name: string; useSsl?: boolean; sslCheckCert?: boolean; sslCertHostname?: string }[])
            .filter((b) => !(b.useSsl === true && b.sslCheckCert !== false && b.sslCertHostname))
            .map((b) => `Fastly service ${args.name}: backend ${b.name} is not reached over TLS with certificate checks.`),
);
