import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { customerKey, scopeIn } from "../kms";
import { regionalName } from "../lib/naming";
import { planSubnets, ZoneSubnets } from "../lib/cidr";
import { DEFAULT_INTERFACE_ENDPOINTS, endpointKey, endpointServiceName, GATEWAY_ENDPOINTS } from "./endpoints";
import { Account, logGroupKeyPolicy } from "../key-policies";
import { flowLogDeliveryPolicy, flowLogTrustPolicy } from "./policies";

export type SubnetTier = "public" | "private" | "isolated";

export interface NetworkArgs {
    /** Region of the provider this component is given; used for endpoint service names. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** VPC block, /16 to /20 (validated in src/schema.ts). */
    cidrBlock: string;
    /** The zones to spread over; one subnet per tier and one NAT gateway in each. */
    availabilityZones: readonly string[];
    /** EKS cluster whose load balancers and Karpenter discover these subnets by tag. */
    clusterName: string;
    /** @default DEFAULT_INTERFACE_ENDPOINTS — what EKS nodes and Karpenter call */
    interfaceEndpoints?: readonly string[];
    /** @default 365 — a year of flow logs for incident forensics */
    flowLogRetentionDays?: number;
    /** @default 60 — the finest aggregation flow logs offer, so an attack shows within a minute */
    flowLogAggregationSeconds?: 60 | 600;
    /** @default 30 — the longest KMS allows: time to notice a scheduled key deletion */
    keyDeletionWindowDays?: number;
}

/** The tags each tier's subnets carry, so EKS load balancers and Karpenter find them. */
export function subnetTags(tier: SubnetTier, zone: string, clusterName: string): Record<string, string> {
    const tags: Record<string, string> = { Name: `${clusterName}-${tier}-${zone}`, "bibox:tier": tier };
    if (tier === "public") tags["kubernetes.io/role/elb"] = "1";
    if (tier === "private") {
        tags["kubernetes.io/role/internal-elb"] = "1";
        tags["karpenter.sh/discovery"] = clusterName;
        tags[`kubernetes.io/cluster/${clusterName}`] = "shared";
    }
    return tags;
}

/**
 * The regional network: a VPC with public, private and isolated subnets in each zone, a NAT
 * gateway per zone, gateway and interface endpoints, the default security group stripped of its
 * rules, and flow logs to a KMS-encrypted log group.
 */
