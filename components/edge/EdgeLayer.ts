import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as fastly from "@pulumi/fastly";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Account } from "../key-policies";
import type { AkamaiSettings } from "../region/settings";
import * as akamai from "./akamai";
import { AkamaiVideo } from "./AkamaiVideo";
import { CloudflareEdge } from "./CloudflareEdge";
import { FastlyEdge } from "./FastlyEdge";
import { acceleratorHost, originRoutes } from "./origin-routes";
import { RegionalOrigin } from "./RegionalOrigin";

interface EdgeLayerCommon {
    /** The stack's region: its regional origin; the owner's is Cloudflare's fallback and Akamai's default region. */
    region: string;
    /** Every region of the active-active set, the owner's first. */
    regions: readonly string[];
    /** The public host names (bibox:domains). */
    domains: {
        /** The DNS zone (in Cloudflare) every other name is in. */
        zone: string;
        /** The shop's web host: Cloudflare, to the origins' web service. */
        web: string;
        /** The API host: Cloudflare, to the origins' API service. */
        api: string;
        /** The HD video host: Akamai (owner only). */
        video: string;
        /** The edge-logic host (playback manifests): Fastly. */
        edge: string;
    };
    /** The Cloudflare account and zone (bibox:edge.cloudflare). */
    cloudflare: {
        /** Account of the load balancer pools and monitors (owner only). */
        accountId: string;
        /** Zone of every DNS record, ruleset and load balancer. */
        zoneId: string;
    };
    /** The Akamai property's settings (bibox:edge.akamai without the API host): used by the owner only. */
    akamai: Omit<AkamaiSettings, "host">;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** VPC of the origin ALB and its target groups. */
    vpcId: pulumi.Input<string>;
    /** The VPC's block: the only destination the ALB may send to (the pods). */
    vpcCidr: string;
    /** Public subnets by zone: where the ALB lives. */
    publicSubnetIds: Record<string, pulumi.Input<string>>;
    /** The cluster's Kubernetes provider: the TargetGroupBindings. */
    k8sProvider: k8s.Provider;
    /** What TargetGroupBindings need first: the Load Balancer Controller and the namespace. */
    bindingsDependOn: pulumi.Resource[];
}

/** The owner builds the global edge (it needs Akamai and the playback key); a member joins it with what the owner stack exports. */
export type EdgeLayerArgs = EdgeLayerCommon &
    (
        | {
              /** The owner: builds the global edge (accelerator, Cloudflare, Fastly, Akamai) besides its origin. */
              role: "owner";
              /** The edge vendors' providers; the owner needs Akamai's too. */
              providers: {
                  /** Cloudflare: DNS records, the zone's rules and the load balancers. */
                  cloudflare: cloudflare.Provider;
                  /** Fastly: the edge-logic service (and the address ranges the origin admits). */
                  fastly: fastly.Provider;
                  /** Akamai: the video property. */
                  akamai: akamai.Provider;
              };
              /** The playback-token key Fastly and Akamai check. */
              playbackTokenKey: pulumi.Input<string>;
              /** Member only. @default the listener this owner creates — the accelerator is the owner's */
              acceleratorListenerArn?: never;
              /** Member only. @default a RandomPassword this owner creates — one origin credential for the whole set */
              originAuthToken?: never;
          }
        | {
              /** A member: builds its regional origin and joins the owner's accelerator. */
              role: "member";
              /** The edge vendors' providers; a member has no Akamai. */
              providers: {
                  /** Cloudflare: the origin's DNS records, and Cloudflare's address ranges the origin admits. */
                  cloudflare: cloudflare.Provider;
                  /** Fastly: the address ranges the origin admits. */
                  fastly: fastly.Provider;
                  /** Owner only. @default none — a member builds nothing on Akamai */
                  akamai?: never;
              };
              /** The accelerator listener the owner created (read by a StackReference). */
              acceleratorListenerArn: pulumi.Input<string>;
              /** The origin credential both CDNs send as X-Bibox-Origin-Auth (secret): the owner's `originAuthToken` output; the owner creates it (a RandomPassword). */
              originAuthToken: pulumi.Input<string>;
              /** Owner only. @default none — only the owner's Fastly and Akamai check playback tokens */
              playbackTokenKey?: never;
          }
    );

/** Global Accelerator gives an IPv4 accelerator two static addresses (https://docs.aws.amazon.com/global-accelerator/latest/dg/what-is-global-accelerator.html). */
export const ACCELERATOR_STATIC_IPS = 2;

/**
 * The edge of one stack. Every stack builds its regional origin (ALB, origin DNS record, its
 * endpoint group of the accelerator). The owner also builds the global objects: the Global
 * Accelerator, Cloudflare (API and web), Fastly (edge logic) and Akamai (HD video). Stacks are
 * wired by deterministic names (origin-<region>.<zone>, bibox-media-<region>-<account>) and, for
 * the accelerator listener, a StackReference to the owner; the owner is brought up first.
 */
