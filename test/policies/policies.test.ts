/**
 * The policy pack: the real prod-us plan is the compliant fixture; each test changes one thing
 * and expects exactly one violation with its exact message.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/rules";
import { runPolicies } from "../../src/plan/policy-runner";
import { PlanResource, PlanViolation } from "../../src/plan/types";
import { evaluate } from "../helpers/project";

let fixture: PlanResource[];
const N = "bibox-network";

beforeAll(async () => {
    fixture = (await evaluate("prod-us")).resources;
});

type Mutation = (resources: PlanResource[]) => PlanResource[];

/** Changes the inputs or record of the resource named `name`. */
const change = (name: string, edit: (r: PlanResource) => void): Mutation => (rs) =>
    rs.map((r) => {
        if (r.name !== name) return r;
        const copy = structuredClone(r);
        edit(copy);
        return copy;
    });
const remove = (type: string): Mutation => (rs) => rs.filter((r) => r.type !== type);
const urnOf = (name: string) => fixture.find((r) => r.name === name)!.urn;

async function violations(mutation: Mutation): Promise<PlanViolation[]> {
    return runPolicies(mutation(structuredClone(fixture)), policies);
}

describe("policy pack over the prod-us plan", () => {
    it("is compliant as built", async () => {
        expect(await violations((rs) => rs)).toEqual([]);
    });

    it.each<[string, Mutation, () => PlanViolation]>([
        ["vpc-flow-logs: no flow log", remove("aws:ec2/flowLog:FlowLog"),
            () => ({ policy: "vpc-flow-logs", level: "mandatory", urn: urnOf(`${N}-vpc`), message: `VPC ${N}-vpc has no flow log.` })],
        ["vpc-flow-logs: only rejected traffic", change(`${N}-flow-logs`, (r) => { if (r.type === "aws:ec2/flowLog:FlowLog") r.inputs.trafficType = "REJECT"; }),
            () => ({ policy: "vpc-flow-logs", level: "mandatory", urn: urnOf(`${N}-vpc`), message: `VPC ${N}-vpc has flow logs, but none records ALL traffic to a destination.` })],
        ["default-security-group-closed: unmanaged", remove("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"),
            () => ({ policy: "default-security-group-closed", level: "mandatory", urn: urnOf(`${N}-vpc`), message: `VPC ${N}-vpc leaves its default security group unmanaged (AWS opens it to itself).` })],
        ["default-security-group-closed: has a rule", change(`${N}-default-sg`, (r) => { r.inputs.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }]; }),
            () => ({ policy: "default-security-group-closed", level: "mandatory", urn: urnOf(`${N}-default-sg`), message: `Default security group ${N}-default-sg of VPC ${N}-vpc has rules; it must have none.` })],
        ["no-public-ip-on-launch (advisory)", change(`${N}-public-us-east-1a`, (r) => { r.inputs.mapPublicIpOnLaunch = true; }),
            () => ({ policy: "no-public-ip-on-launch", level: "advisory", urn: urnOf(`${N}-public-us-east-1a`), message: `Subnet ${N}-public-us-east-1a gives every instance launched in it a public IP.` })],
        ["kms-key-rotation: rotation off", change(`${N}-flow-logs-key`, (r) => { if (r.type === "aws:kms/key:Key") r.inputs.enableKeyRotation = false; }),
            () => ({ policy: "kms-key-rotation", level: "mandatory", urn: urnOf(`${N}-flow-logs-key`), message: `KMS key ${N}-flow-logs-key does not enable automatic key rotation.` })],
        // An absent deletionWindowInDays takes the provider's default, 30 days (test/policies/access/access-rules.test.ts).
        ["kms-key-rotation: deletion window below the minimum", change(`${N}-flow-logs-key`, (r) => { if (r.type === "aws:kms/key:Key") r.inputs.deletionWindowInDays = 3; }),
            () => ({ policy: "kms-key-rotation", level: "mandatory", urn: urnOf(`${N}-flow-logs-key`), message: `KMS key ${N}-flow-logs-key has deletion window 3; declare 7 to 30 days.` })],
        ["log-group-encrypted: no key", change(`${N}-flow-logs`, (r) => { if (r.type === "aws:cloudwatch/logGroup:LogGroup") delete r.inputs.kmsKeyId; }),
            () => ({ policy: "log-group-encrypted", level: "mandatory", urn: fixture.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!.urn, message: `Log group ${N}-flow-logs is not encrypted with a customer-managed KMS key.` })],
        ["log-group-encrypted: kept forever", change(`${N}-flow-logs`, (r) => { if (r.type === "aws:cloudwatch/logGroup:LogGroup") delete r.inputs.retentionInDays; }),
            () => ({ policy: "log-group-encrypted", level: "mandatory", urn: fixture.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!.urn, message: `Log group ${N}-flow-logs keeps logs forever; set retentionInDays.` })],
        ["explicit-provider: none", change(`${N}-igw`, (r) => { r.provider = null; }),
            () => ({ policy: "explicit-provider", level: "mandatory", urn: urnOf(`${N}-igw`), message: `aws:ec2/internetGateway:InternetGateway ${N}-igw has no provider.` })],
        ["no-open-ingress: the world on 443", change(`${N}-endpoints-sg`, (r) => { (r.inputs.ingress as { cidrBlocks: string[] }[])[0].cidrBlocks = ["0.0.0.0/0"]; }),
            () => ({ policy: "no-open-ingress", level: "mandatory", urn: urnOf(`${N}-endpoints-sg`), message: `${N}-endpoints-sg admits ingress from the whole internet without a "public:" reason in its description.` })],
        ["no-open-ingress: the IPv6 world", change(`${N}-endpoints-sg`, (r) => { (r.inputs.ingress as { ipv6CidrBlocks: string[] }[])[0].ipv6CidrBlocks = ["::/0"]; }),
            () => ({ policy: "no-open-ingress", level: "mandatory", urn: urnOf(`${N}-endpoints-sg`), message: `${N}-endpoints-sg admits ingress from the whole internet without a "public:" reason in its description.` })],
    ])("%s", async (_label, mutation, expected) => {
        expect(await violations(mutation)).toEqual([expected()]);
    });

    it("no-open-ingress accepts a world-open rule that says why", async () => {
        const mutation = change(`${N}-endpoints-sg`, (r) => {
            (r.inputs.ingress as { cidrBlocks: string[]; description: string }[])[0] = {
                ...(r.inputs.ingress as object[])[0], cidrBlocks: ["0.0.0.0/0"], description: "public: test listener",
            } as never;
        });
        expect(await violations(mutation)).toEqual([]);
    });

    it("explicit-provider refuses the engine's default provider", async () => {
        const defaults: Mutation = (rs) => {
            const provider = rs.find((r) => r.type === "pulumi:providers:aws")!;
            const fake = { ...structuredClone(provider), name: "default_7_48_0", urn: provider.urn.replace("bibox-aws", "default_7_48_0") };
            return [...change(`${N}-igw`, (r) => { r.provider = `${fake.urn}::x`; })(rs), fake];
        };
        expect(await violations(defaults)).toEqual([
            { policy: "explicit-provider", level: "mandatory", urn: urnOf(`${N}-igw`), message: `aws:ec2/internetGateway:InternetGateway ${N}-igw uses the default provider default_7_48_0 instead of the stack's explicit provider.` },
        ]);
    });
});
