/**
 * Roles as types (issue #15 item 5): owner-only and member-only inputs are discriminated unions,
 * so a member given owner inputs, or one missing the owner's outputs, does not compile. The
 * `@ts-expect-error` lines are the test: `npm test`'s type check fails when one of them compiles.
 */
import { describe, expect, it } from "vitest";
import type { AuroraGlobalArgs } from "../../components/data/AuroraGlobal";
import type { SessionCacheArgs } from "../../components/data/SessionCache";
import type { EdgeLayerArgs } from "../../components/edge/EdgeLayer";
import type { SecurityBaselineArgs } from "../../components/ops/SecurityBaseline";
import type * as pulumi from "@pulumi/pulumi";
import type { NodePools, RegionStackSettings, StackSettings } from "../../components/region/settings";

type CacheCommon = Omit<Extract<SessionCacheArgs, { role: "owner" }>, "role" | "fromOwner">;
type EdgeCommon = Omit<Extract<EdgeLayerArgs, { role: "owner" }>, "role" | "providers" | "playbackTokenKey" | "acceleratorListenerArn" | "originAuthToken">;
type Providers = Extract<EdgeLayerArgs, { role: "owner" }>["providers"];

describe("SessionCache and EdgeLayer roles", () => {
    it("are told apart by the type checker", () => {
        const cache = {} as CacheCommon;
        const edge = {} as EdgeCommon;
        const providers = {} as Providers;
        const fromOwner = { globalReplicationGroupId: "g", authToken: "t" };
        const cases: unknown[] = [
            { ...cache, role: "owner" } satisfies SessionCacheArgs,
            { ...cache, role: "member", fromOwner } satisfies SessionCacheArgs,
            // @ts-expect-error a member joins the owner's global datastore: it needs fromOwner
            { ...cache, role: "member" } satisfies SessionCacheArgs,
            // @ts-expect-error the owner creates the datastore: it takes no fromOwner
            { ...cache, role: "owner", fromOwner } satisfies SessionCacheArgs,
            { ...edge, role: "owner", providers, playbackTokenKey: "k" } satisfies EdgeLayerArgs,
            { ...edge, role: "member", providers: { cloudflare: providers.cloudflare, fastly: providers.fastly }, acceleratorListenerArn: "a", originAuthToken: "o" } satisfies EdgeLayerArgs,
            // @ts-expect-error the owner builds Akamai and Fastly: it needs the playback-token key
            { ...edge, role: "owner", providers } satisfies EdgeLayerArgs,
            // @ts-expect-error a member needs the owner's accelerator listener and origin credential
            { ...edge, role: "member", providers: { cloudflare: providers.cloudflare, fastly: providers.fastly } } satisfies EdgeLayerArgs,
            // @ts-expect-error a member builds no Akamai property: it is given no Akamai provider
            { ...edge, role: "member", providers, acceleratorListenerArn: "a", originAuthToken: "o" } satisfies EdgeLayerArgs,
        ];
        expect(cases).toHaveLength(9);
    });
});

describe("node pools", () => {
    // Required stays required end to end (issue #15 item 2): the schema demands NP_SYS's nodesPerRegion
    // and each Karpenter pool's globalNodes, and so does the type the components take.
    it("need what their kind is sized by", () => {
        const sys = { instanceType: "m7g.large", nodesPerRegion: 3 };
        const fleet = { instanceType: "m7g.4xlarge", globalNodes: 250 };
        const cases: unknown[] = [
            { NP_SYS: sys, NP_CPU: fleet, NP_GPU: fleet, NP_SPOT: fleet } satisfies NodePools,
            // @ts-expect-error NP_SYS is a fixed-size node group in every region: it needs nodesPerRegion
            { NP_SYS: { instanceType: "m7g.large" }, NP_CPU: fleet, NP_GPU: fleet, NP_SPOT: fleet } satisfies NodePools,
            // @ts-expect-error a Karpenter pool is sized from the global fleet: it needs globalNodes
            { NP_SYS: sys, NP_CPU: fleet, NP_GPU: { instanceType: "g5.2xlarge" }, NP_SPOT: fleet } satisfies NodePools,
            // @ts-expect-error every pool of the fleet is configured
            { NP_SYS: sys, NP_CPU: fleet, NP_GPU: fleet } satisfies NodePools,
        ];
        expect(cases).toHaveLength(4);
    });
});

describe("a stack's credentials", () => {
    // The config check refuses a stack without the credentials its role needs; the type RegionStack
    // takes says the same, so no credential is asserted present with `!` where it is used.
    it("are the ones its role needs", () => {
        const settings = {} as StackSettings;
        const secret = {} as pulumi.Output<string>;
        const member = { cloudflareApiToken: secret, fastlyApiKey: secret, onCallEndpoint: secret };
        const owner = { ...member, akamaiClientSecret: secret, akamaiClientToken: secret, akamaiAccessToken: secret, playbackTokenKey: secret };
        const cases: unknown[] = [
            { ...settings, role: "owner", credentials: owner } satisfies RegionStackSettings,
            { ...settings, role: "member", credentials: member } satisfies RegionStackSettings,
            // @ts-expect-error the owner builds the Akamai property and signs playback tokens: it needs their credentials
            { ...settings, role: "owner", credentials: member } satisfies RegionStackSettings,
            // @ts-expect-error every stack pages on-call: a member needs onCallEndpoint too
            { ...settings, role: "member", credentials: { cloudflareApiToken: secret, fastlyApiKey: secret } } satisfies RegionStackSettings,
        ];
        expect(cases).toHaveLength(4);
    });
});

describe("AuroraGlobal roles", () => {
    it("give the master secret to the owner only", () => {
        const common = {} as Omit<Extract<AuroraGlobalArgs, { role: "owner" }>, "role" | "masterSecret">;
        const masterSecret = { replicaRegions: ["eu-west-1"], databaseCidrs: [], endpointCidrs: [] };
        const cases: unknown[] = [
            { ...common, role: "owner", masterSecret } satisfies AuroraGlobalArgs,
            { ...common, role: "member" } satisfies AuroraGlobalArgs,
            // @ts-expect-error the owner creates the master credentials: it needs where the secret replicates and rotates
            { ...common, role: "owner" } satisfies AuroraGlobalArgs,
            // @ts-expect-error a member joins the owner's cluster and keeps no master secret
            { ...common, role: "member", masterSecret } satisfies AuroraGlobalArgs,
        ];
        expect(cases).toHaveLength(4);
    });
});

describe("SecurityBaseline roles", () => {
    it("lock the trail's objects in the owner only", () => {
        const common = {} as Omit<Extract<SecurityBaselineArgs, { role: "owner" }>, "role" | "trailRetentionDays">;
        const cases: unknown[] = [
            { ...common, role: "owner", trailRetentionDays: 365 } satisfies SecurityBaselineArgs,
            { ...common, role: "member" } satisfies SecurityBaselineArgs,
            // @ts-expect-error the owner records the trail: it needs how long its objects stay locked
            { ...common, role: "owner" } satisfies SecurityBaselineArgs,
            // @ts-expect-error a member records no trail
            { ...common, role: "member", trailRetentionDays: 365 } satisfies SecurityBaselineArgs,
        ];
        expect(cases).toHaveLength(4);
    });
});
