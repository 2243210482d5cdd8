import * as cloudflare from "@pulumi/cloudflare";
import * as fastly from "@pulumi/fastly";
import * as pulumi from "@pulumi/pulumi";
import { originHost } from "../lib/naming";
import { assertVclInScope } from "./fastly-vcl-lint";
import { dnsChallengeFor, FastlyCertificateAuthority, trafficCnameFor } from "./fastly-tls";
import {
    backendName,
    conditionName,
    geoRoutingSnippet,
    ORIGIN_AUTH_DICTIONARY,
    ORIGIN_AUTH_ITEM,
    originAuthSnippets,
    PLAYBACK_KEY_ITEM,
    PLAYBACK_KEYS_DICTIONARY,
    playbackTokenSnippet,
    regionConditions,
    requestHeadersSnippet,
    securityHeadersSnippet,
    staleSnippet,
    vclBackend,
} from "./fastly-vcl";
import { CONTINENTS, fastlyShieldFor, steering } from "./geo";

export interface FastlyEdgeArgs {
    /** Domain the service answers for (playback manifests, edge logic), e.g. play.<zone>. */
    domain: string;
    /** The zone's name: the backends are origin-<region>.<zone>, the name each ALB certificate carries. */
    zone: string;
    /** Every region, the owner's first (the order for clients whose continent is unknown). */
    regions: readonly string[];
    /** The Cloudflare zone that publishes the domain and its certificate's DNS challenge. */
    cloudflareZoneId: string;
    /** The current playback-token HMAC key (secret). */
    playbackTokenKey: pulumi.Input<string>;
    /** The origin credential sent as X-Bibox-Origin-Auth (secret; the owner's originAuthToken). */
    originAuthToken: pulumi.Input<string>;
}

/**
 * Backend health: probe every 2 s, healthy while 3 of the last 5 pass, so sick after 3 failures:
 * 2 s × 3 + 1 s timeout = 7 s of the 30 s edge-failover objective (failover.ts fastlyDetection;
 * the recovery-edge-failover policy checks it on every plan). Each POP probes on its own. The probe
 * carries no credential: health-check headers are plain service configuration (rendered into the
 * generated VCL), so the ALB must answer HEAD /healthz for the edge host without the header.
 */
export const HEALTHCHECK = { path: "/healthz", method: "HEAD", httpVersion: "1.1", checkInterval: 2000, timeout: 1000, window: 5, threshold: 3, initial: 3, expectedResponse: 200 } as const;
/** Connection limits of every backend: a dead origin costs a request 1 s before Fastly gives up. */
export const BACKEND_TIMEOUTS = { connectTimeout: 1000, firstByteTimeout: 15000, betweenBytesTimeout: 10000 } as const;
export const CERTIFICATE_AUTHORITY: FastlyCertificateAuthority = "lets-encrypt";
export const healthcheckName = (region: string) => `hc_${region.replace(/-/g, "_")}`;

/**
 * Fastly for edge logic (owner stack): `play.<zone>` in Cloudflare DNS (DNS only) → Fastly, with a
 * Fastly-managed certificate; a VCL service whose backends are the three regional origins (TLS 1.2+
 * with SNI and certificate checks against origin-<region>.<zone>, the ALB certificate's name;
 * Host play.<zone>; 2-second health checks; a shield POP near each region), each selected by a
 * REQUEST condition on the region the geo_routing snippet chose (nearest healthy, by continent);
 * signed playback tokens on manifests; the origin credential on every request to an origin.
 */
export class FastlyEdge extends pulumi.ComponentResource {
    public readonly serviceId: pulumi.Output<string>;

