import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Account, trailKeyPolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { regionalName } from "../lib/naming";

/**
 * Who runs a security service in this account and region.
 * - `manage`: this stack creates it (a fresh account).
 * - `adopt`: it exists already (enabled by hand, or by an earlier tool): the stack imports it by
 *   id and manages it from then on. A created detector or hub would fail: CreateDetector answers
 *   "The request is rejected because a detector already exists for the current account."
 *   (hashicorp/terraform-provider-aws#11780) and EnableSecurityHub "ResourceConflictException:
 *   Account is already subscribed to Security Hub" (nozaq/terraform-aws-secure-baseline#135).
 *   Inputs that differ from the imported state are then applied as an update
 *   (https://www.pulumi.com/docs/iac/concepts/resources/options/import/, since pulumi/pulumi#19339).
 * - `delegated`: the Organization's delegated administrator runs it (GuardDuty auto-enable,
 *   Security Hub central configuration): the stack creates nothing for the service. A member
 *   account may not change what the administrator configures — "Only the delegated Security Hub
 *   CSPM administrator can configure settings for centrally managed accounts"
 *   (https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-management-type.html)
 *   — nor disable GuardDuty while auto-enable is ALL
 *   (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisassociateFromAdministratorAccount.html).
 */
export type GuardDutyMode =
    | {
          /** The stack creates the detector. */
          mode: "manage";
      }
    | {
          /** The stack imports the detector the account has. */
          mode: "adopt";
          /** Its id (`aws guardduty list-detectors` in the stack's region). */
          detectorId: string;
      }
    | {
          /** The Organization's delegated administrator runs GuardDuty: no detector here. */
          mode: "delegated";
      };

export type SecurityHubStandard = keyof typeof SECURITY_HUB_STANDARDS;

export type SecurityHubMode =
    | {
          /** The stack enables Security Hub and subscribes the standards. */
          mode: "manage";
      }
    | {
          /** The stack imports the hub the account has. */
          mode: "adopt";
          /** The hub's import id: the stack's account. */
          accountId: string;
          /** The standards already enabled: imported too (the others are subscribed). */
          subscribedStandards: readonly SecurityHubStandard[];
      }
    | {
          /** The Organization's delegated administrator runs Security Hub: no hub, no subscription here. */
          mode: "delegated";
      };

interface SecurityBaselineCommon {
    /** The stack's region: the services it runs here, the Access Analyzer's name, the owner's trail and bucket. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** The trail records the whole AWS Organization and the Access Analyzer watches it (not only this account). */
    organizationTrail: boolean;
    /** Who runs GuardDuty here. @default { mode: "manage" } — the stack creates the detector */
    guardDuty?: GuardDutyMode;
    /** Who runs Security Hub here. @default { mode: "manage" } — the stack enables the hub and its standards */
    securityHub?: SecurityHubMode;
}

/** The owner also records the trail, in a bucket whose objects it locks; a member records none. */
export type SecurityBaselineArgs = SecurityBaselineCommon &
    (
        | {
              /** The owner: records the trail. */
              role: "owner";
              /** Days the trail's log files are locked (Object Lock, compliance mode). */
              trailRetentionDays: number;
          }
        | {
              /** A member: the services of its own region, no trail. */
              role: "member";
              /** Owner only. @default none — a member records no trail */
              trailRetentionDays?: never;
          }
    );

/** GuardDuty protection plans turned on in every region. */
export const GUARDDUTY_FEATURES = ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS"] as const;

/** Security Hub standards, by their path under `arn:<partition>:securityhub:<region>::standards/`. */
export const SECURITY_HUB_STANDARDS = {
    cis: "cis-aws-foundations-benchmark/v/3.0.0",
    fsbp: "aws-foundational-security-best-practices/v/1.0.0",
} as const;

export const TRAIL_NAME = "bibox-organization";

/**
 * What the trail records: every management event, and the write data events (PutObject,
 * DeleteObject, ...) of every S3 object in every region and account the trail covers, except the
 * trail's own bucket — the audit record of who changed or deleted media and backups. With advanced
 * selectors a trail logs management events only through a selector of eventCategory Management
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html); without
 * any selector it logs "all read and write management events, and no data events"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html). Read
 * events are left out: Akamai's segment reads are CDN-scale traffic (billed per event) and record
 * no change. The trail's bucket is excluded, as AWS suggests: its writes are CloudTrail's own
 * deliveries.
 */
export function trailEventSelectors(trailBucketArn: string) {
    return [
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
            name: "S3 object writes, every bucket but the trail's",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "readOnly", equals: ["false"] },
                { field: "resources.ARN", notStartsWith: [`${trailBucketArn}/`] },
            ],
        },
    ];
}

/** The partition of a region (the ARN prefix import ids need before any lookup has answered). */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/**
 * The id a standards subscription is imported by: its subscription ARN, account-scoped, not the
 * `standards/` ARN it is created from (aws.securityhub.StandardsSubscription, "Import").
 */
