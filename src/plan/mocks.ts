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
            default:
                throw new Error(`the offline plan has no mock for data source ${args.token}; add one to src/plan/mocks.ts`);
        }
    }

    /** Outputs the provider would compute and the program reads. */
    private computed(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
        if (!args.type.startsWith("aws:")) return {};
        const service = args.type.slice(4, args.type.indexOf("/"));
        const name = (args.inputs.name as string | undefined) ?? args.name;
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
