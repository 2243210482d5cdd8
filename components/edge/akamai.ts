/**
 * A small typed binding to the Akamai Pulumi provider, standing in for @pulumi/akamai (not in our
 * registry). The classes register the provider's real type tokens with its real input names, and
 * pin the provider plugin, so `pulumi up` drives the official plugin exactly as the package would.
 * To swap in the official package: `npm i @pulumi/akamai@<AKAMAI_PLUGIN_VERSION>`, replace the
 * imports of this file with `import * as akamai from "@pulumi/akamai"`, and delete it — the type
 * tokens, names and inputs stay the same, so no resource is replaced.
 *
 * Sources: type tokens, input and output names and types from pulumi/pulumi-akamai@v11.4.0
 * provider/cmd/pulumi-resource-akamai/schema.json (e.g. `akamai:index/cloudAccessKey:CloudAccessKey`,
 * groupId an integer there); the CloudAccessKey enums from the validators of
 * akamai/terraform-provider-akamai pkg/providers/cloudaccess/resource_akamai_cloudaccess_key.go and
 * akamai/AkamaiOPEN-edgegrid-golang pkg/cloudaccess/cloudaccess.go (AWS4_HMAC_SHA256, ENHANCED_TLS…).
 */
import * as pulumi from "@pulumi/pulumi";

/** Version of the pulumi-akamai provider plugin the types below are taken from. */
export const AKAMAI_PLUGIN_VERSION = "11.4.0";

const withVersion = <T extends pulumi.CustomResourceOptions>(opts: T | undefined): T => ({ ...opts, version: AKAMAI_PLUGIN_VERSION }) as T;

/** EdgeGrid credentials. */
export interface EdgeGridConfig {
    /** The API host of the credentials (`akab-….luna.akamaiapis.net`). */
    host: pulumi.Input<string>;
    /** The client secret (secret). */
    clientSecret: pulumi.Input<string>;
    /** The client token (secret). */
    clientToken: pulumi.Input<string>;
    /** The access token (secret). */
    accessToken: pulumi.Input<string>;
}

export interface ProviderArgs {
    /** EdgeGrid credentials (the provider takes them as one JSON-encoded `config` input). */
    config: pulumi.Input<EdgeGridConfig>;
}

export class Provider extends pulumi.ProviderResource {
    public static readonly __pulumiType = "akamai";

    constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
        const config = pulumi.secret(pulumi.output(args.config).apply((c) => JSON.stringify(c)));
        super(Provider.__pulumiType, name, { config }, withVersion(opts ?? {}));
    }
}

export interface CpCodeArgs {
    /** The CP code's name in reports. */
    name: pulumi.Input<string>;
    /** The contract (`ctr_…`). */
    contractId: pulumi.Input<string>;
    /** The group (`grp_…`). */
    groupId: pulumi.Input<string>;
    /** The product the traffic is delivered with (`prd_…`). */
    productId: pulumi.Input<string>;
}

/** A content provider code: the reporting and billing bucket of the video traffic. */
export class CpCode extends pulumi.CustomResource {
    public static readonly __pulumiType = "akamai:index/cpCode:CpCode";
    declare public readonly name: pulumi.Output<string>;

    constructor(name: string, args: CpCodeArgs, opts?: pulumi.CustomResourceOptions) {
        super(CpCode.__pulumiType, name, { ...args }, withVersion(opts));
    }
}

export interface EdgeHostNameArgs {
    /** The contract (`ctr_…`). */
    contractId: pulumi.Input<string>;
    /** The group (`grp_…`). */
    groupId: pulumi.Input<string>;
    /** The product (`prd_…`). */
    productId: pulumi.Input<string>;
    /** e.g. `video.pleasure.tv.edgekey.net` (Enhanced TLS). */
    edgeHostname: pulumi.Input<string>;
    /** `IPV4` or `IPV6_COMPLIANCE` (dual stack). */
    ipBehavior: pulumi.Input<string>;
    /** CPS enrollment id of the certificate (Enhanced TLS edge hostnames). @default none — only an Enhanced TLS edge hostname takes one */
    certificate?: pulumi.Input<number>;
    /** Who is told about updates of the IP behavior. @default none — nobody is told */
    statusUpdateEmails?: pulumi.Input<pulumi.Input<string>[]>;
}

export class EdgeHostName extends pulumi.CustomResource {
    public static readonly __pulumiType = "akamai:index/edgeHostName:EdgeHostName";
    declare public readonly edgeHostname: pulumi.Output<string>;

