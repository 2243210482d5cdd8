/** Customer-managed KMS keys, created the same way by every component. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Account, KeyScope } from "./key-policies";

/**
 * The stack's partition and account, looked up once per stack (RegionStack) through the stack's
 * explicit provider, and handed to every component that writes ARNs or key policies.
 */
export function lookupAccount(parent: pulumi.Resource, provider: aws.Provider): pulumi.Output<Account> {
    const opts = { parent, provider };
    const partition = aws.getPartitionOutput({}, opts).partition;
    const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
    return pulumi.all([partition, accountId]).apply(([p, a]) => ({ partition: p, accountId: a }));
}

/** The account in `region`: the scope a component's ARNs and key policies are written for. */
export function scopeIn(account: pulumi.Input<Account>, region: string): pulumi.Output<KeyScope> {
    return pulumi.output(account).apply((a) => ({ partition: a.partition, accountId: a.accountId, region }));
}

export interface CustomerKeyArgs {
    /** The key's description: what it encrypts. */
    description: string;
    /** `alias/...`, unique in the region. */
    alias: string;
    /** The key policy (key-policies.ts). */
    policy: pulumi.Input<string>;
    /** @default 30 — the longest KMS allows: time to notice a scheduled deletion */
    deletionWindowInDays?: number;
    /**
     * Region of the key and its alias when it is not the provider's (AWS provider v7 per-resource
     * `region`): the owner keeps keys for its replicas in the member regions.
     * @default the provider's region
     */
    region?: string;
}

/**
 * A rotating customer-managed key and its alias, both named `name`. The key is protected: losing
 * it loses everything it encrypts.
 */
export function customerKey(name: string, args: CustomerKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const key = new aws.kms.Key(name, {
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: args.deletionWindowInDays ?? 30,
        policy: args.policy,
        ...(args.region ? { region: args.region } : {}),
    }, { parent, protect: true });
    new aws.kms.Alias(name, { name: args.alias, targetKeyId: key.keyId, ...(args.region ? { region: args.region } : {}) }, { parent });
    return key;
}
