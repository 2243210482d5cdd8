/**
 * The catalogue of `bibox:*` keys: names, constants, and what each key allows (shown in error
 * messages and mirrored by the README's config reference).
 */
import { CredentialName, POOL_NAMES, SECURITY_HUB_STANDARD_KEYS } from "../components/region/settings";
import type { ConfigProblem } from "./config-errors";
import { AWS_REGIONS, SUPPORTED_REGIONS } from "../components/lib/regions";

export { POOL_NAMES, ROLES, SECURITY_HUB_STANDARD_KEYS } from "../components/region/settings";
export type { CredentialName, PoolName, Role, SecurityHubStandardKey } from "../components/region/settings";

export const NAMESPACE = "bibox";
export const ZONES_PER_REGION = 3;
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 20;
/** Who runs a security service (components/ops/SecurityBaseline.ts GuardDutyMode, SecurityHubMode). */
export const SECURITY_SERVICE_MODES = ["manage", "adopt", "delegated"] as const;

const GUARDDUTY_MODES =
    '{ mode: manage } (the stack creates the detector), { mode: adopt, detectorId: <id> } (the stack imports the detector the account already has) or { mode: delegated } (the Organization\'s GuardDuty delegated administrator runs it; the stack creates no detector)';
const SECURITY_HUB_MODES =
    '{ mode: manage } (the stack enables Security Hub), { mode: adopt, accountId: "<12 digits>", subscribedStandards: [...] } (the stack imports the hub the account already has) or { mode: delegated } (the Organization\'s Security Hub delegated administrator runs it; the stack creates no hub and no subscription)';

/** What each key allows, as shown in error messages and the README's config reference. */
export const ALLOWED: Record<string, string> = {
    region: `a region bibox supports (${Object.keys(SUPPORTED_REGIONS).join(", ")}: components/lib/regions.ts SUPPORTED_REGIONS; ${AWS_REGIONS.length} AWS regions are known) equal to aws:region and to the stack's region in bibox:topology`,
    role: `"owner" (exactly one stack: global resources and the database writer) or "member", as bibox:topology declares for the stack`,
    vpcCidr: `an IPv4 block from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} (e.g. 10.20.0.0/16) that overlaps no other stack's bibox:vpcCidr`,
    availabilityZones: `a list of ${ZONES_PER_REGION} distinct availability zones of the stack's region, e.g. [eu-west-1a, eu-west-1b, eu-west-1c]`,
    objectives: "a map with rpo, rto and edgeFailover",
    "objectives.*": "a positive duration such as 30s, 5m or 1h30m",
    nodePools: `a map with exactly the pools ${POOL_NAMES.join(", ")}`,
    "nodePools.NP_SYS": "a map with instanceType and nodesPerRegion",
    "nodePools.*": "a map with instanceType and globalNodes",
    "nodePools.*.instanceType": "an EC2 instance type such as m7g.4xlarge",
    "nodePools.*.nodesPerRegion": "a positive integer",
    "nodePools.*.globalNodes": "a positive integer (the fleet across all regions at peak)",
    domains: "a map with zone, web, api, video and edge",
    "domains.*": "a lower-case DNS host name such as api.pleasure.tv",
    eks: "a map with adminPrincipalArns and publicAccessCidrs",
    "eks.adminPrincipalArns": "a non-empty list of IAM role or user ARNs (arn:aws:iam::<account>:role/<name>) given cluster-admin through EKS access entries",
    "eks.publicAccessCidrs": "a list of IPv4 CIDR blocks (not 0.0.0.0/0) allowed to reach the EKS API over the internet; [] keeps the endpoint private",
    database: "a map with instanceClass, instancesPerRegion, globalDbRpo and backupRetentionDays",
    "database.instanceClass": "an Aurora instance class such as db.r7g.2xlarge",
    "database.instancesPerRegion": "an integer from 2 to 3: a writer or reader in that many zones",
    "database.globalDbRpo": "a duration from 20s (the least AWS accepts) up to objectives.rpo, e.g. 60s",
    "database.backupRetentionDays": "an integer from 7 to 35 (days of point-in-time recovery)",
    cache: "a map with nodeType and nodesPerRegion",
    "cache.nodeType": "an ElastiCache node type a global datastore supports, e.g. cache.r7g.large",
    "cache.nodesPerRegion": "an integer from 2 to 6: a primary and replicas across zones",
    media: "a map with coldOriginalsAfterDays and noncurrentVersionDays",
    "media.*": "a positive integer number of days",
    backup: "a map with retentionDays and vaultLockCoolingOffDays",
    "backup.retentionDays": "an integer from 7 to 35 (continuous backups keep at most 35 days)",
    "backup.vaultLockCoolingOffDays": "an integer of at least 3: days before the compliance-mode vault lock becomes immutable",
    operations: "a map with onCallProtocol, organizationTrail and trailRetentionDays",
    "operations.onCallProtocol": '"https" (a paging webhook such as PagerDuty) or "email"',
    "operations.organizationTrail": "true for a trail of the whole AWS Organization (the owner runs in the management or delegated-administrator account)",
    "operations.trailRetentionDays": "an integer of at least 365: days the trail's objects are locked (compliance mode)",
    stackOrganization: "the organization part of stack references (\"organization\" on a self-managed backend)",
    mediaReplication: '"mesh" (replicate to every other region) or "off" (only while a fresh set of stacks is brought up)',
    securityServices: "a map with guardDuty and securityHub, each optional ({ mode: manage } when absent); in Pulumi.yaml for every stack, or in a stack file, whose map replaces the project's",
    "securityServices.guardDuty": GUARDDUTY_MODES,
    "securityServices.guardDuty.mode": GUARDDUTY_MODES,
    "securityServices.guardDuty.detectorId": "the 32-character hexadecimal id `aws guardduty list-detectors` prints in the stack's region",
    "securityServices.securityHub": SECURITY_HUB_MODES,
    "securityServices.securityHub.mode": SECURITY_HUB_MODES,
    "securityServices.securityHub.accountId": 'the 12-digit id of the stack\'s AWS account, quoted (e.g. "012345678901"): the id the enabled hub is imported by',
    "securityServices.securityHub.subscribedStandards": `a list of the baseline's standards the account has already enabled (${SECURITY_HUB_STANDARD_KEYS.join(", ")}): imported instead of subscribed`,
    edge: "a map with cloudflare and akamai",
    "edge.cloudflare": "a map with accountId and zoneId",
    "edge.cloudflare.*": "a 32-character hexadecimal Cloudflare id",
    "edge.akamai": "a map with host, contractId, groupId, certificateEnrollmentId, notifyEmails and activateProduction",
    "edge.akamai.host": "the Akamai API host of the credentials, e.g. akab-xxxx.luna.akamaiapis.net",
    "edge.akamai.contractId": "an Akamai contract id such as ctr_1-ABCDE",
    "edge.akamai.groupId": "an Akamai group id such as grp_12345",
    "edge.akamai.certificateEnrollmentId": "the CPS enrollment id (a positive integer) of the video certificate",
    "edge.akamai.notifyEmails": "a non-empty list of e-mail addresses told about activations",
    "edge.akamai.activateProduction": "true to activate the property on the production network (staging is always activated)",
    tags: "a map of tag keys (1–128 characters, not starting with aws:) to string values (at most 256 characters)",
    topology: "a map, in Pulumi.yaml only, from each stack of the active-active set to { region, role }: every stack file's stack and no other, exactly one owner, one stack per region",
    "topology.*": "a map with region and role",
    "topology.*.region": "the stack's AWS region (equal to its aws:region and bibox:region), used by no other stack",
    "topology.*.role": `"owner" (exactly one stack) or "member"`,
    "aws:region": "the AWS region of the stack, equal to bibox:region",
};

