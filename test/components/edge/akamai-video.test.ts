/**
 * Akamai HD video in the plans: a secure default rule (Enhanced TLS), segment tokens through a
 * secret include activated before the property, an IAM identity and Cloud Access Manager key that
 * can read the SSE-KMS media buckets, and origin failover that is really on — with the time the
 * recovery model gives it.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { validateRuleTree } from "../../../components/edge/akamai-rule-format";
import { segmentTokenKey } from "../../../components/edge/akamai-rules";
import { MEDIA_KEY_ALIAS } from "../../../components/lib/naming";
import { akamaiFailover } from "../../../policies/recovery/akamai-failover";
import { declaredFailoverPaths } from "../../../policies/recovery/edge";
import { policies } from "../../../policies/rules";
import { CREDENTIAL_PLACEHOLDER } from "../../../src/plan/evaluate";
import { planGraph } from "../../../src/plan/graph";
import { vendorId, vendorOutputs } from "../../../src/plan/mock-akamai";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource } from "../../../src/plan/types";
import { change, editJson } from "../../helpers/mutate";
import { evaluate, ofType, one, STACKS, tempProject } from "../../helpers/project";

const T = {
    property: "akamai:index/property:Property",
    include: "akamai:index/propertyInclude:PropertyInclude",
    includeActivation: "akamai:index/propertyIncludeActivation:PropertyIncludeActivation",
    activation: "akamai:index/propertyActivation:PropertyActivation",
    camKey: "akamai:index/cloudAccessKey:CloudAccessKey",
    user: "aws:iam/user:User",
    group: "aws:iam/group:Group",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    membership: "aws:iam/userGroupMembership:UserGroupMembership",
    accessKey: "aws:iam/accessKey:AccessKey",
    key: "aws:kms/key:Key",
};
const REGION: Record<string, string> = { "prod-us": "us-east-1", "prod-eu": "eu-west-1", "prod-ap": "ap-northeast-1" };
const plans: Record<string, PlanResource[]> = {};
let rules: any;
beforeAll(async () => {
    for (const s of STACKS) plans[s] = (await evaluate(s)).resources;
    rules = JSON.parse(one(plans["prod-us"], T.property, "bibox-edge-akamai-property").inputs.rules as string).rules;
});
type Node = { name: string; behaviors: { name: string; options: any }[]; children: Node[] };
const every = (n: Node): Node[] => [n, ...n.children.flatMap(every)];
const behaviors = (name: string) => every(rules).flatMap((n) => n.behaviors.filter((b) => b.name === name).map((b) => ({ rule: n.name, options: b.options })));

describe("the video property", () => {
    it("marks the default rule secure: it is served on the Enhanced TLS edge hostname video.pleasure.tv.edgekey.net", () => {
        expect(one(plans["prod-us"], T.property, "bibox-edge-akamai-property").inputs.hostnames).toEqual([{ cnameFrom: "video.pleasure.tv", cnameTo: "video.pleasure.tv.edgekey.net", certProvisioningType: "CPS_MANAGED" }]);
        expect(rules.options).toEqual({ is_secure: true });
    });

    it("passes the CP code as the integer of its cpc_ id (it was null)", () => {
        const id = vendorId("akamai:index/cpCode:CpCode", "bibox-edge-akamai-cpcode")!;
        expect(id).toMatch(/^cpc_[0-9]{6}$/);
        expect(behaviors("cpCode")).toEqual([{ rule: "default", options: { value: { id: Number(id.slice(4)) } } }]);
    });

    it("signs every origin request with the CAM key the plan creates, not a configured GUID", () => {
        const guids = new Set(behaviors("originCharacteristics").map((b) => b.options.awsAccessKeyVersionGuid));
        expect(guids.size).toBe(1);
        const [guid] = [...guids];
        expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(guid).not.toBe("5b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
        for (const b of behaviors("originCharacteristics")) expect(b.options).toMatchObject({ authenticationMethod: "AWS", accessKeyEncryptedStorage: true, awsService: "s3" });
    });

    it("switches origin failover on for every origin, and each recovery configuration fetches another region's bucket", () => {
        for (const p of behaviors("originFailureRecoveryPolicy")) {
            expect(p.options).toMatchObject({ enabled: true, monitorOriginResponsiveness: true, originResponsivenessEnableRecovery: true, monitorStatusCodes1: true, monitorStatusCodes1EnableRecovery: true });
        }
        const recovery = every(rules).find((n) => n.name === "Origin failure recovery methods")!;
        expect(recovery.children.map((c) => [c.name, c.behaviors.find((b) => b.name === "origin")!.options.hostname])).toEqual([
            ["Recovery FROM-US-EAST-1", "bibox-media-eu-west-1-123456789012.s3.eu-west-1.amazonaws.com"],
            ["Recovery FROM-AP-NORTHEAST-1", "bibox-media-eu-west-1-123456789012.s3.eu-west-1.amazonaws.com"],
            ["Recovery FROM-EU-WEST-1", "bibox-media-us-east-1-123456789012.s3.us-east-1.amazonaws.com"],
        ]);
    });
});

describe("segment tokens", () => {
    it("are checked by an include whose rules are a secret, pulled in by the default rule with the include's digits", () => {
        const include = one(plans["prod-us"], T.include, "bibox-edge-akamai-token-include");
        expect(include.inputs).toMatchObject({ type: "COMMON_SETTINGS", productId: "prd_Adaptive_Media_Delivery", rules: "[secret]" });
        // In the property's rule format, the one the typed table (components/edge/akamai-rule-format.ts) validates the trees against.
        const format = one(plans["prod-us"], T.property, "bibox-edge-akamai-property").inputs.ruleFormat;
        expect(include.inputs.ruleFormat).toBe(format);
        const exportOnly = { name: "originFailureRecoveryPolicy", options: { tuningParameters: "RECOMMENDED" } };
        expect(validateRuleTree({ rules: { name: "default", options: { is_secure: true }, criteria: [], behaviors: [exportOnly], children: [] } }).join("\n")).toContain(`is export-only in ${format} `);
        const includeId = String(one(plans["prod-us"], T.includeActivation, "bibox-edge-akamai-token-include-staging").inputs.includeId);
        expect(includeId).toMatch(/^inc_[0-9]+$/);
        expect(rules.behaviors).toContainEqual({ name: "include", options: { id: includeId.replace(/^inc_/, "") } });
    });

    it("never show the key in plain text, in any stack", () => {
        const key = segmentTokenKey(CREDENTIAL_PLACEHOLDER.secure);
        for (const s of STACKS) expect(JSON.stringify(plans[s])).not.toContain(key);
        expect(JSON.stringify(plans["prod-us"])).not.toContain("verifyTokenAuthorization");
    });

    it("nor the IAM secret access key the CAM key holds", () => {
        const secret = String(vendorOutputs(T.accessKey, "bibox-edge-akamai-media-reader", {})!.secret);
        expect(secret).toMatch(/^[A-Z2-7]{40}$/);
        expect(JSON.stringify(plans["prod-us"])).not.toContain(secret);
    });

    it("are activated on staging before the property that uses them", () => {
        const includeActivation = one(plans["prod-us"], T.includeActivation, "bibox-edge-akamai-token-include-staging");
        expect(includeActivation.inputs).toMatchObject({ network: "STAGING", version: 1, notifyEmails: ["platform-oncall@pleasure.tv"] });
        expect(one(plans["prod-us"], T.activation, "bibox-edge-akamai-staging").dependencies).toContain(includeActivation.urn);
    });

    it("are activated on production before the property when production is activated", async () => {
        const edge = JSON.parse(JSON.stringify((await evaluate("prod-us")).config["bibox:edge"]));
        edge.akamai.activateProduction = true;
        const rs = (await evaluate("prod-us", tempProject({ "prod-us": { "bibox:edge": edge } }))).resources;
        expect(ofType(rs, T.includeActivation).map((a) => a.inputs.network)).toEqual(["STAGING", "PRODUCTION"]);
        expect(one(rs, T.activation, "bibox-edge-akamai-production").dependencies).toContain(one(rs, T.includeActivation, "bibox-edge-akamai-token-include-production").urn);
    });
});

describe("the identity Akamai reads the media buckets with", () => {
    it("is an IAM user with an access key, held by a Cloud Access Manager key on the Enhanced TLS network, secret kept secret", () => {
        const rs = plans["prod-us"];
        expect(one(rs, T.user, "bibox-edge-akamai-media-reader").inputs.name).toBe("bibox-akamai-media-reader");
        expect(one(rs, T.accessKey, "bibox-edge-akamai-media-reader").inputs).toEqual({ user: "bibox-akamai-media-reader" });
        expect(one(rs, T.camKey, "bibox-edge-akamai-origin-key").inputs).toEqual({
            accessKeyName: "bibox-media-s3",
            authenticationMethod: "AWS4_HMAC_SHA256",
            contractId: "ctr_1-PLSR01",
            groupId: 271828,
            networkConfiguration: { securityNetwork: "ENHANCED_TLS" },
            credentialsA: { cloudAccessKeyId: vendorId(T.accessKey, "bibox-edge-akamai-media-reader"), cloudSecretAccessKey: "[secret]", primaryKey: true },
        });
        expect(one(rs, T.camKey, "bibox-edge-akamai-origin-key").provider).toMatch(/pulumi:providers:akamai::bibox-akamai::/);
        for (const m of ["prod-eu", "prod-ap"]) for (const type of [T.user, T.accessKey, T.camKey, T.include]) expect(ofType(plans[m], type)).toEqual([]);
    });

    it("may, through its group, read objects of the three media buckets and decrypt with their media keys through S3 only", () => {
        const rs = plans["prod-us"];
        expect(one(rs, T.group, "bibox-edge-akamai-media-readers").inputs.name).toBe("bibox-akamai-media-readers");
        expect(one(rs, T.membership, "bibox-edge-akamai-media-reader").inputs).toEqual({ user: "bibox-akamai-media-reader", groups: ["bibox-akamai-media-readers"] });
        expect(ofType(rs, "aws:iam/userPolicy:UserPolicy").filter((p) => p.inputs.user === "bibox-akamai-media-reader")).toEqual([]);
        expect(one(rs, T.groupPolicy, "bibox-edge-akamai-media-readers").inputs.group).toBe("bibox-akamai-media-readers");
        expect(JSON.parse(one(rs, T.groupPolicy, "bibox-edge-akamai-media-readers").inputs.policy as string).Statement).toEqual([
            {
                Sid: "ReadMedia",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: ["us-east-1", "ap-northeast-1", "eu-west-1"].map((r) => `arn:aws:s3:::bibox-media-${r}-123456789012/*`),
            },
            {
                Sid: "DecryptMediaThroughS3",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: ["us-east-1", "ap-northeast-1", "eu-west-1"].map((r) => `arn:aws:kms:${r}:123456789012:key/*`),
                Condition: {
                    "ForAnyValue:StringEquals": { "kms:ResourceAliases": MEDIA_KEY_ALIAS },
                    StringEquals: { "kms:ViaService": ["us-east-1", "ap-northeast-1", "eu-west-1"].map((r) => `s3.${r}.amazonaws.com`) },
                },
            },
        ]);
    });

    it.each(STACKS)("%s: the media key's policy admits it, to decrypt through S3 of its region", (stack) => {
        const policy = JSON.parse(one(plans[stack], T.key, "bibox-media-key").inputs.policy as string);
        expect(policy.Statement).toContainEqual({
            Sid: "AkamaiOriginDecryptsMediaThroughS3",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:user/bibox-akamai-media-reader", "kms:CallerAccount": "123456789012", "kms:ViaService": `s3.${REGION[stack]}.amazonaws.com` } },
        });
    });
});

describe("the recovery model of video failover", () => {
    it("gives the property's own Origin Failover time: 5 s per request, then the alternate origin", () => {
        const path = declaredFailoverPaths(planGraph(plans["prod-us"])).find((p) => p.path === "Akamai origin failover");
        expect(path).toMatchObject({ detectionSeconds: 5, formula: "per request: no answer within 5 s, then recovery FROM-US-EAST-1's alternate origin", binding: true });
    });

    it.each([
        ["only the export-only monitoring switch", { originResponsivenessMonitoring: "ALWAYS", monitorOriginResponsiveness: undefined }, "origin failover is off in rule \"default\": monitorOriginResponsiveness is not on (originResponsivenessMonitoring is export-only)"],
        ["a recovery configuration no rule defines", { originResponsivenessRecoveryConfigName: "FROM-NOWHERE" }, "origin failover is off in rule \"default\": no recoveryConfig rule defines \"FROM-NOWHERE\""],
        ["a preset timeout", { originResponsivenessTimeout: "MODERATE" }, "rule \"default\": timeout MODERATE has no documented duration; set USER_SPECIFIED with a custom timeout"],
    ])("counts failover as unbounded with %s", (_what, edit, formula) => {
        const tree = { rules: structuredClone(rules) };
        Object.assign(tree.rules.behaviors.find((b: { name: string }) => b.name === "originFailureRecoveryPolicy").options, edit);
        expect(akamaiFailover(JSON.stringify(tree))).toEqual({ detectionSeconds: Number.POSITIVE_INFINITY, formula });
    });

    it("doubles the timeout when the policy retries the dead origin first", () => {
        const tree = { rules: structuredClone(rules) };
        tree.rules.behaviors.find((b: { name: string }) => b.name === "originFailureRecoveryPolicy").options.originResponsivenessEnableRetry = true;
        expect(akamaiFailover(JSON.stringify(tree))).toEqual({ detectionSeconds: 10, formula: "per request: no answer within 5 s, one retry on the same origin, then recovery FROM-US-EAST-1's alternate origin" });
    });

    it("makes check-plan fail when failover is switched off", async () => {
        const urn = one(plans["prod-us"], T.property, "bibox-edge-akamai-property").urn;
        const off = change(T.property, "bibox-edge-akamai-property", (r) => editJson(r, "rules", (d) => {
            d.rules.behaviors.find((b: { name: string }) => b.name === "originFailureRecoveryPolicy").options.enabled = false;
        }));
        const violations = (await runPolicies(off(structuredClone(plans["prod-us"])), policies)).filter((v) => v.policy === "recovery-edge-failover");
        expect(violations).toEqual([
            {
                policy: "recovery-edge-failover",
                level: "mandatory",
                urn,
                message: "Akamai origin failover (bibox-edge-akamai-property) detects a dead region in unbounded (origin failover is off in rule \"default\": originFailureRecoveryPolicy is not enabled), above the edge failover objective 30 s; shorten its health check.",
            },
        ]);
    });
});
