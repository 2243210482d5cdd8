import { beforeAll, describe, expect, it } from "vitest";
import { keyArn } from "../../helpers/mock-values";
import { cidrsOverlap, mustParseCidr } from "../../../components/lib/cidr";
import { DEFAULT_INTERFACE_ENDPOINTS } from "../../../components/network/endpoints";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, STACKS } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const ZONES: Record<string, string[]> = {
    "prod-us": ["us-east-1a", "us-east-1b", "us-east-1c"],
    "prod-eu": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    "prod-ap": ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const N = "bibox-network";

beforeAll(async () => {
    for (const stack of STACKS) plans[stack] = (await evaluate(stack)).resources;
});

const tier = (s: PlanResource) => (s.inputs.tags as Record<string, string>)["bibox:tier"];
const idOf = (r: PlanResource) => `${r.name}-id`;

describe.each(STACKS)("network of %s", (stack) => {
    const rs = () => plans[stack];
    const zones = ZONES[stack];

    it("has one explicit AWS provider for the stack's region, with default tags", () => {
        const providers = ofType(rs(), "pulumi:providers:aws");
        expect(providers).toHaveLength(1);
        expect(providers[0].inputs.region).toBe(REGION[stack]);
        const tags = JSON.parse(providers[0].inputs.defaultTags as string).tags;
        expect(tags).toMatchObject({ "bibox:stack": stack, "bibox:region": REGION[stack], product: "pleasure", "managed-by": "pulumi" });
        for (const r of rs().filter((r) => r.custom && r.type.startsWith("aws:"))) {
            expect(r.provider, r.name).toBe(`${providers[0].urn}::${providers[0].name}-id`);
        }
    });

    it("has one VPC with DNS support and public, private and isolated subnets in three distinct zones", () => {
        const vpcs = ofType(rs(), "aws:ec2/vpc:Vpc");
        expect(vpcs).toHaveLength(1);
        expect(vpcs[0].inputs).toMatchObject({ enableDnsHostnames: true, enableDnsSupport: true });
        const subnets = ofType(rs(), "aws:ec2/subnet:Subnet");
        expect(subnets).toHaveLength(9);
        for (const t of ["public", "private", "isolated"]) {
            const ofTier = subnets.filter((s) => tier(s) === t);
            expect(ofTier.map((s) => s.inputs.availabilityZone).sort()).toEqual(zones);
            for (const s of ofTier) {
                expect(s.inputs.vpcId).toBe(idOf(vpcs[0]));
                expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
                expect(cidrsOverlap(mustParseCidr(s.inputs.cidrBlock as string), mustParseCidr(vpcs[0].inputs.cidrBlock as string))).toBe(true);
            }
        }
    });

    it("tags subnets for EKS load balancers and Karpenter discovery", () => {
        const cluster = `bibox-${REGION[stack]}`;
        for (const zone of zones) {
            const pub = one(rs(), "aws:ec2/subnet:Subnet", `${N}-public-${zone}`).inputs.tags as Record<string, string>;
            const priv = one(rs(), "aws:ec2/subnet:Subnet", `${N}-private-${zone}`).inputs.tags as Record<string, string>;
            const iso = one(rs(), "aws:ec2/subnet:Subnet", `${N}-isolated-${zone}`).inputs.tags as Record<string, string>;
            expect(pub["kubernetes.io/role/elb"]).toBe("1");
            expect(pub["karpenter.sh/discovery"]).toBeUndefined();
            expect(priv).toMatchObject({ "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": cluster, [`kubernetes.io/cluster/${cluster}`]: "shared" });
            expect(Object.keys(iso).filter((k) => k.startsWith("kubernetes.io") || k.startsWith("karpenter"))).toEqual([]);
        }
    });

    it("routes each zone's private subnet through that zone's own NAT gateway, in its public subnet", () => {
        const nats = ofType(rs(), "aws:ec2/natGateway:NatGateway");
        expect(nats).toHaveLength(3);
        for (const zone of zones) {
            const nat = one(rs(), "aws:ec2/natGateway:NatGateway", `${N}-nat-${zone}`);
            expect(nat.inputs.subnetId).toBe(`${N}-public-${zone}-id`);
            expect(nat.inputs.allocationId).toBe(`${N}-nat-${zone}-id`);
            const route = one(rs(), "aws:ec2/route:Route", `${N}-private-default-${zone}`);
            expect(route.inputs).toMatchObject({ destinationCidrBlock: "0.0.0.0/0", natGatewayId: idOf(nat), routeTableId: `${N}-private-rt-${zone}-id` });
            const assoc = one(rs(), "aws:ec2/routeTableAssociation:RouteTableAssociation", `${N}-private-${zone}`);
            expect(assoc.inputs).toMatchObject({ subnetId: `${N}-private-${zone}-id`, routeTableId: `${N}-private-rt-${zone}-id` });
        }
    });

    it("gives isolated subnets no route out of the VPC", () => {
        const routes = ofType(rs(), "aws:ec2/route:Route");
        expect(routes.filter((r) => r.inputs.routeTableId === `${N}-isolated-rt-id`)).toEqual([]);
        expect(routes.map((r) => r.name).sort()).toEqual([`${N}-public-default`, ...zones.map((z) => `${N}-private-default-${z}`)].sort());
    });

    it("has S3 and DynamoDB gateway endpoints on the private and isolated route tables", () => {
        for (const service of ["s3", "dynamodb"]) {
            const ep = one(rs(), "aws:ec2/vpcEndpoint:VpcEndpoint", `${N}-${service}`);
            expect(ep.inputs.serviceName).toBe(`com.amazonaws.${REGION[stack]}.${service}`);
            expect(ep.inputs.vpcEndpointType).toBe("Gateway");
            expect([...(ep.inputs.routeTableIds as string[])].sort()).toEqual([`${N}-isolated-rt-id`, ...zones.map((z) => `${N}-private-rt-${z}-id`)].sort());
        }
    });

    it("has private-DNS interface endpoints for ECR, STS, SSM, EC2, SQS and logs, reachable on 443 from the VPC only", () => {
        const interfaces = ofType(rs(), "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface");
        const services = interfaces.map((e) => String(e.inputs.serviceName).replace(`com.amazonaws.${REGION[stack]}.`, ""));
        expect(services).toEqual([...DEFAULT_INTERFACE_ENDPOINTS]);
        for (const needed of ["ecr.api", "ecr.dkr", "sts", "ssm", "ec2", "sqs", "logs"]) expect(services).toContain(needed);
        const sg = one(rs(), "aws:ec2/securityGroup:SecurityGroup", `${N}-endpoints-sg`);
        for (const e of interfaces) {
            expect(e.inputs.privateDnsEnabled).toBe(true);
            expect(e.inputs.subnetIds).toEqual(zones.map((z) => `${N}-private-${z}-id`));
            expect(e.inputs.securityGroupIds).toEqual([idOf(sg)]);
        }
        const vpcCidr = one(rs(), "aws:ec2/vpc:Vpc", `${N}-vpc`).inputs.cidrBlock;
        expect(sg.inputs.ingress).toEqual([expect.objectContaining({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpcCidr] })]);
        expect(sg.inputs.egress).toEqual([]);
    });

    it("strips every rule from the default security group", () => {
        const dsg = one(rs(), "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", `${N}-default-sg`);
        expect(dsg.inputs).toMatchObject({ vpcId: `${N}-vpc-id`, ingress: [], egress: [] });
    });

    it("sends ALL flow logs every minute to a protected log group encrypted with a rotating, protected key", () => {
        const flow = one(rs(), "aws:ec2/flowLog:FlowLog", `${N}-flow-logs`);
        const group = one(rs(), "aws:cloudwatch/logGroup:LogGroup", `${N}-flow-logs`);
        const key = one(rs(), "aws:kms/key:Key", `${N}-flow-logs-key`);
        const role = one(rs(), "aws:iam/role:Role", `${N}-flow-logs`);
        expect(flow.inputs).toMatchObject({
            vpcId: `${N}-vpc-id`,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: `arn:aws:logs:${REGION[stack]}:123456789012:log-group:/bibox/${REGION[stack]}/vpc-flow-logs`,
            iamRoleArn: `arn:aws:iam::123456789012:role/bibox-${REGION[stack]}-vpc-flow-logs`,
            maxAggregationInterval: 60,
        });
        expect(group.inputs).toMatchObject({ name: `/bibox/${REGION[stack]}/vpc-flow-logs`, retentionInDays: 365, kmsKeyId: keyArn(REGION[stack], `${N}-flow-logs-key`) });
        expect(group.protect).toBe(true);
        expect(key.protect).toBe(true);
        expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
        const policy = JSON.parse(key.inputs.policy as string);
        expect(policy.Statement[1]).toMatchObject({
            Principal: { Service: `logs.${REGION[stack]}.amazonaws.com` },
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION[stack]}:123456789012:log-group:/bibox/${REGION[stack]}/vpc-flow-logs` } },
        });
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
    });
});

describe("across the three stacks", () => {
    it("no two VPCs overlap", () => {
        const cidrs = STACKS.map((s) => one(plans[s], "aws:ec2/vpc:Vpc", `${N}-vpc`).inputs.cidrBlock as string);
        expect(cidrs).toHaveLength(STACKS.length);
        for (let i = 0; i < cidrs.length; i++) {
            for (let j = i + 1; j < cidrs.length; j++) expect(cidrsOverlap(mustParseCidr(cidrs[i]), mustParseCidr(cidrs[j]))).toBe(false);
        }
    });

    it("no IAM role name is used by two stacks", () => {
        const names = STACKS.flatMap((s) => ofType(plans[s], "aws:iam/role:Role").map((r) => r.inputs.name));
        expect(names.every((n) => typeof n === "string")).toBe(true);
        expect(new Set(names).size).toBe(names.length);
    });
});
