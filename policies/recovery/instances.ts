/**
 * The pack's own figures for the EC2 instance types the fleet runs on, and Kubernetes resource
 * quantities (pure). The pack imports nothing from components/: test/policies/recovery/recovery-rules.test.ts holds
 * this table equal to components/eks/sizing.ts where both list a type.
 *
 * Rows are AWS's published specifications (vCPUs, memory in MiB, GPUs):
 * - general purpose m6g, m7g, m7gd, m8g: https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html
 * - compute optimized c6g, c6gd, c6gn, c7g, c7gd, c7gn, c8g: https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html
 * - memory optimized r6g, r6gd, r7g, r7gd, r8g: https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html
 * - accelerated computing g5 (NVIDIA A10G, AMD EPYC): https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html
 * Graviton families (the `g` after the generation) are arm64; g5 is x86_64 (amd64).
 */

export interface InstanceType {
    vcpu: number;
    memoryMiB: number;
    gpus: number;
    arch: "arm64" | "amd64";
}

const G = 1024;
const arm = (vcpu: number, memoryGiB: number): InstanceType => ({ vcpu, memoryMiB: memoryGiB * G, gpus: 0, arch: "arm64" });
const gpu = (vcpu: number, memoryGiB: number, gpus: number): InstanceType => ({ vcpu, memoryMiB: memoryGiB * G, gpus, arch: "amd64" });

export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = {
    // General purpose (gp.html)
    "m7g.large": arm(2, 8),
    "m7g.xlarge": arm(4, 16),
    "m7g.2xlarge": arm(8, 32),
    "m7g.4xlarge": arm(16, 64),
    "m7g.8xlarge": arm(32, 128),
    "m7gd.4xlarge": arm(16, 64),
    "m6g.large": arm(2, 8),
    "m6g.4xlarge": arm(16, 64),
    "m6gd.4xlarge": arm(16, 64),
    "m8g.large": arm(2, 8),
    "m8g.4xlarge": arm(16, 64),
    // Compute optimized (co.html)
    "c6g.4xlarge": arm(16, 32),
    "c6gd.4xlarge": arm(16, 32),
    "c6gn.4xlarge": arm(16, 32),
    "c7g.2xlarge": arm(8, 16),
    "c7g.4xlarge": arm(16, 32),
    "c7g.8xlarge": arm(32, 64),
    "c7gd.4xlarge": arm(16, 32),
    "c7gn.4xlarge": arm(16, 32),
    "c8g.4xlarge": arm(16, 32),
    // Memory optimized (mo.html)
    "r6g.4xlarge": arm(16, 128),
    "r6gd.4xlarge": arm(16, 128),
    "r7g.4xlarge": arm(16, 128),
    "r7gd.4xlarge": arm(16, 128),
    "r8g.4xlarge": arm(16, 128),
    // Accelerated computing (ac.html)
    "g5.xlarge": gpu(4, 16, 1),
    "g5.2xlarge": gpu(8, 32, 1),
    "g5.4xlarge": gpu(16, 64, 1),
    "g5.8xlarge": gpu(32, 128, 1),
};

/**
 * The well-known labels Karpenter gives a node of `type`, as its requirements read them
 * (https://karpenter.sh/docs/concepts/scheduling/#well-known-labels): family `m7gd`, category `m`,
 * generation `7`, size `4xlarge`, cpu, memory in MiB, GPU count, arch. Undefined for a type the
 * table does not hold.
 */
export function instanceLabels(type: string): Record<string, string> | undefined {
    const spec = INSTANCE_TYPES[type];
    const m = /^([a-z]+)(\d+)([a-z-]*)\.(.+)$/.exec(type);
    if (!spec || !m) return undefined;
    return {
        "node.kubernetes.io/instance-type": type,
        "karpenter.k8s.aws/instance-family": `${m[1]}${m[2]}${m[3]}`,
        "karpenter.k8s.aws/instance-category": m[1],
        "karpenter.k8s.aws/instance-generation": m[2],
        "karpenter.k8s.aws/instance-size": m[4],
        "karpenter.k8s.aws/instance-cpu": String(spec.vcpu),
        "karpenter.k8s.aws/instance-memory": String(spec.memoryMiB),
        "karpenter.k8s.aws/instance-gpu-count": String(spec.gpus),
        "kubernetes.io/arch": spec.arch,
    };
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * A Kubernetes resource quantity (`2000`, `500m`, `8000Gi`, `1e3`) as a plain number (cores,
 * bytes, GPUs), per k8s.io/apimachinery resource.Quantity
 * (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/).
 * Throws on anything else: a limit the rule cannot read is not a limit it may pass.
 */
export function quantity(value: unknown, what: string): number {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    const m = typeof value === "string" ? /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(value.trim()) : null;
    if (!m) throw new Error(`${what} is ${JSON.stringify(value)}, not a Kubernetes quantity`);
    const base = Number(m[1]);
    if (m[2]) return base * 10 ** Number(m[2].slice(1));
    const suffix = m[3] ?? "";
    return base * (BINARY[suffix] ?? DECIMAL[suffix]);
}
