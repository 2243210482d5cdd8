import * as fastly from "@pulumi/fastly";
import * as pulumi from "@pulumi/pulumi";
import { originHost } from "../naming";
import { backendName, geoRoutingSnippet, PLAYBACK_KEYS_DICTIONARY, playbackTokenSnippet, requestHeadersSnippet, securityHeadersSnippet, staleSnippet } from "./fastly-vcl";
import { CONTINENTS, fastlyShieldFor, steering } from "./geo";

export interface FastlyEdgeArgs {
    /** Domain the service answers for (playback manifests, edge logic). */
    domain: string;
    zone: string;
    regions: readonly string[];
    /** The current playback-token HMAC key (secret). */
    playbackTokenKey: pulumi.Input<string>;
}

/** Backend health: probe every 2 s, healthy while 3 of the last 5 pass (sick after 3 failures). */
export const HEALTHCHECK = { path: "/healthz", checkInterval: 2000, timeout: 1000, window: 5, threshold: 3, initial: 3, expectedResponse: 200 } as const;

/**
 * Fastly for edge logic (owner stack): a VCL service whose backends are the three regional
 * origins (TLS with certificate checks, 2-second health checks, a shield POP near each region),
 * request collapsing and stale-if-error so bursts and outages stay at the edge, and VCL snippets
 * for playback-token checks, geo routing and the application's headers.
 */
export class FastlyEdge extends pulumi.ComponentResource {
    public readonly serviceId: pulumi.Output<string>;

    constructor(name: string, args: FastlyEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:FastlyEdge", name, {}, opts);
        const service = new fastly.ServiceVcl(`${name}-service`, {
            name: `bibox-${args.domain}`,
            comment: "Pleasure edge logic: playback tokens, geo routing, shielding",
            domains: [{ name: args.domain }],
            healthchecks: args.regions.map((r) => ({ name: `hc_${r.replace(/-/g, "_")}`, host: originHost(r, args.zone), ...HEALTHCHECK })),
            backends: args.regions.map((r) => ({
                name: backendName(r),
                address: originHost(r, args.zone),
                port: 443,
                useSsl: true,
                sslCheckCert: true,
                sslCertHostname: originHost(r, args.zone),
                sslSniHostname: originHost(r, args.zone),
                overrideHost: originHost(r, args.zone),
                minTlsVersion: "1.2",
                healthcheck: `hc_${r.replace(/-/g, "_")}`,
                shield: fastlyShieldFor(r),
                connectTimeout: 1000,
                firstByteTimeout: 15000,
                betweenBytesTimeout: 10000,
                autoLoadbalance: false,
            })),
            snippets: [requestHeadersSnippet(), playbackTokenSnippet(), geoRoutingSnippet(steering(CONTINENTS, args.regions)), staleSnippet(), securityHeadersSnippet()],
            dictionaries: [{ name: PLAYBACK_KEYS_DICTIONARY, writeOnly: true }],
            staleIfError: true,
            staleIfErrorTtl: 86400,
            // Request collapsing is Fastly's default; this states it so nobody turns it off unnoticed.
            requestSettings: [{ name: "collapse", forceMiss: false, bypassBusyWait: false, forceSsl: true }],
            forceDestroy: false,
            activate: true,
        }, { parent: this });
        const dictionaryId = service.dictionaries.apply((ds) => ds?.find((d) => d.name === PLAYBACK_KEYS_DICTIONARY)?.dictionaryId ?? "");
        new fastly.ServiceDictionaryItems(`${name}-playback-keys`, {
            serviceId: service.id,
            dictionaryId,
            items: pulumi.secret(pulumi.output(args.playbackTokenKey).apply((current) => ({ current }))),
            manageItems: true,
        }, { parent: this });

        this.serviceId = service.id;
        this.registerOutputs({ serviceId: this.serviceId });
    }
}