export class Network extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly cidrBlock: string;
    /** Subnet ids by tier, then by availability zone. */
    public readonly subnetIds: Record<SubnetTier, Record<string, pulumi.Output<string>>>;
    public readonly layout: Record<string, ZoneSubnets>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    public readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:network:Network", name, {}, opts);
        const layout = planSubnets(args.cidrBlock, args.availabilityZones);
        const interfaceEndpoints = args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS;
        const retentionInDays = args.flowLogRetentionDays ?? 365;
        const maxAggregationInterval = args.flowLogAggregationSeconds ?? 60;
        const deletionWindowInDays = args.keyDeletionWindowDays ?? 30;
        const parent = { parent: this };

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: args.cidrBlock,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: args.clusterName },
        }, parent);
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
            vpcId: vpc.id,
            ingress: [],
            egress: [],
            tags: { Name: `${args.clusterName}-default-closed` },
        }, parent);
        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: args.clusterName } }, parent);

        const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, tags: { Name: `${args.clusterName}-public` } }, parent);
        new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);
        const isolatedRt = new aws.ec2.RouteTable(`${name}-isolated-rt`, { vpcId: vpc.id, tags: { Name: `${args.clusterName}-isolated` } }, parent);

        const subnetIds: Record<SubnetTier, Record<string, pulumi.Output<string>>> = { public: {}, private: {}, isolated: {} };
        const privateRts: aws.ec2.RouteTable[] = [];
        const privateSubnets: aws.ec2.Subnet[] = [];
        for (const zone of args.availabilityZones) {
            const subnet = (tier: SubnetTier) =>
                new aws.ec2.Subnet(`${name}-${tier}-${zone}`, {
                    vpcId: vpc.id,
                    cidrBlock: layout[zone][tier],
                    availabilityZone: zone,
                    mapPublicIpOnLaunch: false,
                    tags: subnetTags(tier, zone, args.clusterName),
                }, parent);
            const pub = subnet("public");
            const priv = subnet("private");
            const iso = subnet("isolated");
            subnetIds.public[zone] = pub.id;
            subnetIds.private[zone] = priv.id;
            subnetIds.isolated[zone] = iso.id;
            privateSubnets.push(priv);

            new aws.ec2.RouteTableAssociation(`${name}-public-${zone}`, { subnetId: pub.id, routeTableId: publicRt.id }, parent);
            new aws.ec2.RouteTableAssociation(`${name}-isolated-${zone}`, { subnetId: iso.id, routeTableId: isolatedRt.id }, parent);

            const eip = new aws.ec2.Eip(`${name}-nat-${zone}`, { domain: "vpc", tags: { Name: `${args.clusterName}-nat-${zone}` } }, parent);
            const nat = new aws.ec2.NatGateway(`${name}-nat-${zone}`, {
                allocationId: eip.id,
                subnetId: pub.id,
                connectivityType: "public",
                tags: { Name: `${args.clusterName}-${zone}` },
            }, { parent: this, dependsOn: [igw] });
            const rt = new aws.ec2.RouteTable(`${name}-private-rt-${zone}`, { vpcId: vpc.id, tags: { Name: `${args.clusterName}-private-${zone}` } }, parent);
            new aws.ec2.Route(`${name}-private-default-${zone}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, parent);
            new aws.ec2.RouteTableAssociation(`${name}-private-${zone}`, { subnetId: priv.id, routeTableId: rt.id }, parent);
            privateRts.push(rt);
        }

        for (const service of GATEWAY_ENDPOINTS) {
            new aws.ec2.VpcEndpoint(`${name}-${service}`, {
                vpcId: vpc.id,
                serviceName: endpointServiceName(args.region, service),
                vpcEndpointType: "Gateway",
                routeTableIds: [...privateRts.map((rt) => rt.id), isolatedRt.id],
                tags: { Name: `${args.clusterName}-${service}` },
            }, parent);
        }
        const endpointSg = new aws.ec2.SecurityGroup(`${name}-endpoints-sg`, {
            vpcId: vpc.id,
            description: "Interface endpoints: HTTPS from inside the VPC only",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidrBlock], description: "HTTPS from the VPC" }],
            egress: [],
            tags: { Name: `${args.clusterName}-endpoints` },
        }, parent);
        for (const service of interfaceEndpoints) {
            new aws.ec2.VpcEndpoint(`${name}-${endpointKey(service)}`, {
                vpcId: vpc.id,
                serviceName: endpointServiceName(args.region, service),
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: privateSubnets.map((s) => s.id),
                securityGroupIds: [endpointSg.id],
                tags: { Name: `${args.clusterName}-${service}` },
            }, parent);
        }

        // Flow logs: every packet decision of the VPC, to a log group only this key decrypts.
        const scope = scopeIn(args.account, args.region);
        const logGroupName = `/bibox/${args.region}/vpc-flow-logs`;
        const key = customerKey(`${name}-flow-logs-key`, {
            description: `VPC flow logs of ${args.clusterName}`,
            alias: `alias/${args.clusterName}-vpc-flow-logs`,
            deletionWindowInDays,
            policy: scope.apply((s) => logGroupKeyPolicy({ ...s, logGroupName })),
        }, this);
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            name: logGroupName,
            retentionInDays,
            kmsKeyId: key.arn,
        }, { parent: this, protect: true });
        const role = new aws.iam.Role(`${name}-flow-logs`, {
            name: regionalName(args.region, "vpc-flow-logs"),
            description: "Delivers VPC flow logs to CloudWatch Logs",
            assumeRolePolicy: scope.apply((s) => flowLogTrustPolicy(s.accountId)),
        }, parent);
        new aws.iam.RolePolicy(`${name}-flow-logs`, {
            name: "deliver-flow-logs",
            role: role.id,
            policy: logGroup.arn.apply(flowLogDeliveryPolicy),
        }, parent);
        new aws.ec2.FlowLog(`${name}-flow-logs`, {
            vpcId: vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval,
            tags: { Name: `${args.clusterName}-flow-logs` },
        }, parent);

        this.vpcId = vpc.id;
        this.cidrBlock = args.cidrBlock;
        this.subnetIds = subnetIds;
        this.layout = layout;
        this.endpointSecurityGroupId = endpointSg.id;
        this.flowLogGroupName = logGroup.name;
        this.registerOutputs({
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}
