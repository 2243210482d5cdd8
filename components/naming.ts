/**
 * Physical names for what AWS names per account or globally (IAM roles and policies, queues,
 * buckets, clusters). Every one carries the region, so the three stacks never collide.
 */

/** `bibox-<region>-<role>`, e.g. `bibox-eu-west-1-vpc-flow-logs`. */
export function regionalName(region: string, role: string): string {
    const name = `bibox-${region}-${role}`;
    if (name.length > 64) throw new Error(`${name} is longer than the 64 characters IAM allows`);
    return name;
}

/** The EKS cluster of a region; subnets carry it in their Karpenter discovery tag. */
export function clusterNameFor(region: string): string {
    return `bibox-${region}`;
}
