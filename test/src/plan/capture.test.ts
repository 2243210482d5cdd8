/** What the plan records of a registration, and that secrets never reach it in plain text. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { keyArn } from "../../helpers/mock-values";
import { captureRegistrations, engineUrn, sanitize } from "../../../src/plan/capture";
import { PlanMocks } from "../../../src/plan/mocks";

describe("captureRegistrations", () => {
    it("records parent, provider, dependencies, protect and inputs, and masks secrets", async () => {
        pulumi.runtime.setAllConfig({});
        await pulumi.runtime.setMocks(new PlanMocks("eu-west-1"), "bibox", "capture-test", false);
        const capture = captureRegistrations();
        const provider = new aws.Provider("p", { region: "eu-west-1" });
        const parent = new pulumi.ComponentResource("bibox:test:Parent", "parent", {}, { providers: [provider] });
        const key = new aws.kms.Key("key", { enableKeyRotation: true }, { parent, protect: true });
        new aws.ssm.Parameter("param", { type: "SecureString", value: pulumi.secret("hunter2"), keyId: key.arn }, { parent });
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

        const param = capture.resources.find((r) => r.name === "param")!;
        expect(param).toMatchObject({
            type: "aws:ssm/parameter:Parameter",
            parent: "urn:pulumi:capture-test::bibox::bibox:test:Parent::parent",
            provider: "urn:pulumi:capture-test::bibox::pulumi:providers:aws::p::p-id",
            protect: false,
            custom: true,
            inputs: { type: "SecureString", value: "[secret]", keyId: keyArn("eu-west-1", "key") },
        });
        expect(param.dependencies).toEqual(["urn:pulumi:capture-test::bibox::bibox:test:Parent$aws:kms/key:Key::key"]);
        expect(capture.resources.find((r) => r.name === "key")!.protect).toBe(true);
        expect(JSON.stringify(capture.resources)).not.toContain("hunter2");
    });
});

describe("sanitize", () => {
    it.each([
        [{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" }, "[secret]"],
        ["04da6b54-80e4-46f7-96ec-b56ff0331ba9", "[unknown]"],
        [{ a: [1, { b: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: 1 } }] }, { a: [1, { b: "[secret]" }] }],
        [{ plain: "x", n: 2, t: true, nil: null }, { plain: "x", n: 2, t: true, nil: null }],
    ])("%j → %j", (input, expected) => expect(sanitize(input)).toEqual(expected));
});

describe("engineUrn", () => {
    it.each([
        ["", "bibox:region:RegionStack", "bibox", "urn:pulumi:prod-us::bibox::bibox:region:RegionStack::bibox"],
        ["urn:pulumi:prod-us::bibox::bibox:region:RegionStack::bibox", "bibox:network:Network", "bibox-network", "urn:pulumi:prod-us::bibox::bibox:region:RegionStack$bibox:network:Network::bibox-network"],
        ["urn:pulumi:prod-us::bibox::bibox:region:RegionStack$bibox:network:Network::bibox-network", "aws:ec2/vpc:Vpc", "bibox-network-vpc", "urn:pulumi:prod-us::bibox::bibox:region:RegionStack$bibox:network:Network$aws:ec2/vpc:Vpc::bibox-network-vpc"],
    ])("qualifies %s + %s with the whole parent chain", (parent, type, name, urn) => {
        expect(engineUrn("prod-us", "bibox", parent, type, name)).toBe(urn);
    });
});
