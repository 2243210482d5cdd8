/**
 * The Aurora master secret's rotation and its replicas (owner stack only).
 *
 * Why Secrets Manager rotation with a Lambda function and not RDS-managed master credentials
 * (`manageMasterUserPassword`): Aurora does not manage master passwords of "DB clusters that are
 * part of an Aurora global database"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations).
 *
 * Strategy: single user (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html).
 * The secret holds the master user, which logs in and changes its own password; applications
 * authenticate with IAM database authentication, so the short window in which the old password is
 * already refused only touches administrators (and a retry covers it). Alternating users needs a
 * second, pre-existing database user and a superuser secret the program cannot create without a
 * connection to the database.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyScope } from "../key-policies";
import { customerKey } from "../kms";
import { regionalName } from "../lib/naming";

/**
 * The AWS rotation template "PostgreSQL single user", deployed from the Serverless Application
 * Repository. Id and version as aws-cdk pins them (aws/aws-cdk
 * packages/aws-cdk-lib/aws-secretsmanager/lib/secret-rotation.ts, POSTGRES_ROTATION_SINGLE_USER,
 * partition `aws`; the program runs only in commercial regions, components/lib/regions.ts).
 */
export const ROTATION_APPLICATION = {
    applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
    semanticVersion: "1.1.671",
    /**
     * The application creates the function's execution role and the resource policy that lets
     * Secrets Manager invoke it (Pulumi registry, aws.serverlessrepository.CloudFormationStack
     * example with this application; "I acknowledge that this app creates custom IAM roles and
     * resource policies", https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_turn-on-for-other.html).
     */
    capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
} as const;

/**
 * Characters the rotated password never contains. RDS refuses `/`, `'`, `"`, `@` and spaces in a
 * master password (MasterUserPassword, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html);
 * `:` and `\` keep it safe inside connection URIs. This is the template's own default
 * (`':/@"\'\\'`, aws-samples/aws-secrets-manager-rotation-lambdas
 * SecretsManagerRDSPostgreSQLRotationSingleUser/lambda_function.py), pinned here.
 */
export const EXCLUDE_CHARACTERS = ":/@\"'\\";

/**
 * Every 30 days, in a 2-hour window from midnight UTC (a rate() window starts at midnight,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html): it
 * closes before the clusters' backup window (02:00–03:00) and far from their Sunday 04:00
 * maintenance window.
 */
export const ROTATION_RULES = { scheduleExpression: "rate(30 days)", duration: "2h" } as const;

/** The UTC hours [start, end) a rotation window covers, for a rate() schedule and an `<n>h` duration. */
export function rotationWindowHours(rules: { scheduleExpression: string; duration: string }): [number, number] {
    if (!/^rate\(\d+ days?\)$/.test(rules.scheduleExpression)) throw new Error(`not a rate() in days: ${rules.scheduleExpression}`);
    const hours = /^(\d+)h$/.exec(rules.duration);
    if (!hours) throw new Error(`not a duration in hours: ${rules.duration}`);
    return [0, Number(hours[1])];
}

/** The `<hh:mm>-<hh:mm>` window of an RDS preferred backup window, in hours. */
export function windowHours(window: string): [number, number] {
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(window);
    if (!m) throw new Error(`not an hh:mm-hh:mm window: ${window}`);
    return [Number(m[1]) + Number(m[2]) / 60, Number(m[3]) + Number(m[4]) / 60];
}

export interface MasterSecretFields {
    /** The global writer endpoint: it follows the writer through a switchover or failover. */
    host: string;
    username: string;
    password: string;
    dbname: string;
    port: number;
}

/**
 * The SecretString the rotation template reads: `host`, `username`, `password` and `engine` are
 * required, `engine` one of "postgres" / "aurora-postgresql" ("postgres" is what every template
 * version accepts), `dbname` (default "postgres") and `port` (default 5432) optional; `ssl: true`
 * makes it connect with TLS only (sslmode verify-full), never falling back to plain text, which
 * rds.force_ssl would refuse anyway (aws-samples/aws-secrets-manager-rotation-lambdas
 * SecretsManagerRDSPostgreSQLRotationSingleUser/lambda_function.py, get_secret_dict and
 * get_ssl_config). No `dbClusterIdentifier`: the template never reads it, and after a switchover
 * the writer is another region's cluster.
 */
export function masterSecretValue(f: MasterSecretFields): string {
    return JSON.stringify({ engine: "postgres", host: f.host, port: f.port, username: f.username, password: f.password, dbname: f.dbname, ssl: true });
}

/**
 * Key of the secret's replica in another region: the account administers it, and principals of
 * the account may use it only through Secrets Manager — replication re-encrypts each new value
 * with it on behalf of whoever wrote the value (the rotation function), and readers in that region
 * decrypt through GetSecretValue ("it acts on behalf of the user who is creating or changing the
 * secret value", https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz;
 * the same conditions as the AWS managed key aws/secretsmanager).
 */
