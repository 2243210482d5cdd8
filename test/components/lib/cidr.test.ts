import { describe, expect, it } from "vitest";
import { cidrsOverlap, formatCidr, isBlock, mustParseCidr, parseCidr, planSubnets, subBlock } from "../../../components/lib/cidr";

describe("parseCidr", () => {
    it.each([
        ["10.0.0.0/16", "10.0.0.0/16"],
        ["10.20.0.0/16", "10.20.0.0/16"],
        ["172.16.0.0/12", "172.16.0.0/12"],
        ["192.168.16.0/20", "192.168.16.0/20"],
        ["0.0.0.0/0", "0.0.0.0/0"],
        ["255.255.255.255/32", "255.255.255.255/32"],
    ])("accepts %s", (text, canonical) => {
        const block = parseCidr(text);
        expect(isBlock(block)).toBe(true);
        expect(formatCidr(block as ReturnType<typeof mustParseCidr>)).toBe(canonical);
    });

    it.each([
        ["10.0.0.0", "not an IPv4 CIDR block of the form a.b.c.d/n"],
        ["10.0.0/16", "not an IPv4 CIDR block of the form a.b.c.d/n"],
        ["ten.0.0.0/16", "not an IPv4 CIDR block of the form a.b.c.d/n"],
        ["10.0.0.256/16", "an octet is above 255"],
        ["10.0.0.0/33", "the prefix length is above 32"],
        ["10.0.0.1/16", "host bits are set; the block starts at 10.0.0.0/16"],
        ["10.10.128.0/16", "host bits are set; the block starts at 10.10.0.0/16"],
    ])("refuses %s", (text, error) => {
        expect(parseCidr(text)).toEqual({ error });
    });
});

describe("cidrsOverlap", () => {
    it.each([
        ["10.10.0.0/16", "10.20.0.0/16", false],
        ["10.10.0.0/16", "10.10.128.0/17", true],
        ["10.10.0.0/16", "10.11.0.0/16", false],
        ["10.0.0.0/8", "10.30.0.0/16", true],
        ["10.10.0.0/20", "10.10.16.0/20", false],
        ["10.10.15.0/24", "10.10.0.0/20", true],
    ])("%s vs %s → %s", (a, b, expected) => {
        expect(cidrsOverlap(mustParseCidr(a), mustParseCidr(b))).toBe(expected);
        expect(cidrsOverlap(mustParseCidr(b), mustParseCidr(a))).toBe(expected);
    });
});

describe("subBlock", () => {
    it.each([
        ["10.0.0.0/16", 18, 0, "10.0.0.0/18"],
        ["10.0.0.0/16", 18, 3, "10.0.192.0/18"],
        ["10.0.192.0/18", 21, 5, "10.0.232.0/21"],
    ])("%s /%i #%i → %s", (parent, prefix, index, expected) => {
        expect(formatCidr(subBlock(mustParseCidr(parent), prefix, index))).toBe(expected);
    });

    it("refuses a block that does not exist", () => {
        expect(() => subBlock(mustParseCidr("10.0.0.0/16"), 18, 4)).toThrow("10.0.0.0/16 holds 4 /18 blocks; block 4 does not exist");
        expect(() => subBlock(mustParseCidr("10.0.0.0/16"), 15, 0)).toThrow("cannot carve /15 blocks out of 10.0.0.0/16");
    });
});

describe("planSubnets", () => {
    it.each([
        {
            vpc: "10.10.0.0/16",
            zones: ["us-east-1a", "us-east-1b", "us-east-1c"],
            expected: {
                "us-east-1a": { private: "10.10.0.0/18", public: "10.10.192.0/21", isolated: "10.10.216.0/21" },
                "us-east-1b": { private: "10.10.64.0/18", public: "10.10.200.0/21", isolated: "10.10.224.0/21" },
                "us-east-1c": { private: "10.10.128.0/18", public: "10.10.208.0/21", isolated: "10.10.232.0/21" },
            },
        },
        {
            vpc: "10.40.16.0/20",
            zones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
            expected: {
                "ap-northeast-1a": { private: "10.40.16.0/22", public: "10.40.28.0/25", isolated: "10.40.29.128/25" },
                "ap-northeast-1c": { private: "10.40.20.0/22", public: "10.40.28.128/25", isolated: "10.40.30.0/25" },
                "ap-northeast-1d": { private: "10.40.24.0/22", public: "10.40.29.0/25", isolated: "10.40.30.128/25" },
            },
        },
    ])("lays out $vpc", ({ vpc, zones, expected }) => {
        expect(planSubnets(vpc, zones)).toEqual(expected);
    });

    it.each(["10.10.0.0/16", "10.20.0.0/17", "10.30.0.0/18", "10.40.0.0/19", "10.50.0.0/20"])(
        "keeps every subnet of %s inside the VPC and apart from the others",
        (vpc) => {
            const plan = planSubnets(vpc, ["a1", "a2", "a3"]);
            const blocks = Object.values(plan).flatMap((z) => [z.public, z.private, z.isolated]).map(mustParseCidr);
            const parent = mustParseCidr(vpc);
            expect(blocks).toHaveLength(9);
            for (const [i, b] of blocks.entries()) {
                expect(cidrsOverlap(b, parent) && b.prefix > parent.prefix).toBe(true);
                for (const other of blocks.slice(i + 1)) expect(cidrsOverlap(b, other)).toBe(false);
            }
        },
    );

    it("never renumbers a zone when another is added", () => {
        const two = planSubnets("10.10.0.0/16", ["z1", "z2"]);
        const three = planSubnets("10.10.0.0/16", ["z1", "z2", "z3"]);
        expect(three.z1).toEqual(two.z1);
        expect(three.z2).toEqual(two.z2);
    });

    it.each([
        ["10.10.0.0/16", ["a", "b", "c", "d"], "the subnet layout takes 1 to 3 availability zones, got 4"],
        ["10.10.0.0/16", [], "the subnet layout takes 1 to 3 availability zones, got 0"],
        ["10.10.0.0/16", ["a", "a"], "availability zones repeat: a, a"],
        ["10.10.0.0/24", ["a"], "10.10.0.0/24 is too small: the public and isolated tiers need at least a /28 each"],
    ])("refuses %s over %j", (vpc, zones, message) => {
        expect(() => planSubnets(vpc, zones)).toThrow(message);
    });
});