/**
 * Credentials: set per stack with `pulumi config set --secret`, never in plain text. `all` stacks
 * need them or only the `owner` (which creates the global edge objects).
 */
export const CREDENTIALS = {
    cloudflareApiToken: { stacks: "all", purpose: "Cloudflare API token (zone DNS, WAF, load balancer)" },
    fastlyApiKey: { stacks: "all", purpose: "Fastly API key (the edge-logic service; every origin reads Fastly's address ranges)" },
    akamaiClientSecret: { stacks: "owner", purpose: "Akamai EdgeGrid client secret" },
    akamaiClientToken: { stacks: "owner", purpose: "Akamai EdgeGrid client token" },
    akamaiAccessToken: { stacks: "owner", purpose: "Akamai EdgeGrid access token" },
    playbackTokenKey: { stacks: "owner", purpose: "HMAC key that signs playback-manifest tokens (Fastly checks them)" },
    onCallEndpoint: { stacks: "all", purpose: "on-call endpoint the alert topic notifies (paging webhook URL or address)" },
} as const satisfies Record<CredentialName, { stacks: "all" | "owner"; purpose: string }>;

/** Credentials this stack's role needs: present, and secret. */
export function credentialProblems(stack: string, role: unknown, state: Partial<Record<CredentialName, "secret" | "plaintext">>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const [name, spec] of Object.entries(CREDENTIALS) as [CredentialName, (typeof CREDENTIALS)[CredentialName]][]) {
        const needed = spec.stacks === "all" || role === "owner";
        const key = `${NAMESPACE}:${name}`;
        const allowed = `a secret set with \`pulumi config set --secret ${key}\` (${spec.purpose})`;
        if (state[name] === "plaintext") problems.push({ stack, key, value: "[not shown]", reason: "is in plain text", allowed });
        else if (needed && state[name] === undefined) problems.push({ stack, key, value: undefined, reason: "is missing", allowed });
    }
    return problems;
}

/** What a key (or its nearest documented ancestor) allows. */
export function allowedFor(path: string[]): string {
    for (let n = path.length; n > 0; n--) {
        const [first, ...rest] = path.slice(0, n);
        const candidates = [
            [first, ...rest].join("."),
            [first, ...rest.map((p, i) => (i === rest.length - 1 ? p : "*"))].join("."),
            [first, ...rest.map(() => "*")].join("."),
        ];
        const hit = candidates.find((c) => ALLOWED[c]);
        if (hit) return ALLOWED[hit];
    }
    return "see the config reference in README.md";
}

