import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as fastly from "@pulumi/fastly";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../src/schema";
import * as akamai from "./akamai";
import { AkamaiVideo } from "./AkamaiVideo";
import { CloudflareEdge } from "./CloudflareEdge";
import { FastlyEdge } from "./FastlyEdge";
import { RegionalOrigin } from "./RegionalOrigin";

export interface EdgeLayerArgs {
    region: string;
    role: "owner" | "member";
    /** Every region of the active-active set, the owner's first. */
    regions: readonly string[];
    domains: { zone: string; web: string; api: string; video: string; edge: string };
    cloudflare: { accountId: string; zoneId: string };
    akamai: Omit<StackConfig["edge"]["akamai"], "host">;
    accountId: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
    publicSubnetIds: Record<string, pulumi.Input<string>>;
    k8sProvider: k8s.Provider;
    /** What TargetGroupBindings need first: the Load Balancer Controller and the namespace. */
    bindingsDependOn: pulumi.Resource[];
    providers: { cloudflare: cloudflare.Provider; fastly: fastly.Provider; akamai?: akamai.Provider };
    /** Member stacks: the accelerator listener the owner created (read by a StackReference). */
    acceleratorListenerArn?: pulumi.Input<string>;
    /** Owner: the playback-token key Fastly checks. */
    playbackTokenKey?: pulumi.Input<string>;
}

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
        } else {
            if (!args.acceleratorListenerArn) throw new Error("a member's EdgeLayer needs the owner's accelerator listener");
            listenerArn = args.acceleratorListenerArn;
        }
        this.acceleratorListenerArn = pulumi.output(listenerArn);

        this.origin = new RegionalOrigin(`${name}-origin`, {
            region: args.region,
            zone: args.domains.zone,
            cloudflareZoneId: args.cloudflare.zoneId,
            apiHost: args.domains.api,
            vpcId: args.vpcId,
            vpcCidr: args.vpcCidr,
            publicSubnetIds: args.publicSubnetIds,
            acceleratorListenerArn: listenerArn,
            k8sProvider: args.k8sProvider,
            bindingsDependOn: args.bindingsDependOn,
            providers: args.providers,
        }, parent);

        if (args.role === "owner") {
            if (!args.providers.akamai || !args.playbackTokenKey) throw new Error("the owner's EdgeLayer needs the Akamai provider and the playback-token key");
            new CloudflareEdge(`${name}-cloudflare`, {
                accountId: args.cloudflare.accountId,
                zoneId: args.cloudflare.zoneId,
                zone: args.domains.zone,
                hostnames: [args.domains.api, args.domains.web],
                apiHost: args.domains.api,
                regions: args.regions,
                fallbackRegion: args.region,
            }, { parent: this, providers: [args.providers.cloudflare] });
            new FastlyEdge(`${name}-fastly`, {
                domain: args.domains.edge,
                zone: args.domains.zone,
                regions: args.regions,
                playbackTokenKey: args.playbackTokenKey,
            }, { parent: this, providers: [args.providers.fastly] });
            new AkamaiVideo(`${name}-akamai`, {
                hostname: args.domains.video,
                ...args.akamai,
                regions: args.regions,
                accountId: args.accountId,
                defaultRegion: args.region,
                cloudflareZoneId: args.cloudflare.zoneId,
                providers: { akamai: args.providers.akamai, cloudflare: args.providers.cloudflare },
            }, parent);
        }
        this.registerOutputs({ acceleratorIps: this.acceleratorIps, acceleratorListenerArn: this.acceleratorListenerArn });
    }
}