    constructor(name: string, args: EdgeHostNameArgs, opts?: pulumi.CustomResourceOptions) {
        super(EdgeHostName.__pulumiType, name, { ...args }, withVersion(opts));
    }
}

export interface PropertyHostname {
    /** The host users request (`video.pleasure.tv`). */
    cnameFrom: pulumi.Input<string>;
    /** The edge hostname it points to (`….edgekey.net`). */
    cnameTo: pulumi.Input<string>;
    /** `CPS_MANAGED` or `DEFAULT`. */
    certProvisioningType: pulumi.Input<string>;
}

export interface PropertyArgs {
    /** The property's name. */
    name: pulumi.Input<string>;
    /** The contract (`ctr_…`). */
    contractId: pulumi.Input<string>;
    /** The group (`grp_…`). */
    groupId: pulumi.Input<string>;
    /** The product (`prd_…`). */
    productId: pulumi.Input<string>;
    /** Rule format the rules are written against, e.g. `v2025-01-13`. */
    ruleFormat: pulumi.Input<string>;
    /** The hosts the property serves, each with its edge hostname. */
    hostnames: pulumi.Input<pulumi.Input<PropertyHostname>[]>;
    /** The property rule tree as JSON (akamai-rules.ts builds it). */
    rules: pulumi.Input<string>;
    /** Notes of the property version. @default none — the version has no notes */
    versionNotes?: pulumi.Input<string>;
}

export class Property extends pulumi.CustomResource {
    public static readonly __pulumiType = "akamai:index/property:Property";
    declare public readonly latestVersion: pulumi.Output<number>;
    declare public readonly stagingVersion: pulumi.Output<number>;
    declare public readonly productionVersion: pulumi.Output<number>;

    constructor(name: string, args: PropertyArgs, opts?: pulumi.CustomResourceOptions) {
        super(Property.__pulumiType, name, { ...args, latestVersion: undefined, stagingVersion: undefined, productionVersion: undefined }, withVersion(opts));
    }
}

export interface PropertyIncludeArgs {
    /** The include's name. */
    name: pulumi.Input<string>;
    /** The contract (`ctr_…`). */
    contractId: pulumi.Input<string>;
    /** The group (`grp_…`). */
    groupId: pulumi.Input<string>;
    /** The product (`prd_…`). */
    productId: pulumi.Input<string>;
    /** Rule format the include's rules are written against, e.g. `v2025-01-13`. */
    ruleFormat: pulumi.Input<string>;
    /** `MICROSERVICES` or `COMMON_SETTINGS`. */
    type: pulumi.Input<"MICROSERVICES" | "COMMON_SETTINGS">;
    /** The include's rule tree as JSON; secret when it holds a key (the binding keeps it secret). */
    rules: pulumi.Input<string>;
}

/** A reusable piece of rule tree a property pulls in with the `include` behaviour. Its id is `inc_<digits>`. */
export class PropertyInclude extends pulumi.CustomResource {
    public static readonly __pulumiType = "akamai:index/propertyInclude:PropertyInclude";
    declare public readonly latestVersion: pulumi.Output<number>;

    constructor(name: string, args: PropertyIncludeArgs, opts?: pulumi.CustomResourceOptions) {
        super(PropertyInclude.__pulumiType, name, { ...args, latestVersion: undefined }, withVersion(opts));
    }
}

export interface PropertyIncludeActivationArgs {
    /** The include to activate (`inc_…`). */
    includeId: pulumi.Input<string>;
    /** The include's contract (`ctr_…`). */
    contractId: pulumi.Input<string>;
    /** The include's group (`grp_…`). */
    groupId: pulumi.Input<string>;
    /** The include version to activate. */
    version: pulumi.Input<number>;
    /** `STAGING` or `PRODUCTION`. */
    network: pulumi.Input<"STAGING" | "PRODUCTION">;
    /** Who is told about the activation. */
    notifyEmails: pulumi.Input<pulumi.Input<string>[]>;
    /** The activation's log message. @default none — the activation has no note */
    note?: pulumi.Input<string>;
    /**
     * Acknowledge the rule warnings and activate anyway.
     * @default false — the provider's (terraform-provider-akamai pkg/providers/property/resource_akamai_property_include_activation.go): warnings stop the activation
     */
    autoAcknowledgeRuleWarnings?: pulumi.Input<boolean>;
}

/** Activates an include on a network; a property that uses it is activated there after it. */
export class PropertyIncludeActivation extends pulumi.CustomResource {
    public static readonly __pulumiType = "akamai:index/propertyIncludeActivation:PropertyIncludeActivation";

