import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { Account } from "../key-policies";
import type { AkamaiSettings as AkamaiConfig } from "../region/settings";
import { MEDIA_READER_GROUP, MEDIA_READER_USER, mediaReaderPolicy } from "../data/media-policies";
import * as akamai from "./akamai";
import { AKAMAI_RULE_FORMAT, AMD_PRODUCT_ID, cpCodeNumber, includeDigits, mediaOrigins, segmentTokenKey, tokenIncludeRules, videoPropertyRules } from "./akamai-rules";
import { CONTINENTS, steering } from "./geo";

/** Contract, group, certificate, contacts, and whether production is activated too (the owner creates the CAM key). */
type AkamaiSettings = Omit<AkamaiConfig, "host">;

export interface AkamaiVideoArgs extends AkamaiSettings {
    /** The video host name users fetch HLS from. */
    hostname: string;
    /** Every region: each has a media bucket the property can fetch from. */
    regions: readonly string[];
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** Region serving areas no continent rule matches. */
    defaultRegion: string;
    /** The Cloudflare zone of the video host's CNAME record to the edge hostname. */
    cloudflareZoneId: string;
    /** The playback-token key (secret): the segment-token key is derived from it. */
    playbackTokenKey: pulumi.Input<string>;
    /** The providers of the two vendors this component writes to. */
    providers: {
        /** Akamai: the property, its include, CP code, edge hostname, CAM key and activations. */
        akamai: akamai.Provider;
        /** Cloudflare: the video host's DNS record. */
        cloudflare: cloudflare.Provider;
    };
}

/** An Enhanced TLS edge hostname (…edgekey.net) serves HTTPS only from a property marked secure. */
export const isEnhancedTls = (edgeHostname: string) => edgeHostname.endsWith(".edgekey.net");

/**
 * Akamai for HD video (owner stack): an Adaptive Media Delivery property for HLS with its CP code
 * and Enhanced TLS edge hostname (the default rule marked secure), the regional media buckets as
 * origins signed with a Cloud Access Manager key over an IAM user that may read them, failover to
 * the next region, tiered distribution as origin shield, a segment-token check kept in an include
 * whose rules are secret, activation to staging (and production when config says so), and the DNS
 * record that sends the video host to Akamai.
 */
export class AkamaiVideo extends pulumi.ComponentResource {
    public readonly propertyId: pulumi.Output<string>;
    public readonly edgeHostname: string;

    constructor(name: string, args: AkamaiVideoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:AkamaiVideo", name, {}, opts);
        const parent = { parent: this };
        const ak = { parent: this, provider: args.providers.akamai };
        const ids = { contractId: args.contractId, groupId: args.groupId, productId: AMD_PRODUCT_ID };
        const edgeHostname = `${args.hostname}.edgekey.net`;

        // The identity Akamai reads the SSE-KMS media buckets with (the key policies admit it too).
        const account = pulumi.output(args.account);
        const reader = new aws.iam.User(`${name}-media-reader`, {
            name: MEDIA_READER_USER,
            tags: { purpose: "Akamai Cloud Access Manager key: signs video origin requests to the media buckets" },
        }, parent);
        // Its permissions come from a group: Security Hub's FSBP control IAM.2 fails a user with
        // policies of its own (https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2).
        const readers = new aws.iam.Group(`${name}-media-readers`, { name: MEDIA_READER_GROUP }, parent);
        new aws.iam.GroupPolicy(`${name}-media-readers`, {
            name: "read-media",
            group: readers.name,
            policy: account.apply((a) => mediaReaderPolicy(a, args.regions)),
        }, parent);
        new aws.iam.UserGroupMembership(`${name}-media-reader`, { user: reader.name, groups: [readers.name] }, parent);
        const readerKey = new aws.iam.AccessKey(`${name}-media-reader`, { user: reader.name }, parent);
        const camKey = new akamai.CloudAccessKey(`${name}-origin-key`, {
            accessKeyName: "bibox-media-s3",
            authenticationMethod: "AWS4_HMAC_SHA256",
            contractId: args.contractId,
            groupId: Number(args.groupId.replace(/^grp_/, "")),
            // The property is served on an Enhanced TLS edge hostname, so the key is deployed there.
            networkConfiguration: { securityNetwork: isEnhancedTls(edgeHostname) ? "ENHANCED_TLS" : "STANDARD_TLS" },
            credentialsA: { cloudAccessKeyId: readerKey.id, cloudSecretAccessKey: readerKey.secret, primaryKey: true },
        }, ak);

        // The segment-token check: its key only in the include's rules, a secret.
        const tokenInclude = new akamai.PropertyInclude(`${name}-token-include`, {
            name: `bibox-${args.hostname}-segment-token`,
            ...ids,
            ruleFormat: AKAMAI_RULE_FORMAT,
            type: "COMMON_SETTINGS",
            rules: pulumi.secret(pulumi.output(args.playbackTokenKey).apply((k) => JSON.stringify(tokenIncludeRules(segmentTokenKey(k)), null, 2))),
        }, ak);

        const cpCode = new akamai.CpCode(`${name}-cpcode`, { name: `bibox-${args.hostname}`, ...ids }, ak);
        const edge = new akamai.EdgeHostName(`${name}-edge-hostname`, {
            ...ids,
            edgeHostname,
            ipBehavior: "IPV6_COMPLIANCE",
            certificate: args.certificateEnrollmentId,
            statusUpdateEmails: [...args.notifyEmails],
        }, ak);
        const rules = pulumi.all([cpCode.id, account.accountId, tokenInclude.id, camKey.primaryGuid]).apply(([id, accountId, includeId, keyGuid]) => {
            const tree = videoPropertyRules({
                cpCodeId: cpCodeNumber(id),
                origins: mediaOrigins(args.regions, accountId),
                defaultRegion: args.defaultRegion,
                steering: steering(CONTINENTS, args.regions),
                originAccessKeyGuid: keyGuid,
                tokenIncludeId: includeDigits(includeId),
            });
            if (isEnhancedTls(edgeHostname) && !tree.rules.options.is_secure) throw new Error(`${edgeHostname} is Enhanced TLS: the default rule must be secure`);
            return JSON.stringify(tree, null, 2);
        });
        const property = new akamai.Property(`${name}-property`, {
            name: args.hostname,
            ...ids,
            ruleFormat: AKAMAI_RULE_FORMAT,
            hostnames: [{ cnameFrom: args.hostname, cnameTo: edge.edgeHostname, certProvisioningType: "CPS_MANAGED" }],
            rules,
            versionNotes: "Managed by bibox",
        }, ak);
        const activation = (network: "STAGING" | "PRODUCTION") => {
            // The include is activated on a network before the property that uses it.
            const include = new akamai.PropertyIncludeActivation(`${name}-token-include-${network.toLowerCase()}`, {
                includeId: tokenInclude.id,
                contractId: args.contractId,
                groupId: args.groupId,
                version: tokenInclude.latestVersion,
                network,
                notifyEmails: [...args.notifyEmails],
                note: `bibox: segment tokens of ${args.hostname}`,
                autoAcknowledgeRuleWarnings: network === "STAGING",
            }, ak);
            return new akamai.PropertyActivation(`${name}-${network.toLowerCase()}`, {
                propertyId: property.id,
                version: property.latestVersion,
                network,
                contacts: [...args.notifyEmails],
                note: `bibox: ${args.hostname}`,
                autoAcknowledgeRuleWarnings: network === "STAGING",
            }, { ...ak, dependsOn: [include] });
        };
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
