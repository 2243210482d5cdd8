/**
 * Node pool sizing: the business sizes each pool as a global fleet at peak; every region must be
 * allowed to grow far enough that any N-1 regions carry the whole fleet when one is lost.
 * Pure functions, table-tested in test/components/eks/eks-sizing.test.ts.
 */

export interface InstanceSpec {
    readonly vcpu: number;
    readonly memoryGiB: number;
    readonly gpus: number;
    readonly arch: "arm64" | "amd64";
}

/** The instance types the pools may use (AWS published figures). */
export const INSTANCE_SPECS: Readonly<Record<string, InstanceSpec>> = {
    "m7g.large": { vcpu: 2, memoryGiB: 8, gpus: 0, arch: "arm64" },
    "m7g.4xlarge": { vcpu: 16, memoryGiB: 64, gpus: 0, arch: "arm64" },
    "m7gd.4xlarge": { vcpu: 16, memoryGiB: 64, gpus: 0, arch: "arm64" },
    "g5.2xlarge": { vcpu: 8, memoryGiB: 32, gpus: 1, arch: "amd64" },
    "c6g.4xlarge": { vcpu: 16, memoryGiB: 32, gpus: 0, arch: "arm64" },
    "c6gd.4xlarge": { vcpu: 16, memoryGiB: 32, gpus: 0, arch: "arm64" },
    "c6gn.4xlarge": { vcpu: 16, memoryGiB: 32, gpus: 0, arch: "arm64" },
    "c7g.4xlarge": { vcpu: 16, memoryGiB: 32, gpus: 0, arch: "arm64" },
    "c7gd.4xlarge": { vcpu: 16, memoryGiB: 32, gpus: 0, arch: "arm64" },
    "c7gn.4xlarge": { vcpu: 16, memoryGiB: 32, gpus: 0, arch: "arm64" },
    "c8g.4xlarge": { vcpu: 16, memoryGiB: 32, gpus: 0, arch: "arm64" },
    "m6g.4xlarge": { vcpu: 16, memoryGiB: 64, gpus: 0, arch: "arm64" },
    "m6gd.4xlarge": { vcpu: 16, memoryGiB: 64, gpus: 0, arch: "arm64" },
    "m8g.4xlarge": { vcpu: 16, memoryGiB: 64, gpus: 0, arch: "arm64" },
    "r6g.4xlarge": { vcpu: 16, memoryGiB: 128, gpus: 0, arch: "arm64" },
    "r6gd.4xlarge": { vcpu: 16, memoryGiB: 128, gpus: 0, arch: "arm64" },
    "r7g.4xlarge": { vcpu: 16, memoryGiB: 128, gpus: 0, arch: "arm64" },
    "r7gd.4xlarge": { vcpu: 16, memoryGiB: 128, gpus: 0, arch: "arm64" },
    "r8g.4xlarge": { vcpu: 16, memoryGiB: 128, gpus: 0, arch: "arm64" },
};

export function instanceSpec(type: string): InstanceSpec {
    const spec = INSTANCE_SPECS[type];
    if (!spec) throw new Error(`no published figures for instance type ${type}; add it to INSTANCE_SPECS`);
    return spec;
}

/**
 * Nodes one region may run: ceil(global / (regions - 1)), so that any regions - 1 of them carry
 * the global fleet after losing one.
 */
export function perRegionNodes(globalNodes: number, regions: number): number {
    if (!Number.isInteger(globalNodes) || globalNodes <= 0) throw new Error(`global fleet must be a positive integer, got ${globalNodes}`);
    if (!Number.isInteger(regions) || regions < 2) throw new Error(`N-1 sizing needs at least 2 regions, got ${regions}`);
    return Math.ceil(globalNodes / (regions - 1));
}

/** Karpenter NodePool limits, in the units Karpenter takes. */
export interface PoolLimits {
    /** vCPUs the pool may run in total. */
    readonly cpu: string;
    /** Memory the pool may run in total (`…Gi`). */
    readonly memory: string;
    /** GPUs the pool may run in total. @default none — the pool's types have no GPUs: no GPU limit */
    readonly "nvidia.com/gpu"?: string;
}

/**
 * Limits for `nodes` nodes of the pool's reference type. Every type the pool allows must have the
 * reference type's vCPUs (and GPUs), so the CPU limit counts nodes exactly; memory is sized on the
 * largest allowed type so it never binds before CPU does.
 */
export function poolLimits(nodes: number, referenceType: string, allowedTypes: readonly string[]): PoolLimits {
    const ref = instanceSpec(referenceType);
    for (const t of allowedTypes) {
        const s = instanceSpec(t);
        if (s.vcpu !== ref.vcpu || s.gpus !== ref.gpus || s.arch !== ref.arch) {
            throw new Error(`${t} (${s.vcpu} vCPU, ${s.gpus} GPU, ${s.arch}) is not a sibling of ${referenceType} (${ref.vcpu} vCPU, ${ref.gpus} GPU, ${ref.arch})`);
        }
    }
    const maxMemory = Math.max(...[referenceType, ...allowedTypes].map((t) => instanceSpec(t).memoryGiB));
    return {
        cpu: String(nodes * ref.vcpu),
        memory: `${nodes * maxMemory}Gi`,
        ...(ref.gpus > 0 ? { "nvidia.com/gpu": String(nodes * ref.gpus) } : {}),
    };
}

/** How many nodes of `type` fit under `limits`: what a region can actually grow to. */
export function nodesWithin(limits: PoolLimits, type: string): number {
    const s = instanceSpec(type);
    const byCpu = Math.floor(Number(limits.cpu) / s.vcpu);
    const byMemory = Math.floor(Number(limits.memory.replace(/Gi$/, "")) / s.memoryGiB);
    const byGpu = s.gpus > 0 ? Math.floor(Number(limits["nvidia.com/gpu"] ?? 0) / s.gpus) : Infinity;
    return Math.min(byCpu, byMemory, byGpu);
}
