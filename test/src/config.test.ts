/** The configuration as the program reads it from the Pulumi runtime and the stack files.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config-errors";
import { evaluateStack } from "../../src/plan/evaluate";
import { evaluate, tempProject } from "../helpers/project";

async function failure(stack: string, edit: Parameters<typeof tempProject>[0]) {
    const e = await evaluateStack(stack, { projectDir: tempProject(edit) });
    expect(e.ok).toBe(false);
    if (e.ok) throw new Error("unreachable");
    expect(e.error).toBeInstanceOf(ConfigError);
    // Validation happens before the first resource: nothing may be registered.
    expect(e.resources).toEqual([]);
    return (e.error as ConfigError).message;
}

describe("loadStackConfig through the runtime", () => {
    it("reads structured values (lists, maps) the way Pulumi passes them, as JSON strings", async () => {
        const e = await evaluate("prod-ap");
        expect(e.outputs).toMatchObject({ stack: "prod-ap", region: "ap-northeast-1", role: "member", vpcCidr: "10.30.0.0/16" });
        expect(Object.keys(e.outputs.privateSubnetIds as object)).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
    });

    it("refuses a CIDR that overlaps another stack file, naming both", async () => {
        const message = await failure("prod-eu", { "prod-eu": { "bibox:vpcCidr": "10.10.0.0/16" } });
        expect(message).toContain("Invalid configuration for stack prod-eu");
        expect(message).toContain('bibox:vpcCidr = "10.10.0.0/16" overlaps 10.10.0.0/16 of stack prod-us');
    });

    it("refuses an unknown key in the bibox namespace and suggests the right one", async () => {
        const message = await failure("prod-ap", { "prod-ap": { "bibox:availabilityZone": ["ap-northeast-1a"] } });
        expect(message).toContain('bibox:availabilityZone = ["ap-northeast-1a"] is not a known key (did you mean bibox:availabilityZones?)');
    });

    it("refuses an unknown region and one that differs from aws:region", async () => {
        const unknown = await failure("prod-ap", { "prod-ap": { "bibox:region": "ap-northeast-9", "aws:region": "ap-northeast-9" } });
        expect(unknown).toContain('bibox:region = "ap-northeast-9" is not a known AWS region. Allowed: a region bibox supports (us-east-1, eu-west-1, ap-northeast-1');
        const mismatch = await failure("prod-ap", { "prod-ap": { "aws:region": "ap-northeast-2" } });
        expect(mismatch).toContain('aws:region = "ap-northeast-2" differs from bibox:topology.prod-ap.region "ap-northeast-1". Allowed: "ap-northeast-1", the region');
    });

    it("refuses a stack file whose role is not the one bibox:topology declares, naming that file", async () => {
        const message = await failure("prod-us", { "prod-ap": { "bibox:role": "owner" } });
        expect(message).toContain('bibox:role = "owner" (in Pulumi.prod-ap.yaml) differs from bibox:topology.prod-ap.role "member"');
    });

    it("refuses a missing required key", async () => {
        const message = await failure("prod-eu", { "prod-eu": { "bibox:availabilityZones": undefined } });
        expect(message).toContain("bibox:availabilityZones is missing. Allowed: a list of 3 distinct availability zones");
    });

    it("refuses a credential written in plain text, without echoing it", async () => {
        const message = await failure("prod-eu", { "prod-eu": { "bibox:cloudflareApiToken": "cf-token-in-clear" } });
        expect(message).toContain('bibox:cloudflareApiToken = "[not shown]" is in plain text. Allowed: a secret set with `pulumi config set --secret bibox:cloudflareApiToken`');
        expect(message).not.toContain("cf-token-in-clear");
    });

    it("accepts credentials set as secrets", async () => {
        const e = await evaluateStack("prod-eu", { projectDir: tempProject({ "prod-eu": { "bibox:cloudflareApiToken": { secure: "v1:ciphertext" }, "bibox:fastlyApiKey": { secure: "v1:other" }, "bibox:onCallEndpoint": { secure: "v1:third" } } }) });
        expect(e.ok).toBe(true);
        expect(e.placeholderCredentials).toEqual([]);
    });

    it("ignores keys of other namespaces, where providers read their own settings", async () => {
        const e = await evaluateStack("prod-eu", { projectDir: tempProject({ "prod-eu": { "aws:skipMetadataApiCheck": false } }) });
        expect(e.ok).toBe(true);
    });
});
