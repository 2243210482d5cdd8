/**
 * What a first `pulumi up` in a fresh account needs, and what a lost region must not break
 * (issue #10): each test here failed on the program before the fix it guards.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, ROOT, STACKS } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
beforeAll(async () => {
    for (const stack of STACKS) plans[stack] = (await evaluate(stack)).resources;
});

const E = "bibox-eks";
const K = `${E}-karpenter`;
const RELEASE = "kubernetes:helm.sh/v3:Release";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const statementsOf = (r: PlanResource) => JSON.parse(r.inputs.policy as string).Statement as Record<string, any>[];

describe("the Pulumi project file", () => {
    const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

    it("names no `main`, so the project root (its package.json and tsconfig.json) is the program directory", () => {
        expect(project.main).toBeUndefined();
        expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
        expect(fs.existsSync(path.join(ROOT, pkg.main))).toBe(true);
        expect(pkg.main).toBe("src/index.ts");
        expect(fs.existsSync(path.join(ROOT, "tsconfig.json"))).toBe(true);
    });
});

describe.each(STACKS)("bring-up of %s", (stack) => {
    const rs = () => plans[stack];

    it("names no principal in the EBS key policy that a fresh account lacks (the Auto Scaling role is matched by condition)", () => {
        const policy = statementsOf(one(rs(), "aws:kms/key:Key", `${E}-ebs-key`));
        const principals = policy.flatMap((s) => [s.Principal?.AWS].flat()).filter(Boolean);
        expect(principals.filter((p: string) => p !== "*" && !p.endsWith(":root"))).toEqual([]);
        const asg = policy.filter((s) => s.Sid?.startsWith("AutoScaling"));
        expect(asg).toHaveLength(2);
        for (const s of asg) {
            expect(s.Condition.StringEquals["aws:PrincipalArn"]).toBe("arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
        }
        expect(asg.find((s) => s.Action === "kms:CreateGrant")!.Condition.Bool).toEqual({ "kms:GrantIsForAWSResource": "true" });
    });

    it("creates every Kubernetes object through a provider that waits for each cluster-admin association", () => {
        const provider = one(rs(), "pulumi:providers:kubernetes", `${E}-k8s`);
        const admins = ofType(rs(), "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter((a) => a.name.startsWith(`${E}-admin-`));
        expect(admins).toHaveLength(2);
        for (const a of admins) expect(provider.dependencies).toContain(a.urn);
        const k8sObjects = rs().filter((r) => r.type.startsWith("kubernetes:"));
        expect(k8sObjects.length).toBeGreaterThan(20);
        for (const r of k8sObjects) expect(r.provider?.startsWith(`${provider.urn}::`), r.name).toBe(true);
    });

    it("keeps a stack whose cluster is unreachable refreshable (deleteUnreachable)", () => {
        // Provider inputs reach the engine as strings, as the SDK serialises provider config.
        expect(String(one(rs(), "pulumi:providers:kubernetes", `${E}-k8s`).inputs.deleteUnreachable)).toBe("true");
    });

    it("turns the Load Balancer Controller's Service mutator off, so it cannot refuse other charts' Services", () => {
        const lbc = one(rs(), RELEASE, `${E}-baseline-lbc`);
        expect((lbc.inputs.values as Record<string, unknown>).enableServiceMutatorWebhook).toBe(false);
    });

    it("creates node classes and pools after the Karpenter controller (deleted before it) and pools after the nodes' access entry", () => {
        const controller = one(rs(), RELEASE, `${K}-controller`);
        const nodeAccess = one(rs(), "aws:eks/accessEntry:AccessEntry", `${K}-node`);
        for (const nc of ofType(rs(), "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass")) expect(nc.dependencies, nc.name).toContain(controller.urn);
        const pools = ofType(rs(), "kubernetes:karpenter.sh/v1:NodePool");
        expect(pools).toHaveLength(3);
        for (const p of pools) expect(p.dependencies, p.name).toEqual(expect.arrayContaining([controller.urn, nodeAccess.urn]));
    });

    it.each(["shop", "media", "batch"])("lets the %s namespace reach the EKS Pod Identity agent under default-deny", (ns) => {
        const allow = one(rs(), POLICY, `${E}-baseline-${ns}-allow-pod-identity`);
        expect(allow.inputs).toMatchObject({
            metadata: { name: "allow-pod-identity-agent", namespace: ns },
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }], ports: [{ protocol: "TCP", port: 80 }] }],
            },
        });
    });

    it("lets EventBridge encrypt backup-failure events to the alert topic without the aws:SourceAccount key it never sends", () => {
        const region = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" }[stack];
        const policy = statementsOf(one(rs(), "aws:kms/key:Key", "bibox-observability-alerts-key"));
        const events = policy.filter((st) => [st.Principal?.Service].flat().includes("events.amazonaws.com"));
        expect(events).toHaveLength(1);
        expect(events[0].Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
        expect(events[0].Condition).toEqual({ StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:${region}:123456789012:bibox-${region}-alerts` } });
        const alarms = policy.find((st) => st.Principal?.Service === "cloudwatch.amazonaws.com")!;
        expect(alarms.Condition.StringEquals).toEqual({ "aws:SourceAccount": "123456789012" });
    });

    it("disrupts busy NP_CPU nodes only through budgets (no expiry, no drain deadline) and never cuts an NP_GPU transcode", () => {
        const pool = (n: string) => one(rs(), "kubernetes:karpenter.sh/v1:NodePool", `${K}-${n}`).inputs.spec as any;
        for (const n of ["np-cpu", "np-gpu"]) {
            expect(pool(n).template.spec.expireAfter, n).toBe("Never");
            expect(pool(n).template.spec.terminationGracePeriod, n).toBeUndefined();
        }
        expect(pool("np-cpu").disruption.budgets.filter((b: any) => b.reasons?.includes("Underutilized") && !b.schedule)).toEqual([{ nodes: "2", reasons: ["Underutilized", "Drifted"] }]);
        expect(pool("np-cpu").disruption.budgets.find((b: any) => b.schedule)).toEqual({ nodes: "0", reasons: ["Underutilized", "Drifted"], schedule: "0 0 * * *", duration: "4h" });
        expect(pool("np-gpu").disruption).toMatchObject({ consolidationPolicy: "WhenEmpty", budgets: [{ nodes: "1" }] });
        expect(pool("np-spot").template.spec).toMatchObject({ expireAfter: "168h", terminationGracePeriod: "30m" });
    });
});
