import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../src/schema";
import * as akamai from "./akamai";
import { AKAMAI_RULE_FORMAT, AMD_PRODUCT_ID, mediaOrigins, videoPropertyRules } from "./akamai-rules";
import { CONTINENTS, steering } from "./geo";

/** Contract, group, certificate, origin key, contacts, and whether production is activated too. */
type AkamaiSettings = Omit<StackConfig["edge"]["akamai"], "host">;

export interface AkamaiVideoArgs extends AkamaiSettings {
    /** The video host name users fetch HLS from. */
    hostname: string;
    /** Every region: each has a media bucket the property can fetch from. */
    regions: readonly string[];
    accountId: pulumi.Input<string>;
    /** Region serving areas no continent rule matches. */
    defaultRegion: string;
    cloudflareZoneId: string;
    providers: { akamai: akamai.Provider; cloudflare: cloudflare.Provider };
}

/**
 * Akamai for HD video (owner stack): an Adaptive Media Delivery property for HLS with its CP code
 * and Enhanced TLS edge hostname, the regional media buckets as origins with failover to the next
 * region, tiered distribution as origin shield, activation to staging (and production when config
 * says so), and the DNS record that sends the video host to Akamai.
 */
export class AkamaiVideo extends pulumi.ComponentResource {
    public readonly propertyId: pulumi.Output<string>;
    public readonly edgeHostname: string;

    constructor(name: string, args: AkamaiVideoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:AkamaiVideo", name, {}, opts);
        const ak = { parent: this, provider: args.providers.akamai };
        const ids = { contractId: args.contractId, groupId: args.groupId, productId: AMD_PRODUCT_ID };
        const edgeHostname = `${args.hostname}.edgekey.net`;

        const cpCode = new akamai.CpCode(`${name}-cpcode`, { name: `bibox-${args.hostname}`, ...ids }, ak);
        const edge = new akamai.EdgeHostName(`${name}-edge-hostname`, {
            ...ids,
            edgeHostname,
            ipBehavior: "IPV6_COMPLIANCE",
            certificate: args.certificateEnrollmentId,
            statusUpdateEmails: [...args.notifyEmails],
        }, ak);
        const rules = pulumi.all([cpCode.id, args.accountId]).apply(([id, accountId]) =>
            JSON.stringify(
                videoPropertyRules({
                    cpCodeId: Number(String(id).replace(/^cpc_/, "")),
                    origins: mediaOrigins(args.regions, accountId),
                    defaultRegion: args.defaultRegion,
                    steering: steering(CONTINENTS, args.regions),
                    originAccessKeyGuid: args.originAccessKeyGuid,
                }),
                null,
                2,
            ),
        );
        const property = new akamai.Property(`${name}-property`, {
            name: args.hostname,
            ...ids,
            ruleFormat: AKAMAI_RULE_FORMAT,
            hostnames: [{ cnameFrom: args.hostname, cnameTo: edge.edgeHostname, certProvisioningType: "CPS_MANAGED" }],
            rules,
            versionNotes: "Managed by bibox",
        }, ak);
        const activation = (network: "STAGING" | "PRODUCTION") =>
            new akamai.PropertyActivation(`${name}-${network.toLowerCase()}`, {
                propertyId: property.id,
                version: property.latestVersion,
                network,
                contacts: [...args.notifyEmails],
                note: `bibox: ${args.hostname}`,
                autoAcknowledgeRuleWarnings: network === "STAGING",
            }, ak);
        activation("STAGING");
        if (args.activateProduction) activation("PRODUCTION");

        new cloudflare.DnsRecord(`${name}-dns`, {
            zoneId: args.cloudflareZoneId,
            name: args.hostname,
            type: "CNAME",
            content: edgeHostname,
            ttl: 300,
            proxied: false,
            comment: "HD video: Akamai Adaptive Media Delivery",
        }, { parent: this, provider: args.providers.cloudflare });

        this.propertyId = property.id;
        this.edgeHostname = edgeHostname;
        this.registerOutputs({ propertyId: this.propertyId, edgeHostname });
    }
}
