/**
 * The Aurora master secret: rotated by Secrets Manager with the AWS PostgreSQL single-user
 * template, from the isolated subnets, and replicated to every member region under a key there.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { keyArn, keyId } from "../../helpers/mock-values";
import {
    EXCLUDE_CHARACTERS,
    masterSecretValue,
    ROTATION_APPLICATION,
    ROTATION_RULES,
    rotationWindowHours,
    secretReplicaKeyPolicy,
    windowHours,
} from "../../../components/data/master-secret";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, ofType, one, STACKS } from "../../helpers/project";

const plans: Record<string, PlanResource[]> = {};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const MEMBERS = ["prod-eu", "prod-ap"] as const;
const idOf = (r: PlanResource) => `${r.name}-id`;

const T = {
    secret: "aws:secretsmanager/secret:Secret",
    version: "aws:secretsmanager/secretVersion:SecretVersion",
    rotation: "aws:secretsmanager/secretRotation:SecretRotation",
    app: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    subnet: "aws:ec2/subnet:Subnet",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    instance: "aws:rds/clusterInstance:ClusterInstance",
};

beforeAll(async () => {
    for (const stack of STACKS) plans[stack] = (await evaluate(stack)).resources;
});

const us = () => plans["prod-us"];
const cidrsOf = (rs: PlanResource[], tier: string) => ofType(rs, T.subnet).filter((s) => (s.inputs.tags as Record<string, string>)["bibox:tier"] === tier).map((s) => s.inputs.cidrBlock);

describe("rotation of the Aurora master secret (owner)", () => {
    it("rotates every 30 days with the template function, first at deployment, once the value and the writer exist", () => {
        const rotation = one(us(), T.rotation, "bibox-aurora-master-rotation");
        expect(rotation.inputs).toEqual({
            secretId: idOf(one(us(), T.secret, "bibox-aurora-master")),
            rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:bibox-us-east-1-aurora-rotation",
            rotationRules: { scheduleExpression: "rate(30 days)", duration: "2h" },
            rotateImmediately: true,
        });
        expect(rotation.dependencies).toContain(one(us(), T.version, "bibox-aurora-master").urn);
        for (const i of ofType(us(), T.instance)) expect(rotation.dependencies).toContain(i.urn);
    });

    it("deploys the AWS PostgreSQL single-user template, pinned, with the capabilities it needs", () => {
        const app = one(us(), T.app, "bibox-aurora-rotation");
        expect(app.inputs).toMatchObject({
            name: "bibox-us-east-1-aurora-rotation",
            applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
            semanticVersion: "1.1.671",
            capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
        });
        expect(app.inputs.semanticVersion).toBe(ROTATION_APPLICATION.semanticVersion);
    });

    it("runs the function in the isolated subnets, behind its own group, with the secret's key", () => {
        const parameters = one(us(), T.app, "bibox-aurora-rotation").inputs.parameters as Record<string, string>;
        const isolated = ofType(us(), T.subnet).filter((s) => s.name.startsWith("bibox-network-isolated-"));
        expect(isolated).toHaveLength(3);
        expect(parameters).toEqual({
            endpoint: "https://secretsmanager.us-east-1.amazonaws.com",
            functionName: "bibox-us-east-1-aurora-rotation",
            vpcSubnetIds: isolated.map(idOf).join(","),
            vpcSecurityGroupIds: idOf(one(us(), T.sg, "bibox-aurora-rotation-sg")),
            kmsKeyArn: one(us(), T.secret, "bibox-aurora-master").inputs.kmsKeyId,
            excludeCharacters: EXCLUDE_CHARACTERS,
        });
        // RDS refuses these in a master password (CreateDBCluster MasterUserPassword).
        for (const c of ["/", "'", '"', "@"]) expect(parameters.excludeCharacters).toContain(c);
    });

    it("lets the function out only to PostgreSQL in the isolated subnets and HTTPS in the endpoint subnets; Aurora admits it on 5432", () => {
        const sg = one(us(), T.sg, "bibox-aurora-rotation-sg");
        expect(sg.inputs.ingress).toEqual([]);
        expect(sg.inputs.egress).toEqual([
            { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: cidrsOf(us(), "isolated"), description: "PostgreSQL to Aurora" },
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: cidrsOf(us(), "private"), description: "HTTPS to the Secrets Manager endpoint" },
        ]);
        const endpoint = one(us(), T.endpoint, "bibox-network-secretsmanager");
        const privateSubnets = ofType(us(), T.subnet).filter((s) => s.name.startsWith("bibox-network-private-"));
        expect(endpoint.inputs.subnetIds).toEqual(privateSubnets.map(idOf));
        const aurora = one(us(), T.sg, "bibox-aurora-sg").inputs.ingress as { fromPort: number; securityGroups: string[] }[];
        expect(aurora).toContainEqual(expect.objectContaining({ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [idOf(sg)] }));
    });

    it("keeps the secret protected, recoverable for 30 days, its value written after the global writer endpoint exists", () => {
        const secret = one(us(), T.secret, "bibox-aurora-master");
        expect(secret.protect).toBe(true);
        expect(secret.inputs.recoveryWindowInDays).toBe(30);
        const version = one(us(), T.version, "bibox-aurora-master");
        expect(version.inputs.secretString).toBe("[secret]");
        expect(version.dependencies).toContain(one(us(), "aws:rds/globalCluster:GlobalCluster", "bibox-aurora-global").urn);
    });

    it.each(MEMBERS)("%s: has no rotation of its own, no template stack and no master secret (it reads the replica)", (stack) => {
        for (const type of [T.rotation, T.app]) expect(ofType(plans[stack], type)).toEqual([]);
        expect(ofType(plans[stack], T.secret).map((s) => s.name)).not.toContain("bibox-aurora-master");
        expect(ofType(plans[stack], T.sg).map((s) => s.name)).not.toContain("bibox-aurora-rotation-sg");
    });
});

describe("replicas of the master secret", () => {
    it("exist in both member regions, each under the owner's key in that region", () => {
        const replicas = one(us(), T.secret, "bibox-aurora-master").inputs.replicas as { region: string; kmsKeyId: string }[];
        expect([...replicas].sort((a, b) => a.region.localeCompare(b.region))).toEqual([
            { region: "ap-northeast-1", kmsKeyId: keyArn("ap-northeast-1", "bibox-aurora-replica-ap-northeast-1-key") },
            { region: "eu-west-1", kmsKeyId: keyArn("eu-west-1", "bibox-aurora-replica-eu-west-1-key") },
        ]);
    });

    it.each(MEMBERS.map((m) => REGION[m]))("the key in %s is protected, rotating, aliased there, and usable only through Secrets Manager", (region) => {
        const key = one(us(), T.key, `bibox-aurora-replica-${region}-key`);
        expect(key.protect).toBe(true);
        expect(key.inputs).toMatchObject({ region, enableKeyRotation: true, deletionWindowInDays: 30 });
        expect(one(us(), T.alias, `bibox-aurora-replica-${region}-key`).inputs).toEqual({ name: "alias/bibox-aurora-master-secret", region, targetKeyId: keyId(region, `bibox-aurora-replica-${region}-key`) });
        expect(JSON.parse(key.inputs.policy as string)).toEqual(JSON.parse(secretReplicaKeyPolicy({ partition: "aws", accountId: "123456789012", region, primaryRegion: "us-east-1" })));
    });

    it("key policy: the account administers it; principals of the account use it via Secrets Manager in the replica's or the primary's region", () => {
        const doc = JSON.parse(secretReplicaKeyPolicy({ partition: "aws", accountId: "111122223333", region: "eu-west-1", primaryRegion: "us-east-1" }));
        expect(doc.Statement[1]).toEqual({
            Sid: "AccountUsesKeyThroughSecretsManager",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": ["secretsmanager.eu-west-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"] } },
        });
    });

    it.each(STACKS)("%s: reaches Secrets Manager through a private-DNS interface endpoint", (stack) => {
        const endpoint = one(plans[stack], T.endpoint, "bibox-network-secretsmanager");
        expect(endpoint.inputs).toMatchObject({ serviceName: `com.amazonaws.${REGION[stack]}.secretsmanager`, vpcEndpointType: "Interface", privateDnsEnabled: true });
    });
});

describe("the secret value the template reads", () => {
    it("names the engine, the global writer, the port, the user and the database, and asks for TLS only", () => {
        const value = JSON.parse(masterSecretValue({ host: "bibox-pleasure.global-x.global.rds.amazonaws.com", port: 5432, username: "pleasure_admin", password: "pw", dbname: "pleasure" }));
        expect(value).toEqual({ engine: "postgres", host: "bibox-pleasure.global-x.global.rds.amazonaws.com", port: 5432, username: "pleasure_admin", password: "pw", dbname: "pleasure", ssl: true });
        expect(value).not.toHaveProperty("dbClusterIdentifier");
    });
});

describe("the rotation window", () => {
    it.each<[string, { scheduleExpression: string; duration: string }, [number, number] | string]>([
        ["30 days, 2 h", { scheduleExpression: "rate(30 days)", duration: "2h" }, [0, 2]],
        ["1 day, 4 h", { scheduleExpression: "rate(1 day)", duration: "4h" }, [0, 4]],
        ["cron is not a rate", { scheduleExpression: "cron(0 8 1 * ? *)", duration: "2h" }, "not a rate() in days: cron(0 8 1 * ? *)"],
        ["hours are not days", { scheduleExpression: "rate(12 hours)", duration: "1h" }, "not a rate() in days: rate(12 hours)"],
        ["minutes are not hours", { scheduleExpression: "rate(30 days)", duration: "90m" }, "not a duration in hours: 90m"],
    ])("%s", (_label, rules, expected) => {
        if (typeof expected === "string") expect(() => rotationWindowHours(rules)).toThrow(expected);
        else expect(rotationWindowHours(rules)).toEqual(expected);
    });

    it.each(STACKS)("%s: closes before the clusters' backup window opens", (stack) => {
        const cluster = one(plans[stack], "aws:rds/cluster:Cluster", "bibox-aurora-cluster");
        const [backupStart] = windowHours(cluster.inputs.preferredBackupWindow as string);
        expect(backupStart).toBe(2);
        expect(rotationWindowHours(ROTATION_RULES)[1]).toBeLessThanOrEqual(backupStart);
    });
});
