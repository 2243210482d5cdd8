/**
 * What the design says each public hostname is for (README, edge section): who serves it and the
 * service a request must arrive at. The hostnames themselves are discovered from the plan (DNS
 * records, CDN and accelerator configuration, the origin's listener rules); this table only
 * states the intent, keyed by the hostname's first label, so the check catches a name that lands
 * on the wrong service, is served by the wrong edge, or has no stated purpose at all.
 */

export type Vendor = "Cloudflare" | "Fastly" | "Akamai" | "Global Accelerator";

/** Where a request must end: a Kubernetes Service behind the origin ALB, or a media bucket. */
export type Destination =
    | { kind: "service"; service: string }
    /** An S3 bucket of the component type (the regional media buckets). */
    | { kind: "bucket"; component: string };

export interface Intent {
    via: Vendor;
    destination: Destination;
    why: string;
}

export const MEDIA_COMPONENT = "bibox:data:MediaStorage";

export const INTENT: Readonly<Record<string, Intent>> = {
    www: { via: "Cloudflare", destination: { kind: "service", service: "web" }, why: "the web shop, behind Cloudflare's WAF and bot management" },
    api: { via: "Cloudflare", destination: { kind: "service", service: "api" }, why: "the API, behind Cloudflare's WAF and rate limits" },
    play: { via: "Fastly", destination: { kind: "service", service: "api" }, why: "playback manifests the API generates, behind Fastly's token check and shields" },
    video: { via: "Akamai", destination: { kind: "bucket", component: MEDIA_COMPONENT }, why: "HD video segments from the regional media buckets" },
    direct: { via: "Global Accelerator", destination: { kind: "service", service: "api" }, why: "the API's fixed-address entry for clients that pin or allowlist IPs" },
};

export const labelOf = (hostname: string) => hostname.split(".")[0];
export const intentOf = (hostname: string): Intent | undefined => INTENT[labelOf(hostname)];

export function describeDestination(d: Destination): string {
    return d.kind === "service" ? `Service ${d.service}` : `an S3 bucket of ${d.component}`;
}
