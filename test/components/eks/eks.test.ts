// @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
import { beforeAll, describe, expect, it } from "vitest";
import { keyArn } from "../../helpers/mock-values";
import { ADDON_VERSIONS, KARPENTER_CHART_VERSION, KUBERNETES_VERSION, LOAD_BALANCER_CONTROLLER_CHART, NVIDIA_DEVICE_PLUGIN_CHART } from "../../../components/eks/versions";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, STACKS, tempProject } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const E = "bibox-eks";
const K = "bibox-eks-karpenter";

beforeAll(async () => {
    for (const stack of STACKS) plans[stack] = (await evaluate(stack)).resources;
});

const dependsOn = (rs: PlanResource[], r: PlanResource, type: string, name: string) => r.dependencies.includes(one(rs, type, name).urn);
const RELEASE = "kubernetes:helm.sh/v3:Release";

describe.each(STACKS)("EKS of %s", (stack) => {
    const rs = () => plans[stack];
    const region = REGION[stack];
    const cluster = () => one(rs(), "aws:eks/cluster:Cluster", `${E}-cluster`);

    it("pins the version, uses access entries only, encrypts secrets with a rotating protected key, logs everything", () => {
        const c = cluster();
        expect(c.protect).toBe(true);
        expect(c.inputs).toMatchObject({
            name: `bibox-${region}`,
            version: KUBERNETES_VERSION,
            roleArn: `arn:aws:iam::123456789012:role/bibox-${region}-eks-cluster`,
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: keyArn(region, `${E}-secrets-key`) } },
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        });
        const key = one(rs(), "aws:kms/key:Key", `${E}-secrets-key`);
        expect(key.protect).toBe(true);
        expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
        const logs = one(rs(), "aws:cloudwatch/logGroup:LogGroup", `${E}-control-plane`);
        expect(logs.inputs).toMatchObject({ name: `/aws/eks/bibox-${region}/cluster`, retentionInDays: 365, kmsKeyId: keyArn(region, `${E}-logs-key`) });
        expect(dependsOn(rs(), c, "aws:cloudwatch/logGroup:LogGroup", `${E}-control-plane`)).toBe(true);
    });

    it("puts the API in the private subnets, public only from the configured CIDRs", () => {
        const zones = one(rs(), "aws:eks/nodeGroup:NodeGroup", `${E}-np-sys`).inputs.subnetIds as string[];
        expect(zones.every((id) => id.startsWith("bibox-network-private-"))).toBe(true);
        expect(cluster().inputs.vpcConfig).toEqual({
            subnetIds: zones,
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.10/32"],
        });
        expect(zones).toHaveLength(3);
    });

    it("gives cluster-admin only to the configured principals", () => {
        const entries = ofType(rs(), "aws:eks/accessEntry:AccessEntry").filter((e) => e.name.startsWith(`${E}-admin-`));
        expect(entries.map((e) => e.inputs.principalArn).sort()).toEqual([
            "arn:aws:iam::123456789012:role/pleasure-deploy",
            "arn:aws:iam::123456789012:role/pleasure-platform-admin",
        ]);
        for (const a of ofType(rs(), "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter((e) => e.name.startsWith(`${E}-admin-`))) {
            expect(a.inputs).toMatchObject({ policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } });
        }
    });

    it("pins every add-on, and turns on NetworkPolicy enforcement in the VPC CNI", () => {
        const addons = Object.fromEntries(ofType(rs(), "aws:eks/addon:Addon").map((a) => [a.inputs.addonName, a.inputs]));
        expect(Object.keys(addons).sort()).toEqual(Object.keys(ADDON_VERSIONS).sort());
        for (const [name, version] of Object.entries(ADDON_VERSIONS)) expect(addons[name].addonVersion).toBe(version);
        expect(JSON.parse(addons["vpc-cni"].configurationValues as string)).toEqual({ enableNetworkPolicy: "true" });
        expect(addons["aws-ebs-csi-driver"].podIdentityAssociations).toEqual([
            { roleArn: `arn:aws:iam::123456789012:role/bibox-${region}-ebs-csi-controller`, serviceAccount: "ebs-csi-controller-sa" },
        ]);
        for (const name of ["coredns", "metrics-server"]) {
            expect(JSON.parse(addons[name].configurationValues as string)).toMatchObject({ nodeSelector: { "bibox.io/pool": "np-sys" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] });
        }
    });

    it("NP_SYS: a fixed managed node group of 3 × m7g.large (Graviton AL2023), tainted for system work, IMDSv2 and encrypted root", () => {
        const ng = one(rs(), "aws:eks/nodeGroup:NodeGroup", `${E}-np-sys`);
        expect(ng.inputs).toMatchObject({
            nodeGroupName: "np-sys",
            instanceTypes: ["m7g.large"],
            amiType: "AL2023_ARM_64_STANDARD",
            capacityType: "ON_DEMAND",
            scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 3 },
            labels: { "bibox.io/pool": "np-sys" },
            taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
        });
        expect(ng.inputs.subnetIds).toHaveLength(3);
        for (const addon of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) expect(dependsOn(rs(), ng, "aws:eks/addon:Addon", `${E}-${addon}`)).toBe(true);
        const lt = one(rs(), "aws:ec2/launchTemplate:LaunchTemplate", `${E}-system`);
        expect(lt.inputs.metadataOptions).toEqual({ httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" });
        expect(lt.inputs.blockDeviceMappings).toEqual([
            { deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", kmsKeyId: keyArn(region, `${E}-ebs-key`), deleteOnTermination: "true" } },
        ]);
    });

    it("Karpenter: CRD chart first, then the pinned controller on NP_SYS with two replicas, a PDB and the interruption queue", () => {
        const crd = one(rs(), "kubernetes:helm.sh/v3:Release", `${K}-crd`);
        const ctl = one(rs(), "kubernetes:helm.sh/v3:Release", `${K}-controller`);
        expect(crd.inputs).toMatchObject({ name: "karpenter-crd", chart: "oci://public.ecr.aws/karpenter/karpenter-crd", version: KARPENTER_CHART_VERSION, namespace: "kube-system" });
        expect(ctl.inputs).toMatchObject({
            name: "karpenter",
            chart: "oci://public.ecr.aws/karpenter/karpenter",
            version: KARPENTER_CHART_VERSION,
            skipCrds: true,
            values: {
                settings: {
                    clusterName: `bibox-${region}`,
                    clusterEndpoint: `https://bibox-${region}.gr7.${region}.eks.amazonaws.com`,
                    interruptionQueue: `bibox-${region}-karpenter-interruption`,
                    featureGates: { spotToSpotConsolidation: true },
                },
                replicas: 2,
                podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
                serviceAccount: { name: "karpenter" },
                nodeSelector: { "bibox.io/pool": "np-sys" },
                tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
            },
        });
        expect(dependsOn(rs(), ctl, RELEASE, `${K}-crd`)).toBe(true);
        expect(dependsOn(rs(), ctl, "aws:eks/podIdentityAssociation:PodIdentityAssociation", `${K}-controller`)).toBe(true);
        expect(dependsOn(rs(), crd, "aws:eks/nodeGroup:NodeGroup", `${E}-np-sys`)).toBe(true);
        expect(dependsOn(rs(), crd, "aws:eks/addon:Addon", `${E}-coredns`)).toBe(true);
        for (const r of [...ofType(rs(), "kubernetes:karpenter.sh/v1:NodePool"), ...ofType(rs(), "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass")]) {
            expect(dependsOn(rs(), r, RELEASE, `${K}-crd`), r.name).toBe(true);
        }
        for (const r of ofType(rs(), "kubernetes:karpenter.sh/v1:NodePool")) {
            expect(dependsOn(rs(), r, RELEASE, `${K}-controller`), r.name).toBe(true);
            expect(dependsOn(rs(), r, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", `${K}-nodeclass-default`), r.name).toBe(true);
        }
    });

    it("Karpenter IAM: controller through Pod Identity, nodes with an EC2_LINUX access entry", () => {
        const pia = ofType(rs(), "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((p) => p.inputs);
        expect(pia).toEqual(expect.arrayContaining([
            { clusterName: `bibox-${region}`, namespace: "kube-system", serviceAccount: "karpenter", roleArn: `arn:aws:iam::123456789012:role/bibox-${region}-karpenter-controller` },
            { clusterName: `bibox-${region}`, namespace: "kube-system", serviceAccount: "aws-load-balancer-controller", roleArn: `arn:aws:iam::123456789012:role/bibox-${region}-aws-load-balancer-controller` },
        ]));
        const trust = JSON.parse(one(rs(), "aws:iam/role:Role", `${K}-controller`).inputs.assumeRolePolicy as string);
        expect(trust.Statement[0]).toMatchObject({ Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
        expect(one(rs(), "aws:eks/accessEntry:AccessEntry", `${K}-node`).inputs).toMatchObject({
            type: "EC2_LINUX",
            principalArn: `arn:aws:iam::123456789012:role/bibox-${region}-karpenter-node`,
        });
        const parts = ["node-lifecycle", "instance-profiles", "integration"].map((p) => one(rs(), "aws:iam/policy:Policy", `${K}-controller-${p}`));
        for (const p of parts) expect(ofType(rs(), "aws:iam/rolePolicyAttachment:RolePolicyAttachment").some((a) => a.name === p.name && a.inputs.role === `bibox-${region}-karpenter-controller`), p.name).toBe(true);
        // Each within IAM's 6,144 characters for a managed policy (white space not counted).
        for (const p of parts) expect((p.inputs.policy as string).replace(/\s/g, "").length, p.name).toBeLessThanOrEqual(6144);
        const policy = { Statement: parts.flatMap((p) => JSON.parse(p.inputs.policy as string).Statement) };
        const pass = policy.Statement.find((s: { Sid: string }) => s.Sid === "AllowPassingInstanceRole");
        expect(pass.Resource).toBe(`arn:aws:iam::123456789012:role/bibox-${region}-karpenter-node`);
        for (const s of policy.Statement) {
            const actions = ([] as string[]).concat(s.Action);
            expect(actions.some((a) => a === "*" || a.endsWith(":*")) && s.Resource === "*", s.Sid).toBe(false);
        }
    });

    it("interruption queue: SQS-managed encryption, TLS only, fed by the five EventBridge rules", () => {
        const queue = one(rs(), "aws:sqs/queue:Queue", `${K}-interruption`);
        expect(queue.inputs).toMatchObject({ name: `bibox-${region}-karpenter-interruption`, sqsManagedSseEnabled: true, messageRetentionSeconds: 300 });
        const qp = JSON.parse(one(rs(), "aws:sqs/queuePolicy:QueuePolicy", `${K}-interruption`).inputs.policy as string);
        expect(qp.Statement[1]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
        const patterns = ofType(rs(), "aws:cloudwatch/eventRule:EventRule").filter((r) => r.name.startsWith(K)).map((r) => JSON.parse(r.inputs.eventPattern as string));
        expect(patterns).toEqual([
            { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
            { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
            { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
            { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
            { source: ["aws.ec2"], "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"] },
        ]);
        const targets = ofType(rs(), "aws:cloudwatch/eventTarget:EventTarget").filter((r) => r.name.startsWith(K));
        expect(targets).toHaveLength(5);
        for (const t of targets) expect(t.inputs.arn).toBe(`arn:aws:sqs:${region}:123456789012:bibox-${region}-karpenter-interruption`);
    });

    it("baseline: default gp3 StorageClass encrypted with the cluster's key, pinned LBC and NVIDIA charts", () => {
        const sc = one(rs(), "kubernetes:storage.k8s.io/v1:StorageClass", `${E}-baseline-gp3`);
        expect(sc.inputs).toMatchObject({
            metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", kmsKeyId: keyArn(region, `${E}-ebs-key`) },
            volumeBindingMode: "WaitForFirstConsumer",
        });
        const lbc = one(rs(), "kubernetes:helm.sh/v3:Release", `${E}-baseline-lbc`);
        expect(lbc.inputs).toMatchObject({ chart: LOAD_BALANCER_CONTROLLER_CHART.chart, version: LOAD_BALANCER_CONTROLLER_CHART.version, repositoryOpts: { repo: LOAD_BALANCER_CONTROLLER_CHART.repo } });
        expect(lbc.inputs.values).toMatchObject({ clusterName: `bibox-${region}`, region, vpcId: "bibox-network-vpc-id" });
        const nvidia = one(rs(), "kubernetes:helm.sh/v3:Release", `${E}-baseline-nvidia-device-plugin`);
        expect(nvidia.inputs).toMatchObject({ version: NVIDIA_DEVICE_PLUGIN_CHART.version });
        expect((nvidia.inputs.values as { tolerations: object[] }).tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
        expect((nvidia.inputs.values as { affinity: unknown }).affinity).toBeNull();
    });

    it("workload namespaces enforce Pod Security 'restricted' and deny all traffic but DNS by default", () => {
        for (const ns of ["shop", "media", "batch"]) {
            const namespace = one(rs(), "kubernetes:core/v1:Namespace", `${E}-baseline-ns-${ns}`);
            expect((namespace.inputs.metadata as { labels: Record<string, string> }).labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
            const deny = one(rs(), "kubernetes:networking.k8s.io/v1:NetworkPolicy", `${E}-baseline-${ns}-default-deny`);
            expect(deny.inputs).toEqual({
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: "default-deny", namespace: ns },
                spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
            });
            expect(dependsOn(rs(), deny, "kubernetes:core/v1:Namespace", `${E}-baseline-ns-${ns}`)).toBe(true);
            const egress = one(rs(), "kubernetes:networking.k8s.io/v1:NetworkPolicy", `${E}-baseline-${ns}-allow-egress`).inputs.spec as { egress: { to: { ipBlock: { cidr: string } }[]; ports: { port: number }[] }[] };
            const isolated = ofType(rs(), "aws:ec2/subnet:Subnet").filter((s) => (s.inputs.tags as Record<string, string>)["bibox:tier"] === "isolated").map((s) => s.inputs.cidrBlock);
            expect(egress.egress[0].to.map((t) => t.ipBlock.cidr).sort()).toEqual([...isolated].sort());
            expect(egress.egress[0].ports.map((p) => p.port)).toEqual([5432, 6379]);
            expect(egress.egress[1]).toEqual({ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] });
            const dns = one(rs(), "kubernetes:networking.k8s.io/v1:NetworkPolicy", `${E}-baseline-${ns}-allow-dns`);
            expect((dns.inputs.spec as { egress: { ports: object[] }[] }).egress[0].ports).toEqual([{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }]);
        }
    });

    it("lets the origin ALB reach the shop's pods on 8080 from the public subnets, and no other namespace", () => {
        const policy = one(rs(), "kubernetes:networking.k8s.io/v1:NetworkPolicy", `${E}-baseline-shop-allow-load-balancers`).inputs.spec as { ingress: { from: { ipBlock: { cidr: string } }[]; ports: object[] }[] };
        const publics = ofType(rs(), "aws:ec2/subnet:Subnet").filter((s) => (s.inputs.tags as Record<string, string>)["bibox:tier"] === "public").map((s) => s.inputs.cidrBlock);
        expect(policy.ingress[0].from.map((f) => f.ipBlock.cidr).sort()).toEqual([...publics].sort());
        expect(policy.ingress[0].ports).toEqual([{ protocol: "TCP", port: 8080 }]);
        expect(rs().filter((r) => r.name.endsWith("-allow-load-balancers")).map((r) => r.name)).toEqual([`${E}-baseline-shop-allow-load-balancers`]);
    });

    it("every Kubernetes object goes through the provider built from this cluster, whose kubeconfig is a secret", () => {
        const provider = one(rs(), "pulumi:providers:kubernetes", `${E}-k8s`);
        expect(provider.inputs).toEqual({ kubeconfig: "[secret]", deleteUnreachable: "true" });
        expect(dependsOn(rs(), provider, "aws:eks/cluster:Cluster", `${E}-cluster`)).toBe(true);
        for (const r of rs().filter((r) => r.type.startsWith("kubernetes:"))) expect(r.provider, r.name).toBe(`${provider.urn}::${provider.name}-id`);
    });
});

describe("names AWS scopes to the account", () => {
    it.each([
        ["IAM role", "aws:iam/role:Role"],
        ["IAM policy", "aws:iam/policy:Policy"],
        ["SQS queue", "aws:sqs/queue:Queue"],
    ])("no %s name appears in more than one stack, and each carries its region", (_label, type) => {
        const names = STACKS.flatMap((s) => ofType(plans[s], type).map((r) => ({ stack: s, name: r.inputs.name as string })));
        expect(names.length).toBeGreaterThan(0);
        expect(new Set(names.map((n) => n.name)).size).toBe(names.length);
        for (const n of names) expect(n.name).toContain(REGION[n.stack]);
    });
});

describe("a private-only API endpoint", () => {
    it("turns public access off when no CIDR is configured", async () => {
        const dir = tempProject({
            "prod-eu": { "bibox:eks": { adminPrincipalArns: ["arn:aws:iam::123456789012:role/pleasure-platform-admin"], publicAccessCidrs: [] } },
        });
        const rs = (await evaluate("prod-eu", dir)).resources;
        expect(one(rs, "aws:eks/cluster:Cluster", `${E}-cluster`).inputs.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
        expect((one(rs, "aws:eks/cluster:Cluster", `${E}-cluster`).inputs.vpcConfig as object)).not.toHaveProperty("publicAccessCidrs");
    });
});

describe("IAM documents", () => {
    it("never allow a wildcard action on every resource", () => {
        for (const stack of STACKS) {
            for (const r of plans[stack].filter((r) => ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy"].includes(r.type))) {
                for (const st of JSON.parse(r.inputs.policy as string).Statement) {
                    const actions = ([] as string[]).concat(st.Action);
                    const resources = ([] as string[]).concat(st.Resource);
                    const wild = actions.some((a) => a === "*" || a.endsWith(":*")) && resources.includes("*");
                    expect(wild, `${stack} ${r.name} ${st.Sid ?? JSON.stringify(actions)}`).toBe(false);
                }
            }
        }
    });
});
