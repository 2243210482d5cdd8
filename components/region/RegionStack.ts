import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as fastly from "@pulumi/fastly";
import * as pulumi from "@pulumi/pulumi";
import type { RegionStackSettings, StackSettings } from "./settings";
import * as akamai from "../edge/akamai";
import { EdgeLayer } from "../edge/EdgeLayer";
import { lookupAccount } from "../kms";
import { Observability } from "../ops/Observability";
import { RegionSwitch, regionSwitchRoleName } from "../ops/RegionSwitch";
import { RegionSwitchAccess } from "../ops/RegionSwitchAccess";
import { RegionSwitchDial } from "../ops/RegionSwitchDial";
import { successionOrder } from "../ops/region-switch-plans";
import { SecurityBaseline } from "../ops/SecurityBaseline";
import { GLOBAL_CLUSTER_ID } from "../data/versions";
import { AuroraGlobal } from "../data/AuroraGlobal";
import { Backups } from "../data/Backups";
import { MediaStorage } from "../data/MediaStorage";
import { SessionCache } from "../data/SessionCache";
import { EksCluster } from "../eks/EksCluster";
import { clusterNameFor, regionPrefix } from "../lib/naming";
import { Network } from "../network/Network";

export interface RegionStackArgs {
    /** This stack's settings and credentials (src/config.ts validates Pulumi config into them). */
    config: RegionStackSettings;
}

/** Outputs of the owner stack the member stacks read through a StackReference. */
export const OWNER_OUTPUTS = {
    globalWriterEndpoint: "globalWriterEndpoint",
    cacheGlobalReplicationGroupId: "cacheGlobalReplicationGroupId",
    cacheAuthToken: "cacheAuthToken",
    acceleratorListenerArn: "acceleratorListenerArn",
    acceleratorIps: "acceleratorIps",
    originAuthToken: "originAuthToken",
} as const;

/** `<organization>/<project>/<owner stack>`: what a member stack reads the owner's outputs from. */
export function ownerStackName(config: Pick<StackSettings, "stackOrganization" | "project" | "topology">): string {
    const owner = config.topology.find((t) => t.role === "owner");
    if (!owner) throw new Error("the topology has no owner stack");
    return `${config.stackOrganization}/${config.project}/${owner.stack}`;
}

function ownerStackReference(name: string, config: StackSettings, parent: pulumi.Resource): pulumi.StackReference {
    return new pulumi.StackReference(`${name}-owner`, { name: ownerStackName(config) }, { parent });
}

/** The cross-stack facts the policy pack's traffic model reads (policies/traffic/resources.ts Declared): which stack runs which region. */
export function declaredTopology(config: StackSettings) {
    return {
        stack: config.stack,
        region: config.region,
        role: config.role,
        regions: config.topology.map((t) => t.region),
        nodePools: config.nodePools,
    };
}

/** Tags every AWS resource of the stack gets through the provider's default tags. */
export function stackTags(config: Pick<StackSettings, "tags" | "stack" | "region" | "role">): Record<string, string> {
    return { ...config.tags, "bibox:stack": config.stack, "bibox:region": config.region, "bibox:role": config.role };
}

/**
 * Everything one region runs. Each stack instantiates it once; it owns the stack's explicit AWS
 * provider and composes the regional components: network, EKS cluster, data layer (Aurora global
 * database, media storage, session cache, backups); the edge as it lands.
 */
export class RegionStack extends pulumi.ComponentResource {
    public readonly provider: aws.Provider;
    public readonly clusterName: string;
    public readonly network: Network;
    public readonly eks: EksCluster;
    public readonly database: AuroraGlobal;
    public readonly media: MediaStorage;
    public readonly cache: SessionCache;
    public readonly backups: Backups;
    public readonly edge: EdgeLayer;
    public readonly observability: Observability;
    /** Owner only. */
    public readonly regionSwitch?: RegionSwitch;

