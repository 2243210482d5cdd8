/**
 * What AWS Backup really does for a store (pure): which selections pick it, what their plans do
 * with it, and where the recovery points land.
 *
 * Selection (aws:backup/selection; https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html):
 * - `resources` (ARN patterns, `*` any run of characters) and `selectionTags` (ListOfTags,
 *   STRINGEQUALS only) are combined with OR; `conditions` (StringEquals/Like/NotEquals/NotLike
 *   on `aws:ResourceTag/<key>`) with AND; `notResources` excludes. With neither resources nor
 *   tags, "Backup attempts to select all supported and opted-in storage resources" (API doc).
 * - Tags are those AWS gives the store: its provider's default tags under its own (./placement.ts).
 * - S3 ARNs carry no region or account; the plan knows no account: a pattern's account field is
 *   taken as matching. An entry that is the store's own ARN output (the selection depends on the
 *   store) selects it.
 *
 * Vault Lock (aws:backup/vaultLockConfiguration): "changeable_for_days — If omitted creates a
 * vault lock in governance mode, otherwise it will create a vault lock in compliance mode"
 * (Terraform AWS provider / Pulumi aws.backup.VaultLockConfiguration). Governance mode can be
 * removed by anyone with backup:DeleteBackupVaultLockConfiguration
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html): no ransomware guard.
 */
import { ofType } from "../graph";
import type { GraphResource } from "../graph-types";
import { cronIntervalSeconds } from "./cron";
import { list, str } from "./guard";
import type { Store } from "./inventory";
import { arnRegion, Placement } from "./placement";

const SELECTION = "aws:backup/selection:Selection";
const PLAN = "aws:backup/plan:Plan";
const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";

/**
 * True when `r` names `target` in `property`: the property is set and is the target's id (as the
 * engine resolves it; the offline plan's ids are `<name>-id`) or an output of the target (the
 * engine recorded the dependency). An empty property names nothing, whatever the dependencies.
 */
export function refers(r: GraphResource, target: GraphResource, property: string): boolean {
    const value = r.props[property];
    if (value === undefined || value === null || value === "") return false;
    return value === target.props.id || value === `${target.name}-id` || r.dependencies.includes(target.urn);
}

/** `*` matches any run of characters; everything else literally (AWS Backup ARN and StringLike patterns). */
export function glob(pattern: string, value: string): boolean {
    const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    return re.test(value);
}

/** The store's ARN as AWS forms it, with `*` where the plan cannot say (the account). */
export function storeArn(store: Store, region: string | undefined): string | undefined {
    const p = store.resource.props;
    const r = region ?? "*";
    switch (store.kind) {
        case "Aurora":
            return str(p.clusterIdentifier) && `arn:aws:rds:${r}:*:cluster:${p.clusterIdentifier as string}`;
        case "S3":
            return str(p.bucket) && `arn:aws:s3:::${p.bucket as string}`;
        case "DynamoDB":
            return str(p.name) && `arn:aws:dynamodb:${r}:*:table/${p.name as string}`;
        default:
            return undefined;
    }
}

function arnMatches(pattern: string, arn: string | undefined): boolean {
    if (pattern === "*") return true;
    if (!arn) return false;
    const [p, a] = [pattern.split(":"), arn.split(":")];
    if (p.length < 6 || a.length < 6) return glob(pattern, arn);
    // Compare field by field; the account (field 4) the plan cannot know is taken as matching.
    const head = [0, 1, 2, 3].every((i) => glob(p[i], a[i]) || a[i] === "*");
    return head && glob(p.slice(5).join(":"), a.slice(5).join(":"));
}

interface Condition {
    key?: string;
    value?: string;
}

