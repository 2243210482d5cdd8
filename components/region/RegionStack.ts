import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../src/schema";
import { EksCluster } from "../eks/EksCluster";
import { clusterNameFor } from "../naming";
import { Network } from "../network/Network";

export interface RegionStackArgs {
    /** The validated configuration of this stack (src/config.ts). */
    config: StackConfig;
}

/** Tags every AWS resource of the stack gets through the provider's default tags. */
export function stackTags(config: Pick<StackConfig, "tags" | "stack" | "region" | "role">): Record<string, string> {
    return { ...config.tags, "bibox:stack": config.stack, "bibox:region": config.region, "bibox:role": config.role };
}

/**
 * Everything one region runs. Each stack instantiates it once; it owns the stack's explicit AWS
 * provider and composes the regional components: the network and the EKS cluster today; data and
 * edge as they land.
 */
export class RegionStack extends pulumi.ComponentResource {
    public readonly provider: aws.Provider;
    public readonly clusterName: string;
    public readonly network: Network;
    public readonly eks: EksCluster;

    constructor(name: string, args: RegionStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:region:RegionStack", name, {}, opts);
        const { config } = args;
        this.clusterName = clusterNameFor(config.region);

        this.provider = new aws.Provider(`${name}-aws`, {
            region: config.region as aws.Region,
            defaultTags: { tags: stackTags(config) },
        }, { parent: this });

        this.network = new Network(`${name}-network`, {
            region: config.region,
            cidrBlock: config.vpcCidr,
            availabilityZones: config.availabilityZones,
            clusterName: this.clusterName,
        }, { parent: this, providers: [this.provider] });

        this.eks = new EksCluster(`${name}-eks`, {
            region: config.region,
            clusterName: this.clusterName,
            vpcId: this.network.vpcId,
            privateSubnetIds: config.availabilityZones.map((az) => this.network.subnetIds.private[az]),
            adminPrincipalArns: config.eks.adminPrincipalArns,
            publicAccessCidrs: config.eks.publicAccessCidrs,
            nodePools: config.nodePools,
            regionCount: config.topology.length,
            nodeTags: { ...config.tags, "bibox:stack": config.stack, "bibox:region": config.region },
        }, { parent: this, providers: [this.provider] });

        this.registerOutputs({ vpcId: this.network.vpcId, clusterName: this.eks.clusterName });
    }
}
