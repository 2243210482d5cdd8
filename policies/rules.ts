/** Every rule of the pack, one per file, grouped by area. */
import { Policies } from "@pulumi/policy";
import { explicitProvider } from "./access/explicit-provider";
import { noOpenIngress } from "./access/no-open-ingress";
import { kmsKeyRotation } from "./encryption/kms-key-rotation";
import { logGroupEncrypted } from "./encryption/log-group-encrypted";
import { defaultSecurityGroupClosed } from "./network/default-security-group-closed";
import { noPublicIpOnLaunch } from "./network/no-public-ip-on-launch";
import { vpcFlowLogs } from "./network/vpc-flow-logs";

export const policies: Policies = [
    vpcFlowLogs,
    defaultSecurityGroupClosed,
    noPublicIpOnLaunch,
    kmsKeyRotation,
    logGroupEncrypted,
    explicitProvider,
    noOpenIngress,
];
