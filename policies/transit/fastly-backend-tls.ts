/**
 * fastly-backend-tls: Fastly reaches every backend over TLS 1.2 or later and checks its
 * certificate against the origin's host name. Absent values take the provider's defaults
 * (fastly.ServiceVcl backend, @pulumi/fastly 11): `useSsl` false, `sslCheckCert` true, `port` 80;
 * `minTlsVersion` has no documented default, and unset Fastly enforces no minimum of its own
 * (https://www.fastly.com/documentation/reference/api/services/backend/: "Minimum allowed TLS
 * version on SSL connections to this backend"), so unset is refused.
 */
import { resourceRule } from "../define";
import { atLeastTls12 } from "./cloudflare-tls";

interface Backend {
    name: string;
    useSsl?: boolean;
    sslCheckCert?: boolean;
    sslCertHostname?: string;
    sslSniHostname?: string;
    minTlsVersion?: string;
    port?: number;
}

export const FASTLY_BACKEND_DEFAULTS = { useSsl: false, sslCheckCert: true, port: 80 } as const;

export function backendProblems(service: string, b: Backend): string[] {
    const useSsl = b.useSsl ?? FASTLY_BACKEND_DEFAULTS.useSsl;
    const checkCert = b.sslCheckCert ?? FASTLY_BACKEND_DEFAULTS.sslCheckCert;
    if (!(useSsl && checkCert && b.sslCertHostname)) return [`Fastly service ${service}: backend ${b.name} is not reached over TLS with certificate checks.`];
    const problems: string[] = [];
    if (b.minTlsVersion === undefined) problems.push(`Fastly service ${service}: backend ${b.name} sets no minTlsVersion, so Fastly accepts any TLS version the origin offers; set it to 1.2.`);
    else if (!atLeastTls12(b.minTlsVersion)) problems.push(`Fastly service ${service}: backend ${b.name} accepts TLS ${b.minTlsVersion} (minimum must be 1.2).`);
    const port = b.port ?? FASTLY_BACKEND_DEFAULTS.port;
    if (port === 80) problems.push(`Fastly service ${service}: backend ${b.name} speaks TLS to port ${port}${b.port === undefined ? " (the default)" : ""}; set port 443.`);
    return problems;
}

export const fastlyBackendTls = resourceRule(
    {
        name: "fastly-backend-tls",
        description: "Fastly reaches every backend over TLS 1.2 or later, on 443, and checks its certificate against the origin's host name.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set useSsl, sslCheckCert, sslCertHostname (and sslSniHostname), minTlsVersion 1.2 and port 443 on every backend.",
    },
    ["fastly:index/serviceVcl:ServiceVcl"],
    (props, args) => ((props.backends ?? []) as Backend[]).flatMap((b) => backendProblems(args.name, b)),
);
