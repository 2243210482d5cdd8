/** Customer-managed KMS keys, created the same way by every component. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyScope } from "./key-policies";

/** Partition, account and region of the resources under `parent`, for ARNs and key policies. */
export function accountScope(parent: pulumi.Resource, region: string): pulumi.Output<KeyScope> {
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    return pulumi.all([partition, accountId]).apply(([p, a]) => ({ partition: p, accountId: a, region }));
}

export interface CustomerKeyArgs {
    description: string;
    /** `alias/...`, unique in the region. */
    alias: string;
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
