/**
 * One table of supported regions (issue #15 item 3, components/lib/regions.ts SUPPORTED_REGIONS):
 * every vendor fact a region needs lives in its row, and a region outside the table is a config
 * error, one message, exit 2, before any resource is registered, in the stack that runs there and
 * in the owner whose edge would steer to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CLOUDFLARE_REGIONS } from "../../../components/edge/geo";
import { AWS_REGIONS, regionProblem, SUPPORTED_REGIONS } from "../../../components/lib/regions";
import { evaluateStack } from "../../../src/plan/evaluate";
import { AVAILABILITY_ZONES } from "../../../src/plan/fixtures/aws-zones";
import { runPlanCli, tempProject } from "../../helpers/project";

describe("SUPPORTED_REGIONS", () => {
    it.each(Object.entries(SUPPORTED_REGIONS))("%s: an AWS region with a metro location, a Cloudflare check region, a Fastly shield POP and an Akamai origin country", (region, row) => {
        expect(AWS_REGIONS).toContain(region);
        const [lat, lon] = row.location;
        expect(Math.abs(lat)).toBeLessThanOrEqual(90);
        expect(Math.abs(lon)).toBeLessThanOrEqual(180);
        expect(Object.keys(CLOUDFLARE_REGIONS)).toContain(row.cloudflareCheckRegion);
        // Fastly POP codes: the airport code, the city and the country (`fastly pops`).
        expect(row.fastlyShield).toMatch(/^[a-z]{3}-[a-z]+-[a-z]{2}$/);
        expect(["US_EAST", "EUROPE", "JAPAN"]).toContain(row.akamaiOriginCountry);
    });

    it.each(Object.entries(SUPPORTED_REGIONS))("%s: its zones are the ones AWS offers an account there, as the plan's getAvailabilityZones answers", (region, row) => {
        expect(row.zones).toEqual(AVAILABILITY_ZONES[region].map((z) => z.zoneName));
        expect(row.zones.length).toBeGreaterThanOrEqual(3);
    });

    it.each([
        ["eu-west-1", undefined],
        ["us-east-7", "is not a known AWS region"],
        ["me-central-1", "is not a region bibox supports (us-east-1, eu-west-1, ap-northeast-1: each needs its row in components/lib/regions.ts SUPPORTED_REGIONS — metro location, Cloudflare health-check region, Fastly shield POP, Akamai origin country, zones)"],
        [42, "is not a known AWS region"],
    ])("regionProblem(%j) is %j", (value, problem) => {
        expect(regionProblem(value)).toBe(problem);
    });
});

describe("a stack moved to a region AWS has but bibox does not support", () => {
    // prod-ap in me-central-1, declared so in Pulumi.yaml and in its own file: every other check passes.
    const dir = () =>
        tempProject(
            { "prod-ap": { "aws:region": "me-central-1", "bibox:region": "me-central-1", "bibox:availabilityZones": ["me-central-1a", "me-central-1b", "me-central-1c"] } },
            { "bibox:topology": { "prod-us": { region: "us-east-1", role: "owner" }, "prod-eu": { region: "eu-west-1", role: "member" }, "prod-ap": { region: "me-central-1", role: "member" } } },
        );

    it.each(["prod-ap", "prod-us"])("%s: fails before any resource, naming the key, the value and the supported regions", async (stack) => {
        const e = await evaluateStack(stack, { projectDir: dir() });
        expect(e.ok).toBe(false);
        expect(e.resources).toEqual([]);
        expect(String((e as { error: Error }).error.message)).toContain('bibox:topology.prod-ap.region = "me-central-1" is not a region bibox supports (us-east-1, eu-west-1, ap-northeast-1');
    });

    it("npm run plan exits 2 with one message on stderr naming Pulumi.yaml, no stack trace, and writes no plan", async () => {
        const project = dir();
        const run = await runPlanCli(["--project-dir", project, "--stack", "prod-ap"]);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        // The project check answers first, for the whole set: nothing is planned.
        expect(run.stderr).toMatch(/^Invalid configuration for project bibox \(1 problem; nothing was planned or deployed\):\n {2}bibox:topology\.prod-ap\.region = "me-central-1" \(in Pulumi\.yaml\) is not a region bibox supports \(us-east-1, eu-west-1, ap-northeast-1/);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(fs.existsSync(path.join(project, "plan", "prod-ap.json"))).toBe(false);
    });
});
