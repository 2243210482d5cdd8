import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { managedPolicyArn, serviceTrust } from "../iam";
import { Account, accountKeyPolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { regionalName, regionPrefix } from "../lib/naming";
import { BACKUP_TAG } from "./backup-rules";
import { masterSecretValue, replicaKeys, rotateMasterSecret, rotationSecurityGroup } from "./master-secret";
import { AURORA_ENGINE, AURORA_ENGINE_VERSION, AURORA_PARAMETER_FAMILY, DATABASE_NAME, GLOBAL_CLUSTER_ID, MASTER_USERNAME } from "./versions";

interface AuroraGlobalCommon {
    /** The stack's region: names the cluster and its instances (regionPrefix) and scopes the keys. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** VPC of the cluster's security group (and of the owner's rotation function). */
    vpcId: pulumi.Input<string>;
    /** Isolated subnets by zone: the subnet group. */
    isolatedSubnetIds: Record<string, pulumi.Input<string>>;
    /** Zones of the instances, one instance each (plain values: they decide how many exist). */
    instanceZones: readonly string[];
    /** Instance class of every instance, writer and readers alike (`db.r7g.2xlarge`). */
    instanceClass: string;
    /** Security group of the EKS nodes: the only source admitted on 5432. */
    nodeSecurityGroupId: pulumi.Input<string>;
    /** rds.global_db_rpo in seconds: the most a secondary may lag before commits wait. */
    globalDbRpoSeconds: number;
    /** Days of automated backups, the point-in-time recovery window (the cluster's backupRetentionPeriod). */
    backupRetentionDays: number;
    /** Days a deleted key (storage, Performance Insights, the secret's replicas) can still be restored. @default 30 — the longest KMS allows: time to notice a scheduled key deletion */
    keyDeletionWindowDays?: number;
}

/** The owner creates the global cluster and the primary (writer) with its master secret; a member joins as a secondary and keeps none. */
export type AuroraGlobalArgs = AuroraGlobalCommon &
    (
        | {
              /** The owner: the global cluster and the primary (writer). */
              role: "owner";
              /** Where the master secret is replicated and how it rotates. */
              masterSecret: MasterSecretArgs;
          }
        | {
              /** A member: a secondary cluster that joins the owner's global cluster. */
              role: "member";
              /** Owner only. @default none — a member joins the owner's cluster and keeps no master secret */
              masterSecret?: never;
          }
    );

export interface MasterSecretArgs {
    /** Regions that get a replica of the secret, each under its own key: the member regions. */
    replicaRegions: readonly string[];
    /** Blocks of the isolated subnets (the database's): the rotation function's PostgreSQL egress. */
    databaseCidrs: readonly string[];
    /** Blocks of the subnets holding the interface endpoints: the rotation function's HTTPS egress. */
    endpointCidrs: readonly string[];
}

/** The port of the clusters (Aurora PostgreSQL's default; the security groups admit only it). */
export const AURORA_PORT = 5432;

/** Cluster parameters of every member, so the bound survives a promotion. */
export function clusterParameters(globalDbRpoSeconds: number) {
    return [
        { name: "rds.global_db_rpo", value: String(globalDbRpoSeconds), applyMethod: "immediate" },
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
    ];
}

/**
 * Aurora PostgreSQL global database. The owner stack creates the encrypted global cluster and the
 * primary regional cluster (master credentials generated and kept in Secrets Manager); member
 * stacks create secondary clusters that join it with write forwarding. Every member ignores drift
 * on replicationSourceIdentifier and globalClusterIdentifier: after a switchover any region may
 * be the writer.
 */
export class AuroraGlobal extends pulumi.ComponentResource {
    /** The regional cluster endpoint (writes are forwarded from secondaries). */
    public readonly endpoint: pulumi.Output<string>;
    public readonly readerEndpoint: pulumi.Output<string>;
    /** Owner only: the global writer endpoint applications connect to. */
    public readonly globalWriterEndpoint?: pulumi.Output<string>;
    public readonly masterSecretArn?: pulumi.Output<string>;
    public readonly subnetGroupName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: AuroraGlobalArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:data:AuroraGlobal", name, {}, opts);
        if (args.instanceZones.length < 2) throw new Error(`AuroraGlobal needs instances in at least 2 zones, got ${args.instanceZones.length}`);
        const parent = { parent: this };
        const protect = { parent: this, protect: true };
        const deletionWindowInDays = args.keyDeletionWindowDays ?? 30;
        const scope = scopeIn(args.account, args.region);
        const clusterId = regionPrefix(args.region);

        // One key per region, not a multi-region key: each region's storage is encrypted by a key
        // that lives and dies with that region, and Aurora needs a key in every member region anyway.
        const key = (role: string, description: string) =>
            customerKey(`${name}-${role}-key`, { description, alias: `alias/bibox-aurora-${role}`, policy: scope.apply(accountKeyPolicy), deletionWindowInDays }, this);
        const storageKey = key("storage", `Aurora storage of ${clusterId}`);
        const insightsKey = key("insights", `Aurora Performance Insights of ${clusterId}`);

        const rotationSg = args.role === "owner"
            ? rotationSecurityGroup(name, clusterId, {
                  vpcId: args.vpcId,
                  databaseCidrs: args.masterSecret.databaseCidrs,
                  endpointCidrs: args.masterSecret.endpointCidrs,
              }, this)
            : undefined;

        const subnetGroup = new aws.rds.SubnetGroup(`${name}-subnets`, {
            name: clusterId,
            description: "Isolated subnets: no route to or from the internet",
            subnetIds: Object.values(args.isolatedSubnetIds),
        }, parent);
        // (The description predates the rotation function's rule; AWS cannot change a group's
        // description in place, so it stays rather than replace the database's group.)
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: "Aurora PostgreSQL: 5432 from the EKS nodes only",
            ingress: [
                { protocol: "tcp", fromPort: AURORA_PORT, toPort: AURORA_PORT, securityGroups: [args.nodeSecurityGroupId], description: "PostgreSQL from EKS nodes" },
                ...(rotationSg ? [{ protocol: "tcp", fromPort: AURORA_PORT, toPort: AURORA_PORT, securityGroups: [rotationSg.id], description: "PostgreSQL from the master secret rotation function" }] : []),
            ],
            egress: [],
            tags: { Name: `${clusterId}-aurora` },
        }, parent);
        const parameters = new aws.rds.ClusterParameterGroup(`${name}-params`, {
            name: `${clusterId}-aurora`,
            family: AURORA_PARAMETER_FAMILY,
            description: `global_db_rpo ${args.globalDbRpoSeconds}s, TLS required`,
            parameters: clusterParameters(args.globalDbRpoSeconds),
        }, parent);

        let globalClusterId: pulumi.Input<string> = GLOBAL_CLUSTER_ID;
        let credentials: { masterUsername: string; masterPassword: pulumi.Output<string>; databaseName: string } | undefined;
        let rotation: { secret: aws.secretsmanager.Secret; version: aws.secretsmanager.SecretVersion } | undefined;
        if (args.role === "owner") {
            const global = new aws.rds.GlobalCluster(`${name}-global`, {
                globalClusterIdentifier: GLOBAL_CLUSTER_ID,
                engine: AURORA_ENGINE,
                engineVersion: AURORA_ENGINE_VERSION,
                databaseName: DATABASE_NAME,
                storageEncrypted: true,
                deletionProtection: true,
            }, protect);
            globalClusterId = global.id;
            this.globalWriterEndpoint = global.endpoint;
            // Aurora cannot manage the master password of a global database member
            // (components/data/master-secret.ts), so Pulumi generates the first one and keeps it,
            // encrypted, in Secrets Manager, which rotates it every 30 days with the AWS template
            // function and replicates each value to the member regions under their own keys: their
            // applications read it locally, also while this region is down. The host is the global
            // writer endpoint, so the secret stays right after a switchover or failover. Changing
            // the password's `keepers` is the emergency reset: Pulumi writes the cluster's and the
            // secret's password together. Applications authenticate with IAM database authentication.
            const password = new random.RandomPassword(`${name}-master`, { length: 40, special: true, overrideSpecial: "!#$%^&*()-_=+[]{}<>:?" }, parent);
            const replicas = replicaKeys(name, { primaryRegion: args.region, regions: args.masterSecret.replicaRegions, scope, deletionWindowInDays }, this);
            const secret = new aws.secretsmanager.Secret(`${name}-master`, {
                name: `bibox/aurora/${clusterId}/master`,
                description: `Master credentials of ${clusterId} (global database primary), rotated every 30 days`,
                kmsKeyId: storageKey.arn,
                recoveryWindowInDays: 30,
                replicas: replicas.map((r) => ({ region: r.region, kmsKeyId: r.key.arn })),
            }, protect);
            const version = new aws.secretsmanager.SecretVersion(`${name}-master`, {
                secretId: secret.id,
                secretString: pulumi.secret(
                    pulumi.all([global.endpoint, password.result]).apply(([host, pw]) =>
                        masterSecretValue({ host, port: AURORA_PORT, username: MASTER_USERNAME, password: pw, dbname: DATABASE_NAME }),
                    ),
                ),
            }, parent);
            rotation = { secret, version };
            this.masterSecretArn = secret.arn;
            credentials = { masterUsername: MASTER_USERNAME, masterPassword: password.result, databaseName: DATABASE_NAME };
        }

        const cluster = new aws.rds.Cluster(`${name}-cluster`, {
            clusterIdentifier: clusterId,
            engine: AURORA_ENGINE,
            engineVersion: AURORA_ENGINE_VERSION,
            globalClusterIdentifier: globalClusterId,
            ...credentials,
            enableGlobalWriteForwarding: args.role === "member" ? true : undefined,
            storageEncrypted: true,
            kmsKeyId: storageKey.arn,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [sg.id],
            dbClusterParameterGroupName: parameters.name,
            iamDatabaseAuthenticationEnabled: true,
            backupRetentionPeriod: args.backupRetentionDays,
            preferredBackupWindow: "02:00-03:00",
            preferredMaintenanceWindow: "sun:04:00-sun:05:00",
            copyTagsToSnapshot: true,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: `${clusterId}-final`,
            enabledCloudwatchLogsExports: ["postgresql"],
            tags: { [BACKUP_TAG.key]: BACKUP_TAG.value },
        }, { parent: this, protect: true, ignoreChanges: ["replicationSourceIdentifier", "globalClusterIdentifier"] });

        const monitoringRole = new aws.iam.Role(`${name}-monitoring`, {
            name: regionalName(args.region, "rds-monitoring"),
            description: "Enhanced Monitoring of Aurora",
            assumeRolePolicy: serviceTrust("monitoring.rds.amazonaws.com"),
        }, parent);
        new aws.iam.RolePolicyAttachment(`${name}-monitoring`, {
            role: monitoringRole.name,
            policyArn: scope.apply((s) => managedPolicyArn(s.partition, "service-role/AmazonRDSEnhancedMonitoringRole")),
        }, parent);

        // Writer + reader in the primary, readers in the secondaries; one per zone.
        const instances = args.instanceZones.map((zone, i) =>
            new aws.rds.ClusterInstance(`${name}-${zone}`, {
                identifier: `${clusterId}-${zone}`,
                clusterIdentifier: cluster.id,
                engine: AURORA_ENGINE,
                engineVersion: AURORA_ENGINE_VERSION,
                instanceClass: args.instanceClass,
                availabilityZone: zone,
                dbSubnetGroupName: subnetGroup.name,
                publiclyAccessible: false,
                promotionTier: i,
                autoMinorVersionUpgrade: false,
                caCertIdentifier: "rds-ca-ecc384-g1",
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: insightsKey.arn,
                performanceInsightsRetentionPeriod: 7,
                monitoringInterval: 30,
                monitoringRoleArn: monitoringRole.arn,
            }, parent),
        );

        if (rotation && rotationSg) {
            rotateMasterSecret(name, {
                region: args.region,
                secretId: rotation.secret.id,
                kmsKeyArn: storageKey.arn,
                subnetIds: Object.values(args.isolatedSubnetIds),
                securityGroupId: rotationSg.id,
                dependsOn: [rotation.version, ...instances],
            }, this);
        }

        this.subnetGroupName = subnetGroup.name;
        this.securityGroupId = sg.id;
        this.endpoint = cluster.endpoint;
        this.readerEndpoint = cluster.readerEndpoint;
        this.registerOutputs({ endpoint: this.endpoint, readerEndpoint: this.readerEndpoint, globalWriterEndpoint: this.globalWriterEndpoint });
    }
}
