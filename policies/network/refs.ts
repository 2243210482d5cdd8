/**
 * Reading the network of a plan: which resource refers to which, what a selector selects, what a
 * rule opens. Pure helpers over the pack's graph view (GraphResource), shared by the network,
 * transit and audit rules.
 *
 * References. In a preview the id of a resource being created is unknown, so "X names security
 * group S" cannot be decided by comparing ids alone; the engine records that X depends on S. X
 * refers to S through a property when the property is set and either holds S's id (a resource that
 * exists) or X depends on S. This over-approximates (a resource that depends on S for another
 * reason and sets the property to something else counts as naming S too) — for guard rules that is
 * the safe side.
 */
import type { GraphResource } from "../graph-types";

export const WORLD_CIDRS = ["0.0.0.0/0", "::/0"] as const;

export const T = {
    sg: "aws:ec2/securityGroup:SecurityGroup",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    tag: "aws:ec2/tag:Tag",
    eks: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    subnet: "aws:ec2/subnet:Subnet",
    vpc: "aws:ec2/vpc:Vpc",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    igw: "aws:ec2/internetGateway:InternetGateway",
    rdsSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    cacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    lambda: "aws:lambda/function:Function",
    instance: "aws:ec2/instance:Instance",
    eip: "aws:ec2/eip:Eip",
    rdsInstance: "aws:rds/instance:Instance",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    lbListener: "aws:lb/listener:Listener",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketLogging: "aws:s3/bucketLogging:BucketLogging",
    trail: "aws:cloudtrail/trail:Trail",
    zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
    dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
    cfLoadBalancer: "cloudflare:index/loadBalancer:LoadBalancer",
    ruleset: "cloudflare:index/ruleset:Ruleset",
} as const;

/** The plan as a graph: resources by URN and type. */
export class Net {
    readonly byUrn: Map<string, GraphResource>;
    constructor(readonly resources: GraphResource[]) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    }
    /** In plan order. One pass over the plan indexes it by type (a scan per call made the rules quadratic). */
    ofType(...types: string[]): GraphResource[] {
        const index = this.typeIndex();
        const at = types.length === 1 ? [...(index.get(types[0]) ?? [])] : [...new Set(types)].flatMap((t) => index.get(t) ?? []).sort((a, b) => a - b);
        return at.map((i) => this.resources[i]);
    }
    private byType?: Map<string, number[]>;
    /** Positions in the plan, by type. */
    private typeIndex(): Map<string, number[]> {
        if (!this.byType) {
            const index = new Map<string, number[]>();
            this.resources.forEach((r, i) => {
                const list = index.get(r.type);
                if (list) list.push(i);
                else index.set(r.type, [i]);
            });
            this.byType = index;
        }
        return this.byType;
    }
    /** The resources of `types` that `r` depends on. */
    deps(r: GraphResource, ...types: string[]): GraphResource[] {
        return r.dependencies.map((u) => this.byUrn.get(u)).filter((d): d is GraphResource => d !== undefined && types.includes(d.type));
    }
    /** The resources of `types` that depend on `r`, in plan order (from one index of every dependency: a scan per call was quadratic). */
    dependents(r: GraphResource, ...types: string[]): GraphResource[] {
        if (!this.dependentsOf) {
            const index = new Map<string, number[]>();
            this.resources.forEach((d, i) => {
                for (const urn of new Set(d.dependencies)) {
                    const list = index.get(urn);
                    if (list) list.push(i);
                    else index.set(urn, [i]);
                }
            });
            this.dependentsOf = index;
        }
        return (this.dependentsOf.get(r.urn) ?? []).map((i) => this.resources[i]).filter((d) => types.includes(d.type));
    }
    private dependentsOf?: Map<string, number[]>;
    /** The targets `r` names through `prop` (see the file comment). */
    referenced(r: GraphResource, prop: string, targets: GraphResource[]): GraphResource[] {
        return referencedBy(r, r.props[prop], targets);
    }
}

/**
 * Each target list's positions by id and by URN, made on the list's first look-up (reading every
 * target's id in order, as a scan does); rebuilt if the list's length changed. A scan of the list
 * per referring resource made the rules quadratic in the plan's size.
 */
