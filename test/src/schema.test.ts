import { describe, expect, it } from "vitest";
import { ConfigError, ConfigProblem, formatProblems } from "../../src/config-errors";
import { CREDENTIALS } from "../../src/config-keys";
import { credentialProblems, RawValues, StackConfig, validateStackConfig, ValidationInput } from "../../src/validate";

const topology = {
    "prod-us": { region: "us-east-1", role: "owner" },
    "prod-eu": { region: "eu-west-1", role: "member" },
    "prod-ap": { region: "ap-northeast-1", role: "member" },
};
const shared = {
    topology,
    objectives: { rpo: "30m", rto: "5m", edgeFailover: "30s" },
    nodePools: {
        NP_SYS: { instanceType: "m7g.large", nodesPerRegion: 3 },
        NP_CPU: { instanceType: "m7g.4xlarge", globalNodes: 250 },
        NP_GPU: { instanceType: "g5.2xlarge", globalNodes: 60 },
        NP_SPOT: { instanceType: "c7g.4xlarge", globalNodes: 40 },
    },
    domains: { zone: "pleasure.tv", web: "www.pleasure.tv", api: "api.pleasure.tv", video: "video.pleasure.tv", edge: "play.pleasure.tv" },
    edge: {
        cloudflare: { accountId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", zoneId: "9a8b7c6d5e4f30211203f4e5d6c7b8a9" },
        akamai: {
            host: "akab-pleasure-edge.luna.akamaiapis.net",
            contractId: "ctr_1-PLSR01",
            groupId: "grp_271828",
            certificateEnrollmentId: 314159,
            notifyEmails: ["platform-oncall@pleasure.tv"],
            activateProduction: false,
        },
    },
    eks: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"], publicAccessCidrs: ["203.0.113.10/32"] },
    database: { instanceClass: "db.r7g.2xlarge", instancesPerRegion: 2, globalDbRpo: "60s", backupRetentionDays: 35 },
    cache: { nodeType: "cache.r7g.large", nodesPerRegion: 2 },
    media: { coldOriginalsAfterDays: 90, noncurrentVersionDays: 30 },
    backup: { retentionDays: 35, vaultLockCoolingOffDays: 3 },
    operations: { onCallProtocol: "https", organizationTrail: true, trailRetentionDays: 400 },
    stackOrganization: "organization",
    tags: { product: "pleasure" },
};
const eu: RawValues = {
    ...shared,
    region: "eu-west-1",
    role: "member",
    vpcCidr: "10.20.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
};
const us = { region: "us-east-1", role: "owner", vpcCidr: "10.10.0.0/16" };
const ap = { region: "ap-northeast-1", role: "member", vpcCidr: "10.30.0.0/16" };

function input(values: RawValues, changes: { awsRegion?: unknown; siblings?: ValidationInput["siblings"] } = {}): ValidationInput {
    return {
        project: "bibox",
        stack: "prod-eu",
        values,
        awsRegion: "awsRegion" in changes ? changes.awsRegion : "eu-west-1",
        secretKeys: new Set(),
        credentials: Object.fromEntries(Object.keys(CREDENTIALS).map((k) => [k, "secret" as const])),
        siblings: changes.siblings ?? [
            { stack: "prod-us", values: us },
            { stack: "prod-ap", values: ap },
        ],
    };
}

function problems(values: RawValues, changes: Parameters<typeof input>[1] = {}): ConfigProblem[] {
    const result = validateStackConfig(input(values, changes));
    if (!Array.isArray(result)) throw new Error("expected problems, got a valid config");
    return result;
}

const without = (key: string) => Object.fromEntries(Object.entries(eu).filter(([k]) => k !== key));

describe("validateStackConfig: a valid stack", () => {
    it("parses durations, keeps the pools and sees the whole topology", () => {
        const cfg = validateStackConfig(input(eu)) as StackConfig;
        expect(Array.isArray(cfg)).toBe(false);
        expect(cfg.objectives).toEqual({ rpoSeconds: 1800, rtoSeconds: 300, edgeFailoverSeconds: 30 });
        expect(cfg.nodePools.NP_CPU).toEqual({ instanceType: "m7g.4xlarge", globalNodes: 250 });
        expect(cfg.database.globalDbRpoSeconds).toBe(60);
        // Absent optional keys take their defaults in the schema: replication on, every security service managed.
        expect(cfg.media.replication).toBe("mesh");
        expect(cfg.securityServices).toEqual({ guardDuty: { mode: "manage" }, securityHub: { mode: "manage" } });
        expect(cfg.topology.map((t) => `${t.stack}:${t.region}:${t.role}:${t.vpcCidr}`)).toEqual([
            "prod-ap:ap-northeast-1:member:10.30.0.0/16",
            "prod-eu:eu-west-1:member:10.20.0.0/16",
            "prod-us:us-east-1:owner:10.10.0.0/16",
        ]);
    });
});

describe("validateStackConfig: each bad input gives one problem naming key, value and what is allowed", () => {
    it.each<[string, RawValues, Parameters<typeof input>[1], Partial<ConfigProblem>]>([
        ["missing required key", without("vpcCidr"), {}, { key: "bibox:vpcCidr", value: undefined, reason: "is missing" }],
        ["unknown key (typo)", { ...eu, vpcCird: "10.20.0.0/16" }, {}, { key: "bibox:vpcCird", value: "10.20.0.0/16", reason: "is not a known key (did you mean bibox:vpcCidr?)" }],
        ["unknown nested key", { ...eu, objectives: { ...shared.objectives, rpoo: "1m" } }, {}, { key: "bibox:objectives.rpoo", value: "1m", reason: "is not a known key (did you mean bibox:objectives.rpo?)" }],
        ["wrong type", { ...eu, vpcCidr: 42 }, {}, { key: "bibox:vpcCidr", value: 42, reason: "is a number, expected a string" }],
        ["unknown region", { ...eu, region: "eu-west-9" }, {}, { key: "bibox:region", value: "eu-west-9", reason: "is not a known AWS region" }],
        ["aws:region not the declared region", eu, { awsRegion: "eu-central-1" }, { key: "aws:region", value: "eu-central-1", reason: 'differs from bibox:topology.prod-eu.region "eu-west-1"' }],
        ["aws:region missing", eu, { awsRegion: undefined }, { key: "aws:region", reason: "is missing" }],
        ["CIDR not a block", { ...eu, vpcCidr: "10.20.0/16" }, {}, { key: "bibox:vpcCidr", value: "10.20.0/16", reason: "is not a valid CIDR block: not an IPv4 CIDR block of the form a.b.c.d/n" }],
        ["CIDR host bits", { ...eu, vpcCidr: "10.20.0.1/16" }, {}, { key: "bibox:vpcCidr", reason: "is not a valid CIDR block: host bits are set; the block starts at 10.20.0.0/16" }],
        ["CIDR too large", { ...eu, vpcCidr: "10.20.0.0/15" }, {}, { key: "bibox:vpcCidr", value: "10.20.0.0/15", reason: "has prefix /15, outside /16–/20" }],
        ["CIDR too small", { ...eu, vpcCidr: "10.20.0.0/21" }, {}, { key: "bibox:vpcCidr", value: "10.20.0.0/21", reason: "has prefix /21, outside /16–/20" }],
        ["CIDR overlapping a sibling", { ...eu, vpcCidr: "10.10.128.0/17" }, {}, { key: "bibox:vpcCidr", value: "10.10.128.0/17", reason: "overlaps 10.10.0.0/16 of stack prod-us" }],
        ["RPO not a duration", { ...eu, objectives: { ...shared.objectives, rpo: "30 minutes" } }, {}, { key: "bibox:objectives.rpo", value: "30 minutes", reason: "is not a positive duration" }],
        ["RTO zero", { ...eu, objectives: { ...shared.objectives, rto: "0s" } }, {}, { key: "bibox:objectives.rto", value: "0s", reason: "is not a positive duration" }],
        ["edge failover negative", { ...eu, objectives: { ...shared.objectives, edgeFailover: "-30s" } }, {}, { key: "bibox:objectives.edgeFailover", value: "-30s", reason: "is not a positive duration" }],
        ["node count zero", { ...eu, nodePools: { ...shared.nodePools, NP_GPU: { instanceType: "g5.2xlarge", globalNodes: 0 } } }, {}, { key: "bibox:nodePools.NP_GPU.globalNodes", value: 0, reason: "is not a positive integer" }],
        ["node count fractional", { ...eu, nodePools: { ...shared.nodePools, NP_CPU: { instanceType: "m7g.4xlarge", globalNodes: 12.5 } } }, {}, { key: "bibox:nodePools.NP_CPU.globalNodes", value: 12.5, reason: "is a number, expected an integer" }],
        ["node count as text", { ...eu, nodePools: { ...shared.nodePools, NP_SYS: { instanceType: "m7g.large", nodesPerRegion: "3" } } }, {}, { key: "bibox:nodePools.NP_SYS.nodesPerRegion", value: "3", reason: "is a string, expected a number" }],
        ["instance type", { ...eu, nodePools: { ...shared.nodePools, NP_SPOT: { instanceType: "c7g 4xlarge", globalNodes: 40 } } }, {}, { key: "bibox:nodePools.NP_SPOT.instanceType", value: "c7g 4xlarge", reason: "is not an EC2 instance type" }],
        ["a stack file's role not the declared one", { ...eu, role: "owner" }, {}, { key: "bibox:role", value: "owner", reason: 'differs from bibox:topology.prod-eu.role "member"' }],
        ["two owners declared", { ...eu, role: "owner", topology: { ...topology, "prod-eu": { region: "eu-west-1", role: "owner" } } }, {}, { key: "bibox:topology", file: "Pulumi.yaml", reason: "declares 2 owners (prod-us, prod-eu)" }],
        ["no owner declared", { ...eu, topology: { ...topology, "prod-us": { region: "us-east-1", role: "member" } } }, { siblings: [{ stack: "prod-us", values: { ...us, role: "member" } }, { stack: "prod-ap", values: ap }] }, { key: "bibox:topology", value: { "prod-us": "member", "prod-eu": "member", "prod-ap": "member" }, reason: "declares no owner" }],
        ["zone of another region", { ...eu, availabilityZones: ["eu-west-1a", "eu-west-1b", "us-east-1c"] }, {}, { key: "bibox:availabilityZones.2", value: "us-east-1c", reason: "is not a zone of eu-west-1" }],
        ["a zone name accounts are not offered", { ...eu, availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1d"] }, {}, { key: "bibox:availabilityZones.2", value: "eu-west-1d", reason: "is not a zone accounts are offered in eu-west-1 (eu-west-1a, eu-west-1b, eu-west-1c: components/lib/regions.ts SUPPORTED_REGIONS)" }],
        ["two zones only", { ...eu, availabilityZones: ["eu-west-1a", "eu-west-1b"] }, {}, { key: "bibox:availabilityZones", reason: "does not list exactly 3 zones" }],
        ["repeated zone", { ...eu, availabilityZones: ["eu-west-1a", "eu-west-1a", "eu-west-1b"] }, {}, { key: "bibox:availabilityZones", reason: "repeats a zone" }],
        ["region of a sibling", { ...eu, region: "us-east-1", availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"], topology: { ...topology, "prod-eu": { region: "us-east-1", role: "member" } } }, { awsRegion: "us-east-1" }, { key: "bibox:topology.prod-eu.region", value: "us-east-1", reason: "is also the region of stack prod-us" }],
        ["no cluster admin", { ...eu, eks: { ...shared.eks, adminPrincipalArns: [] } }, {}, { key: "bibox:eks.adminPrincipalArns", value: [], reason: "names no administrator" }],
        ["admin not an IAM ARN", { ...eu, eks: { ...shared.eks, adminPrincipalArns: ["admin"] } }, {}, { key: "bibox:eks.adminPrincipalArns.0", value: "admin", reason: "is not an IAM role or user ARN" }],
        ["EKS API open to the world", { ...eu, eks: { ...shared.eks, publicAccessCidrs: ["0.0.0.0/0"] } }, {}, { key: "bibox:eks.publicAccessCidrs.0", value: "0.0.0.0/0", reason: "opens the API to the whole internet" }],
        ["global_db_rpo below what AWS accepts", { ...eu, database: { ...shared.database, globalDbRpo: "10s" } }, {}, { key: "bibox:database.globalDbRpo", value: "10s", reason: "is outside 20s–30m (objectives.rpo)" }],
        ["global_db_rpo above the RPO", { ...eu, database: { ...shared.database, globalDbRpo: "31m" } }, {}, { key: "bibox:database.globalDbRpo", value: "31m", reason: "is outside 20s–30m (objectives.rpo)" }],
        ["a single database instance", { ...eu, database: { ...shared.database, instancesPerRegion: 1 } }, {}, { key: "bibox:database.instancesPerRegion", value: 1, reason: "is below 2" }],
        ["vault lock cooling-off under 3 days", { ...eu, backup: { ...shared.backup, vaultLockCoolingOffDays: 1 } }, {}, { key: "bibox:backup.vaultLockCoolingOffDays", value: 1, reason: "is below 3" }],
        ["continuous backups past 35 days", { ...eu, backup: { ...shared.backup, retentionDays: 90 } }, {}, { key: "bibox:backup.retentionDays", value: 90, reason: "is above 35" }],
        ["unknown media replication mode", { ...eu, mediaReplication: "star" }, {}, { key: "bibox:mediaReplication", value: "star", reason: "is not a replication mode" }],
        ["reserved tag key", { ...eu, tags: { "aws:owner": "x" } }, {}, { key: "bibox:tags.aws:owner", reason: "is a reserved tag key" }],
        // What a key allows comes from its own description in the schema (it used to be its map's: "a map with accountId and zoneId").
        ["Cloudflare zone id not hexadecimal", { ...eu, edge: { ...shared.edge, cloudflare: { ...shared.edge.cloudflare, zoneId: "pleasure.tv" } } }, {}, { key: "bibox:edge.cloudflare.zoneId", value: "pleasure.tv", reason: "is not a Cloudflare id", allowed: "a 32-character hexadecimal Cloudflare id" }],
        ["an invalid RPO: only it is reported, not the global_db_rpo held against it", { ...eu, objectives: { ...shared.objectives, rpo: "soon" } }, {}, { key: "bibox:objectives.rpo", value: "soon", reason: "is not a positive duration" }],
    ])("%s", (_label, values, changes, expected) => {
        const found = problems(values, changes);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ stack: "prod-eu", ...expected });
        expect(found[0].allowed.length).toBeGreaterThan(10);
    });

    it("names a sibling stack's bad value against that stack", () => {
        const found = problems(eu, { siblings: [{ stack: "prod-us", values: us }, { stack: "prod-ap", values: { ...ap, vpcCidr: "10.30.0.0/8" } }] });
        expect(found).toEqual([
            expect.objectContaining({ stack: "prod-ap", key: "bibox:vpcCidr", value: "10.30.0.0/8", reason: "is not a valid CIDR block: host bits are set; the block starts at 10.0.0.0/8" }),
        ]);
    });

    it("finds overlaps between two siblings too", () => {
        const found = problems(eu, { siblings: [{ stack: "prod-us", values: us }, { stack: "prod-ap", values: { ...ap, vpcCidr: "10.10.0.0/20" } }] });
        expect(found).toEqual([expect.objectContaining({ stack: "prod-ap", key: "bibox:vpcCidr", reason: "overlaps 10.10.0.0/16 of stack prod-us" })]);
    });
});

describe("credentialProblems", () => {
    it.each<[string, unknown, Parameters<typeof credentialProblems>[2], string[]]>([
        ["member with its tokens", "member", { cloudflareApiToken: "secret", fastlyApiKey: "secret", onCallEndpoint: "secret" }, []],
        ["member without Fastly", "member", { cloudflareApiToken: "secret", onCallEndpoint: "secret" }, ["bibox:fastlyApiKey is missing"]],
        ["owner without Akamai and the playback key", "owner", { cloudflareApiToken: "secret", fastlyApiKey: "secret", onCallEndpoint: "secret" }, [
            "bibox:akamaiClientSecret is missing", "bibox:akamaiClientToken is missing", "bibox:akamaiAccessToken is missing", "bibox:playbackTokenKey is missing",
        ]],
        ["a token in plain text", "member", { cloudflareApiToken: "plaintext", fastlyApiKey: "secret", onCallEndpoint: "secret" }, ["bibox:cloudflareApiToken is in plain text"]],
    ])("%s", (_label, role, state, expected) => {
        expect(credentialProblems("prod-eu", role, state).map((p) => `${p.key} ${p.reason}`)).toEqual(expected);
    });
});

describe("ConfigError", () => {
    it("reads as one message naming the stack, key, value and what is allowed", () => {
        const found = problems({ ...eu, vpcCidr: "10.20.0.0/15" });
        const err = new ConfigError("prod-eu", found);
        expect(err.message).toBe(
            [
                "Invalid configuration for stack prod-eu (1 problem; nothing was deployed):",
                '  bibox:vpcCidr = "10.20.0.0/15" has prefix /15, outside /16–/20. Allowed: an IPv4 block from /16 to /20 (e.g. 10.20.0.0/16) that overlaps no other stack\'s bibox:vpcCidr.',
            ].join("\n"),
        );
    });

    it("says which file holds a sibling's value and never echoes a secret", () => {
        const text = formatProblems("prod-us", [
            { stack: "prod-ap", key: "bibox:role", value: "boss", reason: "is not a role", allowed: '"owner" or "member"' },
            { stack: "prod-us", key: "bibox:token", value: "[secret]", reason: "is not a known key", allowed: "the keys of the config reference" },
        ]);
        expect(text).toContain('bibox:role = "boss" (in Pulumi.prod-ap.yaml) is not a role.');
        expect(text).toContain('bibox:token = "[secret]" is not a known key.');
    });
});
