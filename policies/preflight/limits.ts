/**
 * The one table of service limits the preflight checks enforce. Every row is what the vendor's
 * quota page states (default value, whether it can be raised); the URL is that page. A stack whose
 * account has a raised quota declares it in the pack config (`quotas: { <id>: <value> }`) — only
 * adjustable rows accept a raise.
 */

export interface Limit {
    id: string;
    service: string;
    /** What is counted, as the quota page names it. */
    what: string;
    /** The default quota. */
    value: number;
    adjustable: boolean;
    source: string;
}

const VPC = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html";
const ALB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";
const GA = "https://docs.aws.amazon.com/general/latest/gr/global_accelerator.html";
const IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";

const rows = [
    // Security groups (VPC quotas, "Security groups"): enforced per direction and separately for
    // IPv4 and IPv6; rules × groups-per-interface may not exceed 1,000.
    { id: "sg-rules-per-direction", service: "Amazon VPC", what: "inbound or outbound rules per security group (each of IPv4 and IPv6)", value: 60, adjustable: true, source: `${VPC}#vpc-limits-security-groups` },
    { id: "sg-per-interface", service: "Amazon VPC", what: "security groups per network interface", value: 5, adjustable: true, source: `${VPC}#vpc-limits-security-groups` },
    { id: "sg-rules-times-groups", service: "Amazon VPC", what: "rules per security group × security groups per network interface", value: 1000, adjustable: false, source: `${VPC}#vpc-limits-security-groups` },
    // VPC endpoints, gateways, routes, addresses.
    { id: "interface-endpoints-per-vpc", service: "Amazon VPC", what: "interface and Gateway Load Balancer endpoints per VPC", value: 50, adjustable: true, source: `${VPC}#vpc-limits-endpoints` },
    { id: "gateway-endpoints-per-region", service: "Amazon VPC", what: "gateway VPC endpoints per Region", value: 20, adjustable: true, source: `${VPC}#vpc-limits-endpoints` },
    { id: "routes-per-route-table", service: "Amazon VPC", what: "routes per route table (non-propagated, each of IPv4 and IPv6)", value: 50, adjustable: true, source: `${VPC}#vpc-limits-route-tables` },
    { id: "eips-per-region", service: "Amazon VPC", what: "Elastic IP addresses per Region", value: 5, adjustable: true, source: `${VPC}#vpc-limits-eips` },
    { id: "prefix-list-max-entries", service: "Amazon VPC", what: "maximum entries per customer-managed prefix list", value: 1000, adjustable: true, source: `${VPC}#vpc-quotas-managed-prefix-lists` },
    // Application Load Balancers.
    { id: "alb-rules", service: "Elastic Load Balancing", what: "rules per Application Load Balancer (excluding default rules)", value: 100, adjustable: true, source: `${ALB}#rules-quotas` },
    { id: "alb-listeners", service: "Elastic Load Balancing", what: "listeners per Application Load Balancer", value: 50, adjustable: true, source: `${ALB}#load-balancers-quotas` },
    { id: "alb-target-groups", service: "Elastic Load Balancing", what: "target groups per Application Load Balancer", value: 100, adjustable: false, source: `${ALB}#load-balancers-quotas` },
    { id: "alb-target-groups-per-action", service: "Elastic Load Balancing", what: "target groups per action per Application Load Balancer", value: 5, adjustable: false, source: `${ALB}#load-balancers-quotas` },
    { id: "alb-certificates", service: "Elastic Load Balancing", what: "certificates per Application Load Balancer (excluding default certificates)", value: 25, adjustable: true, source: `${ALB}#load-balancers-quotas` },
    { id: "alb-condition-values", service: "Elastic Load Balancing", what: "condition values per rule", value: 5, adjustable: false, source: `${ALB}#rules-quotas` },
    // Global Accelerator (AWS General Reference, Global Accelerator quotas).
    { id: "ga-endpoints-per-group", service: "AWS Global Accelerator", what: "endpoints per endpoint group (Application Load Balancers)", value: 10, adjustable: false, source: GA },
    { id: "ga-endpoint-groups-per-region", service: "AWS Global Accelerator", what: "endpoint groups per listener in one Region", value: 1, adjustable: false, source: "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateEndpointGroup.html" },
    { id: "ga-listeners", service: "AWS Global Accelerator", what: "listeners per accelerator", value: 10, adjustable: true, source: GA },
    { id: "ga-port-ranges", service: "AWS Global Accelerator", what: "port ranges per listener", value: 10, adjustable: false, source: GA },
    // IAM (IAM and AWS STS quotas).
    { id: "iam-managed-policies-per-role", service: "AWS IAM", what: "managed policies attached to an IAM role", value: 10, adjustable: true, source: `${IAM}#reference_iam-quotas-entities` },
    { id: "iam-trust-policy-length", service: "AWS IAM", what: "role trust policy length (characters)", value: 2048, adjustable: true, source: `${IAM}#reference_iam-quotas-entities` },
    { id: "iam-role-inline-policy-size", service: "AWS IAM", what: "aggregate inline policy size of a role (characters, white space not counted)", value: 10240, adjustable: false, source: `${IAM}#reference_iam-quotas-entity-length` },
    { id: "iam-managed-policy-size", service: "AWS IAM", what: "managed policy size (characters, white space not counted)", value: 6144, adjustable: false, source: `${IAM}#reference_iam-quotas-entity-length` },
    // Resource policy documents.
    { id: "kms-key-policy-size", service: "AWS KMS", what: "key policy size (bytes)", value: 32768, adjustable: false, source: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html" },
    { id: "s3-bucket-policy-size", service: "Amazon S3", what: "bucket policy size (bytes)", value: 20480, adjustable: false, source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html" },
] as const satisfies readonly Limit[];

export type LimitId = (typeof rows)[number]["id"];

export const LIMITS: Readonly<Record<LimitId, Limit>> = Object.fromEntries(rows.map((r) => [r.id, r])) as Record<LimitId, Limit>;

/** Raised quotas an account declares in the pack config; only adjustable rows can be raised. */
export type QuotaOverrides = Partial<Record<string, number>>;

export function limitValue(id: LimitId, overrides: QuotaOverrides = {}): number {
    const row = LIMITS[id];
    const raised = overrides[id];
    return row.adjustable && typeof raised === "number" && raised > 0 ? raised : row.value;
}

/**
 * Weights of AWS-managed prefix lists: a rule naming one counts as its weight, not as one rule.
 * Keyed by prefix-list name with `<region>` for the Region. Source: "AWS-managed prefix list
 * weight", https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html
 */
export const AWS_MANAGED_PREFIX_LIST_WEIGHTS: Readonly<Record<string, number>> = {
    "com.amazonaws.global.cloudfront.origin-facing": 55,
    "com.amazonaws.global.ipv6.cloudfront.origin-facing": 55,
    "com.amazonaws.<region>.dynamodb": 1,
    "com.amazonaws.<region>.ec2-instance-connect": 2,
    "com.amazonaws.<region>.ipv6.ec2-instance-connect": 2,
    "com.amazonaws.global.groundstation": 5,
    "com.amazonaws.<region>.route53-healthchecks": 25,
    "com.amazonaws.<region>.ipv6.route53-healthchecks": 25,
    "com.amazonaws.<region>.s3": 1,
    "com.amazonaws.<region>.s3express": 6,
    "com.amazonaws.<region>.vpc-lattice": 10,
    "com.amazonaws.<region>.ipv6.vpc-lattice": 10,
};

/** The weight of an AWS-managed prefix list by its name, or undefined when not in the table. */
export function awsManagedPrefixListWeight(name: string): number | undefined {
    const key = name.replace(/^com\.amazonaws\.(?!global\.)[a-z0-9-]+\./, "com.amazonaws.<region>.");
    return AWS_MANAGED_PREFIX_LIST_WEIGHTS[key];
}

/** "<resource>: <what> is N, the limit is L (<source>). Fix: <fix>" */
export function overLimit(resource: string, what: string, count: number, limit: Limit, max: number, fix: string): string {
    return `${resource}: ${what} is ${count}, the limit is ${max} (${limit.source}). Fix: ${fix}`;
}

/** A checker for one rule run: reports `what` of resource `r` when it exceeds limit `id` (raised by the pack config's quotas). */
export function quotaChecker(report: (message: string, urn?: string) => void, quotas: QuotaOverrides | undefined) {
    return (r: { name: string; urn: string }, id: LimitId, what: string, n: number, fix: string) => {
        const max = limitValue(id, quotas);
        if (n > max) report(overLimit(r.name, what, n, LIMITS[id], max, fix), r.urn);
    };
}

