/**
 * A request through Akamai (pure): the hostname's DNS record (a CNAME to the property's edge
 * hostname, DNS only), the property's rule tree — the default rule and every rule that sets its
 * own `origin` behaviour select an origin for the users their criteria match, later rules
 * overriding earlier ones and children inheriting what they do not set — the origin's S3 bucket
 * (virtual-hosted endpoint `<bucket>.s3.<region>.amazonaws.com`:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html), the Host Akamai
 * forwards (S3 serves a bucket only under its own endpoint name: forwardHostHeader
 * ORIGIN_HOSTNAME), the region Cloud Access Manager signs for (originCharacteristics awsRegion),
 * and the IAM identity behind the Cloud Access Manager key, which must be allowed s3:GetObject.
 * Rule-format names: akamai/terraform-provider-akamai pkg/providers/property/ruleformats
 * rule_format_v2025_01_13.gen.go (origin, originCharacteristics, originFailureRecoveryPolicy,
 * recoveryConfig). Failover time and target: policies/recovery/akamai-failover.ts, per rule.
 */
import { parseJson, statements } from "../graph";
import { akamaiFailover } from "../recovery/akamai-failover";
import { Ctx, dead, elsewhere } from "./common";
import { MEDIA_COMPONENT } from "./intent";
import { wildcard } from "./origin";
import { asArray, R, stackOf, typeChain } from "./resources";
import type { Failover, Followed, Hop, TrafficRow } from "./types";

interface Behavior {
    name: string;
    options?: Record<string, unknown>;
}
interface Node {
    name?: string;
    criteria?: Behavior[];
    behaviors?: Behavior[];
    children?: Node[];
}

interface Selection {
    who: string;
    origin: Behavior;
    characteristics?: Behavior;
    policy?: Behavior;
}

/** Every rule that selects an origin for users (recovery rules excluded), with what it inherits. */
function selections(root: Node): { selected: Selection[]; recoveries: Node[] } {
    const selected: Selection[] = [];
    const recoveries: Node[] = [];
    const own = (n: Node, name: string) => n.behaviors?.find((b) => b.name === name);
    const visit = (n: Node, inherited: Omit<Selection, "who" | "origin"> & { origin?: Behavior }, path: string) => {
        if (n.criteria?.some((c) => c.name === "recoveryConfig")) {
            recoveries.push(n);
            return;
        }
        const here = { origin: own(n, "origin") ?? inherited.origin, characteristics: own(n, "originCharacteristics") ?? inherited.characteristics, policy: own(n, "originFailureRecoveryPolicy") ?? inherited.policy };
        if (own(n, "origin") && here.origin) {
            const where = n.criteria?.find((c) => c.name === "userLocation")?.options;
            const who = where ? asArray((where.continentValues ?? where.countryValues) as string[]).join(", ") : path === "default" ? "everyone else" : `rule "${path}"`;
            selected.push({ who, origin: here.origin, characteristics: here.characteristics, policy: here.policy });
        }
        for (const c of n.children ?? []) visit(c, here, c.name ?? "?");
    };
    visit(root, {}, "default");
    return { selected, recoveries };
}

