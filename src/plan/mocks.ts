/**
 * The mock cloud the offline plan runs against. It answers what a real provider would compute
 * (ids, ARNs, key ids) with recognisable placeholders, and refuses any data-source call it does
 * not know, so an unplanned lookup shows up as an error instead of a silent undefined.
 */
import * as pulumi from "@pulumi/pulumi";

/** The account every ARN of the plan is in: obviously not a real one. */
export const MOCK_ACCOUNT_ID = "123456789012";

export class PlanMocks implements pulumi.runtime.Mocks {
    constructor(private readonly region: string) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        if (args.type === "pulumi:pulumi:StackReference") return this.stackReference(args);
        const id = args.custom ? `${args.name}-id` : undefined;
        return { id, state: { ...args.inputs, ...this.computed(args) } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/plan`, userId: "PLAN", id: MOCK_ACCOUNT_ID };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
            case "aws:index/getRegion:getRegion":
                return { name: this.region, region: this.region, id: this.region };
            // Published address ranges: documentation blocks (RFC 5737) stand in for the real lists.
            case "aws:index/getIpRanges:getIpRanges":
                return { cidrBlocks: ["192.0.2.0/26"], ipv6CidrBlocks: [], createDate: "plan", syncToken: 0, id: "plan" };
            case "cloudflare:index/getIpRanges:getIpRanges":
                return { ipv4Cidrs: ["198.51.100.0/25"], ipv6Cidrs: [], jdcloudCidrs: [], etag: "plan" };
            case "fastly:index/getFastlyIpRanges:getFastlyIpRanges":
                return { cidrBlocks: ["203.0.113.128/25"], ipv6CidrBlocks: [], id: "plan" };
            default:
                throw new Error(`the offline plan has no mock for data source ${args.token}; add one to src/plan/mocks.ts`);
        }
    }

    /**
     * The owner stack's outputs as a member reads them: placeholders in the shapes the real owner
     * exports (its AUTH token secret).
     */
    private stackReference(args: pulumi.runtime.MockResourceArgs) {
        const name = String(args.inputs.name);
        return {
            id: name,
            state: {
                name,
                outputs: {
                    globalWriterEndpoint: "bibox-pleasure.global-plan.global.rds.amazonaws.com",
                    cacheGlobalReplicationGroupId: "plan-bibox-sessions",
                    cacheAuthToken: "plan-owner-auth-token",
                    acceleratorListenerArn: "arn:aws:globalaccelerator::123456789012:accelerator/plan/listener/plan",
                },
                secretOutputNames: ["cacheAuthToken"],
            },
        };
    }

    /** Outputs the provider would compute and the program reads. */
    private computed(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
        switch (args.type) {
            case "random:index/randomPassword:RandomPassword":
                return { result: `plan-random-${args.name}` };
            case "fastly:index/serviceVcl:ServiceVcl":
                return { dictionaries: ((args.inputs.dictionaries ?? []) as object[]).map((d) => ({ ...d, dictionaryId: `${args.name}-dictionary` })) };
            case "akamai:index/property:Property":
                return { latestVersion: 1 };
        }
        if (!args.type.startsWith("aws:")) return {};
        const service = args.type.slice(4, args.type.indexOf("/"));
        const name = (args.inputs.name ?? args.inputs.clusterIdentifier ?? args.inputs.bucket ?? args.name) as string;
        const out: Record<string, unknown> = { arn: `arn:aws:${service}:${this.region}:${MOCK_ACCOUNT_ID}:${name}` };
        switch (args.type) {
            case "aws:kms/key:Key":
                out.keyId = `${args.name}-key-id`;
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                out.arn = `arn:aws:logs:${this.region}:${MOCK_ACCOUNT_ID}:log-group:${name}`;
                break;
            case "aws:iam/role:Role":
                out.arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
                break;
            case "aws:iam/policy:Policy":
                out.arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/${name}`;
                break;
            case "aws:sqs/queue:Queue":
                out.url = `https://sqs.${this.region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${name}`;
                break;
            case "aws:ec2/launchTemplate:LaunchTemplate":
                out.latestVersion = 1;
                break;
            case "aws:s3/bucket:Bucket":
                out.arn = `arn:aws:s3:::${args.inputs.bucket}`;
                out.bucket = args.inputs.bucket;
                break;
            case "aws:rds/cluster:Cluster":
                out.endpoint = `${name}.cluster-plan.${this.region}.rds.amazonaws.com`;
                out.readerEndpoint = `${name}.cluster-ro-plan.${this.region}.rds.amazonaws.com`;
                break;
            case "aws:rds/globalCluster:GlobalCluster":
                out.endpoint = `${args.inputs.globalClusterIdentifier}.global-plan.global.rds.amazonaws.com`;
                break;
            case "aws:elasticache/replicationGroup:ReplicationGroup":
                out.primaryEndpointAddress = `master.${args.inputs.replicationGroupId}.plan.cache.amazonaws.com`;
                break;
            case "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup":
                out.globalReplicationGroupId = `plan-${args.inputs.globalReplicationGroupIdSuffix}`;
                break;
            case "aws:backup/vault:Vault":
                out.arn = `arn:aws:backup:${this.region}:${MOCK_ACCOUNT_ID}:backup-vault:${name}`;
                break;
            case "aws:acm/certificate:Certificate": {
                const domainName = String(args.inputs.domainName);
                out.domainValidationOptions = [
                    { domainName, resourceRecordName: `_plan.${domainName}.`, resourceRecordType: "CNAME", resourceRecordValue: "_plan.acm-validations.aws." },
                ];
                break;
            }
            case "aws:lb/loadBalancer:LoadBalancer":
                out.dnsName = `${name}.${this.region}.elb.amazonaws.com`;
                out.arnSuffix = `app/${name}/plan`;
                break;
            case "aws:lb/targetGroup:TargetGroup":
                out.arnSuffix = `targetgroup/${name}/plan`;
                break;
            case "aws:amp/scraper:Scraper":
                out.roleArn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/scraper.aps.amazonaws.com/AWSServiceRoleForAmazonPrometheusScraper_plan`;
                break;
            case "aws:globalaccelerator/accelerator:Accelerator":
                out.ipSets = [{ ipFamily: "IPv4", ipAddresses: ["192.0.2.10", "192.0.2.11"] }];
                out.dnsName = "plan.awsglobalaccelerator.com";
                break;
            case "aws:eks/cluster:Cluster":
                out.endpoint = `https://${name}.gr7.${this.region}.eks.amazonaws.com`;
                out.certificateAuthority = { data: "UExBTi1DQQ==" };
                out.vpcConfig = { ...(args.inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${name}` };
                out.arn = `arn:aws:eks:${this.region}:${MOCK_ACCOUNT_ID}:cluster/${name}`;
                break;
        }
        return out;
    }
}
