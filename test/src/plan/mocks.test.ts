/**
 * The offline world answers like the real one: recorded sizes, arguments honoured, typos refused,
 * and a resource managed through another region's provider lands in that region.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AWS_IP_RANGES_RECORDED, AWS_IP_RANGES_REGIONS, CLOUDFLARE_IPS, FASTLY_PUBLIC_IP_LIST, REGION_DESCRIPTIONS } from "../../../src/plan/fixtures";
import { crc32 } from "../../../src/plan/mock-data-sources";
import { PlanMocks } from "../../../src/plan/mocks";
import { AWS_REGIONS } from "../../../components/lib/regions";
import { evaluate } from "../../helpers/project";

const IP_RANGES = "aws:index/getIpRanges:getIpRanges";
const ZONES = "aws:index/getAvailabilityZones:getAvailabilityZones";
const REGION = "aws:index/getRegion:getRegion";
const call = (token: string, inputs: Record<string, unknown>, stackRegion = "us-east-1") =>
    new PlanMocks(stackRegion).call({ token, inputs }) as Record<string, unknown>;
const ipRanges = (inputs: Record<string, unknown>) => call(IP_RANGES, inputs) as { cidrBlocks: string[]; ipv6CidrBlocks: string[] } & Record<string, unknown>;

describe("aws.getIpRanges answers from ip-ranges.json syncToken 1787411825 (2026-08-22)", () => {
    it.each([
        // services, regions, IPv4 prefixes, IPv6 prefixes
        [["globalaccelerator"], undefined, 131, 45],
        [["GLOBALACCELERATOR"], ["GLOBAL"], 45, 15],
        [["GlobalAccelerator"], ["global"], 45, 15],
        [["globalaccelerator"], ["us-east-1"], 17, 5],
        [["globalaccelerator"], ["eu-west-1"], 9, 2],
        [["globalaccelerator"], ["ap-northeast-1"], 4, 1],
        [["globalaccelerator"], ["GLOBAL", "us-east-1"], 62, 20],
        [["globalaccelerator"], ["us-east-1", "eu-west-1", "ap-northeast-1"], 30, 8],
        [["cloudfront"], undefined, 211, 32],
        [["cloudfront"], ["GLOBAL"], 118, 32],
        [["cloudfront"], ["us-east-1"], 12, 0],
        [["cloudfront_origin_facing"], undefined, 46, 3],
        [["route53_healthchecks"], undefined, 31, 26],
        [["route53_healthchecks"], ["us-east-1"], 2, 2],
        [["globalaccelerator", "cloudfront"], undefined, 342, 77],
        [["globalaccelerator", "GLOBALACCELERATOR"], undefined, 131, 45],
        [["globalaccelerator"], ["me-west-1"], 0, 0],
    ])("services %j regions %j → %i IPv4, %i IPv6", (services, regions, v4, v6) => {
        const r = ipRanges({ services, ...(regions ? { regions } : {}) });
        expect([r.cidrBlocks.length, r.ipv6CidrBlocks.length]).toEqual([v4, v6]);
    });

    it("filters by region: the accelerators' static GLOBAL ranges are not us-east-1's edge ranges", () => {
        const global = ipRanges({ services: ["globalaccelerator"], regions: ["GLOBAL"] }).cidrBlocks;
        const east = ipRanges({ services: ["globalaccelerator"], regions: ["us-east-1"] }).cidrBlocks;
        expect(global).toEqual(expect.arrayContaining(["75.2.0.0/17", "99.83.128.0/17", "13.248.128.0/17"]));
        expect(east).not.toContain("75.2.0.0/17");
        expect(east.filter((c) => global.includes(c))).toEqual([]);
    });

    it("answers in the provider's shape: string-sorted lists, syncToken a number, id its string", () => {
        const r = ipRanges({ services: ["globalaccelerator"] });
        expect(r.cidrBlocks).toEqual([...r.cidrBlocks].sort());
        expect(r.cidrBlocks.slice(0, 2)).toEqual(["1.178.172.0/23", "1.179.14.0/23"]);
        expect(r).toMatchObject({
            syncToken: 1787411825, id: "1787411825", createDate: "2026-08-22-15-17-05",
            url: "https://ip-ranges.amazonaws.com/ip-ranges.json", services: ["globalaccelerator"],
        });
    });

    it("every recorded prefix is a CIDR of its family, in a region the copy has", () => {
        const bad: string[] = [];
        for (const [service, ranges] of Object.entries(AWS_IP_RANGES_RECORDED)) {
            for (const [family, test] of [["ipv4", /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/], ["ipv6", /^[0-9a-f:]+::?[0-9a-f:]*\/\d{1,3}$/]] as const) {
                for (const [region, prefixes] of Object.entries(ranges![family])) {
                    if (!(AWS_IP_RANGES_REGIONS as readonly string[]).includes(region)) bad.push(`${service} ${region}`);
                    bad.push(...prefixes.filter((p) => !test.test(p)).map((p) => `${service} ${region} ${p}`));
                }
            }
        }
        expect(bad).toEqual([]);
    });

    it.each([
        [{ services: ["GLOBAL_ACCELERATOR"] }, /unknown service "GLOBAL_ACCELERATOR"; ip-ranges.json \(syncToken 1787411825\) publishes AMAZON, /],
        [{ services: ["ec2"] }, /service EC2 is published but not recorded in src\/plan\/fixtures/],
        [{ services: ["globalaccelerator"], regions: ["us-east-9"] }, /unknown region "us-east-9"/],
        [{ services: [] }, /`services` is required/],
        [{ services: ["globalaccelerator"], url: "https://example.com/ranges.json" }, /records only https:\/\/ip-ranges.amazonaws.com\/ip-ranges.json/],
    ])("refuses %j", (inputs, message) => {
        expect(() => ipRanges(inputs)).toThrow(message);
    });
});

describe("the CDNs' published ranges", () => {
    it("cloudflare.getIpRanges: 15 IPv4 and 7 IPv6 in the API's order, with its etag", () => {
        const r = call("cloudflare:index/getIpRanges:getIpRanges", {}) as { ipv4Cidrs: string[]; ipv6Cidrs: string[]; etag: string; jdcloudCidrs: string[] };
        expect([r.ipv4Cidrs.length, r.ipv6Cidrs.length, r.jdcloudCidrs.length]).toEqual([15, 7, 0]);
        expect(r.ipv4Cidrs[0]).toBe("173.245.48.0/20");
        expect(r.ipv4Cidrs).toContain("104.16.0.0/13");
        expect(r.etag).toBe("38f79d050aa027e3be3865e495dcc9bc");
    });

    it("cloudflare.getIpRanges refuses networks=jdcloud, whose list is not recorded", () => {
        expect(() => call("cloudflare:index/getIpRanges:getIpRanges", { networks: "jdcloud" })).toThrow(/JD Cloud list \(networks=jdcloud\) is not recorded/);
    });

    it("fastly.getFastlyIpRanges: 19 IPv4 and 2 IPv6, lexically sorted, id the provider's CRC-32 of the API lists", () => {
        const r = call("fastly:index/getFastlyIpRanges:getFastlyIpRanges", {}) as { cidrBlocks: string[]; ipv6CidrBlocks: string[]; id: string };
        expect([r.cidrBlocks.length, r.ipv6CidrBlocks.length]).toEqual([19, 2]);
        expect(r.cidrBlocks.slice(0, 3)).toEqual(["103.244.50.0/24", "103.245.222.0/23", "103.245.224.0/24"]);
        expect(r.cidrBlocks).toContain("151.101.0.0/16");
        expect(r.ipv6CidrBlocks).toEqual(["2a04:4e40::/32", "2a04:4e42::/32"]);
        expect(crc32("123456789")).toBe(0xcbf43926); // the CRC-32/IEEE check value
        expect(r.id).toBe(String(crc32([...FASTLY_PUBLIC_IP_LIST.addresses, ...FASTLY_PUBLIC_IP_LIST.ipv6Addresses].map((s) => `${s}-`).join(""))));
    });

    it("an origin security group admitting all three sources needs 165 IPv4 CIDRs per port", () => {
        const ga = ipRanges({ services: ["globalaccelerator"] }).cidrBlocks.length;
        expect(CLOUDFLARE_IPS.ipv4Cidrs.length + FASTLY_PUBLIC_IP_LIST.addresses.length + ga).toBe(165);
    });
});

describe("aws.getAvailabilityZones in the provider's region", () => {
    it.each([
        ["us-east-1", ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"], ["use1-az1", "use1-az2", "use1-az4", "use1-az6", "use1-az3", "use1-az5"]],
        ["eu-west-1", ["eu-west-1a", "eu-west-1b", "eu-west-1c"], ["euw1-az1", "euw1-az2", "euw1-az3"]],
        ["ap-northeast-1", ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"], ["apne1-az4", "apne1-az1", "apne1-az2"]],
    ])("%s: %j", (region, names, zoneIds) => {
        expect(call(ZONES, {}, region)).toMatchObject({ id: region, region, names, zoneIds, groupNames: [`${region}-zg-1`] });
        expect(call(ZONES, { state: "available" }, region)).toMatchObject({ names, state: "available" });
    });

    it.each([
        [{ state: "impaired" }, []],
        [{ excludeNames: ["us-east-1e"] }, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"]],
        [{ excludeZoneIds: ["use1-az3"] }, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"]],
        [{ filters: [{ name: "zone-id", values: ["use1-az1", "use1-az6"] }] }, ["us-east-1a", "us-east-1d"]],
        [{ filters: [{ name: "zone-name", values: ["us-east-1?"] }] }, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]],
        [{ filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }, { name: "zone-name", values: ["*c"] }] }, ["us-east-1c"]],
        [{ region: "eu-west-1" }, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]],
    ])("us-east-1 with %j → %j", (inputs, names) => {
        expect(call(ZONES, inputs).names).toEqual(names);
    });

    it.each([
        [{ allAvailabilityZones: true }, /allAvailabilityZones adds us-east-1's Local and Wavelength Zones/],
        [{ state: "up" }, /state "up" is not one of available, information, impaired, unavailable, constrained/],
        [{ filters: [{ name: "zone", values: ["x"] }] }, /unknown filter name "zone"/],
        [{ filters: [{ name: "parent-zone-id", values: ["use1-az1"] }] }, /filter parent-zone-id: that field is not recorded/],
        [{ region: "us-west-2" }, /no Availability Zones recorded for us-west-2/],
    ])("refuses %j", (inputs, message) => {
        expect(() => call(ZONES, inputs)).toThrow(message);
    });
});

describe("aws.getRegion, partition and caller identity", () => {
    it.each([
        [{}, "eu-west-1", "Europe (Ireland)"],
        [{ region: "ap-northeast-1" }, "ap-northeast-1", "Asia Pacific (Tokyo)"],
        [{ name: "us-east-1" }, "us-east-1", "US East (N. Virginia)"],
        [{ endpoint: "ec2.ap-northeast-1.amazonaws.com" }, "ap-northeast-1", "Asia Pacific (Tokyo)"],
    ])("%j on an eu-west-1 stack → %s", (inputs, region, description) => {
        expect(call(REGION, inputs, "eu-west-1")).toEqual({ description, endpoint: `ec2.${region}.amazonaws.com`, id: region, name: region, region });
    });

    it.each([
        [{ region: "eu-west-1", name: "eu-west-1" }, /`name` and `region` conflict/],
        [{ region: "eu-west-9" }, /finding Region by name \(eu-west-9\)/],
        [{ endpoint: "ec2.eu-west-1.amazonaws.com", region: "us-east-1" }, /multiple Regions matched/],
    ])("refuses %j", (inputs, message) => {
        expect(() => call(REGION, inputs)).toThrow(message);
    });

    it("describes every region bibox may deploy to", () => {
        for (const region of AWS_REGIONS) expect(call(REGION, { region }).description).toBe(REGION_DESCRIPTIONS[region]);
        expect(AWS_REGIONS.filter((r) => !REGION_DESCRIPTIONS[r])).toEqual([]);
    });

    it("deploys as an STS session of an assumed deploy role, in the aws partition", () => {
        const id = call("aws:index/getCallerIdentity:getCallerIdentity", {}) as Record<string, string>;
        expect(id.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/);
        const session = id.arn.split("/").pop();
        expect(id.userId).toMatch(/^AROA[A-Z0-9]{17}:/);
        expect(id.userId.endsWith(`:${session}`)).toBe(true);
        expect(id).toMatchObject({ accountId: "123456789012", id: "123456789012" });
        expect(call("aws:index/getPartition:getPartition", {})).toEqual({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" });
    });

    it("refuses a data source it has no mock for", () => {
        expect(() => call("aws:ec2/getVpc:getVpc", {})).toThrow("the offline plan has no mock for data source aws:ec2/getVpc:getVpc; add one to src/plan/mocks.ts");
    });
});

const resolved = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => (resolve(v), v)));

describe("resources and calls through another region's provider (owner stack in us-east-1)", () => {
    let tokyo: aws.Provider;
    beforeAll(async () => {
        pulumi.runtime.setAllConfig({});
        await pulumi.runtime.setMocks(new PlanMocks("us-east-1"), "bibox", "mocks-test", false);
        tokyo = new aws.Provider("tokyo", { region: "ap-northeast-1" });
    });

    it("a resource on an explicit or inherited provider gets ARN and URL in that provider's region; one on the default provider, the stack's", async () => {
        const cases = [
            ["explicit", "ap-northeast-1", { provider: tokyo }],
            ["inherited", "ap-northeast-1", { parent: new pulumi.ComponentResource("bibox:test:Parent", "in-tokyo", {}, { providers: [tokyo] }) }],
            ["default", "us-east-1", {}],
        ] as const;
        for (const [how, region, opts] of cases) {
            const queue = new aws.sqs.Queue(`q-${how}`, { name: `dial-${how}` }, opts);
            const logs = new aws.cloudwatch.LogGroup(`l-${how}`, { name: `/bibox/${how}` }, opts);
            const [arn, url, logArn] = await Promise.all([resolved(queue.arn), resolved(queue.url), resolved(logs.arn)]);
            expect({ how, arn, url, logArn }).toEqual({
                how,
                arn: `arn:aws:sqs:${region}:123456789012:dial-${how}`,
                url: `https://sqs.${region}.amazonaws.com/123456789012/dial-${how}`,
                logArn: `arn:aws:logs:${region}:123456789012:log-group:/bibox/${how}`,
            });
        }
    });

    it("a resource's own region argument wins over its provider's", async () => {
        const q = new aws.sqs.Queue("q-own", { name: "dial-own", region: "eu-west-1" }, { provider: tokyo });
        expect(await resolved(q.arn)).toBe("arn:aws:sqs:eu-west-1:123456789012:dial-own");
    });

    it("getRegion and getAvailabilityZones answer for the provider they are called through", async () => {
        const [here, there, zones] = await Promise.all([
            resolved(aws.getRegionOutput({})),
            resolved(aws.getRegionOutput({}, { provider: tokyo })),
            resolved(aws.getAvailabilityZonesOutput({ state: "available" }, { provider: tokyo })),
        ]);
        expect([here.region, there.region, there.description]).toEqual(["us-east-1", "ap-northeast-1", "Asia Pacific (Tokyo)"]);
        expect(zones.zoneIds).toEqual(["apne1-az4", "apne1-az1", "apne1-az2"]);
    });
});

describe("KMS keys", () => {
    // AWS KMS API Reference, KeyMetadata: KeyId is a UUID, Arn is arn:<partition>:kms:<region>:<account>:key/<KeyId>.
    const KEY_ARN = /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it("get a UUID id and the ARN AWS gives it, from their region and logical name", async () => {
        const mocks = new PlanMocks("eu-west-1");
        const a = await mocks.newResource({ type: "aws:kms/key:Key", name: "bibox-media-key", inputs: {}, custom: true } as pulumi.runtime.MockResourceArgs);
        const b = await mocks.newResource({ type: "aws:kms/key:Key", name: "bibox-cache-key", inputs: {}, custom: true } as pulumi.runtime.MockResourceArgs);
        expect(a.state.arn).toMatch(KEY_ARN);
        expect(a.state.arn).toBe(`arn:aws:kms:eu-west-1:${String(a.state.arn).split(":")[4]}:key/${a.state.keyId}`);
        expect(b.state.keyId).not.toBe(a.state.keyId);
    });

    it.each(["prod-us", "prod-eu", "prod-ap"])("%s: every key ARN an input holds has that shape", async (stack) => {
        const text = JSON.stringify((await evaluate(stack)).resources);
        const arns = [...text.matchAll(/arn:aws:kms:[^"\\,\]]+/g)].map((m) => m[0]).filter((a) => !a.includes(":alias/") && !a.endsWith(":key/*"));
        expect(arns.length).toBeGreaterThan(10);
        for (const arn of new Set(arns)) expect(arn).toMatch(KEY_ARN);
    });
});
