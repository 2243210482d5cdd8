import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { APP_NAMESPACE } from "../lib/naming";

export interface RegionSwitchAccessArgs {
    /** This region's cluster (its name as an output, so the entry waits for it). */
    cluster: pulumi.Input<string>;
    /** The Region switch plan's execution role (the owner's; its ARN is deterministic). */
    principalArn: pulumi.Input<string>;
    /** @default APP_NAMESPACE ("shop") — where the plan may scale Deployments */
    namespace?: string;
}

/**
 * The EKS access policy ARC documents for its EKS resource-scaling step: get and update of every
 * resource's scale subresource, get of its status, get and patch of HPAs
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/eks-resource-scaling-block.html).
 */
export const ARC_SCALING_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonARCRegionSwitchScalingPolicy";

/**
 * Lets the Region switch plans scale this cluster's shop Deployments: an access entry for the
 * plans' role with ARC's scaling policy in one namespace, nothing more. Every stack has it; the
 * role lives in the owner stack, which is brought up first.
 */
export class RegionSwitchAccess extends pulumi.ComponentResource {
    constructor(name: string, args: RegionSwitchAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:ops:RegionSwitchAccess", name, {}, opts);
        const namespace = args.namespace ?? APP_NAMESPACE;
        const entry = new aws.eks.AccessEntry(`${name}-entry`, { clusterName: args.cluster, principalArn: args.principalArn, type: "STANDARD" }, { parent: this });
        new aws.eks.AccessPolicyAssociation(`${name}-scaling`, {
            clusterName: args.cluster,
            principalArn: args.principalArn,
            policyArn: ARC_SCALING_POLICY_ARN,
            accessScope: { type: "namespace", namespaces: [namespace] },
        }, { parent: this, dependsOn: [entry], aliases: [{ name: `${name}-edit` }] });
        this.registerOutputs({});
    }
}
