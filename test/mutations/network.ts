/**
 * Single faults of the network, transit and audit rules over the real plans (issue #12 item 6):
 * each changes one input, removes one resource or adds one, and names the resource the pack must
 * name in a mandatory violation.
 */
import { PlanResource } from "../../src/plan/types";
import { change, editJson, Mutation, remove } from "../helpers/mutate";

// The shape test/mutations/types.ts is to hold (the lead unifies it).
export type { Fault } from "./types";
import type { Fault } from "./types";

const REGION = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" } as const;
type Stack = keyof typeof REGION;

export const T = {
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    eks: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    subnet: "aws:ec2/subnet:Subnet",
    route: "aws:ec2/route:Route",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    eip: "aws:ec2/eip:Eip",
    dbInstance: "aws:rds/clusterInstance:ClusterInstance",
    params: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    zone: "cloudflare:index/zoneSetting:ZoneSetting",
    ruleset: "cloudflare:index/ruleset:Ruleset",
    fastly: "fastly:index/serviceVcl:ServiceVcl",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    listener: "aws:lb/listener:Listener",
    trail: "aws:cloudtrail/trail:Trail",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
} as const;

const urnOf = (rs: PlanResource[], type: string, name: string) => {
    const r = rs.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in the plan`);
    return r.urn;
};

/** Adds a resource of `type` next to `sibling` (same parent and provider), depending on `deps`. */
export const add = (type: string, name: string, sibling: [string, string], deps: [string, string][], inputs: Record<string, unknown>): Mutation => (rs) => {
    const s = rs.find((r) => r.type === sibling[0] && r.name === sibling[1]);
    if (!s) throw new Error(`no ${sibling.join(" ")} to add ${name} beside`);
    const urn = `${s.urn.slice(0, s.urn.lastIndexOf("$") + 1)}${type}::${name}`;
    return [...rs, { urn, type, name, parent: s.parent, provider: s.provider, dependencies: deps.map(([t, n]) => urnOf(rs, t, n)), protect: false, ignoreChanges: [], custom: true, inputs: structuredClone(inputs) }];
};

/** Points a resource at another one: the input and the engine's dependency change together. */
const repoint = (r: PlanResource, rs: PlanResource[], key: string, from: [string, string], to: [string, string], value: unknown) => {
    r.inputs[key] = value;
    r.dependencies = r.dependencies.map((d) => (d === urnOf(rs, ...from) ? urnOf(rs, ...to) : d));
};
/** `change` with the whole plan at hand (to look up URNs). */
const changeIn = (type: string, name: string, edit: (r: PlanResource, rs: PlanResource[]) => void): Mutation => (rs) => change(type, name, (r) => edit(r, rs))(rs);

const clusterSg = (stack: Stack) => `sg-bibox-${REGION[stack]}`;
const az = (stack: Stack, zone: "a" | "b" | "c") => `${REGION[stack]}${zone}`;
const mediaArn = (stack: Stack) => `arn:aws:s3:::bibox-media-${REGION[stack]}-123456789012`;

const fault = (id: string, stack: Stack, description: string, mutate: Mutation, expect: string): Fault => ({ id, stack, fault: description, mutate, expect });

export const faults: Fault[] = [
    // --- Node security groups (node-ingress-closed)
    fault("node-cluster-sg-ssh-from-world", "prod-eu", "An aws:vpc/securityGroupIngressRule opens tcp 22 on the EKS cluster security group to 0.0.0.0/0.",
        add(T.ingressRule, "bibox-eks-cluster-ssh", [T.eks, "bibox-eks-cluster"], [[T.eks, "bibox-eks-cluster"]], { securityGroupId: clusterSg("prod-eu"), cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22, description: "public: debugging" }),
        "bibox-eks-cluster-ssh admits tcp 22 from 0.0.0.0/0 into the cluster security group of bibox-eks-cluster"),
    fault("node-cluster-sg-all-from-ipv6-world", "prod-ap", "An aws:ec2/securityGroupRule admits all traffic from ::/0 into the cluster security group.",
        add(T.sgRule, "bibox-eks-cluster-any-v6", [T.eks, "bibox-eks-cluster"], [[T.eks, "bibox-eks-cluster"]], { type: "ingress", securityGroupId: clusterSg("prod-ap"), ipv6CidrBlocks: ["::/0"], protocol: "-1", fromPort: 0, toPort: 0 }),
        "bibox-eks-cluster-any-v6 admits all traffic from ::/0 into the cluster security group of bibox-eks-cluster"),
    fault("node-karpenter-selects-open-group", "prod-us", "A security group carrying the Karpenter discovery tag admits 443 from 0.0.0.0/0.",
        add(T.sg, "bibox-eks-extra-nodes", [T.eks, "bibox-eks-cluster"], [], { vpcId: "bibox-network-vpc-id", description: "extra", tags: { "karpenter.sh/discovery": "bibox-us-east-1" }, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "public: test" }], egress: [] }),
        "Security group bibox-eks-extra-nodes guards the nodes of EC2NodeClass"),
    fault("node-group-ssh-key-without-sources", "prod-eu", "The managed node group gets an SSH key and no source security groups (EKS opens 22 to the world).",
        change(T.nodeGroup, "bibox-eks-np-sys", (r) => { r.inputs.remoteAccess = { ec2SshKey: "ops" }; }),
        "Node group bibox-eks-np-sys sets an SSH key without sourceSecurityGroupIds"),

    // --- Private subnets routed to the internet gateway (private-subnets-private)
    fault("private-default-route-to-igw", "prod-us", "The private route table's default route goes to the internet gateway instead of the NAT.",
        changeIn(T.route, `bibox-network-private-default-${az("prod-us", "a")}`, (r, rs) => { delete r.inputs.natGatewayId; repoint(r, rs, "gatewayId", ["aws:ec2/natGateway:NatGateway", `bibox-network-nat-${az("prod-us", "a")}`], [T.igw, "bibox-network-igw"], "bibox-network-igw-id"); }),
        `Subnet bibox-network-private-${az("prod-us", "a")} is private`),
    fault("private-ipv6-route-to-igw", "prod-eu", "An aws:ec2/route sends ::/0 from a private route table to the internet gateway.",
        add(T.route, "bibox-network-private-v6-default", [T.route, "bibox-network-public-default"], [[T.igw, "bibox-network-igw"], [T.routeTable, `bibox-network-private-rt-${az("prod-eu", "b")}`]], { destinationIpv6CidrBlock: "::/0", gatewayId: "bibox-network-igw-id", routeTableId: `bibox-network-private-rt-${az("prod-eu", "b")}-id` }),
        `Subnet bibox-network-private-${az("prod-eu", "b")} is private`),
    fault("private-subnet-on-public-table", "prod-ap", "A private subnet's association points at the public route table.",
        changeIn(T.association, `bibox-network-private-${az("prod-ap", "c")}`, (r, rs) => repoint(r, rs, "routeTableId", [T.routeTable, `bibox-network-private-rt-${az("prod-ap", "c")}`], [T.routeTable, "bibox-network-public-rt"], "bibox-network-public-rt-id")),
        `Subnet bibox-network-private-${az("prod-ap", "c")} is private (it holds the control plane of EKS cluster bibox-eks-cluster)`),
    fault("database-subnet-on-public-table", "prod-us", "An isolated (database) subnet's association points at the public route table.",
        changeIn(T.association, `bibox-network-isolated-${az("prod-us", "a")}`, (r, rs) => repoint(r, rs, "routeTableId", [T.routeTable, "bibox-network-isolated-rt"], [T.routeTable, "bibox-network-public-rt"], "bibox-network-public-rt-id")),
        `Subnet bibox-network-isolated-${az("prod-us", "a")} is private (database subnet group bibox-aurora-subnets uses it)`),
    fault("isolated-table-inline-igw-route", "prod-eu", "The isolated route table gets an inline 0.0.0.0/0 route to an existing internet gateway.",
        change(T.routeTable, "bibox-network-isolated-rt", (r) => { r.inputs.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0a1b2c3d4e5f" }]; }),
        `Subnet bibox-network-isolated-${az("prod-eu", "a")} is private`),

    // --- Public addresses (no-public-addresses)
    fault("launch-template-public-ip", "prod-us", "The system node launch template's interface associates a public IP.",
        change(T.lt, "bibox-eks-system", (r) => { r.inputs.networkInterfaces = [{ deviceIndex: 0, associatePublicIpAddress: "true" }]; }),
        "Launch template bibox-eks-system gives its instances a public IP"),
    fault("node-class-public-ip", "prod-eu", "The GPU node class asks for public IPs.",
        change(T.nodeClass, "bibox-eks-karpenter-nodeclass-gpu", (r) => { (r.inputs.spec as Record<string, unknown>).associatePublicIPAddress = true; }),
        "EC2NodeClass bibox-eks-karpenter-nodeclass-gpu gives its nodes public IPs"),
    fault("node-subnet-maps-public-ip", "prod-ap", "A private (node) subnet maps public IPs on launch.",
        change(T.subnet, `bibox-network-private-${az("prod-ap", "a")}`, (r) => { r.inputs.mapPublicIpOnLaunch = true; }),
        `launches nodes in subnet bibox-network-private-${az("prod-ap", "a")}, which maps public IPs on launch`),
    fault("aurora-instance-public", "prod-us", "An Aurora instance is publicly accessible.",
        change(T.dbInstance, `bibox-aurora-${az("prod-us", "b")}`, (r) => { r.inputs.publiclyAccessible = true; }),
        `Database instance bibox-aurora-${az("prod-us", "b")} is publicly accessible`),
    fault("elastic-ip-on-instance", "prod-eu", "An Elastic IP is attached to an instance.",
        add(T.eip, "bibox-debug-eip", [T.eip, `bibox-network-nat-${az("prod-eu", "a")}`], [], { domain: "vpc", instance: "i-0123456789abcdef0" }),
        "Elastic IP bibox-debug-eip gives an instance or network interface a public address"),

    // --- Transit
    fault("cloudflare-min-tls-missing", "prod-us", "The zone's min_tls_version setting is removed (the API default is 1.0).",
        remove(T.zone, "bibox-edge-cloudflare-min-tls-version"),
        "has no min_tls_version setting: the API default 1.0 applies"),
    fault("cloudflare-min-tls-1-1", "prod-us", "The zone's minimum TLS is 1.1.",
        change(T.zone, "bibox-edge-cloudflare-min-tls-version", (r) => { r.inputs.value = "1.1"; }),
        "Zone setting bibox-edge-cloudflare-min-tls-version allows TLS 1.1"),
    fault("cloudflare-ssl-missing", "prod-us", "The zone's ssl setting is removed (the API default is off).",
        remove(T.zone, "bibox-edge-cloudflare-ssl"),
        "has no ssl setting: the API default off applies"),
    fault("cloudflare-ssl-flexible", "prod-us", "The zone's SSL mode is flexible.",
        change(T.zone, "bibox-edge-cloudflare-ssl", (r) => { r.inputs.value = "flexible"; }),
        "Zone setting bibox-edge-cloudflare-ssl sets SSL to flexible"),
    fault("fastly-min-tls-missing", "prod-us", "A Fastly backend drops minTlsVersion.",
        change(T.fastly, "bibox-edge-fastly-service", (r) => { delete (r.inputs.backends as Record<string, unknown>[])[2].minTlsVersion; }),
        "backend origin_eu_west_1 sets no minTlsVersion"),
    fault("fastly-min-tls-1-0", "prod-us", "A Fastly backend accepts TLS 1.0.",
        change(T.fastly, "bibox-edge-fastly-service", (r) => { (r.inputs.backends as Record<string, unknown>[])[0].minTlsVersion = "1.0"; }),
        "backend origin_us_east_1 accepts TLS 1.0"),
    fault("fastly-use-ssl-missing", "prod-us", "A Fastly backend drops useSsl (default false).",
        change(T.fastly, "bibox-edge-fastly-service", (r) => { delete (r.inputs.backends as Record<string, unknown>[])[1].useSsl; }),
        "backend origin_ap_northeast_1 is not reached over TLS with certificate checks"),
    fault("fastly-port-missing", "prod-us", "A Fastly backend drops its port (default 80).",
        change(T.fastly, "bibox-edge-fastly-service", (r) => { delete (r.inputs.backends as Record<string, unknown>[])[0].port; }),
        "backend origin_us_east_1 speaks TLS to port 80 (the default)"),
    fault("s3-tls-deny-bucket-only", "prod-eu", "The media bucket's TLS deny names the bucket ARN but not its objects.",
        change(T.bucketPolicy, "bibox-media-policy", (r) => editJson(r, "policy", (d) => { d.Statement[0].Resource = [mediaArn("prod-eu")]; })),
        "Bucket bibox-media-bucket refuses requests without TLS on the bucket but not on its objects"),
    fault("s3-tls-deny-objects-only", "prod-ap", "The media bucket's TLS deny names the objects but not the bucket.",
        change(T.bucketPolicy, "bibox-media-policy", (r) => editJson(r, "policy", (d) => { d.Statement[0].Resource = `${mediaArn("prod-ap")}/*`; })),
        "Bucket bibox-media-bucket refuses requests without TLS on its objects but not on the bucket"),
    fault("s3-tls-deny-inverted", "prod-us", "The trail bucket's deny fires on SecureTransport true instead of false.",
        change(T.bucketPolicy, "bibox-security-trail-policy", (r) => editJson(r, "policy", (d) => { d.Statement[0].Condition.Bool["aws:SecureTransport"] = "true"; })),
        "Bucket bibox-security-trail-bucket does not refuse requests without TLS"),
    fault("alb-listener-default-tls-policy", "prod-eu", "The accelerator listener drops sslPolicy (default ELBSecurityPolicy-2016-08).",
        change(T.listener, "bibox-edge-origin-accelerator-https", (r) => { delete r.inputs.sslPolicy; }),
        "Listener bibox-edge-origin-accelerator-https uses TLS policy ELBSecurityPolicy-2016-08 (the default)"),
    fault("aurora-force-ssl-missing", "prod-ap", "The Aurora parameter group drops rds.force_ssl (default 0).",
        change(T.params, "bibox-aurora-params", (r) => { r.inputs.parameters = (r.inputs.parameters as { name: string }[]).filter((p) => p.name !== "rds.force_ssl"); }),
        "Aurora cluster bibox-aurora-cluster accepts connections without TLS"),

    // --- Audit: CloudTrail, S3 object writes, EKS control plane
    fault("trail-single-region", "prod-us", "The trail records one region only.",
        change(T.trail, "bibox-security-trail", (r) => { r.inputs.isMultiRegionTrail = false; }),
        "Trail bibox-security-trail records one region only"),
    fault("trail-no-log-validation", "prod-us", "The trail drops log-file validation (default false).",
        change(T.trail, "bibox-security-trail", (r) => { delete r.inputs.enableLogFileValidation; }),
        "Trail bibox-security-trail does not validate its log files (enableLogFileValidation is unset, default false)"),
    fault("trail-no-kms", "prod-us", "The trail drops its KMS key.",
        change(T.trail, "bibox-security-trail", (r) => { delete r.inputs.kmsKeyId; }),
        "Trail bibox-security-trail does not encrypt its log files with a KMS key"),
    fault("trail-missing", "prod-us", "The owner plan loses its trail.",
        remove(T.trail, "bibox-security-trail"),
        "holds the platform's global resources (bibox-edge-accelerator) but no CloudTrail trail"),
    fault("trail-no-data-events", "prod-us", "The trail keeps only its management selector: no S3 object writes.",
        change(T.trail, "bibox-security-trail", (r) => { r.inputs.advancedEventSelectors = (r.inputs.advancedEventSelectors as unknown[]).slice(0, 1); }),
        "Trail bibox-security-trail does not record the object writes of every bucket of the account"),
    fault("trail-data-events-own-region-only", "prod-us", "The trail's data selector is narrowed to the owner's media bucket.",
        change(T.trail, "bibox-security-trail", (r) => { ((r.inputs.advancedEventSelectors as { fieldSelectors: Record<string, unknown>[] }[])[1].fieldSelectors[3]) = { field: "resources.ARN", startsWith: [`${mediaArn("prod-us")}/`] }; }),
        "Trail bibox-security-trail does not record the object writes of every bucket of the account"),
    fault("trail-no-management-events", "prod-us", "The trail keeps only its data selector: management events stop.",
        change(T.trail, "bibox-security-trail", (r) => { r.inputs.advancedEventSelectors = (r.inputs.advancedEventSelectors as unknown[]).slice(1); }),
        "Trail bibox-security-trail does not record all read and write management events"),
    fault("trail-excludes-media-bucket", "prod-us", "The trail's data selector also excludes the media bucket.",
        change(T.trail, "bibox-security-trail", (r) => { ((r.inputs.advancedEventSelectors as { fieldSelectors: { notStartsWith?: string[] }[] }[])[1].fieldSelectors[3].notStartsWith!).push(`${mediaArn("prod-us")}/`); }),
        "Bucket bibox-media-bucket: no trail records its object writes"),
    fault("eks-no-audit-log", "prod-eu", "The EKS cluster stops sending its audit log.",
        change(T.eks, "bibox-eks-cluster", (r) => { r.inputs.enabledClusterLogTypes = ["api", "authenticator"]; }),
        "EKS cluster bibox-eks-cluster does not log audit"),
    fault("eks-no-logs", "prod-ap", "The EKS cluster drops enabledClusterLogTypes (EKS logs nothing by default).",
        change(T.eks, "bibox-eks-cluster", (r) => { delete r.inputs.enabledClusterLogTypes; }),
        "EKS cluster bibox-eks-cluster does not log api, audit, authenticator (enabledClusterLogTypes unset"),

    // --- Audit: the public entries' WAF and request logs
    fault("alb-without-waf", "prod-eu", "The origin ALB loses its web ACL association.",
        remove(T.webAclAssociation, "bibox-edge-origin-waf"),
        "Load balancer bibox-edge-origin-alb faces the internet with no WAF web ACL"),
    fault("waf-count-only", "prod-ap", "Every managed rule group of the origin web ACL is overridden to count.",
        change(T.webAcl, "bibox-edge-origin-waf", (r) => { for (const rule of r.inputs.rules as Record<string, unknown>[]) rule.overrideAction = { count: {} }; }),
        "Load balancer bibox-edge-origin-alb: its web ACL bibox-edge-origin-waf enforces no rule group"),
    fault("waf-not-logged", "prod-us", "The origin web ACL loses its logging configuration.",
        remove(T.webAclLogging, "bibox-edge-origin-waf-logs"),
        "Load balancer bibox-edge-origin-alb keeps no record of its requests"),
    fault("cloudflare-managed-waf-disabled", "prod-us", "The Cloudflare Managed Ruleset rule is disabled.",
        change(T.ruleset, "bibox-edge-cloudflare-waf-managed", (r) => { (r.inputs.rules as Record<string, unknown>[])[0].enabled = false; }),
        "runs no WAF managed ruleset"),
    fault("cloudflare-managed-waf-removed", "prod-us", "The zone's managed WAF ruleset is removed.",
        remove(T.ruleset, "bibox-edge-cloudflare-waf-managed"),
        "runs no WAF managed ruleset"),
    fault("accelerator-endpoint-not-alb", "prod-ap", "The accelerator's endpoint is an Elastic IP instead of the ALB.",
        change(T.endpointGroup, "bibox-edge-origin-accelerator", (r) => { (r.inputs.endpointConfigurations as Record<string, unknown>[])[0].endpointId = "eipalloc-0123456789abcdef0"; }),
        "Accelerator endpoint group bibox-edge-origin-accelerator sends traffic to eipalloc-0123456789abcdef0"),
];