/** Whether the selection picks the store. */
export function selects(selection: GraphResource, store: Store, where: Placement): boolean {
    const s = selection.props;
    const tags = where.tagsOf(store.resource);
    const arn = storeArn(store, where.regionOf(store.resource));
    const tagKey = (k: unknown) => String(k ?? "").replace(/^aws:ResourceTag\//, "");
    const own = selection.dependencies.includes(store.urn);
    const resources = list<unknown>(s.resources).map(String);
    const listOfTags = list<Condition & { type?: string }>(s.selectionTags);
    const byResource = resources.some((p) => arnMatches(p, arn) || own);
    const byTag = listOfTags.some((t) => (t.type ?? "STRINGEQUALS").toUpperCase() === "STRINGEQUALS" && tags[tagKey(t.key)] === t.value);
    const base = resources.length === 0 && listOfTags.length === 0 ? true : byResource || byTag;
    const conditions = list<Record<string, unknown>>(s.conditions).flatMap((c) => [
        ...list<Condition>(c.stringEquals).map((x) => tags[tagKey(x.key)] === x.value),
        ...list<Condition>(c.stringLikes).map((x) => tags[tagKey(x.key)] !== undefined && glob(String(x.value), tags[tagKey(x.key)])),
        ...list<Condition>(c.stringNotEquals).map((x) => tags[tagKey(x.key)] !== x.value),
        ...list<Condition>(c.stringNotLikes).map((x) => tags[tagKey(x.key)] === undefined || !glob(String(x.value), tags[tagKey(x.key)])),
    ]);
    const excluded = list<unknown>(s.notResources).map(String).some((p) => arnMatches(p, arn));
    return base && conditions.every(Boolean) && !excluded;
}

export interface PlanRule {
    plan: GraphResource;
    ruleName: string;
    schedule?: string;
    continuous: boolean;
    targetVaultName?: string;
    /** Destination vault ARNs of the rule's copy actions. */
    copies: string[];
}

/** A plan's rules, absent fields at AWS Backup's defaults (continuous backup off, no copies). */
export function planRules(plan: GraphResource): PlanRule[] {
    return list<Record<string, unknown>>(plan.props.rules).map((r) => ({
        plan,
        ruleName: String(r.ruleName ?? "?"),
        schedule: str(r.schedule),
        continuous: r.enableContinuousBackup === true,
        targetVaultName: str(r.targetVaultName),
        copies: list<Record<string, unknown>>(r.copyActions).map((c) => String(c.destinationVaultArn ?? "")),
    }));
}

/** The selections that pick the store, each with the plan it assigns it to (if in the plan). */
export function selectionsOf(store: Store, rs: GraphResource[], where: Placement): { selection: GraphResource; plan?: GraphResource }[] {
    const plans = ofType(rs, PLAN);
    return ofType(rs, SELECTION)
        .filter((s) => selects(s, store, where))
        .map((selection) => ({ selection, plan: plans.find((p) => refers(selection, p, "planId")) }));
}

export type LockMode = "compliance" | "governance" | "none";

/** The Vault Lock mode of the vault named `vaultName` (none when no lock names it). */
export function lockMode(vaultName: string | undefined, rs: GraphResource[]): LockMode {
    const locks = ofType(rs, LOCK).filter((l) => vaultName !== undefined && l.props.backupVaultName === vaultName);
    if (locks.length === 0) return "none";
    return locks.some((l) => l.props.changeableForDays !== undefined && l.props.changeableForDays !== null) ? "compliance" : "governance";
}

/** Whether a vault of that name is created by this plan. */
export const vaultInPlan = (vaultName: string | undefined, rs: GraphResource[]): boolean => ofType(rs, VAULT).some((v) => vaultName !== undefined && v.props.name === vaultName);

/** The copy destinations of a rule outside `region` (a destination whose ARN has no region does not count). */
export const copiesOut = (rule: PlanRule, region: string | undefined): string[] => rule.copies.filter((arn) => region !== undefined && arnRegion(arn) !== undefined && arnRegion(arn) !== region);

export interface BackupCoverage {
    /** Longest gap between snapshots of the plans selecting the resource. */
    snapshotIntervalSeconds?: number;
    continuous: boolean;
    /** Snapshots are copied to a vault in another region. */
    crossRegionCopy: boolean;
    /** A vault the plans write to is under a compliance-mode Vault Lock. */
    vaultLocked: boolean;
}

/** What AWS Backup does for the store: the rules of every plan whose selection picks it. */
export function backupCoverage(store: Store, rs: GraphResource[], where: Placement): BackupCoverage {
    const coverage: BackupCoverage = { continuous: false, crossRegionCopy: false, vaultLocked: false };
    const region = where.regionOf(store.resource);
    for (const { plan } of selectionsOf(store, rs, where)) {
        for (const rule of plan ? planRules(plan) : []) {
            if (rule.continuous) coverage.continuous = true;
            const interval = rule.schedule ? cronIntervalSeconds(rule.schedule) : undefined;
            if (!rule.continuous && interval !== undefined) coverage.snapshotIntervalSeconds = Math.min(coverage.snapshotIntervalSeconds ?? Infinity, interval);
            if (copiesOut(rule, region).length > 0) coverage.crossRegionCopy = true;
            if (vaultInPlan(rule.targetVaultName, rs) && lockMode(rule.targetVaultName, rs) === "compliance") coverage.vaultLocked = true;
        }
    }
    return coverage;
}