    constructor(name: string, args: RegionStackArgs, opts?: pulumi.ComponentResourceOptions) {
        // The one component with props: what this stack declares about the whole active-active
        // set, so the policy pack can check cross-stack facts (N-1 capacity, sibling replicas).
        const declared = declaredTopology(args.config);
        super("bibox:region:RegionStack", name, { declared }, opts);
        const { config } = args;
        this.clusterName = clusterNameFor(config.region);

        this.provider = new aws.Provider(`${name}-aws`, {
            region: config.region as aws.Region,
            defaultTags: { tags: stackTags(config) },
        }, { parent: this });
        // Looked up once, through the stack's provider: every component writes its ARNs and key policies for it.
        const account = lookupAccount(this, this.provider);

        this.network = new Network(`${name}-network`, {
            region: config.region,
            account,
            cidrBlock: config.vpcCidr,
            availabilityZones: config.availabilityZones,
            clusterName: this.clusterName,
        }, { parent: this, providers: [this.provider] });

        this.eks = new EksCluster(`${name}-eks`, {
            region: config.region,
            account,
            clusterName: this.clusterName,
            vpcId: this.network.vpcId,
            privateSubnetIds: config.availabilityZones.map((az) => this.network.subnetIds.private[az]),
            adminPrincipalArns: config.eks.adminPrincipalArns,
            publicAccessCidrs: config.eks.publicAccessCidrs,
            nodePools: config.nodePools,
            regionCount: config.topology.length,
            nodeTags: { ...config.tags, "bibox:stack": config.stack, "bibox:region": config.region },
            workloadReach: {
                loadBalancerCidrs: config.availabilityZones.map((az) => this.network.layout[az].public),
                dataCidrs: config.availabilityZones.map((az) => this.network.layout[az].isolated),
            },
        }, { parent: this, providers: [this.provider] });

        const regions = config.topology.map((t) => t.region);
        const isolated = this.network.subnetIds.isolated;
        const dataOpts = { parent: this, providers: [this.provider] };
        const databaseCommon = {
            region: config.region,
            account,
            vpcId: this.network.vpcId,
            isolatedSubnetIds: isolated,
            instanceZones: config.availabilityZones.slice(0, config.database.instancesPerRegion),
            instanceClass: config.database.instanceClass,
            nodeSecurityGroupId: this.eks.clusterSecurityGroupId,
            globalDbRpoSeconds: config.database.globalDbRpoSeconds,
            backupRetentionDays: config.database.backupRetentionDays,
        };
        this.database = new AuroraGlobal(`${name}-aurora`, config.role === "owner"
            ? {
                  ...databaseCommon,
                  role: "owner",
                  masterSecret: {
                      replicaRegions: regions.filter((r) => r !== config.region),
                      databaseCidrs: config.availabilityZones.map((az) => this.network.layout[az].isolated),
                      endpointCidrs: config.availabilityZones.map((az) => this.network.layout[az].private),
                  },
              }
            : { ...databaseCommon, role: "member" }, dataOpts);
        this.media = new MediaStorage(`${name}-media`, {
            region: config.region,
            account,
            regions,
            coldOriginalsAfterDays: config.media.coldOriginalsAfterDays,
            noncurrentVersionDays: config.media.noncurrentVersionDays,
            replication: config.media.replication,
        }, dataOpts);
        const owner = config.role === "member" ? ownerStackReference(name, config, this) : undefined;
        const ownerOutput = (key: keyof typeof OWNER_OUTPUTS) => owner!.requireOutput(OWNER_OUTPUTS[key]).apply(String);
        const cacheCommon = {
            region: config.region,
            account,
            vpcId: this.network.vpcId,
            isolatedSubnetIds: isolated,
            zones: config.availabilityZones.slice(0, config.cache.nodesPerRegion),
            nodeType: config.cache.nodeType,
            nodeSecurityGroupId: this.eks.clusterSecurityGroupId,
        };
        this.cache = new SessionCache(`${name}-cache`, owner
            ? { ...cacheCommon, role: "member", fromOwner: { globalReplicationGroupId: ownerOutput("cacheGlobalReplicationGroupId"), authToken: ownerOutput("cacheAuthToken") } }
            : { ...cacheCommon, role: "owner" }, dataOpts);
        this.backups = new Backups(`${name}-backups`, {
            region: config.region,
            account,
            regions,
            retentionDays: config.backup.retentionDays,
            vaultLockCoolingOffDays: config.backup.vaultLockCoolingOffDays,
            auroraRestoreOverrides: {
                dbsubnetgroupname: this.database.subnetGroupName,
                vpcsecuritygroupids: this.database.securityGroupId.apply((id) => JSON.stringify([id])),
            },
        }, dataOpts);

        const creds = config.credentials;
        const cloudflareProvider = new cloudflare.Provider(`${name}-cloudflare`, { apiToken: creds.cloudflareApiToken }, { parent: this });
        const fastlyProvider = new fastly.Provider(`${name}-fastly`, { apiKey: creds.fastlyApiKey }, { parent: this });
        const edgeCommon = {
            region: config.region,
            regions: [config.region, ...regions.filter((r) => r !== config.region)],
            domains: config.domains,
            cloudflare: config.edge.cloudflare,
            akamai: config.edge.akamai,
            account,
            vpcId: this.network.vpcId,
            vpcCidr: config.vpcCidr,
            publicSubnetIds: this.network.subnetIds.public,
            k8sProvider: this.eks.k8sProvider,
            bindingsDependOn: this.eks.baseline.bindingPrerequisites,
        };
        // The owner's credentials are in its settings' type: the config check refuses an owner stack without them, before any resource.
        this.edge = new EdgeLayer(`${name}-edge`, config.role === "owner"
            ? {
                  ...edgeCommon,
                  role: "owner",
                  providers: {
                      cloudflare: cloudflareProvider,
                      fastly: fastlyProvider,
                      akamai: new akamai.Provider(`${name}-akamai`, {
                          config: { host: config.edge.akamai.host, clientSecret: config.credentials.akamaiClientSecret, clientToken: config.credentials.akamaiClientToken, accessToken: config.credentials.akamaiAccessToken },
                      }, { parent: this }),
                  },
                  playbackTokenKey: config.credentials.playbackTokenKey,
              }
            : { ...edgeCommon, role: "member", providers: { cloudflare: cloudflareProvider, fastly: fastlyProvider }, acceleratorListenerArn: ownerOutput("acceleratorListenerArn"), originAuthToken: ownerOutput("originAuthToken") }, dataOpts);

        new SecurityBaseline(`${name}-security`, {
            region: config.region,
            account,
            organizationTrail: config.operations.organizationTrail,
            guardDuty: config.securityServices.guardDuty,
            securityHub: config.securityServices.securityHub,
            ...(config.role === "owner" ? { role: "owner", trailRetentionDays: config.operations.trailRetentionDays } : { role: "member" }),
        }, dataOpts);
        this.observability = new Observability(`${name}-observability`, {
            region: config.region,
            account,
            regions,
            onCall: { protocol: config.operations.onCallProtocol, endpoint: creds.onCallEndpoint },
            objectives: config.objectives,
            aurora: { clusterIdentifier: regionPrefix(config.region), globalDbRpoSeconds: config.database.globalDbRpoSeconds },
            mediaReplication: config.media.replication === "mesh",
            alb: { arnSuffix: this.edge.origin.albArnSuffix, targetGroupArnSuffixes: this.edge.origin.targetGroupArnSuffixes },
            interruptionQueueName: this.eks.karpenter.queueName,
            eks: {
                cluster: this.eks.clusterName,
                clusterArn: this.eks.clusterArn,
                subnetIds: config.availabilityZones.map((az) => this.network.subnetIds.private[az]),
                securityGroupId: this.eks.clusterSecurityGroupId,
                k8sProvider: this.eks.k8sProvider,
            },
        }, dataOpts);
        const ownerRegion = config.topology.find((t) => t.role === "owner")!.region;
        // Every region holds its own traffic-dial function: each Region switch plan names one in
        // both of its regions. The owner's moved here from the RegionSwitch (alias: no replacement).
        const dial = new RegionSwitchDial(`${name}-region-switch-dial`, {
            region: config.region,
            account,
            acceleratorListenerArn: owner ? ownerOutput("acceleratorListenerArn") : this.edge.acceleratorListenerArn,
            previousParent: config.role === "owner" ? pulumi.createUrn(`${name}-region-switch`, "bibox:ops:RegionSwitch", this) : undefined,
        }, dataOpts);
        let switchRoleArn: pulumi.Input<string>;
        if (config.role === "owner") {
            this.regionSwitch = new RegionSwitch(`${name}-region-switch`, {
                region: config.region,
                account,
                regions: successionOrder(ownerRegion, regions),
                rtoSeconds: config.objectives.rtoSeconds,
                globalClusterId: GLOBAL_CLUSTER_ID,
                dialDependsOn: [dial],
            }, dataOpts);
            switchRoleArn = this.regionSwitch.roleArn;
        } else {
            switchRoleArn = account.apply((a) => `arn:${a.partition}:iam::${a.accountId}:role/${regionSwitchRoleName(ownerRegion)}`);
        }
        new RegionSwitchAccess(`${name}-region-switch-access`, { cluster: this.eks.clusterName, principalArn: switchRoleArn }, dataOpts);

        this.registerOutputs({ declared, vpcId: this.network.vpcId, clusterName: this.eks.clusterName });
    }
}
