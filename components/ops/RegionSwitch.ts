import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrust } from "../iam";
import { accountScope } from "../kms";
import { regionalName } from "../naming";

export interface RegionSwitchArgs {
    /** The owner's region: where the plan, its role and the Lambda live. */
    region: string;
    regions: readonly string[];
    rtoSeconds: number;
    globalClusterId: string;
    /** The accelerator listener whose endpoint groups the dial turns. */
    acceleratorListenerArn: pulumi.Input<string>;
    /** @default "shop" — namespace whose Deployments the surviving regions scale up */
    namespace?: string;
    /** @default 150 — surviving regions carry 3/2 of their load when one of three is gone */
    scaleTargetPercent?: number;
}

/** Runs in Lambda: sets the endpoint group of the plan's target region to 0 % or 100 %. */
export const TRAFFIC_DIAL_HANDLER = `import { GlobalAcceleratorClient, ListEndpointGroupsCommand, UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
const ga = new GlobalAcceleratorClient({ region: "us-west-2" });
export const handler = async (event) => {
  const region = event.targetRegion ?? event.region;
  const dial = (event.action ?? event.workflowTargetAction) === "activate" ? 100 : 0;
  const { EndpointGroups } = await ga.send(new ListEndpointGroupsCommand({ ListenerArn: process.env.LISTENER_ARN }));
  const group = EndpointGroups.find((g) => g.EndpointGroupRegion === region);
  if (!group) throw new Error("no endpoint group for " + region);
  await ga.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: group.EndpointGroupArn, TrafficDialPercentage: dial }));
  return { region, dial };
};
`;

/** The role every cluster gives Kubernetes access to, so the plan can scale Deployments. */
export const regionSwitchRoleName = (ownerRegion: string) => regionalName(ownerRegion, "region-switch");

/**
 * Disaster recovery in code (owner stack): an AWS ARC Region switch plan, active-active over the
 * three regions, with the RTO as its objective. Deactivating a region turns its accelerator dial
 * to 0 %, fails the Aurora global database over (switchover when planned, failover when not) and
 * scales the shop's Deployments up in the surviving regions; activating turns the dial back.
 */
export class RegionSwitch extends pulumi.ComponentResource {
    public readonly planArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: RegionSwitchArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:ops:RegionSwitch", name, {}, opts);
        const parent = { parent: this };
        const scope = accountScope(this, args.region);
        const namespace = args.namespace ?? "shop";
        const clusterArns = scope.apply((s) => args.regions.map((r) => `arn:${s.partition}:rds:${r}:${s.accountId}:cluster:bibox-${r}`));
        const eksArns = scope.apply((s) => args.regions.map((r) => `arn:${s.partition}:eks:${r}:${s.accountId}:cluster/bibox-${r}`));