/** `<bucket>.s3.<region>.amazonaws.com` (or s3-<region>, or the legacy global s3.amazonaws.com = us-east-1). */
export function s3Endpoint(host: string): { bucket: string; region: string } | undefined {
    const m = /^(.+)\.s3[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/.exec(host) ?? /^(.+)\.s3\.amazonaws\.com$/.exec(host);
    return m ? { bucket: m[1], region: m[2] ?? "us-east-1" } : undefined;
}

/** Whether the Cloud Access Manager key's IAM user may read objects of `bucket`. */
function camReads(ctx: Ctx, property: R, bucket: string): { ok: boolean; why: string; resource?: R } {
    const { ix } = ctx;
    const cam = property.dependencies.map((d) => ix.get(d)).find((d) => d?.type === "akamai:index/cloudAccessKey:CloudAccessKey") ?? ix.ofType("akamai:index/cloudAccessKey:CloudAccessKey")[0];
    if (!cam) return { ok: false, why: "no Cloud Access Manager key signs the origin requests", resource: property };
    const key = cam.dependencies.map((d) => ix.get(d)).find((d) => d?.type === "aws:iam/accessKey:AccessKey");
    const user = key?.props.user;
    if (!key || typeof user !== "string") return { ok: true, why: `Cloud Access Manager key ${cam.name} (its identity is not in the plan)` };
    const groups = new Set(ix.ofType("aws:iam/userGroupMembership:UserGroupMembership").filter((m) => m.props.user === user).flatMap((m) => asArray(m.props.groups as string[])));
    const docs = [
        ...ix.ofType("aws:iam/groupPolicy:GroupPolicy").filter((p) => groups.has(String(p.props.group))),
        ...ix.ofType("aws:iam/userPolicy:UserPolicy").filter((p) => p.props.user === user),
    ];
    const object = `arn:aws:s3:::${bucket}/segment`;
    const allowed = docs.some((d) =>
        statements(d.props.policy).some((s) =>
            s.Effect === "Allow" &&
            asArray(s.Action).some((a) => wildcard(a, "s3:GetObject", true)) &&
            asArray(s.Resource).some((r) => wildcard(r.replace(/^arn:[^:]+:/, "arn:aws:"), object, false)),
        ),
    );
    return allowed
        ? { ok: true, why: `Cloud Access Manager key ${cam.name} signs as IAM user ${user}, allowed s3:GetObject on ${bucket}` }
        : { ok: false, why: `IAM user ${user} behind Cloud Access Manager key ${cam.name} may not s3:GetObject in ${bucket}: every fetch is 403`, resource: docs[0] ?? key };
}

function bucketPath(ctx: Ctx, property: R, s: Pick<Selection, "origin" | "characteristics">, entry: Hop[]): { region: string; followed: Followed } {
    const { ix } = ctx;
    const hops = [...entry];
    const o = s.origin.options ?? {};
    const host = String(o.hostname ?? "");
    const ep = s3Endpoint(host);
    if (o.originType !== "CUSTOMER" || !ep) return { region: "?", followed: dead(hops, { kind: "bucket", reason: `origin ${host || String(o.originType)} is no S3 bucket endpoint`, resource: property }) };
    hops.push({ kind: "edge", text: `origin ${host} (Host ${String(o.forwardHostHeader)})`, short: `origin ${ep.bucket}`, urn: property.urn });
    const bucket = [...ix.ofType("aws:s3/bucket:Bucket"), ...ix.ofType("aws:s3/bucketV2:BucketV2")].find((b) => b.props.bucket === ep.bucket);
    if (!bucket) {
        if (!ix.hasRegion(ep.region)) return { region: ep.region, followed: elsewhere(hops, ix.elsewhere(ep.region), "bucket") };
        return { region: ep.region, followed: dead(hops, { kind: "bucket", reason: `no S3 bucket ${ep.bucket} in the plan (the origin of property ${property.name})`, resource: property }) };
    }
    const region = ix.regionOf(bucket) ?? ep.region;
    const c = s.characteristics?.options ?? {};
    const fail = (reason: string, resource: R = property) => ({ region, followed: dead(hops, { kind: "bucket" as const, reason, resource }) });
    if (region !== ep.region) return fail(`origin ${host} names ${ep.region}, bucket ${ep.bucket} is in ${region}`);
    if (!(o.forwardHostHeader === "ORIGIN_HOSTNAME" || (o.forwardHostHeader === "CUSTOM" && o.customForwardHostHeader === host))) return fail(`the origin forwards Host ${String(o.forwardHostHeader)}: S3 answers bucket ${ep.bucket} only as ${host}`);
    if (c.authenticationMethod !== "AWS" || c.awsRegion !== region || (c.awsHost !== undefined && c.awsHost !== host)) {
        return fail(`originCharacteristics sign ${c.authenticationMethod === "AWS" ? `for ${String(c.awsRegion)} / ${String(c.awsHost)}` : `with ${String(c.authenticationMethod)}`}, bucket ${ep.bucket} needs AWS signatures for ${region} / ${host}: S3 refuses them (403)`);
    }
    const access = camReads(ctx, property, ep.bucket);
    if (!access.ok) return fail(access.why, access.resource);
    hops.push({ kind: "bucket", text: `${access.why}; bucket ${ep.bucket} (${stackOf(bucket.urn)})`, short: "signed (CAM key) → S3", urn: bucket.urn });
    if (!typeChain(bucket.urn).includes(MEDIA_COMPONENT)) return fail(`bucket ${ep.bucket} is not a media bucket (${MEDIA_COMPONENT}): the design serves video from the media buckets`, bucket);
    return { region, followed: { hops, outcome: { status: "arrives", at: `s3://${ep.bucket}` } } };
}

/** Rows of one property: per hostname, one per region its rules send users to, with failover. */
export function akamaiRows(ctx: Ctx, property: R): TrafficRow[] {
    const rows: TrafficRow[] = [];
    const tree = parseJson<{ rules?: Node }>(property.props.rules)?.rules;
    for (const h of asArray(property.props.hostnames as { cnameFrom?: string; cnameTo?: string }[])) {
        const hostname = String(h.cnameFrom);
        const record = (ctx.records.get(hostname.toLowerCase()) ?? []).find((r) => r.props.type === "CNAME");
        const edge = ctx.ix.ofType("akamai:index/edgeHostName:EdgeHostName").find((e) => e.props.edgeHostname === h.cnameTo);
        const entryDead = !record
            ? `no DNS record sends users of ${hostname} to Akamai`
            : record.props.content !== h.cnameTo
              ? `DNS record ${record.props.name} points at ${record.props.content}, property ${property.name} serves it on ${h.cnameTo}`
              : record.props.proxied === true
                ? `DNS record ${record.props.name} is proxied: Cloudflare, not Akamai, would answer users`
                : !edge
                  ? `edge hostname ${h.cnameTo} is not in the plan`
                  : !tree
                    ? `property ${property.name} has no readable rule tree`
                    : undefined;
        if (entryDead) {
            rows.push({ hostname, vendor: "Akamai", region: "?", path: dead([], { kind: "DNS", reason: entryDead, resource: record && record.props.content !== h.cnameTo ? record : property }) });
            continue;
        }
        const entry: Hop[] = [{ kind: "DNS", text: `${hostname} CNAME ${h.cnameTo} (DNS only) → property ${property.props.name ?? property.name}`, short: `CNAME ${h.cnameTo}`, urn: record!.urn }];
        const { selected, recoveries } = selections(tree!);
        const recoveryOf = (name: unknown) => recoveries.find((n) => n.criteria?.some((c) => c.name === "recoveryConfig" && c.options?.configName === name));
        const byRegion = new Map<string, { path: ReturnType<typeof bucketPath>; sel: Selection[] }>();
        for (const s of selected) {
            const p = bucketPath(ctx, property, s, entry);
            const slot = byRegion.get(p.region) ?? { path: p, sel: [] };
            slot.sel.push(s);
            byRegion.set(p.region, slot);
        }
        for (const [region, { path, sel }] of byRegion) {
            const fos = sel.map((s) => {
                const recovery = recoveryOf(s.policy?.options?.originResponsivenessRecoveryConfigName);
                const time = akamaiFailover({ rules: { name: "default", behaviors: s.policy ? [s.policy] : [], children: recovery ? [recovery] : [] } });
                const ro = recovery?.behaviors?.find((b) => b.name === "origin");
                const target = ro ? bucketPath(ctx, property, { origin: ro, characteristics: recovery?.behaviors?.find((b) => b.name === "originCharacteristics") ?? s.characteristics }, entry) : undefined;
                return { s, time, target };
            });
            const slowest = [...fos].sort((a, b) => b.time.detectionSeconds - a.time.detectionSeconds)[0];
            const to = [...new Map(fos.filter((f) => f.target).map((f) => [f.target!.region, { region: f.target!.region, outcome: f.target!.followed.outcome }])).values()];
            const failover: Failover = { who: sel.map((s) => s.who), to, detectionSeconds: slowest.time.detectionSeconds, formula: slowest.time.formula, binding: true, decidedBy: property };
            if (!Number.isFinite(slowest.time.detectionSeconds)) failover.none = slowest.time.formula;
            else if (to.some((t) => t.region === region)) failover.none = `the recovery origin of ${region} is in ${region} itself`;
            rows.push({ hostname, vendor: "Akamai", region, path: path.followed, failover });
        }
    }
    return rows;
}
