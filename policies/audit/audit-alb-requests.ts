/**
 * audit-alb-requests: every request an internet-facing ALB receives is on record. Accepted
 * evidence, either:
 * - ALB access logs (`accessLogs.enabled` true with a bucket; off by default:
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html), or
 * - a WAF web ACL on the ALB with a logging configuration: WAF logs every request it inspects —
 *   client address, host, URI, headers, the rule that matched and the action
 *   (https://docs.aws.amazon.com/waf/latest/developerguide/logging.html).
 * The program uses the second: ALB access logs accept only SSE-S3 buckets, which the pack's
 * s3-sse-kms rule refuses; WAF logs go to a KMS-encrypted log group (components/edge/origin-waf.ts).
 */
import { stackRule } from "../define";
import { Net } from "../network/refs";
import { aclLogs, aclsOf, publicAlbs } from "./edge";

export const auditAlbRequests = stackRule(
    {
        name: "audit-alb-requests",
        description: "Every internet-facing ALB's requests are logged: ALB access logs to S3, or the logging configuration of the WAF web ACL on it.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Keep the origin web ACL's WebAclLoggingConfiguration (components/edge/origin-waf.ts), or enable accessLogs on the ALB.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        return judge.each(publicAlbs(net), (lb) => {
            const access = lb.props.accessLogs as { enabled?: boolean; bucket?: string } | undefined;
            if (access?.enabled === true && access.bucket) return [];
            if (aclsOf(net, lb).some((acl) => aclLogs(net, acl).length > 0)) return [];
            return [{ urn: lb.urn, message: `Load balancer ${lb.name} keeps no record of its requests: no access logs and no logged WAF web ACL. Log its web ACL (WebAclLoggingConfiguration) or enable accessLogs.` }];
        });
    },
);