    constructor(name: string, args: FastlyEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:FastlyEdge", name, {}, opts);
        const snippets = [
            requestHeadersSnippet(),
            playbackTokenSnippet(),
            geoRoutingSnippet(steering(CONTINENTS, args.regions), args.regions),
            ...originAuthSnippets(),
            staleSnippet(),
            securityHeadersSnippet(),
        ];
        const conditions = regionConditions(args.regions);
        // Every snippet and condition against Fastly's scopes, before anything is declared.
        assertVclInScope([...snippets, ...conditions.map((c) => ({ name: c.name, type: "recv" as const, content: c.statement }))], {
            tables: [PLAYBACK_KEYS_DICTIONARY, ORIGIN_AUTH_DICTIONARY],
            backends: args.regions.map(vclBackend),
        });

        const service = new fastly.ServiceVcl(`${name}-service`, {
            name: `bibox-${args.domain}`,
            comment: "Pleasure edge logic: playback tokens, geo routing with failover, shielding",
            domains: [{ name: args.domain }],
            conditions,
            healthchecks: args.regions.map((r) => ({ name: healthcheckName(r), host: args.domain, ...HEALTHCHECK })),
            backends: args.regions.map((r) => ({
                name: backendName(r),
                address: originHost(r, args.zone),
                port: 443,
                useSsl: true,
                sslCheckCert: true,
                sslCertHostname: originHost(r, args.zone),
                sslSniHostname: originHost(r, args.zone),
                minTlsVersion: "1.2",
                maxTlsVersion: "1.3",
                overrideHost: args.domain,
                requestCondition: conditionName(r),
                healthcheck: healthcheckName(r),
                shield: fastlyShieldFor(r),
                autoLoadbalance: false,
                ...BACKEND_TIMEOUTS,
            })),
            snippets,
            dictionaries: [
                { name: PLAYBACK_KEYS_DICTIONARY, writeOnly: true },
                { name: ORIGIN_AUTH_DICTIONARY, writeOnly: true },
            ],
            staleIfError: true,
            staleIfErrorTtl: 86400,
            // Request collapsing is Fastly's default; this states it so nobody turns it off unnoticed.
            requestSettings: [{ name: "collapse", forceMiss: false, bypassBusyWait: false, forceSsl: true }],
            forceDestroy: false,
            activate: true,
        }, { parent: this });

        const dictionaryId = (dictionary: string) =>
            service.dictionaries.apply((ds) => {
                const id = ds?.find((d) => d.name === dictionary)?.dictionaryId;
                if (!id) throw new Error(`Fastly gave no id for dictionary ${dictionary}`);
                return id;
            });
        const privateItems = (role: string, dictionary: string, key: string, value: pulumi.Input<string>) =>
            new fastly.ServiceDictionaryItems(`${name}-${role}`, {
                serviceId: service.id,
                dictionaryId: dictionaryId(dictionary),
                items: pulumi.secret(pulumi.output(value).apply((v) => ({ [key]: v }))),
                manageItems: true,
            }, { parent: this });
        privateItems("playback-keys", PLAYBACK_KEYS_DICTIONARY, PLAYBACK_KEY_ITEM, args.playbackTokenKey);
        privateItems("origin-auth", ORIGIN_AUTH_DICTIONARY, ORIGIN_AUTH_ITEM, args.originAuthToken);

        // TLS for the domain: a Fastly-managed certificate validated by an ACME DNS challenge in
        // Cloudflare; users are pointed at Fastly only once it is issued.
        const subscription = new fastly.TlsSubscription(`${name}-tls`, {
            domains: [args.domain],
            certificateAuthority: CERTIFICATE_AUTHORITY,
        }, { parent: this, dependsOn: [service] });
        const challenge = subscription.managedDnsChallenges.apply((cs) => dnsChallengeFor(args.domain, cs));
        const challengeRecord = new cloudflare.DnsRecord(`${name}-tls-challenge`, {
            zoneId: args.cloudflareZoneId,
            name: challenge.recordName,
            type: challenge.recordType,
            content: challenge.recordValue,
            ttl: 60,
            proxied: false,
            comment: `Fastly TLS: ACME DNS challenge of ${args.domain}`,
        }, { parent: this });
        const validation = new fastly.TlsSubscriptionValidation(`${name}-tls-validation`, {
            subscriptionId: subscription.id,
        }, { parent: this, dependsOn: [challengeRecord] });
        new cloudflare.DnsRecord(`${name}-dns`, {
            zoneId: args.cloudflareZoneId,
            name: args.domain,
            type: "CNAME",
            content: subscription.managedHttpChallenges.apply((cs) => trafficCnameFor(args.domain, cs)),
            ttl: 300,
            // DNS only: Fastly terminates TLS with its own certificate; proxied, Cloudflare would.
            proxied: false,
            comment: `Fastly edge logic: ${args.domain}`,
        }, { parent: this, dependsOn: [validation] });

        this.serviceId = service.id;
        this.registerOutputs({ serviceId: this.serviceId });
    }
}