    constructor(name: string, args: PropertyIncludeActivationArgs, opts?: pulumi.CustomResourceOptions) {
        super(PropertyIncludeActivation.__pulumiType, name, { ...args }, withVersion(opts));
    }
}

/** One access key version: a cloud provider's key id and secret. */
export interface CloudAccessKeyCredentials {
    /** The cloud's access key id (for AWS, the IAM user's). */
    cloudAccessKeyId: pulumi.Input<string>;
    /** Its secret (CloudAccessKey keeps it secret). */
    cloudSecretAccessKey: pulumi.Input<string>;
    /** The version properties sign with (exactly one of A and B). */
    primaryKey: pulumi.Input<boolean>;
}

export interface CloudAccessKeyArgs {
    /** The key's name in Cloud Access Manager. */
    accessKeyName: pulumi.Input<string>;
    /** `AWS4_HMAC_SHA256`, `GOOG4_HMAC_SHA256` or `AOS4_HMAC_SHA256` (the resource's validator). */
    authenticationMethod: pulumi.Input<"AWS4_HMAC_SHA256" | "GOOG4_HMAC_SHA256" | "AOS4_HMAC_SHA256">;
    /** The contract (`ctr_…`). */
    contractId: pulumi.Input<string>;
    /** The group id as an integer (no `grp_` prefix). */
    groupId: pulumi.Input<number>;
    /** The networks the key is deployed to. */
    networkConfiguration: pulumi.Input<{
        /** `STANDARD_TLS` or `ENHANCED_TLS`: the secure network of the properties that use the key. */
        securityNetwork: pulumi.Input<"STANDARD_TLS" | "ENHANCED_TLS">;
        /** `CHINA_CDN` or `RUSSIA_CDN`. @default none — the security network only */
        additionalCdn?: pulumi.Input<"CHINA_CDN" | "RUSSIA_CDN">;
    }>;
    /** Key version A (a key holds at most two: A and B). @default none — no version A; AkamaiVideo gives it */
    credentialsA?: CloudAccessKeyCredentials;
    /** Key version B: the second version, for rotating to new credentials. @default none — A only */
    credentialsB?: CloudAccessKeyCredentials;
}

/**
 * A Cloud Access Manager key: the cloud credentials Akamai signs origin requests with (AWS SigV4
 * for S3). `primaryGuid` is the version GUID the rule tree's originCharacteristics names. The
 * secrets of both versions are kept secret whatever the caller passes.
 */
export class CloudAccessKey extends pulumi.CustomResource {
    public static readonly __pulumiType = "akamai:index/cloudAccessKey:CloudAccessKey";
    declare public readonly primaryGuid: pulumi.Output<string>;
    declare public readonly accessKeyUid: pulumi.Output<number>;

    constructor(name: string, args: CloudAccessKeyArgs, opts?: pulumi.CustomResourceOptions) {
        const secretly = (c: CloudAccessKeyCredentials | undefined) => (c === undefined ? undefined : { ...c, cloudSecretAccessKey: pulumi.secret(c.cloudSecretAccessKey) });
        super(
            CloudAccessKey.__pulumiType,
            name,
            { ...args, credentialsA: secretly(args.credentialsA), credentialsB: secretly(args.credentialsB), primaryGuid: undefined, accessKeyUid: undefined },
            withVersion(opts),
        );
    }
}

export interface PropertyActivationArgs {
    /** The property to activate (`prp_…`). */
    propertyId: pulumi.Input<string>;
    /** The property version to activate. */
    version: pulumi.Input<number>;
    /** `STAGING` or `PRODUCTION`. */
    network: pulumi.Input<"STAGING" | "PRODUCTION">;
    /** Who is told about the activation. */
    contacts: pulumi.Input<pulumi.Input<string>[]>;
    /** The activation's log message. @default none — the activation has no note */
    note?: pulumi.Input<string>;
    /** Acknowledge the rule warnings and activate anyway. @default false — the provider's (schema.json: "Default is false"): warnings stop the activation */
    autoAcknowledgeRuleWarnings?: pulumi.Input<boolean>;
}

export class PropertyActivation extends pulumi.CustomResource {
    public static readonly __pulumiType = "akamai:index/propertyActivation:PropertyActivation";

    constructor(name: string, args: PropertyActivationArgs, opts?: pulumi.CustomResourceOptions) {
        super(PropertyActivation.__pulumiType, name, { ...args }, withVersion(opts));
    }
}
