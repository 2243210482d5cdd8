/**
 * GuardDuty and Security Hub by who runs them: this stack (manage), this stack taking over what
 * exists (adopt: import by id), or the Organization's delegated administrator (delegated: nothing).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { partitionOf, SECURITY_HUB_STANDARDS, standardsSubscriptionArn } from "../../../components/ops/SecurityBaseline";
import { ConfigProblem } from "../../../src/config-errors";
import { CREDENTIALS, NAMESPACE, SECURITY_HUB_STANDARD_KEYS } from "../../../src/config-keys";
import { evaluateStack } from "../../../src/plan/evaluate";
import { PlanResource } from "../../../src/plan/types";
import { RawValues, StackConfig, validateStackConfig } from "../../../src/validate";
import { CliRun, evaluate, ofType, one, runPlanCli, STACKS, tempProject } from "../../helpers/project";

const T = {
    detector: "aws:guardduty/detector:Detector",
    feature: "aws:guardduty/detectorFeature:DetectorFeature",
    hub: "aws:securityhub/account:Account",
    standard: "aws:securityhub/standardsSubscription:StandardsSubscription",
    analyzer: "aws:accessanalyzer/analyzer:Analyzer",
};
const SECURITY_TYPES = [T.detector, T.feature, T.hub, T.standard];
const DETECTOR_ID = "0123456789abcdef0123456789abcdef";
const ACCOUNT_ID = "123456789012";

const repo: Record<string, PlanResource[]> = {};
let delegated: PlanResource[];
let adopted: PlanResource[];
let mixed: PlanResource[];

async function plan(stack: string, securityServices: unknown): Promise<PlanResource[]> {
    return (await evaluate(stack, tempProject({ [stack]: { "bibox:securityServices": securityServices } }))).resources;
}

beforeAll(async () => {
    for (const stack of STACKS) repo[stack] = (await evaluate(stack)).resources;
    delegated = await plan("prod-eu", { guardDuty: { mode: "delegated" }, securityHub: { mode: "delegated" } });
    adopted = await plan("prod-ap", { guardDuty: { mode: "adopt", detectorId: DETECTOR_ID }, securityHub: { mode: "adopt", accountId: ACCOUNT_ID, subscribedStandards: ["fsbp"] } });
    mixed = await plan("prod-us", { guardDuty: { mode: "delegated" } });
}, 180_000);

describe("manage (the default)", () => {
    it.each(STACKS)("%s: creates the detector, its five plans, the hub and two subscriptions, importing nothing", (stack) => {
        const rs = repo[stack];
        expect(ofType(rs, T.detector)).toHaveLength(1);
        expect(ofType(rs, T.feature)).toHaveLength(5);
        expect(ofType(rs, T.hub)).toHaveLength(1);
        expect(ofType(rs, T.standard)).toHaveLength(2);
        for (const r of SECURITY_TYPES.flatMap((t) => ofType(rs, t))) expect(r, r.name).not.toHaveProperty("importId");
    });
});

describe("delegated", () => {
    it("creates no detector, plan, hub or subscription — and nothing else changes", () => {
        for (const type of SECURITY_TYPES) expect(ofType(delegated, type), type).toEqual([]);
        expect(ofType(delegated, T.analyzer)).toHaveLength(1);
        const gone = repo["prod-eu"].filter((r) => !delegated.some((d) => d.urn === r.urn)).map((r) => r.type);
        expect(gone.sort()).toEqual([T.detector, ...Array(5).fill(T.feature), T.hub, T.standard, T.standard].sort());
        expect(delegated.filter((d) => !repo["prod-eu"].some((r) => r.urn === d.urn))).toEqual([]);
    });

    it("is per service: GuardDuty left to the Organization, Security Hub still managed", () => {
        expect(ofType(mixed, T.detector)).toEqual([]);
        expect(ofType(mixed, T.feature)).toEqual([]);
        expect(ofType(mixed, T.hub)).toHaveLength(1);
        expect(ofType(mixed, T.standard)).toHaveLength(2);
    });
});

describe("adopt", () => {
    it("imports the detector by its id, and turns its plans on against that id", () => {
        const detector = one(adopted, T.detector, "bibox-security-guardduty");
        expect(detector.importId).toBe(DETECTOR_ID);
        expect(detector.inputs).toEqual({ enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
        const features = ofType(adopted, T.feature);
        expect(features).toHaveLength(5);
        for (const f of features) {
            expect(f.inputs.detectorId, f.name).toBe(DETECTOR_ID);
            expect(f).not.toHaveProperty("importId");
        }
    });

    it("imports the hub by the account id, and the subscriptions the account already has by their subscription ARN", () => {
        expect(one(adopted, T.hub, "bibox-security-securityhub").importId).toBe(ACCOUNT_ID);
        expect(one(adopted, T.standard, "bibox-security-securityhub-fsbp").importId).toBe(
            "arn:aws:securityhub:ap-northeast-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0",
        );
        expect(one(adopted, T.standard, "bibox-security-securityhub-cis")).not.toHaveProperty("importId");
    });

    it.each<[string, string, string]>([
        ["us-east-1", "aws", "arn:aws:securityhub:us-east-1:111122223333:subscription/cis-aws-foundations-benchmark/v/3.0.0"],
        ["cn-north-1", "aws-cn", "arn:aws-cn:securityhub:cn-north-1:111122223333:subscription/cis-aws-foundations-benchmark/v/3.0.0"],
        ["us-gov-west-1", "aws-us-gov", "arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:subscription/cis-aws-foundations-benchmark/v/3.0.0"],
    ])("%s: partition %s, CIS subscription %s", (region, partition, arn) => {
        expect(partitionOf(region)).toBe(partition);
        expect(standardsSubscriptionArn(region, "111122223333", "cis")).toBe(arn);
    });

    it("the config's standard names are the baseline's", () => {
        expect([...SECURITY_HUB_STANDARD_KEYS]).toEqual(Object.keys(SECURITY_HUB_STANDARDS));
    });
});

describe("bibox:securityServices validation", () => {
    // prod-eu's own values (Pulumi.yaml + its stack file), credentials aside.
    let base: RawValues;
    beforeAll(async () => {
        const e = await evaluate("prod-eu");
        base = Object.fromEntries(
            Object.entries(e.config)
                .filter(([k]) => k.startsWith(`${NAMESPACE}:`) && !(k.slice(NAMESPACE.length + 1) in CREDENTIALS))
                .map(([k, v]) => [k.slice(NAMESPACE.length + 1), v]),
        );
    });
    const validate = (securityServices: unknown) =>
        validateStackConfig({
            project: "bibox",
            stack: "prod-eu",
            values: { ...base, securityServices },
            awsRegion: "eu-west-1",
            secretKeys: new Set(),
            siblings: [
                { stack: "prod-us", values: { region: "us-east-1", role: "owner", vpcCidr: "10.10.0.0/16" } },
                { stack: "prod-ap", values: { region: "ap-northeast-1", role: "member", vpcCidr: "10.30.0.0/16" } },
            ],
            credentials: { cloudflareApiToken: "secret", fastlyApiKey: "secret", onCallEndpoint: "secret" },
        });

    it("defaults both services to manage, and adopt's standards to none", () => {
        expect((validate(undefined) as StackConfig).securityServices).toEqual({ guardDuty: { mode: "manage" }, securityHub: { mode: "manage" } });
        expect((validate({ securityHub: { mode: "adopt", accountId: ACCOUNT_ID } }) as StackConfig).securityServices.securityHub).toEqual({ mode: "adopt", accountId: ACCOUNT_ID, subscribedStandards: [] });
    });

    it.each<[string, unknown, Partial<ConfigProblem>, string]>([
        ["unknown mode", { guardDuty: { mode: "adpot" } }, { key: "bibox:securityServices.guardDuty.mode", value: "adpot", reason: "is not a mode" }, '{ mode: manage } (the stack creates the detector), { mode: adopt, detectorId: <id> }'],
        ["mode as a bare word", { securityHub: "delegated" }, { key: "bibox:securityServices.securityHub", value: "delegated", reason: "is a string, expected a map" }, "{ mode: delegated } (the Organization's Security Hub delegated administrator runs it"],
        ["adopt without the detector id", { guardDuty: { mode: "adopt" } }, { key: "bibox:securityServices.guardDuty.detectorId", reason: "is missing" }, "the 32-character hexadecimal id `aws guardduty list-detectors` prints"],
        ["a detector id of the wrong shape", { guardDuty: { mode: "adopt", detectorId: "d-123" } }, { key: "bibox:securityServices.guardDuty.detectorId", value: "d-123", reason: "is not a GuardDuty detector id" }, "32-character hexadecimal"],
        ["an id where delegated takes none", { guardDuty: { mode: "delegated", detectorId: DETECTOR_ID } }, { key: "bibox:securityServices.guardDuty.detectorId", value: DETECTOR_ID, reason: "is not a known key" }, "{ mode: delegated }"],
        ["an unquoted account id", { securityHub: { mode: "adopt", accountId: 123456789012 } }, { key: "bibox:securityServices.securityHub.accountId", value: 123456789012, reason: "is a number, expected a string" }, 'quoted (e.g. "012345678901")'],
        ["a standard the baseline does not have", { securityHub: { mode: "adopt", accountId: ACCOUNT_ID, subscribedStandards: ["pci"] } }, { key: "bibox:securityServices.securityHub.subscribedStandards.0", value: "pci", reason: "is not a standard of the baseline" }, "(cis, fsbp)"],
        ["a misspelt service", { guardduty: { mode: "delegated" } }, { key: "bibox:securityServices.guardduty", reason: "is not a known key (did you mean bibox:securityServices.guardDuty?)" }, "bibox:securityServices.securityHub"],
    ])("%s: one problem naming key, value and what is allowed", (_label, securityServices, expected, allowed) => {
        const found = validate(securityServices) as ConfigProblem[];
        expect(Array.isArray(found)).toBe(true);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ stack: "prod-eu", ...expected });
        expect(found[0].allowed).toContain(allowed);
    });
});

describe("a bad mode through the program and npm run plan", () => {
    let run: CliRun;
    let dir: string;
    beforeAll(async () => {
        dir = tempProject({ "prod-ap": { "bibox:securityServices": { guardDuty: { mode: "skip" } } } });
        run = await runPlanCli(["--project-dir", dir, "--stack", "prod-ap", "--out", path.join(dir, "plan")]);
    }, 60_000);

    it("fails before any resource, naming the stack, the key, the value and the modes", async () => {
        const e = await evaluateStack("prod-ap", { projectDir: dir });
        expect(e.ok).toBe(false);
        expect(e.resources).toEqual([]);
        expect(String((e as { error: Error }).error.message)).toContain('bibox:securityServices.guardDuty.mode = "skip" is not a mode. Allowed: { mode: manage }');
    });

    it("exits 2 with the message on stderr and writes no plan", () => {
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("[prod-ap] Invalid configuration for stack prod-ap");
        expect(run.stderr).toContain('bibox:securityServices.guardDuty.mode = "skip" is not a mode.');
        expect(run.stderr).toContain("{ mode: delegated } (the Organization's GuardDuty delegated administrator runs it; the stack creates no detector)");
        expect(fs.existsSync(path.join(dir, "plan", "prod-ap.json"))).toBe(false);
    });
});
