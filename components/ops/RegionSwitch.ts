import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrust } from "../iam";
import type { Account } from "../key-policies";
import { scopeIn } from "../kms";
import { APP_NAMESPACE, clusterNameFor, regionalName } from "../lib/naming";
import { dialFunctionName, pairPlanName, pairWorkflows, regionPairs } from "./region-switch-plans";

export interface RegionSwitchArgs {
    /** The owner's region: where the plans' role is made (plans and roles are global). */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** The active-active set, the owner first: one plan per pair of them. */
    regions: readonly string[];
    /** The recovery time objective: each plan's, in whole minutes. */
    rtoSeconds: number;
    /** The Aurora global cluster whose writer the plans move. */
    globalClusterId: string;
    /**
     * What the plans wait for: this region's traffic-dial function (the other regions' are the members').
     * @default none — the plans wait only for their role's policy
     */
    dialDependsOn?: pulumi.Resource[];
    /** @default APP_NAMESPACE ("shop") — namespace whose Deployments the activating region scales up */
    namespace?: string;
    /** @default ["web", "api"] — the shop's Deployments */
    deployments?: readonly string[];
    /** @default 150 — a survivor carries 3/2 of its load when one of three regions is gone */
    scaleTargetPercent?: number;
}

/** The role every cluster gives Kubernetes access to, so the plans can scale Deployments. */
export const regionSwitchRoleName = (ownerRegion: string) => regionalName(ownerRegion, "region-switch");

/**
 * Disaster recovery in code (owner stack): AWS ARC Region switch, active-active. A plan spans
 * exactly two Regions, so there is one plan per pair of the three (region-switch-plans.ts); its
 * deactivate workflow evacuates either region of the pair into the other: accelerator dial to 0 %
 * (the activating region's function), the Aurora writer moved (switchover when graceful, failover
 * when not), the activating region's shop scaled up; activate turns the dial back. One execution
 * role serves all plans.
 */
export class RegionSwitch extends pulumi.ComponentResource {
    /** Plan ARNs by plan name. */
    public readonly planArns: Record<string, pulumi.Output<string>>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: RegionSwitchArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:ops:RegionSwitch", name, {}, opts);
        const parent = { parent: this };
        const scope = scopeIn(args.account, args.region);
        const namespace = args.namespace ?? APP_NAMESPACE;
        const deployments = args.deployments ?? ["web", "api"];
        const roleName = regionSwitchRoleName(args.region);
        const byRegion = (arn: (s: { partition: string; accountId: string }, region: string) => string) =>
            scope.apply((s) => Object.fromEntries(args.regions.map((r) => [r, arn(s, r)])) as Record<string, string>);
        const auroraClusterArns = byRegion((s, r) => `arn:${s.partition}:rds:${r}:${s.accountId}:cluster:${clusterNameFor(r)}`);
        const eksClusterArns = byRegion((s, r) => `arn:${s.partition}:eks:${r}:${s.accountId}:cluster/${clusterNameFor(r)}`);
        const accessEntryArns = byRegion((s, r) => `arn:${s.partition}:eks:${r}:${s.accountId}:access-entry/${clusterNameFor(r)}/*`);
        const dialArns = byRegion((s, r) => `arn:${s.partition}:lambda:${r}:${s.accountId}:function:${dialFunctionName(r)}`);

        const role = new aws.iam.Role(`${name}-role`, {
            name: roleName,
            description: "Executes the Region switch plans",
            assumeRolePolicy: serviceTrust("arc-region-switch.amazonaws.com"),
        }, parent);
        // What each execution block needs, as ARC's sample policies list it
        // (https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_complete_policy.html
        // and the _aurora, _eks and _lambda pages beside it).
        const rolePolicy = new aws.iam.RolePolicy(`${name}-role`, {
            name: "execute-region-switch",
            role: role.id,
            policy: pulumi.all([scope, auroraClusterArns, eksClusterArns, accessEntryArns, dialArns]).apply(([s, dbs, clusters, entries, dials]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "PlanEvaluation", Effect: "Allow", Action: "iam:SimulatePrincipalPolicy", Resource: `arn:${s.partition}:iam::${s.accountId}:role/${roleName}` },
                    { Sid: "PlanExecutions", Effect: "Allow", Action: ["arc-region-switch:GetPlan", "arc-region-switch:GetPlanExecution", "arc-region-switch:ListPlanExecutions"], Resource: "*" },
                    {
                        Sid: "AuroraGlobalWriter",
                        Effect: "Allow",
                        Action: ["rds:FailoverGlobalCluster", "rds:SwitchoverGlobalCluster"],
                        Resource: [`arn:${s.partition}:rds::${s.accountId}:global-cluster:${args.globalClusterId}`, ...Object.values(dbs)],
                    },
                    { Sid: "AuroraDescribe", Effect: "Allow", Action: ["rds:DescribeGlobalClusters", "rds:DescribeDBClusters"], Resource: "*" },
                    { Sid: "EksClusters", Effect: "Allow", Action: "eks:DescribeCluster", Resource: Object.values(clusters) },
                    { Sid: "EksAccessEntries", Effect: "Allow", Action: "eks:ListAssociatedAccessPolicies", Resource: Object.values(entries) },
                    { Sid: "TrafficDials", Effect: "Allow", Action: ["lambda:GetFunction", "lambda:InvokeFunction"], Resource: Object.values(dials) },
                    { Sid: "Alarms", Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory", "cloudwatch:GetMetricStatistics"], Resource: "*" },
                ],
            })),
        }, parent);

        this.planArns = {};
        for (const pair of regionPairs(args.regions)) {
            const planName = pairPlanName(pair);
            const plan = new aws.arcregionswitch.Plan(`${name}-${pair[0]}-${pair[1]}`, {
                name: planName,
                description: `Evacuate ${pair[0]} into ${pair[1]}, or ${pair[1]} into ${pair[0]}`,
                executionRole: role.arn,
                recoveryApproach: "activeActive",
                regions: [...pair],
                recoveryTimeObjectiveMinutes: Math.floor(args.rtoSeconds / 60),
                workflows: pulumi.all([auroraClusterArns, eksClusterArns, dialArns]).apply(([aurora, eks, dials]) =>
                    pairWorkflows(
                        { pair, globalClusterId: args.globalClusterId, namespace, deployments, targetPercent: args.scaleTargetPercent ?? 150 },
                        { auroraClusterArns: aurora, eksClusterArns: eks, dialArns: dials },
                    ),
                ),
            }, { parent: this, dependsOn: [rolePolicy, ...(args.dialDependsOn ?? [])] });
            this.planArns[planName] = plan.arn;
        }
        this.roleArn = role.arn;
        this.registerOutputs({ planArns: this.planArns, roleArn: this.roleArn });
    }
}