        const lambdaRole = new aws.iam.Role(`${name}-dial`, {
            name: regionalName(args.region, "ga-traffic-dial"),
            description: "Turns Global Accelerator traffic dials during a region switch",
            assumeRolePolicy: serviceTrust("lambda.amazonaws.com"),
        }, parent);
        new aws.iam.RolePolicy(`${name}-dial`, {
            name: "turn-traffic-dials",
            role: lambdaRole.id,
            policy: pulumi.output(args.acceleratorListenerArn).apply((listener) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["globalaccelerator:ListEndpointGroups", "globalaccelerator:UpdateEndpointGroup", "globalaccelerator:DescribeEndpointGroup"], Resource: [listener, `${listener}/endpoint-group/*`] },
                    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${args.region}:*:log-group:/aws/lambda/${regionalName(args.region, "ga-traffic-dial")}:*` },
                ],
            })),
        }, parent);
        const dial = new aws.lambda.Function(`${name}-dial`, {
            name: regionalName(args.region, "ga-traffic-dial"),
            description: "Region switch: accelerator traffic dial to 0 % (deactivate) or 100 % (activate)",
            runtime: "nodejs22.x",
            handler: "index.handler",
            role: lambdaRole.arn,
            timeout: 60,
            code: new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.StringAsset(TRAFFIC_DIAL_HANDLER) }),
            environment: { variables: { LISTENER_ARN: args.acceleratorListenerArn } },
        }, parent);

        const role = new aws.iam.Role(`${name}-role`, {
            name: regionSwitchRoleName(args.region),
            description: "Executes the Region switch plan",
            assumeRolePolicy: serviceTrust("arc-region-switch.amazonaws.com"),
        }, parent);
        new aws.iam.RolePolicy(`${name}-role`, {
            name: "execute-region-switch",
            role: role.id,
            policy: pulumi.all([scope, clusterArns, eksArns, dial.arn]).apply(([s, dbs, clusters, fn]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["rds:FailoverGlobalCluster", "rds:SwitchoverGlobalCluster", "rds:DescribeGlobalClusters", "rds:DescribeDBClusters"],
                        Resource: [`arn:${s.partition}:rds::${s.accountId}:global-cluster:${args.globalClusterId}`, ...dbs],
                    },
                    { Effect: "Allow", Action: ["eks:DescribeCluster", "eks:ListAssociatedAccessPolicies"], Resource: clusters },
                    { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fn },
                    { Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:GetMetricData"], Resource: "*" },
                ],
            })),
        }, parent);

        const dialStep = (action: string) => ({
            name: `accelerator-dial-${action}`,
            description: `Accelerator traffic dial of the target region ${action === "deactivate" ? "to 0 %" : "back to 100 %"}`,
            executionBlockType: "CustomActionLambda",
            customActionLambdaConfigs: [{ lambdas: [{ arn: dial.arn }], regionToRun: "activatingRegion", retryIntervalMinutes: 1, timeoutMinutes: 2 }],
        });
        const plan = new aws.arcregionswitch.Plan(`${name}-plan`, {
            name: "bibox-pleasure",
            description: "Evacuate or restore a region of Pleasure",
            executionRole: role.arn,
            recoveryApproach: "activeActive",
            regions: [...args.regions],
            recoveryTimeObjectiveMinutes: Math.floor(args.rtoSeconds / 60),
            workflows: [
                {
                    workflowTargetAction: "deactivate",
                    workflowDescription: "Evacuate a region: edge first, then the writer, then capacity",
                    steps: [
                        dialStep("deactivate"),
                        {
                            name: "aurora-global-writer",
                            description: "Move the Aurora writer out of the region: switchover when graceful, failover when not",
                            executionBlockType: "AuroraGlobalDatabase",
                            globalAuroraConfigs: [{ behavior: "switchoverOnly", ungracefuls: [{ ungraceful: "failover" }], globalClusterIdentifier: args.globalClusterId, databaseClusterArns: clusterArns, timeoutMinutes: 5 }],
                        },
                        {
                            name: "scale-surviving-regions",
                            description: `Scale the ${namespace} Deployments in the surviving regions`,
                            executionBlockType: "EKSResourceScaling",
                            eksResourceScalingConfigs: [{
                                capacityMonitoringApproach: "sampledMaxInLast24Hours",
                                targetPercent: args.scaleTargetPercent ?? 150,
                                eksClusters: eksArns.apply((arns) => arns.map((clusterArn) => ({ clusterArn }))),
                                kubernetesResourceTypes: [{ apiVersion: "apps/v1", kind: "Deployment" }],
                                scalingResources: [{ namespace, resources: ["web", "api"].map((d) => ({ name: d, namespace, resourceName: d })) }],
                                timeoutMinutes: 3,
                            }],
                        },
                    ],
                },
                { workflowTargetAction: "activate", workflowDescription: "Bring a healthy region back into rotation", steps: [dialStep("activate")] },
            ],
        }, parent);

        this.planArn = plan.arn;
        this.roleArn = role.arn;
        this.registerOutputs({ planArn: this.planArn });
    }
}