export class EdgeLayer extends pulumi.ComponentResource {
    public readonly origin: RegionalOrigin;
    /** Owner only: the accelerator's static anycast addresses. */
    public readonly acceleratorIps?: pulumi.Output<string[]>;
    public readonly acceleratorListenerArn: pulumi.Output<string>;
    /** The origin credential (secret): created by the owner, read by members. */
    public readonly originAuthToken: pulumi.Output<string>;

    constructor(name: string, args: EdgeLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:EdgeLayer", name, {}, opts);
        const parent = { parent: this };
        let listenerArn: pulumi.Input<string>;
        if (args.role === "owner") {
            const accelerator = new aws.globalaccelerator.Accelerator(`${name}-accelerator`, {
                name: "bibox-pleasure",
                ipAddressType: "IPV4",
                enabled: true,
            }, parent);
            const listener = new aws.globalaccelerator.Listener(`${name}-accelerator-443`, {
                acceleratorArn: accelerator.id,
                protocol: "TCP",
                portRanges: [{ fromPort: 443, toPort: 443 }],
                clientAffinity: "NONE",
            }, parent);
            listenerArn = listener.id;
            this.acceleratorIps = accelerator.ipSets.apply((sets) => sets.flatMap((s) => s.ipAddresses ?? []));
            // What the accelerator is for: the static-IP entry of the API for clients that pin or
            // allowlist addresses (direct.<zone>, DNS only, so clients reach the anycast addresses
            // themselves). Every region's certificate names it; the ALB serves it on the
            // header-less 8443 listener (RegionalOrigin). The public names stay on the CDNs.
            for (let i = 0; i < ACCELERATOR_STATIC_IPS; i++) {
                new cloudflare.DnsRecord(`${name}-accelerator-dns-${i}`, {
                    zoneId: args.cloudflare.zoneId,
                    name: acceleratorHost(args.domains.zone),
                    type: "A",
                    content: accelerator.ipSets.apply((sets) => {
                        const ip = sets.flatMap((s) => s.ipAddresses ?? [])[i];
                        if (!ip) throw new Error(`the accelerator has no static address ${i + 1}`);
                        return ip;
                    }),
                    ttl: 300,
                    proxied: false,
                    comment: `Global Accelerator static address ${i + 1}: the API's fixed-IP entry`,
                }, { parent: this, provider: args.providers.cloudflare });
            }
        } else {
            listenerArn = args.acceleratorListenerArn;
        }
        this.acceleratorListenerArn = pulumi.output(listenerArn);

        // The origin credential: one secret for the whole set, made by the owner (an output of its
        // stack, originAuthToken), read by members through their StackReference.
        if (args.role === "owner") {
            this.originAuthToken = new random.RandomPassword(`${name}-origin-auth`, { length: 48, special: false }, parent).result;
        } else {
            this.originAuthToken = pulumi.secret(args.originAuthToken);
        }

        this.origin = new RegionalOrigin(`${name}-origin`, {
            region: args.region,
            account: args.account,
            role: args.role,
            domains: args.domains,
            cloudflareZoneId: args.cloudflare.zoneId,
            vpcId: args.vpcId,
            vpcCidr: args.vpcCidr,
            publicSubnetIds: args.publicSubnetIds,
            acceleratorListenerArn: listenerArn,
            originAuthToken: this.originAuthToken,
            k8sProvider: args.k8sProvider,
            bindingsDependOn: args.bindingsDependOn,
            providers: args.providers,
        }, parent);

        if (args.role === "owner") {
            new CloudflareEdge(`${name}-cloudflare`, {
                accountId: args.cloudflare.accountId,
                zoneId: args.cloudflare.zoneId,
                zone: args.domains.zone,
                sites: originRoutes(args.domains).filter((r) => r.via === "Cloudflare").map((r) => ({ host: r.host, service: r.service })),
                apiHost: args.domains.api,
                webHost: args.domains.web,
                regions: args.regions,
                fallbackRegion: args.region,
                originAuthToken: this.originAuthToken,
            }, { parent: this, providers: [args.providers.cloudflare] });
            new FastlyEdge(`${name}-fastly`, {
                domain: args.domains.edge,
                zone: args.domains.zone,
                regions: args.regions,
                cloudflareZoneId: args.cloudflare.zoneId,
                playbackTokenKey: args.playbackTokenKey,
                originAuthToken: this.originAuthToken,
            }, { parent: this, providers: [args.providers.fastly, args.providers.cloudflare] });
            new AkamaiVideo(`${name}-akamai`, {
                hostname: args.domains.video,
                ...args.akamai,
                regions: args.regions,
                account: args.account,
                defaultRegion: args.region,
                cloudflareZoneId: args.cloudflare.zoneId,
                playbackTokenKey: args.playbackTokenKey,
                providers: { akamai: args.providers.akamai, cloudflare: args.providers.cloudflare },
            }, parent);
        }
        this.registerOutputs({ acceleratorIps: this.acceleratorIps, acceleratorListenerArn: this.acceleratorListenerArn });
    }
}
