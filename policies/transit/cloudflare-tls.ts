/**
 * cloudflare-tls: every Cloudflare zone that terminates visitors' TLS (a proxied record or load
 * balancer of the plan, or a zone whose settings the plan manages) has a minimum TLS version of
 * 1.2 or later and SSL mode strict. A setting the plan does not manage takes the Cloudflare API's
 * default — `min_tls_version` "1.0" and `ssl` "off" (the zone settings schema,
 * https://developers.cloudflare.com/api/resources/zones/subresources/settings/methods/edit/:
 * zones_min_tls_version_value default "1.0", zones_ssl_value default "off";
 * https://developers.cloudflare.com/ssl/edge-certificates/additional-options/minimum-tls/) — so a
 * missing setting is refused, not assumed. DNS-only records and load balancers (proxied false,
 * the API default) never meet Cloudflare's TLS and do not make a zone judged.
 */
import { stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { Net, T } from "../network/refs";

/** Cloudflare's minimum TLS values, lowest first. */
export const TLS_VERSIONS = ["1.0", "1.1", "1.2", "1.3"] as const;
export const CLOUDFLARE_DEFAULTS = { min_tls_version: "1.0", ssl: "off" } as const;
/** `origin_pull` is Strict (SSL-Only Origin Pull), an Enterprise mode stricter than strict. */
const STRICT = ["strict", "origin_pull"];

export const atLeastTls12 = (v: unknown) => TLS_VERSIONS.indexOf(String(v) as (typeof TLS_VERSIONS)[number]) >= TLS_VERSIONS.indexOf("1.2");

export const cloudflareTls = stackRule(
    {
        name: "cloudflare-tls",
        description: "Every Cloudflare zone that proxies traffic requires TLS 1.2 or later from clients and validates origin certificates (SSL strict); a setting left unmanaged takes the API default (1.0, off).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Manage the zone settings min_tls_version (1.2 or 1.3) and ssl (strict) with cloudflare.ZoneSetting.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const settings = net.ofType(T.zoneSetting);
        const zones = new Map<string, GraphResource>();
        const note = (r: GraphResource) => judge.one(r, () => {
            const zone = String(r.props.zoneId);
            if (!zones.has(zone)) zones.set(zone, r);
            return [];
        });
        settings.forEach(note);
        net.ofType(T.dnsRecord, T.cfLoadBalancer).forEach((r) => judge.one(r, () => (r.props.proxied === true ? note(r) : [])));
        return judge.each([...zones].map(([zone, first]) => ({ name: `Cloudflare zone ${zone}`, urn: first.urn, zone })), ({ zone, urn }): StackProblem[] => {
            const ofZone = settings.filter((s) => String(s.props.zoneId) === zone);
            const setting = (id: keyof typeof CLOUDFLARE_DEFAULTS) => ofZone.find((s) => s.props.settingId === id);
            const problems: StackProblem[] = [];
            const minTls = setting("min_tls_version");
            if (!minTls) problems.push({ urn, message: `Cloudflare zone ${zone} has no min_tls_version setting: the API default ${CLOUDFLARE_DEFAULTS.min_tls_version} applies (minimum must be 1.2). Add a ZoneSetting min_tls_version 1.2.` });
            else if (!atLeastTls12(minTls.props.value)) problems.push({ urn: minTls.urn, message: `Zone setting ${minTls.name} allows TLS ${minTls.props.value} (minimum must be 1.2).` });
            const ssl = setting("ssl");
            if (!ssl) problems.push({ urn, message: `Cloudflare zone ${zone} has no ssl setting: the API default ${CLOUDFLARE_DEFAULTS.ssl} applies and origin certificates go unchecked. Add a ZoneSetting ssl strict.` });
            else if (!STRICT.includes(String(ssl.props.value))) problems.push({ urn: ssl.urn, message: `Zone setting ${ssl.name} sets SSL to ${ssl.props.value}, not strict: origin certificates go unchecked.` });
            return problems;
        });
    },
);
