/**
 * IAM policy documents — identity, trust and resource policies — read the way IAM reads them
 * (pure helpers, table-tested in test/policies/access/access-rules.test.ts).
 *
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * Elements: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 * Action names and condition keys are case-insensitive; `*` and `?` are the only wildcards.
 */

export interface Statement {
    Sid?: string;
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: unknown;
    NotPrincipal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

/**
 * The statements of a policy given as a JSON string or an object. No policy (absent, empty) has
 * none. A policy that is not a document is an error — the Judge turns it into a finding, so an
 * unreadable policy is refused, never passed.
 */
export function statementsOf(policy: unknown): Statement[] {
    if (policy === undefined || policy === null || policy === "") return [];
    let doc: unknown = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            throw new Error("its policy is not a JSON document");
        }
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("its policy is not a JSON object");
    const raw = (doc as { Statement?: unknown }).Statement;
    if (raw === undefined) return [];
    const list = Array.isArray(raw) ? raw : [raw];
    for (const s of list) if (typeof s !== "object" || s === null || Array.isArray(s)) throw new Error("a statement of its policy is not an object");
    return list as Statement[];
}

/** A policy element (one value or a list) as a list of strings. */
export const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map(String));

export const isAllow = (s: Statement): boolean => s.Effect === "Allow";

/** " (statement Sid)" when the statement has one: messages point at it. */
export const sidOf = (s: Statement): string => (s.Sid ? ` (statement ${s.Sid})` : "");

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = true): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(value);
}

/** True when any of the statement's action patterns grants `action` (e.g. `iam:*` grants iam:PassRole). */
export const grantsAction = (s: Statement, action: string): boolean => list(s.Action).some((a) => wildcardMatch(a, action));

/** `*`, `*:*` or `<service>:*`: every action of a service (or of every service). */
export function isServiceWideAction(action: string): boolean {
    return action === "*" || /^(\*|[a-z0-9-]+):\*$/i.test(action);
}

/**
 * True when `resource` names every resource of `service` (every service when omitted): `*`, or an
 * ARN whose service is that one or `*`, region and account empty or `*`, and resource part `*`
 * (`arn:aws:s3:::*` is every bucket and object).
 */
export function coversEveryResource(resource: string, service?: string): boolean {
    if (resource === "*") return true;
    const parts = resource.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return false;
    const [, partition, svc, region, account, ...rest] = parts;
    const open = (s: string) => s === "" || s === "*";
    const serviceMatches = svc === "*" || (service !== undefined && svc.toLowerCase() === service.toLowerCase());
    return (partition === "*" || partition.startsWith("aws")) && serviceMatches && open(region) && open(account) && rest.join(":") === "*";
}

/** The statement's service-wide actions granted on every resource of that service (none unless Allow). */
export function serviceWideGrants(s: Statement): string[] {
    if (!isAllow(s)) return [];
    const resources = list(s.Resource);
    return list(s.Action)
        .filter(isServiceWideAction)
        .filter((a) => {
            const service = a === "*" || a.startsWith("*:") ? undefined : a.split(":")[0];
            return resources.some((r) => coversEveryResource(r, service));
        });
}

/**
 * True when the statement lets its principal pass any role (iam:PassRole on `*` or on every role):
 * with it a principal hands an admin role to a service it controls — privilege escalation.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
export function passesAnyRole(s: Statement): boolean {
    return isAllow(s) && grantsAction(s, "iam:PassRole") && list(s.Resource).some((r) => r === "*" || /^arn:[^:]*:iam::[^:]*:role\/\*$/.test(r));
}

/** The negated elements of an Allow statement: "allow everything except …" grants what nobody listed. */
export function negatedElements(s: Statement): ("NotAction" | "NotResource" | "NotPrincipal")[] {
    if (!isAllow(s)) return [];
    return (["NotAction", "NotResource", "NotPrincipal"] as const).filter((k) => s[k] !== undefined);
}