export function secretReplicaKeyPolicy(s: KeyScope & { primaryRegion: string }): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: `arn:${s.partition}:iam::${s.accountId}:root` }, Action: "kms:*", Resource: "*" },
            {
                Sid: "AccountUsesKeyThroughSecretsManager",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "kms:CallerAccount": s.accountId,
                        "kms:ViaService": [`secretsmanager.${s.region}.amazonaws.com`, `secretsmanager.${s.primaryRegion}.amazonaws.com`],
                    },
                },
            },
        ],
    });
}

/**
 * One customer-managed key per replica region, created by the owner (it is brought up first, so
 * no member key exists yet) in that region through the provider's per-resource `region`.
 */
export function replicaKeys(name: string, args: { primaryRegion: string; regions: readonly string[]; scope: pulumi.Output<KeyScope>; deletionWindowInDays: number }, parent: pulumi.Resource) {
    return args.regions.map((region) => ({
        region,
        key: customerKey(`${name}-replica-${region}-key`, {
            description: `Replica in ${region} of the Aurora master secret`,
            alias: "alias/bibox-aurora-master-secret",
            region,
            deletionWindowInDays: args.deletionWindowInDays,
            policy: args.scope.apply((s) => secretReplicaKeyPolicy({ ...s, region, primaryRegion: args.primaryRegion })),
        }, parent),
    }));
}

export interface RotationNetwork {
    vpcId: pulumi.Input<string>;
    /** Blocks of the isolated subnets: PostgreSQL out. */
    databaseCidrs: readonly string[];
    /** Blocks of the subnets holding the Secrets Manager interface endpoint: HTTPS out. */
    endpointCidrs: readonly string[];
}

/**
 * The function's security group: no ingress; out only to PostgreSQL in the isolated subnets and
 * HTTPS to the interface endpoints (Secrets Manager through its VPC endpoint with private DNS;
 * the function needs both, https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-network-rqmts.html).
 * DNS goes to the VPC resolver, which security groups do not filter.
 */
export function rotationSecurityGroup(name: string, clusterId: string, net: RotationNetwork, parent: pulumi.Resource): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(`${name}-rotation-sg`, {
        vpcId: net.vpcId,
        description: "Aurora master secret rotation: PostgreSQL to the isolated subnets, HTTPS to the endpoints",
        ingress: [],
        egress: [
            { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [...net.databaseCidrs], description: "PostgreSQL to Aurora" },
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [...net.endpointCidrs], description: "HTTPS to the Secrets Manager endpoint" },
        ],
        tags: { Name: `${clusterId}-rotation` },
    }, { parent });
}

export interface RotationArgs {
    /** The primary's region: names the function and picks the Secrets Manager endpoint it calls. */
    region: string;
    /** The master secret to rotate. */
    secretId: pulumi.Input<string>;
    /** The key of the primary secret: the template grants its function kms:Decrypt and GenerateDataKey on it. */
    kmsKeyArn: pulumi.Input<string>;
    /** Isolated subnets: the function runs next to the database, without a route out. */
    subnetIds: pulumi.Input<string>[];
    /** The function's security group (rotationSecurityGroup). */
    securityGroupId: pulumi.Input<string>;
    /** What must exist before the first rotation: the secret's value and the writer instance. */
    dependsOn: pulumi.Resource[];
}

/**
 * The rotation function (the AWS template) in the isolated subnets, and the secret's rotation
 * schedule. `rotateImmediately`: the first rotation runs at deployment, proving the path, and the
 * password Pulumi generated (and keeps in its state) stops being valid.
 */
export function rotateMasterSecret(name: string, args: RotationArgs, parent: pulumi.Resource): aws.secretsmanager.SecretRotation {
    const functionName = regionalName(args.region, "aurora-rotation");
    const app = new aws.serverlessrepository.CloudFormationStack(`${name}-rotation`, {
        name: functionName,
        applicationId: ROTATION_APPLICATION.applicationId,
        semanticVersion: ROTATION_APPLICATION.semanticVersion,
        capabilities: [...ROTATION_APPLICATION.capabilities],
        parameters: {
            // Private DNS of the interface endpoint answers this name inside the VPC.
            endpoint: `https://secretsmanager.${args.region}.amazonaws.com`,
            functionName,
            vpcSubnetIds: pulumi.all(args.subnetIds).apply((ids) => ids.join(",")),
            vpcSecurityGroupIds: args.securityGroupId,
            kmsKeyArn: args.kmsKeyArn,
            excludeCharacters: EXCLUDE_CHARACTERS,
        },
    }, { parent });
    return new aws.secretsmanager.SecretRotation(`${name}-master-rotation`, {
        secretId: args.secretId,
        rotationLambdaArn: app.outputs.apply((o) => o.RotationLambdaARN),
        rotationRules: { ...ROTATION_RULES },
        rotateImmediately: true,
    }, { parent, dependsOn: args.dependsOn });
}
