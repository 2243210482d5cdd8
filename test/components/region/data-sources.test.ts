/**
 * What the program asks the cloud before it creates anything. Every lookup must go through the
 * stack's explicit provider (the default provider has no region or tags of the stack's, and the
 * explicit-provider policy sees only resources, never a data source), and the stack's account is
 * looked up once, by RegionStack, not again by every component that writes an ARN.
 */
import { describe, expect, it } from "vitest";
import { evaluate, STACKS } from "../../helpers/project";

const CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";
const PARTITION = "aws:index/getPartition:getPartition";

describe.each(STACKS)("data sources of %s", (stack) => {
    it("look the account and partition up once, through the stack's own AWS provider", async () => {
        const e = await evaluate(stack);
        const provider = e.resources.find((r) => r.type === "pulumi:providers:aws" && r.name === "bibox-aws")?.urn;
        expect(provider).toBeDefined();
        expect(e.invokes.filter((i) => i.token === CALLER_IDENTITY)).toEqual([{ token: CALLER_IDENTITY, provider }]);
        expect(e.invokes.filter((i) => i.token === PARTITION)).toEqual([{ token: PARTITION, provider }]);
    });

    it("all go through an explicit provider of the stack's", async () => {
        const e = await evaluate(stack);
        const providers = new Set(e.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => r.urn));
        expect(e.invokes.length).toBeGreaterThan(0);
        const stray = e.invokes.filter((i) => i.provider === undefined || !providers.has(i.provider));
        expect(stray, "data sources through the default provider or an unknown one").toEqual([]);
    });
});
