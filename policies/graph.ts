/** Helpers for rules that read resources and the resource graph. */
import type { PolicyResource } from "@pulumi/policy";

/**
 * True when `resource` points at `target`: one of its inputs is the target's id (as the engine
 * records outputs), the engine recorded a dependency on it, or the named property depends on it.
 */
export function refersTo(resource: PolicyResource, target: PolicyResource, property?: string): boolean {
    if (property && target.props.id !== undefined && resource.props[property] === target.props.id) return true;
    if (property && resource.propertyDependencies?.[property]) {
        return resource.propertyDependencies[property].some((d) => d.urn === target.urn);
    }
    return resource.dependencies.some((d) => d.urn === target.urn);
}

/**
 * Each list's resources by type, made in one pass on the list's first look-up. Rules look types up
 * per store and per resource; a scan of the whole list each time made them quadratic in the plan's
 * size (test/policies/pack-scaling.test.ts). Rebuilt if the list's length changed since.
 */
const byType = new WeakMap<readonly { type: string }[], { length: number; index: Map<string, readonly unknown[]> }>();

/** The resources of one type: policy resources, the recovery calculus's or the plan's alike (a new array, in plan order). */
export function ofType<T extends { type: string }>(resources: T[], type: string): T[] {
    let entry = byType.get(resources);
    if (entry === undefined || entry.length !== resources.length) {
        const index = new Map<string, T[]>();
        for (const r of resources) {
            const list = index.get(r.type);
            if (list) list.push(r);
            else index.set(r.type, [r]);
        }
        entry = { length: resources.length, index };
        byType.set(resources, entry);
    }
    return [...((entry.index.get(type) as readonly T[] | undefined) ?? [])];
}

/** The value of parameter `name` in the cluster parameter group an Aurora cluster names, if set. */
export function clusterParameter<T extends { type: string; props: Record<string, unknown> }>(cluster: T, resources: T[], name: string): string | undefined {
    const group = ofType(resources, "aws:rds/clusterParameterGroup:ClusterParameterGroup").find((g) => g.props.name === cluster.props.dbClusterParameterGroupName);
    return ((group?.props.parameters ?? []) as { name: string; value: string }[]).find((p) => p.name === name)?.value;
}

/**
 * Each resource of `type` with its companion: the first `companionType` resource naming it in
 * `property` (a bucket and its public-access block, a VPC and its default security group).
 */
export function withCompanion(resources: PolicyResource[], type: string, companionType: string, property: string): [PolicyResource, PolicyResource | undefined][] {
    const companions = ofType(resources, companionType);
    return ofType(resources, type).map((r) => [r, companions.find((c) => refersTo(c, r, property))]);
}

/** A JSON document given as a string (IAM, key and bucket policies) or already parsed. */
export function parseJson<T = unknown>(value: unknown): T | undefined {
    if (typeof value !== "string") return (value ?? undefined) as T | undefined;
    try {
        return JSON.parse(value) as T;
    } catch {
        return undefined;
    }
}

export interface PolicyStatement {
    Sid?: string;
    Effect?: string;
    Action?: string | string[];
    Resource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

export function statements(policy: unknown): PolicyStatement[] {
    const doc = parseJson<{ Statement?: PolicyStatement | PolicyStatement[] }>(policy);
    if (!doc?.Statement) return [];
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Stateful AWS resources: what holds data or keys, and must survive a careless `pulumi destroy`. */
export const STATEFUL_TYPES = [
    "aws:rds/globalCluster:GlobalCluster",
    "aws:rds/cluster:Cluster",
    "aws:s3/bucket:Bucket",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    "aws:backup/vault:Vault",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:eks/cluster:Cluster",
    "aws:dynamodb/table:Table",
];
