/**
 * What the Akamai provider (and the IAM access key Akamai signs with) would give back, for the
 * offline plan: ids in the vendors' own shapes, derived from the resource name so a plan is
 * reproducible, and the outputs the program reads.
 *
 * Shapes: PAPI ids carry a type prefix and digits (`cpc_`, `prp_`, `inc_`, `ehn_`: the rule tree
 * takes a CP code "stripping any `cpc_` prefix" and an include id "without the `inc_` ID prefix",
 * terraform-provider-akamai rule_format_v2025_01_13.gen.go L3294, L7269); a Cloud Access Manager
 * key has an integer accessKeyUid and version GUIDs (pulumi-akamai schema.json CloudAccessKey
 * accessKeyUid, primaryGuid, credentialsA.versionGuid); an IAM access key id is AKIA + 16
 * characters and its secret 40 (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKey.html).
 */
import { createHash } from "node:crypto";

const digest = (name: string) => createHash("sha256").update(name).digest();
const digits = (name: string, n: number) => String(digest(name).readUInt32BE(0) % 10 ** n).padStart(n, "1");
const guid = (name: string) => {
    const h = digest(`guid:${name}`).toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const base32 = (name: string, n: number) => [...digest(name)].slice(0, n).map((b) => BASE32[b % 32]).join("");

const PAPI_PREFIX: Readonly<Record<string, string>> = {
    "akamai:index/cpCode:CpCode": "cpc_",
    "akamai:index/property:Property": "prp_",
    "akamai:index/propertyInclude:PropertyInclude": "inc_",
    "akamai:index/edgeHostName:EdgeHostName": "ehn_",
};

/** A secret input reaches the mock wrapped in Pulumi's secret envelope; the provider sees the value. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const reveal = (v: unknown): unknown => (typeof v === "object" && v !== null && SECRET_SIG_KEY in v ? (v as unknown as { value: unknown }).value : v);

/** The id the provider would assign, or undefined for the plan's generic `<name>-id`. */
export function vendorId(type: string, name: string): string | undefined {
    if (PAPI_PREFIX[type]) return `${PAPI_PREFIX[type]}${digits(name, 6)}`;
    if (type === "akamai:index/cloudAccessKey:CloudAccessKey") return digits(name, 5);
    if (type === "aws:iam/accessKey:AccessKey") return `AKIA${base32(name, 16)}`;
    return undefined;
}

/** Computed outputs of these types; undefined for any other type. */
export function vendorOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (type) {
        case "akamai:index/property:Property":
        case "akamai:index/propertyInclude:PropertyInclude":
            return { latestVersion: 1 };
        case "akamai:index/cloudAccessKey:CloudAccessKey": {
            const version = (c: unknown, n: number) => (reveal(c) ? { ...(reveal(c) as object), version: n, versionGuid: guid(`${name}:${n}`) } : undefined);
            const a = version(inputs.credentialsA, 1);
            const b = version(inputs.credentialsB, 2);
            const primary = [a, b].find((c) => (c as { primaryKey?: boolean } | undefined)?.primaryKey === true);
            return { accessKeyUid: Number(digits(name, 5)), credentialsA: a, credentialsB: b, primaryGuid: (primary as { versionGuid?: string } | undefined)?.versionGuid };
        }
        case "aws:iam/accessKey:AccessKey":
            return { secret: base32(`secret:${name}`, 32) + base32(`secret2:${name}`, 8), status: "Active" };
        default:
            return undefined;
    }
}
