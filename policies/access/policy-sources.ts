/**
 * Where each resource type carries an IAM document: identity policies (what a principal may do),
 * trust policies (who may assume a role) and resource policies (who may use a key, bucket, topic…).
 * Provider inputs: https://www.pulumi.com/registry/packages/aws/api-docs/ (iam, kms, s3, sns, sqs,
 * secretsmanager, backup, ecr).
 */

/** One document of a resource, with the label messages use for it. */
export interface PolicySource {
    label: string;
    policy: unknown;
}

/** Identity policies: the document input of each type. */
export const IDENTITY_POLICY_TYPES: Record<string, string> = {
    "aws:iam/policy:Policy": "IAM policy",
    "aws:iam/rolePolicy:RolePolicy": "Role policy",
    "aws:iam/userPolicy:UserPolicy": "User policy",
    "aws:iam/groupPolicy:GroupPolicy": "Group policy",
};

export const ROLE = "aws:iam/role:Role";

/** The identity documents of a resource: its `policy`, or a role's `inlinePolicies`. */
export function identityPolicies(type: string, name: string, props: Record<string, unknown>): PolicySource[] {
    if (type === ROLE) {
        const inline = (props.inlinePolicies ?? []) as { name?: string; policy?: unknown }[];
        return inline.map((p, i) => ({ label: `Role ${name} (inline policy ${p.name ?? i})`, policy: p.policy }));
    }
    const kind = IDENTITY_POLICY_TYPES[type];
    return kind ? [{ label: `${kind} ${name}`, policy: props.policy }] : [];
}

/** The trust policy of a role: who may assume it. */
export function trustPolicy(name: string, props: Record<string, unknown>): PolicySource {
    return { label: `Role ${name}`, policy: props.assumeRolePolicy };
}

/**
 * Resource policies: the document input of each type and the noun messages use. The types the
 * plans hold (key, bucket policy, topic policy, queue policy) and their siblings that take the same
 * document inline (a topic's or queue's own `policy`) or that the program may add next.
 */
export const RESOURCE_POLICY_TYPES: Record<string, { property: string; noun: string }> = {
    "aws:kms/key:Key": { property: "policy", noun: "KMS key" },
    "aws:kms/keyPolicy:KeyPolicy": { property: "policy", noun: "Key policy" },
    "aws:s3/bucket:Bucket": { property: "policy", noun: "Bucket" },
    "aws:s3/bucketPolicy:BucketPolicy": { property: "policy", noun: "Bucket policy" },
    "aws:sns/topic:Topic": { property: "policy", noun: "Topic" },
    "aws:sns/topicPolicy:TopicPolicy": { property: "policy", noun: "Topic policy" },
    "aws:sqs/queue:Queue": { property: "policy", noun: "Queue" },
    "aws:sqs/queuePolicy:QueuePolicy": { property: "policy", noun: "Queue policy" },
    "aws:secretsmanager/secret:Secret": { property: "policy", noun: "Secret" },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { property: "policy", noun: "Secret policy" },
    "aws:backup/vaultPolicy:VaultPolicy": { property: "policy", noun: "Backup vault policy" },
    "aws:ecr/repositoryPolicy:RepositoryPolicy": { property: "policy", noun: "Repository policy" },
};

export function resourcePolicy(type: string, name: string, props: Record<string, unknown>): PolicySource | undefined {
    const source = RESOURCE_POLICY_TYPES[type];
    return source && { label: `${source.noun} ${name}`, policy: props[source.property] };
}

/** Every document of a resource of any kind: identity, trust and resource policies. */
export function allPolicies(type: string, name: string, props: Record<string, unknown>): PolicySource[] {
    const out = identityPolicies(type, name, props);
    if (type === ROLE) out.unshift({ label: `Role ${name} (trust policy)`, policy: props.assumeRolePolicy });
    const resource = resourcePolicy(type, name, props);
    if (resource) out.push(resource);
    return out;
}
