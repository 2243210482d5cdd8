import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Account, accountKeyPolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { CACHE_GLOBAL_SUFFIX, VALKEY_ENGINE, VALKEY_ENGINE_VERSION } from "./versions";

interface SessionCacheCommon {
    /** The stack's region: names the replication group (`<CACHE_GLOBAL_SUFFIX>-<region>`) and scopes the key. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** VPC of the cache's security group. */
    vpcId: pulumi.Input<string>;
    /** Isolated subnets by zone. */
    isolatedSubnetIds: Record<string, pulumi.Input<string>>;
    /** Zones of the nodes, primary first (plain values). */
    zones: readonly string[];
    /** The owner's node type; a member's nodes take the global datastore's (AWS refuses one on a secondary). */
    nodeType: string;
    /** Security group of the EKS nodes: the only source admitted on 6379. */
    nodeSecurityGroupId: pulumi.Input<string>;
    /** @default 7 — days of daily snapshots (AWS Backup does not cover ElastiCache) */
    snapshotRetentionDays?: number;
    /** Days a deleted cache key can still be restored. @default 30 — the longest KMS allows (components/kms.ts customerKey) */
    keyDeletionWindowDays?: number;
}

/** The owner creates the global datastore; a member joins it with what the owner stack exports. */
export type SessionCacheArgs = SessionCacheCommon &
    (
        | {
              /** The owner: the primary, its AUTH token and the global datastore. */
              role: "owner";
              /** Member only. @default none — the owner makes the datastore and its AUTH token itself */
              fromOwner?: never;
          }
        | {
              /** A member: a secondary that joins the owner's global datastore. */
              role: "member";
              /** The owner's global datastore id and AUTH token, read from the owner stack by a StackReference (the owner is deployed first). */
              fromOwner: {
                  /** The global datastore the secondary joins (the owner's output cacheGlobalReplicationGroupId). */
                  globalReplicationGroupId: pulumi.Input<string>;
                  /** The datastore's AUTH token (secret), kept in this region's Secrets Manager too. */
                  authToken: pulumi.Input<string>;
              };
          }
    );

export const CACHE_PORT = 6379;

/**
 * Sessions and carts: a Valkey global datastore — primary in the owner region, secondaries in the
 * others — multi-AZ with automatic failover, encrypted at rest with a customer-managed key and in
 * transit, AUTH token as a secret, in the isolated subnets, reachable only from the EKS nodes.
 */
export class SessionCache extends pulumi.ComponentResource {
    public readonly primaryEndpoint: pulumi.Output<string>;
    /** Owner only. */
    public readonly globalReplicationGroupId?: pulumi.Output<string>;
    /** Owner only: the AUTH token, secret, for the member stacks. */
    public readonly authToken?: pulumi.Output<string>;
    public readonly authSecretArn: pulumi.Output<string>;

    constructor(name: string, args: SessionCacheArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:data:SessionCache", name, {}, opts);
        const parent = { parent: this };
        const protect = { parent: this, protect: true };
        const groupId = `${CACHE_GLOBAL_SUFFIX}-${args.region}`;
        const key = customerKey(`${name}-key`, {
            description: `Session cache of ${args.region}`,
            alias: "alias/bibox-cache",
            deletionWindowInDays: args.keyDeletionWindowDays,
            policy: scopeIn(args.account, args.region).apply(accountKeyPolicy),
        }, this);

        const subnets = new aws.elasticache.SubnetGroup(`${name}-subnets`, {
            name: groupId,
            description: "Isolated subnets: no route to or from the internet",
            subnetIds: Object.values(args.isolatedSubnetIds),
        }, parent);
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: "Valkey: 6379 from the EKS nodes only",
            ingress: [{ protocol: "tcp", fromPort: CACHE_PORT, toPort: CACHE_PORT, securityGroups: [args.nodeSecurityGroupId], description: "Valkey from EKS nodes" }],
            egress: [],
            tags: { Name: groupId },
        }, parent);

        const token: pulumi.Output<string> = args.role === "member"
            ? pulumi.secret(args.fromOwner.authToken)
            : new random.RandomPassword(`${name}-auth`, { length: 64, special: false }, parent).result;
        const authSecret = new aws.secretsmanager.Secret(`${name}-auth`, {
            name: `bibox/cache/${groupId}/auth-token`,
            description: "AUTH token of the session cache (same in every region of the global datastore)",
            kmsKeyId: key.arn,
            recoveryWindowInDays: 30,
        }, protect);
        new aws.secretsmanager.SecretVersion(`${name}-auth`, { secretId: authSecret.id, secretString: pulumi.secret(token) }, parent);

        const common = {
            replicationGroupId: groupId,
            description: `Sessions and carts, ${args.region}`,
            numCacheClusters: args.zones.length,
            preferredCacheClusterAzs: [...args.zones],
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
            // The region's own key: a CMK-encrypted global datastore needs one in every region.
            kmsKeyId: key.arn,
            subnetGroupName: subnets.name,
            securityGroupIds: [sg.id],
            port: CACHE_PORT,
            snapshotRetentionLimit: args.snapshotRetentionDays ?? 7,
            snapshotWindow: "03:00-04:00",
            maintenanceWindow: "sun:05:00-sun:06:00",
        };
        if (args.role === "member") {
            // A secondary takes engine, version, node type, encryption settings and AUTH from the
            // global datastore; AWS refuses them on a secondary.
            const group = new aws.elasticache.ReplicationGroup(`${name}-group`, {
                ...common,
                globalReplicationGroupId: args.fromOwner.globalReplicationGroupId,
            }, protect);
            this.primaryEndpoint = group.primaryEndpointAddress;
        } else {
            const group = new aws.elasticache.ReplicationGroup(`${name}-group`, {
                ...common,
                engine: VALKEY_ENGINE,
                engineVersion: VALKEY_ENGINE_VERSION,
                nodeType: args.nodeType,
                atRestEncryptionEnabled: true,
                transitEncryptionEnabled: true,
                authToken: token,
                authTokenUpdateStrategy: "ROTATE",
            }, protect);
            const global = new aws.elasticache.GlobalReplicationGroup(`${name}-global`, {
                globalReplicationGroupIdSuffix: CACHE_GLOBAL_SUFFIX,
                primaryReplicationGroupId: group.id,
                globalReplicationGroupDescription: "Sessions and carts of Pleasure, every region",
            }, protect);
            this.primaryEndpoint = group.primaryEndpointAddress;
            this.globalReplicationGroupId = global.globalReplicationGroupId;
            this.authToken = token;
        }
        this.authSecretArn = authSecret.arn;
        this.registerOutputs({ primaryEndpoint: this.primaryEndpoint, globalReplicationGroupId: this.globalReplicationGroupId });
    }
}