export function standardsSubscriptionArn(region: string, accountId: string, standard: SecurityHubStandard): string {
    return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:subscription/${SECURITY_HUB_STANDARDS[standard]}`;
}

/**
 * Resource options of an adopted resource: imported by `id`, and left in place if it ever leaves
 * the program (it predates the stack; removing it from code must not disable a security service).
 */
function adopted(parent: pulumi.Resource, id: string): pulumi.CustomResourceOptions {
    return { parent, import: id, retainOnDelete: true };
}

/**
 * The security baseline of a region: GuardDuty with EKS audit-log and runtime monitoring, Security
 * Hub with the CIS AWS Foundations and AWS Foundational Security Best Practices standards (each
 * created, adopted or left to the Organization's delegated administrator: GuardDutyMode,
 * SecurityHubMode), and IAM Access Analyzer. The owner adds the organisation's multi-region CloudTrail, with log-file
 * validation, KMS encryption and a versioned bucket under Object Lock. (Node access is through SSM
 * Session Manager only: the node roles carry AmazonSSMManagedInstanceCore, no node has an SSH key,
 * there is no bastion — the policy pack's ssm-only-node-access rule keeps it so.)
 */
export class SecurityBaseline extends pulumi.ComponentResource {
    public readonly trailArn?: pulumi.Output<string>;

    constructor(name: string, args: SecurityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:ops:SecurityBaseline", name, {}, opts);
        const parent = { parent: this };
        const scope = scopeIn(args.account, args.region);

        const guardDuty = args.guardDuty ?? { mode: "manage" };
        if (guardDuty.mode !== "delegated") {
            const detector = new aws.guardduty.Detector(`${name}-guardduty`, { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" },
                guardDuty.mode === "adopt" ? adopted(this, guardDuty.detectorId) : parent);
            // Enabling a protection plan is an UpdateDetector call, on a new or an adopted detector
            // alike (hashicorp/terraform-provider-aws internal/service/guardduty/detector_feature.go).
            for (const feature of GUARDDUTY_FEATURES) {
                new aws.guardduty.DetectorFeature(`${name}-guardduty-${feature.toLowerCase().replace(/_/g, "-")}`, {
                    detectorId: detector.id,
                    name: feature,
                    status: "ENABLED",
                    additionalConfigurations: feature === "RUNTIME_MONITORING" ? [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] : undefined,
                }, parent);
            }
        }

        const securityHub = args.securityHub ?? { mode: "manage" };
        if (securityHub.mode !== "delegated") {
            const hub = new aws.securityhub.Account(`${name}-securityhub`, {
                enableDefaultStandards: false,
                controlFindingGenerator: "SECURITY_CONTROL",
                autoEnableControls: true,
            }, securityHub.mode === "adopt" ? adopted(this, securityHub.accountId) : parent);
            for (const [key, path] of Object.entries(SECURITY_HUB_STANDARDS) as [SecurityHubStandard, string][]) {
                const imported = securityHub.mode === "adopt" && securityHub.subscribedStandards.includes(key);
                new aws.securityhub.StandardsSubscription(`${name}-securityhub-${key}`, {
                    standardsArn: scope.apply((s) => `arn:${s.partition}:securityhub:${args.region}::standards/${path}`),
                }, {
                    ...(imported ? adopted(this, standardsSubscriptionArn(args.region, securityHub.accountId, key)) : parent),
                    dependsOn: [hub],
                });
            }
        }
        new aws.accessanalyzer.Analyzer(`${name}-access-analyzer`, {
            analyzerName: regionalName(args.region, "access-analyzer"),
            type: args.organizationTrail ? "ORGANIZATION" : "ACCOUNT",
        }, parent);

        if (args.role === "owner") {
            const trailArn = scope.apply((s) => `arn:${s.partition}:cloudtrail:${args.region}:${s.accountId}:trail/${TRAIL_NAME}`);
            const key = customerKey(`${name}-trail-key`, {
                description: "Organisation CloudTrail log files",
                alias: "alias/bibox-cloudtrail",
                policy: pulumi.all([scope, trailArn]).apply(([s, arn]) => trailKeyPolicy({ ...s, trailArn: arn })),
            }, this);
            const bucket = new aws.s3.Bucket(`${name}-trail-bucket`, {
                bucket: scope.apply((s) => `bibox-cloudtrail-${args.region}-${s.accountId}`),
                objectLockEnabled: true,
                forceDestroy: false,
            }, { parent: this, protect: true });
            new aws.s3.BucketVersioning(`${name}-trail-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
            new aws.s3.BucketObjectLockConfiguration(`${name}-trail-lock`, {
                bucket: bucket.id,
                rule: { defaultRetention: { mode: "COMPLIANCE", days: args.trailRetentionDays } },
            }, parent);
            new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-trail-encryption`, {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
            }, parent);
            const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-trail-public-access`, {
                bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
            }, parent);
            new aws.s3.BucketOwnershipControls(`${name}-trail-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
            const policy = new aws.s3.BucketPolicy(`${name}-trail-policy`, {
                bucket: bucket.id,
                policy: pulumi.all([bucket.arn, trailArn]).apply(([bucketArn, arn]) => JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                        { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: { StringEquals: { "aws:SourceArn": arn } } },
                        { Sid: "CloudTrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: `${bucketArn}/AWSLogs/*`, Condition: { StringEquals: { "aws:SourceArn": arn } } },
                    ],
                })),
            }, { parent: this, dependsOn: [publicAccess] });
            const trail = new aws.cloudtrail.Trail(`${name}-trail`, {
                name: TRAIL_NAME,
                s3BucketName: bucket.bucket,
                isMultiRegionTrail: true,
                isOrganizationTrail: args.organizationTrail,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                kmsKeyId: key.arn,
                advancedEventSelectors: bucket.arn.apply(trailEventSelectors),
            }, { parent: this, dependsOn: [policy] });
            this.trailArn = trail.arn;
        }
        this.registerOutputs({ trailArn: this.trailArn });
    }
}
