/**
 * The ARC Region switch plans as data (pure). AWS's facts, from the ARC API reference and user
 * guide (read 2026-12):
 * - a plan spans exactly two Regions ("Array Members: Fixed number of 2 items",
 *   https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Plan.html), so three active regions
 *   get one plan per region pair; the deactivate workflow of a pair evacuates either of its regions
 *   into the other;
 * - a plan name is 1-32 characters, `[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?` (API_CreatePlan);
 * - a custom-action Lambda step names one function in each Region of the plan
 *   (https://docs.aws.amazon.com/r53recovery/latest/dg/custom-action-lambda-block.html); we run it in
 *   the activating Region, never depending on the one being evacuated;
 * - an EKS resource-scaling step names at least two clusters, its scaling resources keyed by Region
 *   (`[a-z]{2}-[a-z-]+-\d+`), and `sampledMaxInLast24Hours` is the one capacity approach
 *   (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_EksResourceScalingConfiguration.html);
 * - Aurora: `switchoverOnly` when graceful, `failover` (AllowDataLoss) when ungraceful
 *   (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_GlobalAuroraConfiguration.html).
 */

import { regionalName } from "../lib/naming";

/** A plan's two regions, in the order of the active-active set (the owner first). */
export type RegionPair = readonly [string, string];

export const PLAN_NAME_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

/** Every unordered pair of the regions, in their order: [a,b], [a,c], [b,c]. */
export function regionPairs(regions: readonly string[]): RegionPair[] {
    const pairs: RegionPair[] = [];
    regions.forEach((a, i) => regions.slice(i + 1).forEach((b) => pairs.push([a, b])));
    return pairs;
}

/** `bibox-us-east-1-eu-west-1`: the plan of a pair, within ARC's 32 characters. */
export function pairPlanName(pair: RegionPair): string {
    const name = `bibox-${pair[0]}-${pair[1]}`;
    if (!PLAN_NAME_PATTERN.test(name)) throw new Error(`Region switch plan name ${name} does not fit ARC's 32-character pattern`);
    return name;
}

/**
 * Geographies by how far their users' traffic travels from the United States (the business asks
 * for low latency for US users): North America, then South America, Europe, the Middle East and
 * Africa, Asia-Pacific. Unknown prefixes sort last.
 */
const US_PROXIMITY = ["us", "ca", "mx", "sa", "eu", "il", "me", "af", "ap"];

/**
 * The order in which regions take the Aurora writer: the owner first (it holds the writer), then the
 * other regions nearest to US users first, ties by name.
 */
export function successionOrder(owner: string, regions: readonly string[]): string[] {
    const rank = (r: string) => {
        const i = US_PROXIMITY.indexOf(r.split("-")[0]);
        return i < 0 ? US_PROXIMITY.length : i;
    };
    const others = regions.filter((r) => r !== owner).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return [owner, ...others];
}

/** Where the Aurora writer (and the evacuated region's share) goes when `lost` is evacuated: the first other region in succession order. */
export function successorOf(lost: string, regions: readonly string[]): string {
    const next = regions.find((r) => r !== lost);
    if (!next) throw new Error(`no region left to take over from ${lost}`);
    return next;
}

/** The plan to run when `lost` is evacuated: the pair of `lost` and its successor. */
export function evacuationPair(lost: string, regions: readonly string[]): RegionPair {
    const successor = successorOf(lost, regions);
    return regionPairs(regions).find((p) => p.includes(lost) && p.includes(successor))!;
}

/** The traffic-dial function each region runs (its log group is `/aws/lambda/<name>`). */
export const dialFunctionName = (region: string) => regionalName(region, "ga-traffic-dial");

export interface PlanArns {
    /** The traffic-dial function of each region of the pair. */
    dialArns: Record<string, string>;
    /** The Aurora cluster of each region. */
    auroraClusterArns: Record<string, string>;
    /** The EKS cluster of each region. */
    eksClusterArns: Record<string, string>;
}

export interface PlanShape {
    pair: RegionPair;
    globalClusterId: string;
    namespace: string;
    deployments: readonly string[];
    targetPercent: number;
}

/** The two workflows of a pair's plan: deactivate (evacuate a region into the other) and activate (bring it back). */
export function pairWorkflows(shape: PlanShape, arns: PlanArns) {
    const [a, b] = shape.pair;
    const dialStep = (action: "deactivate" | "activate") => ({
        name: `accelerator-dial-${action}`,
        description: `Accelerator traffic dial of the target region ${action === "deactivate" ? "to 0 %" : "back to 100 %"}`,
        executionBlockType: "CustomActionLambda",
        customActionLambdaConfigs: [{
            lambdas: [{ arn: arns.dialArns[a] }, { arn: arns.dialArns[b] }],
            regionToRun: "activatingRegion",
            retryIntervalMinutes: 1,
            timeoutMinutes: 2,
        }],
    });
    return [
        {
            workflowTargetAction: "deactivate",
            workflowDescription: "Evacuate a region: edge first, then the writer, then capacity",
            steps: [
                dialStep("deactivate"),
                {
                    name: "aurora-global-writer",
                    description: "Move the Aurora writer out of the region: switchover when graceful, failover when not",
                    executionBlockType: "AuroraGlobalDatabase",
                    globalAuroraConfigs: [{
                        behavior: "switchoverOnly",
                        ungracefuls: [{ ungraceful: "failover" }],
                        globalClusterIdentifier: shape.globalClusterId,
                        databaseClusterArns: [arns.auroraClusterArns[a], arns.auroraClusterArns[b]],
                        timeoutMinutes: 5,
                    }],
                },
                {
                    name: "scale-activating-region",
                    description: `Scale the ${shape.namespace} Deployments of the activating region`,
                    executionBlockType: "EKSResourceScaling",
                    eksResourceScalingConfigs: [{
                        capacityMonitoringApproach: "sampledMaxInLast24Hours",
                        targetPercent: shape.targetPercent,
                        eksClusters: [{ clusterArn: arns.eksClusterArns[a] }, { clusterArn: arns.eksClusterArns[b] }],
                        kubernetesResourceTypes: [{ apiVersion: "apps/v1", kind: "Deployment" }],
                        // One entry per Deployment, keyed by namespace, its resources keyed by region.
                        scalingResources: shape.deployments.map((deployment) => ({
                            namespace: shape.namespace,
                            resources: shape.pair.map((region) => ({ resourceName: region, name: deployment, namespace: shape.namespace })),
                        })),
                        timeoutMinutes: 3,
                    }],
                },
            ],
        },
        { workflowTargetAction: "activate", workflowDescription: "Bring a healthy region back into rotation", steps: [dialStep("activate")] },
    ];
}