/** True when the statement's principal is everyone: `"*"`, or `*` among any principal type's values. */
export function hasWildcardPrincipal(s: Statement): boolean {
    const p = s.Principal;
    if (p === undefined) return false;
    if (typeof p === "string") return p === "*";
    if (typeof p !== "object" || p === null) return false;
    return Object.values(p as Record<string, unknown>).some((v) => list(v).includes("*"));
}

/** The principal values of one type (`Service`, `AWS`, `Federated`). */
export function principalsOf(s: Statement, type: string): string[] {
    const p = s.Principal;
    if (typeof p !== "object" || p === null) return [];
    const entry = Object.entries(p as Record<string, unknown>).find(([k]) => k.toLowerCase() === type.toLowerCase());
    return entry ? list(entry[1]) : [];
}

/**
 * Condition keys that bind a `*` principal to this account, organization or named principals, with
 * the reason each one counts. Sources: the IAM global condition keys
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html, the
 * KMS keys https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html, and S3's
 * "meaning of public" (the keys whose fixed values make a policy non-public)
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 *
 * Deliberately NOT accepted: kms:ViaService (names the service a request comes through, not who
 * sends it: any account's principal calling S3 or EC2 in that region passes), aws:SourceIp (a
 * network location is not an identity, and the platform's egress and CDN addresses are shared),
 * aws:PrincipalTag/* and aws:PrincipalType (any account can tag its own principals or use a role),
 * aws:PrincipalServiceName (a service acting for any account).
 */
export const SCOPING_CONDITION_KEYS: Record<string, string> = {
    "aws:principalarn": "the caller is the named role or user",
    "aws:principalaccount": "the caller belongs to the named account",
    "aws:principalorgid": "the caller belongs to the organization",
    "aws:principalorgpaths": "the caller belongs to the organizational unit",
    "aws:userid": "the caller is the named principal (its unique id)",
    "aws:sourceaccount": "a service acts for the named account",
    "aws:sourcearn": "a service acts for the named resource",
    "aws:sourceowner": "a service acts for a resource of the named account (SNS, SES)",
    "aws:sourceorgid": "a service acts for a resource of the organization",
    "aws:sourceorgpaths": "a service acts for a resource of the organizational unit",
    "aws:sourcevpc": "the request comes through the named VPC's endpoints",
    "aws:sourcevpce": "the request comes through the named VPC endpoint",
    "kms:calleraccount": "the caller belongs to the named account (KMS)",
};

/**
 * Condition operators that require the key to match: the String/Arn equality and pattern
 * operators, optionally ForAnyValue:. Not accepted: …IfExists (an absent key passes), ForAllValues:
 * (an empty set passes), the negated operators and Null.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
const MATCHING_OPERATORS = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];

/** A fixed value: no wildcard and no policy variable (S3's definition of a non-public grant). */
export const isFixedValue = (v: string): boolean => v !== "" && !/[*?]/.test(v) && !v.includes("${");

const matchingOperator = (operator: string): boolean => MATCHING_OPERATORS.includes(operator.toLowerCase().replace(/^foranyvalue:/, ""));

/** The scoping keys (lower case) a statement's conditions pin to fixed values. */
export function scopingKeys(s: Statement): string[] {
    const found: string[] = [];
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
        if (!matchingOperator(operator) || typeof keys !== "object" || keys === null) continue;
        for (const [key, value] of Object.entries(keys)) {
            const values = list(value);
            if (SCOPING_CONDITION_KEYS[key.toLowerCase()] && values.length > 0 && values.every(isFixedValue)) found.push(key.toLowerCase());
        }
    }
    return found;
}

/** An Allow to everyone that no scoping condition narrows: open to any AWS account (or anonymous). */
export const isPublicGrant = (s: Statement): boolean => isAllow(s) && hasWildcardPrincipal(s) && scopingKeys(s).length === 0;

/** The values a statement's matching conditions require for `key` (case-insensitive), if any. */
export function conditionValues(s: Statement, key: string): string[] {
    const out: string[] = [];
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
        if (!matchingOperator(operator) || typeof keys !== "object" || keys === null) continue;
        for (const [k, v] of Object.entries(keys)) if (k.toLowerCase() === key.toLowerCase()) out.push(...list(v));
    }
    return out;
}
