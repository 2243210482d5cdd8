import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrust } from "../iam";
import { Account, logGroupKeyPolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { dialFunctionName } from "./region-switch-plans";

export interface RegionSwitchDialArgs {
    /** The stack's region: where the dial function (dialFunctionName), its key and its logs are. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** The accelerator listener whose endpoint groups the dial turns (the owner's). */
    acceleratorListenerArn: pulumi.Input<string>;
    /** @default 365 — a year of the function's logs */
    logRetentionDays?: number;
    /**
     * @default none — the URN of the component that made these resources before (the owner's
     * RegionSwitch, when one plan held the function), so moving them here replaces nothing.
     */
    previousParent?: pulumi.Input<string>;
}

/**
 * Runs in Lambda, in the activating region of a Region switch plan: asks ARC which region the
 * execution targets and what it does (the invocation carries PlanArn and ExecutionId:
 * https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Lambdas.html), then sets that
 * region's accelerator endpoint group to 0 % (deactivate) or 100 % (activate). Global Accelerator's
 * API lives in us-west-2.
 */
export const TRAFFIC_DIAL_HANDLER = `import { ARCRegionSwitchClient, GetPlanExecutionCommand } from "@aws-sdk/client-arc-region-switch";
import { GlobalAcceleratorClient, ListEndpointGroupsCommand, UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
const arc = new ARCRegionSwitchClient({});
const ga = new GlobalAcceleratorClient({ region: "us-west-2" });
export const handler = async (event) => {
  const execution = await arc.send(new GetPlanExecutionCommand({ planArn: event.PlanArn, executionId: event.ExecutionId }));
  const region = execution.executionRegion;
  const dial = execution.executionAction === "activate" ? 100 : 0;
  const { EndpointGroups } = await ga.send(new ListEndpointGroupsCommand({ ListenerArn: process.env.LISTENER_ARN }));
  const group = EndpointGroups.find((g) => g.EndpointGroupRegion === region);
  if (!group) throw new Error("no endpoint group for " + region);
  await ga.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: group.EndpointGroupArn, TrafficDialPercentage: dial }));
  return { region, dial };
};
`;

/**
 * A region's traffic-dial function for the Region switch plans: every region of a plan must hold
 * one (each stack makes its own, so a plan never depends on a region it evacuates), with its role
 * and its own encrypted, bounded log group created before the function writes to it.
 */
export class RegionSwitchDial extends pulumi.ComponentResource {
    public readonly functionArn: pulumi.Output<string>;

    constructor(name: string, args: RegionSwitchDialArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:ops:RegionSwitchDial", name, {}, opts);
        const parent = { parent: this };
        const moved = (oldName: string): pulumi.CustomResourceOptions =>
            args.previousParent ? { parent: this, aliases: [{ name: oldName, parent: args.previousParent }] } : parent;
        const scope = scopeIn(args.account, args.region);
        const functionName = dialFunctionName(args.region);
        const logGroupName = `/aws/lambda/${functionName}`;

        const key = customerKey(`${name}-logs-key`, {
            description: `Logs of ${functionName}`,
            alias: `alias/${functionName}-logs`,
            policy: scope.apply((s) => logGroupKeyPolicy({ ...s, logGroupName })),
        }, this);
        const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: logGroupName, retentionInDays: args.logRetentionDays ?? 365, kmsKeyId: key.arn }, { parent: this, protect: true });

        const role = new aws.iam.Role(`${name}`, {
            name: functionName,
            description: "Turns Global Accelerator traffic dials during a region switch",
            assumeRolePolicy: serviceTrust("lambda.amazonaws.com"),
        }, moved("bibox-region-switch-dial"));
        const rolePolicy = new aws.iam.RolePolicy(`${name}`, {
            name: "turn-traffic-dials",
            role: role.id,
            policy: pulumi.all([scope, args.acceleratorListenerArn, logs.arn]).apply(([s, listener, logsArn]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["globalaccelerator:ListEndpointGroups", "globalaccelerator:UpdateEndpointGroup", "globalaccelerator:DescribeEndpointGroup"], Resource: [listener, `${listener}/endpoint-group/*`] },
                    { Effect: "Allow", Action: "arc-region-switch:GetPlanExecution", Resource: `arn:${s.partition}:arc-region-switch::${s.accountId}:plan/bibox-*` },
                    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logsArn}:*` },
                ],
            })),
        }, moved("bibox-region-switch-dial"));
        const fn = new aws.lambda.Function(`${name}`, {
            name: functionName,
            description: "Region switch: accelerator traffic dial to 0 % (deactivate) or 100 % (activate)",
            runtime: "nodejs22.x",
            handler: "index.handler",
            role: role.arn,
            timeout: 60,
            code: new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.StringAsset(TRAFFIC_DIAL_HANDLER) }),
            environment: { variables: { LISTENER_ARN: args.acceleratorListenerArn } },
            loggingConfig: { logFormat: "JSON", logGroup: logs.name },
        }, { ...moved("bibox-region-switch-dial"), dependsOn: [logs, rolePolicy] });

        this.functionArn = fn.arn;
        this.registerOutputs({ functionArn: this.functionArn });
    }
}
