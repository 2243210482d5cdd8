/**
 * The catalogue of `bibox:*` keys: the namespace, shared constants, the credentials (which never
 * reach the schema) and the descriptions more than one file uses. What every other key allows is
 * described beside its schema (src/schema.ts).
 */
import type { CredentialName, OwnerCredentialName, StackCredentialName } from "../components/region/settings";
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

/** What the keys that more than one file checks allow (the rest sit beside their schema in src/schema.ts). */
export const DESCRIBE = {
    region: `a region bibox supports (${Object.keys(SUPPORTED_REGIONS).join(", ")}: components/lib/regions.ts SUPPORTED_REGIONS; ${AWS_REGIONS.length} AWS regions are known) equal to aws:region and to the stack's region in bibox:topology`,
    vpcCidr: `an IPv4 block from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} (e.g. 10.20.0.0/16) that overlaps no other stack's bibox:vpcCidr`,
    awsRegion: "the AWS region of the stack, equal to bibox:region",
    guardDuty:
        '{ mode: manage } (the stack creates the detector), { mode: adopt, detectorId: <id> } (the stack imports the detector the account already has) or { mode: delegated } (the Organization\'s GuardDuty delegated administrator runs it; the stack creates no detector)',
    securityHub:
        '{ mode: manage } (the stack enables Security Hub), { mode: adopt, accountId: "<12 digits>", subscribedStandards: [...] } (the stack imports the hub the account already has) or { mode: delegated } (the Organization\'s Security Hub delegated administrator runs it; the stack creates no hub and no subscription)',
} as const;

/** What a key the schema does not describe allows. */
export const UNDESCRIBED = "see the config reference in README.md";

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
} as const satisfies { [K in StackCredentialName]: { stacks: "all"; purpose: string } } & { [K in OwnerCredentialName]: { stacks: "owner"; purpose: string } };

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
