/**
 * IAM and interruption-queue documents for Karpenter v1 (the permissions of the project's
 * getting-started CloudFormation, scoped to this cluster and region). Pure: plain strings in,
 * JSON out, read by tests.
 */

export interface KarpenterScope {
    partition: string;
    region: string;
    accountId: string;
    clusterName: string;
}

type Statement = Record<string, unknown>;
const doc = (Statement: Statement[]) => JSON.stringify({ Version: "2012-10-17", Statement });

/** The node lifecycle: launch, tag and terminate only what carries this cluster's tags. */
function nodeLifecycle(s: KarpenterScope, nodeRoleArn: string): Statement[] {
    const ec2 = (resource: string) => `arn:${s.partition}:ec2:${s.region}:*:${resource}`;
    const owned = `kubernetes.io/cluster/${s.clusterName}`;
    const created = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map(ec2);
    const requestTags = {
        StringEquals: { [`aws:RequestTag/${owned}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": s.clusterName },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
    };
    const resourceTags = {
        StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
    };
    return [
        {
            Sid: "AllowScopedEC2InstanceAccessActions",
            Effect: "Allow",
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            Resource: [
                `arn:${s.partition}:ec2:${s.region}::image/*`,
                `arn:${s.partition}:ec2:${s.region}::snapshot/*`,
                ...["security-group/*", "subnet/*", "capacity-reservation/*", "placement-group/*"].map(ec2),
            ],
        },
        {
            Sid: "AllowScopedEC2LaunchTemplateAccessActions",
            Effect: "Allow",
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            Resource: ec2("launch-template/*"),
            Condition: resourceTags,
        },
        {
            Sid: "AllowScopedEC2InstanceActionsWithTags",
            Effect: "Allow",
            Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
            Resource: created,
            Condition: requestTags,
        },
        {
            Sid: "AllowScopedResourceCreationTagging",
            Effect: "Allow",
            Action: "ec2:CreateTags",
            Resource: created,
            Condition: {
                StringEquals: { ...requestTags.StringEquals, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] },
                StringLike: requestTags.StringLike,
            },
        },
        {
            Sid: "AllowScopedResourceTagging",
            Effect: "Allow",
            Action: "ec2:CreateTags",
            Resource: ec2("instance/*"),
            Condition: {
                ...resourceTags,
                StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": s.clusterName },
                "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
            },
        },
        {
            Sid: "AllowScopedDeletion",
            Effect: "Allow",
            Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            Resource: [ec2("instance/*"), ec2("launch-template/*")],
            Condition: resourceTags,
        },
        {
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: nodeRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } },
        },
    ];
}

/** Instance profiles Karpenter creates per EC2NodeClass, tagged with cluster and region. */
function instanceProfiles(s: KarpenterScope): Statement[] {
    const profiles = `arn:${s.partition}:iam::${s.accountId}:instance-profile/*`;
    const owned = `kubernetes.io/cluster/${s.clusterName}`;
    const region = "topology.kubernetes.io/region";
    return [
        {
            Sid: "AllowScopedInstanceProfileCreationActions",
            Effect: "Allow",
            Action: "iam:CreateInstanceProfile",
            Resource: profiles,
            Condition: {
                StringEquals: { [`aws:RequestTag/${owned}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": s.clusterName, [`aws:RequestTag/${region}`]: s.region },
                StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileTagActions",
            Effect: "Allow",
            Action: "iam:TagInstanceProfile",
            Resource: profiles,
            Condition: {
                StringEquals: {
                    [`aws:ResourceTag/${owned}`]: "owned",
                    [`aws:ResourceTag/${region}`]: s.region,
                    [`aws:RequestTag/${owned}`]: "owned",
                    "aws:RequestTag/eks:eks-cluster-name": s.clusterName,
                    [`aws:RequestTag/${region}`]: s.region,
                },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileActions",
            Effect: "Allow",
            Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
            Resource: profiles,
            Condition: {
                StringEquals: { [`aws:ResourceTag/${owned}`]: "owned", [`aws:ResourceTag/${region}`]: s.region },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Action: "iam:GetInstanceProfile", Resource: profiles },
        { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Action: "iam:ListInstanceProfiles", Resource: "*" },
    ];
}

/** Discovery, pricing, the cluster endpoint, the interruption queue and the node volumes' key. */
function integration(s: KarpenterScope, queueArn: string, volumeKeyArn: string): Statement[] {
    return [
        {
            Sid: "AllowRegionalReadActions",
            Effect: "Allow",
            Action: [
                "ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus",
                "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates",
                "ec2:DescribePlacementGroups", "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets",
            ],
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": s.region } },
        },
        { Sid: "AllowSSMReadActions", Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*` },
        { Sid: "AllowPricingReadActions", Effect: "Allow", Action: "pricing:GetProducts", Resource: "*" },
        {
            Sid: "AllowAPIServerEndpointDiscovery",
            Effect: "Allow",
            Action: "eks:DescribeCluster",
            Resource: `arn:${s.partition}:eks:${s.region}:${s.accountId}:cluster/${s.clusterName}`,
        },
        {
            Sid: "AllowZonalShiftStatusReadOnly",
            Effect: "Allow",
            Action: "arc-zonal-shift:GetManagedResource",
            Resource: "*",
            Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": `arn:${s.partition}:eks:${s.region}:${s.accountId}:cluster/${s.clusterName}` } },
        },
        { Sid: "AllowInterruptionQueueActions", Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], Resource: queueArn },
        {
            Sid: "AllowEncryptedNodeVolumes",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"],
            Resource: volumeKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `ec2.${s.region}.amazonaws.com` } },
        },
    ];
}

/**
 * The controller's permissions as several managed policies: together they exceed the 6,144
 * characters IAM allows one managed policy (white space not counted,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length),
 * which is also why Karpenter's own CloudFormation splits them.
 */
export function karpenterControllerPolicies(s: KarpenterScope, refs: { nodeRoleArn: string; queueArn: string; volumeKeyArn: string }): Record<"node-lifecycle" | "instance-profiles" | "integration", string> {
    return {
        "node-lifecycle": doc(nodeLifecycle(s, refs.nodeRoleArn)),
        "instance-profiles": doc(instanceProfiles(s)),
        integration: doc(integration(s, refs.queueArn, refs.volumeKeyArn)),
    };
}

/** The interruption queue takes messages from EventBridge only, and only over TLS. */
export function interruptionQueuePolicy(queueArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
            { Effect: "Allow", Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] }, Action: "sqs:SendMessage", Resource: queueArn },
            { Sid: "DenyHTTP", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ],
    });
}

/** The events Karpenter acts on, keyed by a stable rule name. */
export const INTERRUPTION_EVENTS: Readonly<Record<string, { source: string; detailType: string }>> = {
    "scheduled-change": { source: "aws.health", detailType: "AWS Health Event" },
    "spot-interruption": { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
    rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
    "instance-state-change": { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
    "capacity-reservation-interruption": { source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
};

export function eventPattern(event: { source: string; detailType: string }): string {
    return JSON.stringify({ source: [event.source], "detail-type": [event.detailType] });
}
