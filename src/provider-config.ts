/**
 * Configuration outside the `bibox` namespace: the keys each provider the program configures
 * reads, which of them are credentials, and the checks over a stack's keys — a key no provider
 * reads (a typo, with the nearest key), a namespace nothing reads, and a credential in plain text
 * (which `npm run plan` would otherwise copy into plan/<stack>.json, a CI artifact). Pure.
 */
import { closestKey, ConfigProblem } from "./config-errors";
import { NAMESPACE } from "./config-keys";
import { isSecure } from "./stack-files";

export interface ProviderNamespace {
    /** The package and version the key list is taken from, and the file. */
    readonly source: string;
    readonly keys: readonly string[];
    /** Credentials: a key, or `key.field` for a field of a map-valued key. */
    readonly credentials: readonly string[];
    /** When set, a plain-text credential is refused only if this says the value holds secret material. */
    readonly holdsSecret?: (value: unknown) => boolean;
    /** How to give the credentials instead of plain text. */
    readonly instead: string;
}

/** A kubeconfig given inline (YAML or JSON), not a path to a file. */
const inlineKubeconfig = (value: unknown) => typeof value !== "string" || /[\n{]/.test(value) || /\b(clusters|users|token)\s*:/.test(value);

/**
 * The providers the program configures (components/region/RegionStack.ts, components/eks/EksCluster.ts)
 * and their config keys, `<namespace>:<key>` in a stack file.
 */
export const PROVIDER_NAMESPACES: Readonly<Record<string, ProviderNamespace>> = {
    aws: {
        // node_modules/@pulumi/aws/config/vars.d.ts; provider.js marks accessKey, secretKey and token
        // secret; AssumeRoleWithWebIdentity.webIdentityToken is types/output.d.ts's token field.
        source: "@pulumi/aws 7.48.0 config/vars.d.ts",
        keys: [
            "accessKey", "allowedAccountIds", "assumeRoleWithWebIdentity", "assumeRoles", "customCaBundle", "defaultTags",
            "ec2MetadataServiceEndpoint", "ec2MetadataServiceEndpointMode", "endpoints", "forbiddenAccountIds", "httpProxy",
            "httpsProxy", "ignoreTags", "insecure", "maxRetries", "noProxy", "profile", "region", "retryMode",
            "s3UsEast1RegionalEndpoint", "s3UsePathStyle", "secretKey", "sharedConfigFiles", "sharedCredentialsFiles",
            "skipCredentialsValidation", "skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId", "stsRegion",
            "tagPolicyCompliance", "token", "tokenBucketRateLimiterCapacity", "useDualstackEndpoint", "useFipsEndpoint", "userAgents",
        ],
        credentials: ["accessKey", "secretKey", "token", "assumeRoleWithWebIdentity.webIdentityToken"],
        instead: "no static key at all (the deploy job's OIDC role reaches the provider through the AWS_* environment), or a secret set with `pulumi config set --secret`",
    },
    cloudflare: {
        // node_modules/@pulumi/cloudflare/config/vars.d.ts; provider.js marks apiKey, apiToken and apiUserServiceKey secret.
        source: "@pulumi/cloudflare 6.22.1 config/vars.d.ts",
        keys: ["apiKey", "apiToken", "apiUserServiceKey", "baseUrl", "email", "userAgentOperatorSuffix"],
        credentials: ["apiKey", "apiToken", "apiUserServiceKey"],
        instead: `bibox:cloudflareApiToken set with \`pulumi config set --secret\` (the program's Cloudflare provider reads only that), or a secret`,
    },
    fastly: {
        // node_modules/@pulumi/fastly/config/vars.d.ts.
        source: "@pulumi/fastly 11.1.0 config/vars.d.ts",
        keys: ["apiKey", "baseUrl", "forceHttp2", "noAuth"],
        credentials: ["apiKey"],
        instead: "bibox:fastlyApiKey set with `pulumi config set --secret` (the program's Fastly provider reads only that), or a secret",
    },
    akamai: {
        // pulumi/pulumi-akamai provider/cmd/pulumi-resource-akamai/schema.json `config.variables` and
        // type akamai:config/config:config (EdgeGrid host, accessToken, clientToken, clientSecret, accountKey, maxBody).
        source: "pulumi-akamai schema.json config.variables",
        keys: ["cacheEnabled", "config", "configSection", "edgerc", "requestLimit", "retryDisabled", "retryMax", "retryWaitMax", "retryWaitMin"],
        credentials: ["config.accessToken", "config.clientToken", "config.clientSecret"],
        instead: "bibox:akamaiClientSecret, bibox:akamaiClientToken and bibox:akamaiAccessToken set with `pulumi config set --secret` (the program's Akamai provider reads only those), or secrets",
    },
    kubernetes: {
        // @pulumi/kubernetes 4.34.2 has no config/vars.d.ts: provider.d.ts ProviderArgs, the same names
        // as the provider schema's config.variables (pulumi/pulumi-kubernetes provider/cmd/pulumi-resource-kubernetes/schema.json).
        source: "@pulumi/kubernetes 4.34.2 provider.d.ts ProviderArgs",
        keys: [
            "alwaysRender", "cluster", "clusterIdentifier", "context", "deleteUnreachable", "enableConfigMapMutable", "enablePatchForce",
            "enableSecretMutable", "enableServerSideApply", "helmReleaseSettings", "kubeClientSettings", "kubeconfig", "namespace",
            "renderYamlToDirectory", "skipUpdateUnreachable", "suppressDeprecationWarnings", "suppressHelmHookWarnings", "upsertExistingObjects",
        ],
        credentials: ["kubeconfig"],
        holdsSecret: inlineKubeconfig,
        instead: "a path to a kubeconfig file, or the file's contents as a secret (`pulumi config set --secret`); the program's clusters get theirs from EKS",
    },
};

/** Namespaces the engine itself reads (`pulumi:disable-default-providers`, `pulumi:tags`…): not checked here. */
export const ENGINE_NAMESPACES = ["pulumi"] as const;

/** Every namespace a stack's config may use. */
export const KNOWN_NAMESPACES = [NAMESPACE, ...Object.keys(PROVIDER_NAMESPACES), ...ENGINE_NAMESPACES];

/** One config key of a stack, outside the bibox namespace. */
export interface ConfigEntry {
    /** The full key, `namespace:name`. */
    readonly key: string;
    /** As written in the file (`{ secure: … }` where encrypted), else as the runtime gave it, JSON-decoded. */
    readonly value: unknown;
    /** Pulumi hands the whole value to the program as a secret. */
    readonly secret: boolean;
}

/**
 * The problems of a stack's non-bibox keys. `bibox` keys are the schema's; `knownBiboxKeys` only
 * serve the did-you-mean of a misspelt namespace (`bibx:role` → bibox:role).
 */
export function namespaceProblems(stack: string, entries: readonly ConfigEntry[], knownBiboxKeys: readonly string[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const entry of entries) {
        const [ns, name] = splitKey(entry.key);
        if (ns === NAMESPACE || (ENGINE_NAMESPACES as readonly string[]).includes(ns)) continue;
        const provider = PROVIDER_NAMESPACES[ns];
        if (provider === undefined) {
            const hint = suggestKey(ns, name, knownBiboxKeys);
            problems.push({
                stack,
                key: entry.key,
                value: shown(entry, hint),
                reason: `is in namespace ${ns}, which nothing in the program reads${hint ? ` (did you mean ${hint}?)` : ""}`,
                allowed: `keys of the namespaces ${KNOWN_NAMESPACES.join(", ")}`,
            });
            continue;
        }
        if (!provider.keys.includes(name)) {
            const near = closestKey(name, provider.keys);
            const hint = near && `${ns}:${near}`;
            problems.push({
                stack,
                key: entry.key,
                value: shown(entry, hint),
                reason: `is not a configuration key of the ${ns} provider${hint ? ` (did you mean ${hint}?)` : ""}`,
                allowed: `the ${provider.keys.length} keys of ${provider.source}: ${ns}:{${provider.keys.join(", ")}}`,
            });
            continue;
        }
        if (entry.secret) continue;
        for (const path of provider.credentials) {
            const [key, field] = path.split(".");
            if (key !== name) continue;
            const value = field === undefined ? entry.value : isRecord(entry.value) ? entry.value[field] : undefined;
            if (value === undefined || value === null || isSecure(value) || (provider.holdsSecret && !provider.holdsSecret(value))) continue;
            problems.push({
                stack,
                key: field === undefined ? entry.key : `${entry.key}.${field}`,
                value: "[not shown]",
                reason: "is in plain text",
                allowed: provider.instead,
            });
        }
    }
    return problems;
}

/** Whether a key, as written, names a credential of a provider (its value is never echoed). */
export function isProviderCredential(key: string): boolean {
    const [ns, name] = splitKey(key);
    return PROVIDER_NAMESPACES[ns]?.credentials.some((c) => c.split(".")[0] === name) ?? false;
}

/** The key a misspelt namespace most likely meant: the nearest namespace, and the nearest key in it. */
function suggestKey(ns: string, name: string, knownBiboxKeys: readonly string[]): string | undefined {
    const near = closestKey(ns, KNOWN_NAMESPACES);
    if (near === undefined) return undefined;
    const keys = near === NAMESPACE ? knownBiboxKeys : PROVIDER_NAMESPACES[near]?.keys;
    if (keys === undefined) return `${near}:${name}`;
    const key = keys.includes(name) ? name : closestKey(name, keys);
    return key === undefined ? undefined : `${near}:${key}`;
}

/** The value to print: never a secret, nor a value whose key is (or is near) a credential. */
function shown(entry: ConfigEntry, hint: string | undefined): unknown {
    if (entry.secret || isSecure(entry.value)) return "[secret]";
    if (isProviderCredential(entry.key) || (hint !== undefined && (isProviderCredential(hint) || looksLikeCredential(hint)))) return "[not shown]";
    return looksLikeCredential(entry.key) ? "[not shown]" : entry.value;
}

const looksLikeCredential = (key: string) => /(secret|token|password|apikey|accesskey|clientsecret)/i.test(key);

function splitKey(key: string): [string, string] {
    const i = key.indexOf(":");
    return i < 0 ? ["", key] : [key.slice(0, i), key.slice(i + 1)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
