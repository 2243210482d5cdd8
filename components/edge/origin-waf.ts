import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Account, logGroupKeyPolicy } from "../key-policies";
import { customerKey, scopeIn } from "../kms";
import { regionalName } from "../lib/naming";
import { ORIGIN_AUTH_HEADER } from "./origin-routes";

/**
 * AWS managed rule groups the origin's web ACL runs, in priority order, with their capacity
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html): the
 * core rule set (OWASP Top 10 classes, 700 WCU) and known bad inputs (Log4j, request smuggling
 * patterns, 200 WCU) — 900 of the 1,500 WCU a web ACL gets without extra charge. IP reputation is
 * left out: the ALB sees only CDN and accelerator addresses, never the client's.
 */
export const ORIGIN_WAF_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"] as const;

/** Request headers kept out of the WAF logs: the origin credential and the users' sessions. */
export const WAF_REDACTED_HEADERS = [ORIGIN_AUTH_HEADER, "authorization", "cookie"].map((h) => h.toLowerCase());

export interface OriginWafArgs {
    /** The stack's region: names the web ACL, its log group and the log key. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** The ALB the web ACL guards. */
    albArn: pulumi.Input<string>;
    /** @default 90 — every request is logged; this bounds what that costs */
    logRetentionDays?: number;
}

/**
 * A regional web ACL on the origin ALB, with its request log. Every public path reaches the ALB:
 * Cloudflare (www, api) after its own WAF, but Fastly (play) and the Global Accelerator
 * (direct.<zone>) with none in front; this ACL is the WAF those paths have, and its log is the ALB's
 * request record (CloudWatch Logs under a customer key; ALB access logs would need an SSE-S3
 * bucket, which the pack's s3-sse-kms rule refuses). WAF creates the log group's resource policy
 * for log delivery itself (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html);
 * the group's name must start with aws-waf-logs-.
 */
export function originWaf(name: string, args: OriginWafArgs, parent: pulumi.Resource): aws.wafv2.WebAcl {
    const opts = { parent };
    const metric = (id: string) => ({ cloudwatchMetricsEnabled: true, metricName: id, sampledRequestsEnabled: true });
    const acl = new aws.wafv2.WebAcl(`${name}-waf`, {
        name: regionalName(args.region, "origin"),
        description: "Origin ALB: AWS managed rules for every path that reaches it",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: ORIGIN_WAF_RULE_GROUPS.map((group, priority) => ({
            name: group,
            priority,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: metric(group),
        })),
        visibilityConfig: metric(regionalName(args.region, "origin")),
    }, opts);
    new aws.wafv2.WebAclAssociation(`${name}-waf`, { resourceArn: args.albArn, webAclArn: acl.arn }, opts);

    // WAF sends logs only to log groups named aws-waf-logs-* (AWS WAF Developer Guide, "Sending web ACL traffic logs to a CloudWatch Logs log group").
    const logGroupName = `aws-waf-logs-${regionalName(args.region, "origin")}`;
    const scope = scopeIn(args.account, args.region);
    const key = customerKey(`${name}-waf-logs-key`, {
        description: `WAF request logs of the ${args.region} origin`,
        alias: `alias/${regionalName(args.region, "waf-logs")}`,
        policy: scope.apply((s) => logGroupKeyPolicy({ ...s, logGroupName })),
    }, parent);
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-waf-logs`, {
        name: logGroupName,
        retentionInDays: args.logRetentionDays ?? 90,
        kmsKeyId: key.arn,
    }, { parent, protect: true });
    new aws.wafv2.WebAclLoggingConfiguration(`${name}-waf-logs`, {
        resourceArn: acl.arn,
        logDestinationConfigs: [logGroup.arn],
        redactedFields: WAF_REDACTED_HEADERS.map((h) => ({ singleHeader: { name: h } })),
    }, opts);
    return acl;
}