const targetIndexes = new WeakMap<GraphResource[], { length: number; byId: Map<string, number[]>; byUrn: Map<string, number[]> }>();

function targetIndex(targets: GraphResource[]) {
    let entry = targetIndexes.get(targets);
    if (entry === undefined || entry.length !== targets.length) {
        const byId = new Map<string, number[]>();
        const byUrn = new Map<string, number[]>();
        const add = (m: Map<string, number[]>, k: string, i: number) => {
            const list = m.get(k);
            if (list) list.push(i);
            else m.set(k, [i]);
        };
        targets.forEach((t, i) => {
            const id = t.props.id;
            if (typeof id === "string") add(byId, id, i);
            add(byUrn, t.urn, i);
        });
        entry = { length: targets.length, byId, byUrn };
        targetIndexes.set(targets, entry);
    }
    return entry;
}

/** The targets a value of `r` names: one of their ids, or — the value set — a dependency (in the targets' order). */
export function referencedBy(r: GraphResource, value: unknown, targets: GraphResource[]): GraphResource[] {
    const values = strings(value);
    if (values.length === 0) return [];
    const { byId, byUrn } = targetIndex(targets);
    const hits = new Set<number>();
    for (const v of values) for (const i of byId.get(v) ?? []) hits.add(i);
    for (const urn of r.dependencies) for (const i of byUrn.get(urn) ?? []) hits.add(i);
    return [...hits].sort((x, y) => x - y).map((i) => targets[i]);
}

/** Every string in a value (a string, a list of them, nested lists). */
export function strings(value: unknown): string[] {
    if (typeof value === "string") return value === "" ? [] : [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    return [];
}

export const asArray = <T>(value: T | T[] | undefined | null): T[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

/** Pulumi passes booleans of some nested blocks as strings ("true"): both count. */
export const isTrue = (v: unknown) => v === true || v === "true";

/** The world CIDRs among a rule's sources. */
export function worldSources(...sources: unknown[]): string[] {
    return sources.flatMap(strings).filter((c) => (WORLD_CIDRS as readonly string[]).includes(c));
}

/** "tcp 22", "all traffic", "tcp 443-8443" — a rule's ports for a message. */
export function portsOf(rule: { protocol?: unknown; ipProtocol?: unknown; fromPort?: unknown; toPort?: unknown }): string {
    const protocol = String(rule.protocol ?? rule.ipProtocol ?? "-1");
    if (protocol === "-1" || protocol === "all") return "all traffic";
    const from = rule.fromPort;
    const to = rule.toPort;
    return from === undefined || from === to ? `${protocol} ${from ?? "all ports"}` : `${protocol} ${from}-${to}`;
}

/**
 * Karpenter's tag selector semantics: every key of the term must be on the resource, with the
 * same value or any value for "*" (https://karpenter.sh/docs/concepts/nodeclasses/#specsecuritygroupselectorterms).
 */
export function tagsSelect(term: Record<string, unknown>, tags: unknown): boolean {
    const entries = Object.entries(term);
    const map = tags !== null && typeof tags === "object" && !Array.isArray(tags) ? (tags as Record<string, unknown>) : {};
    return entries.length > 0 && entries.every(([k, v]) => Object.hasOwn(map, k) && (v === "*" || map[k] === v));
}

/** IAM/ARN glob: `*` any run of characters, `?` one character. */
export function globMatches(pattern: string, value: string): boolean {
    const re = new RegExp(`^${pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`, "s");
    return re.test(value);
}

/**
 * True when `pattern` covers every string that starts with `prefix` (e.g. every object of a
 * bucket, `arn:aws:s3:::b/` + any key): the pattern is a stem and a final `*` where the stem
 * matches `prefix` or one of its beginnings. A sufficient test (fails closed).
 */
export function globCoversPrefix(pattern: string, prefix: string): boolean {
    if (!pattern.endsWith("*")) return false;
    const stem = pattern.slice(0, -1);
    for (let i = prefix.length; i >= 0; i--) if (globMatches(stem, prefix.slice(0, i))) return true;
    return false;
}
