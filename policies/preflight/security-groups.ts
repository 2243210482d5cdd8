/**
 * How AWS counts security group rules against the per-group quota (pure). Source, "Security group
 * size", https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-size :
 * a rule naming a CIDR counts as one; naming another security group counts as one; naming a
 * customer-managed prefix list counts as the list's maximum entries; naming an AWS-managed prefix
 * list counts as its weight. The quota (amazon-vpc-limits.html) is enforced per direction and
 * separately for IPv4 and IPv6. Which family a group reference counts against is not stated, so it
 * is counted against both: the check errs towards refusing a plan AWS might accept, never the reverse.
 */

export type Direction = "inbound" | "outbound";
export type Family = "IPv4" | "IPv6";

export interface RuleEntry {
    direction: Direction;
    /** "both" for a reference to a security group (see above). */
    family: Family | "both";
    weight: number;
}

/** A prefix list's weight and address family, or why it cannot be counted. */
export type PrefixListWeight = { weight: number; family: Family } | { unresolved: string };

export type PrefixListResolver = (id: string) => PrefixListWeight;

export type Tally = Record<Direction, Record<Family, number>>;

/** Problems met while counting (a prefix list that cannot be weighed). */
export interface Counted {
    entries: RuleEntry[];
    problems: string[];
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

function prefixEntries(ids: unknown[], direction: Direction, resolve: PrefixListResolver, out: Counted): void {
    for (const id of ids) {
        const w = resolve(String(id));
        if ("unresolved" in w) out.problems.push(w.unresolved);
        else out.entries.push({ direction, family: w.family, weight: w.weight });
    }
}

/**
 * One inline rule of aws:ec2/securityGroup (`ingress`/`egress` items) or one
 * aws:ec2/securityGroupRule: every CIDR, prefix list and referenced group is a rule of its own.
 */
export function inlineRuleEntries(rule: Record<string, unknown>, direction: Direction, resolve: PrefixListResolver): Counted {
    const out: Counted = { entries: [], problems: [] };
    for (const _ of list(rule.cidrBlocks)) out.entries.push({ direction, family: "IPv4", weight: 1 });
    for (const _ of list(rule.ipv6CidrBlocks)) out.entries.push({ direction, family: "IPv6", weight: 1 });
    prefixEntries(list(rule.prefixListIds), direction, resolve, out);
    const groups = [...list(rule.securityGroups), ...list(rule.sourceSecurityGroupId)];
    for (const _ of groups) out.entries.push({ direction, family: "both", weight: 1 });
    if (rule.self === true) out.entries.push({ direction, family: "both", weight: 1 });
    return out;
}

/** One aws:vpc/securityGroupIngressRule or …EgressRule: exactly one source or destination. */
export function vpcRuleEntries(rule: Record<string, unknown>, direction: Direction, resolve: PrefixListResolver): Counted {
    const out: Counted = { entries: [], problems: [] };
    if (rule.cidrIpv4 !== undefined) out.entries.push({ direction, family: "IPv4", weight: 1 });
    if (rule.cidrIpv6 !== undefined) out.entries.push({ direction, family: "IPv6", weight: 1 });
    if (rule.prefixListId !== undefined) prefixEntries([rule.prefixListId], direction, resolve, out);
    if (rule.referencedSecurityGroupId !== undefined) out.entries.push({ direction, family: "both", weight: 1 });
    return out;
}

export function tally(entries: readonly RuleEntry[]): Tally {
    const t: Tally = { inbound: { IPv4: 0, IPv6: 0 }, outbound: { IPv4: 0, IPv6: 0 } };
    for (const e of entries) {
        if (e.family === "both" || e.family === "IPv4") t[e.direction].IPv4 += e.weight;
        if (e.family === "both" || e.family === "IPv6") t[e.direction].IPv6 += e.weight;
    }
    return t;
}

export const SECURITY_GROUP_TYPES = ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"] as const;
export const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const VPC_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const MANAGED_PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";

/**
 * Where security groups are attached to network interfaces, and how many the service adds itself.
 * `paths` are input paths to the group id lists ("[]" steps into every item of a list).
 */
export interface Attacher {
    type: string;
    paths: string[][];
    /** Groups the service attaches on its own (the EKS cluster security group). */
    added: number;
    source: string;
}

export const ATTACHERS: readonly Attacher[] = [
    { type: "aws:lb/loadBalancer:LoadBalancer", paths: [["securityGroups"]], added: 0, source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html" },
    { type: "aws:ec2/launchTemplate:LaunchTemplate", paths: [["vpcSecurityGroupIds"], ["networkInterfaces", "[]", "securityGroups"]], added: 0, source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestLaunchTemplateData.html" },
    { type: "aws:ec2/instance:Instance", paths: [["vpcSecurityGroupIds"]], added: 0, source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html" },
    // EKS puts its cluster security group on the control-plane network interfaces besides the
    // additional groups: https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
    { type: "aws:eks/cluster:Cluster", paths: [["vpcConfig", "securityGroupIds"]], added: 1, source: "https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html" },
    { type: "aws:rds/cluster:Cluster", paths: [["vpcSecurityGroupIds"]], added: 0, source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html" },
    { type: "aws:rds/instance:Instance", paths: [["vpcSecurityGroupIds"]], added: 0, source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html" },
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", paths: [["securityGroupIds"]], added: 0, source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html" },
    { type: "aws:ec2/vpcEndpoint:VpcEndpoint", paths: [["securityGroupIds"]], added: 0, source: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-security-groups.html" },
    { type: "aws:lambda/function:Function", paths: [["vpcConfig", "securityGroupIds"]], added: 0, source: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html" },
];

/** The values at `path` under `props` ("[]" steps into every item of a list). */
export function valuesAt(props: unknown, path: readonly string[]): unknown[] {
    if (path.length === 0) return props === undefined || props === null ? [] : [props];
    if (props === undefined || props === null || typeof props !== "object") return [];
    const [head, ...rest] = path;
    if (head === "[]") return list(props).flatMap((item) => valuesAt(item, rest));
    return valuesAt((props as Record<string, unknown>)[head], rest);
}

/** How many groups one network interface of `props` gets: the longest list of any interface. */
export function groupsPerInterface(props: Record<string, unknown>, attacher: Attacher): number {
    const lists = attacher.paths.flatMap((p) => valuesAt(props, p)).map((v) => list(v).length);
    return Math.max(0, ...lists) + attacher.added;
}
