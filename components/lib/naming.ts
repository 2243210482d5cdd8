/**
 * Physical names for what AWS names per account or globally (IAM roles and policies, queues,
 * buckets, clusters). Every one carries the region, so the three stacks never collide.
 */

/** `bibox-<region>`: what every regional physical name starts with (the Aurora cluster, the Prometheus workspace). */
export function regionPrefix(region: string): string {
    return `bibox-${region}`;
}

/** The Kubernetes namespace of the shop's web and API workloads: the origin ALB targets its Services, a region switch scales its Deployments. */
export const APP_NAMESPACE = "shop";

/** `bibox-<region>-<role>`, e.g. `bibox-eu-west-1-vpc-flow-logs`. */
export function regionalName(region: string, role: string): string {
    const name = `${regionPrefix(region)}-${role}`;
    if (name.length > 64) throw new Error(`${name} is longer than the 64 characters IAM allows`);
    return name;
}

/** The EKS cluster of a region; subnets carry it in their Karpenter discovery tag. */
export function clusterNameFor(region: string): string {
    return `bibox-${region}`;
}

/** The media bucket of a region: deterministic, so each region can name its siblings' buckets. */
export function mediaBucketName(region: string, accountId: string): string {
    return `bibox-media-${region}-${accountId}`;
}

/** The backup vault of a region, likewise known to the other regions for copy actions. */
export function backupVaultName(region: string): string {
    return `bibox-${region}`;
}

/** The KMS alias of a region's media key; replication names the destination key by it. */
export const MEDIA_KEY_ALIAS = "alias/bibox-media";

/** The origin host name of a region, e.g. `origin-eu-west-1.pleasure.tv`: how every CDN reaches it. */
export function originHost(region: string, zone: string): string {
    return `origin-${region}.${zone}`;
}
