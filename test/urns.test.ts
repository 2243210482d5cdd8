/**
 * Child names stay stable: a URN that changes makes Pulumi delete and recreate the resource.
 * test/fixtures/urns.json lists the URNs each stack registered when it was last reviewed. The
 * guard fails when one of them disappears or changes (a rename or a move must ship with an alias,
 * which keeps the old URN); a new resource is harmless and only reported. Regenerate after a
 * deliberate removal with BIBOX_UPDATE_URNS=1 npx vitest run --config test/vitest.config.mts
 * test/urns.test.ts and review the diff: every removed line is a resource Pulumi will delete.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, STACKS } from "./helpers/project";

const FIXTURE = path.join(__dirname, "fixtures", "urns.json");

describe("URNs", () => {
    it("keep every reviewed URN of every stack (none disappears or changes)", async () => {
        const current: Record<string, string[]> = {};
        for (const stack of STACKS) current[stack] = (await evaluate(stack)).resources.map((r) => r.urn).sort();
        if (process.env.BIBOX_UPDATE_URNS === "1") fs.writeFileSync(FIXTURE, JSON.stringify(current, null, 2) + "\n");
        const reviewed = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Record<string, string[]>;
        for (const stack of STACKS) {
            const gone = reviewed[stack].filter((u) => !current[stack].includes(u));
            expect(gone, `URNs of ${stack} that disappeared (a rename without an alias replaces the resource)`).toEqual([]);
            const added = current[stack].filter((u) => !reviewed[stack].includes(u));
            if (added.length > 0) console.info(`${stack}: ${added.length} URN(s) not in test/fixtures/urns.json yet (new resources; harmless)`);
        }
    });

    it("are the same across stacks but for the stack name, the regions and zones, and the owner's global resources", async () => {
        const normalise = (stack: string, urns: string[]) =>
            urns.map((u) => u.replace(`urn:pulumi:${stack}::`, "urn:pulumi:STACK::").replace(/\b(us|eu|ap|sa|ca|me|af|il|mx)-(east|west|north|south|central|northeast|southeast)-\d[a-z]?\b/g, "PLACE")).sort();
        const reviewed: Record<string, string[]> = {};
        for (const stack of STACKS) reviewed[stack] = (await evaluate(stack)).resources.map((r) => r.urn);
        const owner = normalise("prod-us", reviewed["prod-us"]);
        // What only the owner creates: the global objects and the edge components around them.
        const OWNER_COMPONENTS = ["bibox:edge:AkamaiVideo", "bibox:edge:CloudflareEdge", "bibox:edge:FastlyEdge", "bibox:ops:RegionSwitch$", "bibox:ops:RegionSwitch::"];
        const OWNER_RESOURCES = [
            "random:index/randomPassword:RandomPassword::bibox-edge-origin-auth",
            "cloudflare:index/dnsRecord:DnsRecord::bibox-edge-accelerator-dns-0",
            "cloudflare:index/dnsRecord:DnsRecord::bibox-edge-accelerator-dns-1",
            "cloudflare:index/dnsRecord:DnsRecord::bibox-edge-origin-cert-validation-api",
            "cloudflare:index/dnsRecord:DnsRecord::bibox-edge-origin-cert-validation-www",
            "cloudflare:index/dnsRecord:DnsRecord::bibox-edge-origin-cert-validation-play",
            "cloudflare:index/dnsRecord:DnsRecord::bibox-edge-origin-cert-validation-direct",
            "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup::bibox-cache-global",
            "aws:globalaccelerator/accelerator:Accelerator::bibox-edge-accelerator",
            "aws:globalaccelerator/listener:Listener::bibox-edge-accelerator-443",
            "aws:rds/globalCluster:GlobalCluster::bibox-aurora-global",
            "aws:secretsmanager/secret:Secret::bibox-aurora-master",
            "aws:secretsmanager/secretVersion:SecretVersion::bibox-aurora-master",
            "aws:secretsmanager/secretRotation:SecretRotation::bibox-aurora-master-rotation",
            "aws:serverlessrepository/cloudFormationStack:CloudFormationStack::bibox-aurora-rotation",
            "aws:ec2/securityGroup:SecurityGroup::bibox-aurora-rotation-sg",
            "aws:kms/key:Key::bibox-aurora-replica-PLACE-key",
            "aws:kms/alias:Alias::bibox-aurora-replica-PLACE-key",
            "pulumi:providers:akamai::bibox-akamai",
            "aws:cloudtrail/trail:Trail::bibox-security-trail",
            "aws:kms/key:Key::bibox-security-trail-key",
            "aws:kms/alias:Alias::bibox-security-trail-key",
            "aws:s3/bucket:Bucket::bibox-security-trail-bucket",
            "aws:s3/bucketVersioning:BucketVersioning::bibox-security-trail-versioning",
            "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::bibox-security-trail-lock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::bibox-security-trail-encryption",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::bibox-security-trail-public-access",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls::bibox-security-trail-ownership",
            "aws:s3/bucketPolicy:BucketPolicy::bibox-security-trail-policy",
            "random:index/randomPassword:RandomPassword::bibox-aurora-master",
            "random:index/randomPassword:RandomPassword::bibox-cache-auth",
        ];
        const ownerOnly = (u: string) => OWNER_COMPONENTS.some((c) => u.includes(c)) || OWNER_RESOURCES.some((r) => u.endsWith(`$${r}`) || u.endsWith(`::${r}`));
        for (const member of ["prod-eu", "prod-ap"]) {
            const urns = normalise(member, reviewed[member]);
            expect(owner.filter((u) => !urns.includes(u)).filter((u) => !ownerOnly(u))).toEqual([]);
            expect(owner.filter(ownerOnly).filter((u) => urns.includes(u))).toEqual([]);
            expect(urns.filter((u) => !owner.includes(u)).map((u) => u.split("$").pop())).toEqual(["pulumi:pulumi:StackReference::bibox-owner"]);
        }
    });
});
