/**
 * What the Fastly provider computes for the resources the program reads back (pure), in the real
 * shapes of @pulumi/fastly 11.1 (types/output.d.ts) and derived from the resource's own inputs.
 */
import { createHash } from "node:crypto";

/** ServiceVcl.dictionaries: every declared dictionary with the id Fastly gives it (one per dictionary). */
export function fastlyServiceVclComputed(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    return { dictionaries: ((inputs.dictionaries ?? []) as { name: string }[]).map((d) => ({ ...d, dictionaryId: `${name}-${d.name}-dictionary` })) };
}

/** A stable placeholder id of Fastly's form (lowercase alphanumerics), from what it identifies. */
const token = (seed: string, length: number) => BigInt(`0x${createHash("sha256").update(seed).digest("hex")}`).toString(36).slice(0, length);

/**
 * TlsSubscription, as the provider reads it while the certificate is pending: per domain one
 * "managed-dns" challenge (managedDnsChallenges: _acme-challenge.<domain> CNAME
 * <id>.fastly-validations.com) and the "managed-http" challenges that point production traffic to
 * Fastly (managedHttpChallenges: a CNAME to the TLS configuration's <letter>.sni.global.fastly.net
 * for subdomains, A records for apexes). The addresses are placeholders inside Fastly's published
 * 151.101.0.0/16 (src/plan/fixtures/cdn-ranges.ts); the letter is the default configuration's.
 * Sources: fastly/terraform-provider-fastly tlssubscription flattenChallenges; Fastly's CNAME guide
 * https://docs.fastly.com/en/guides/working-with-cname-records-and-your-dns-provider.
 */
export function fastlyTlsSubscriptionComputed(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const domains = (inputs.domains ?? []) as string[];
    if (domains.length === 0) throw new Error(`fastly TlsSubscription ${name}: domains is required`);
    const ca = inputs.certificateAuthority;
    if (ca !== "lets-encrypt" && ca !== "globalsign" && ca !== "certainly") {
        throw new Error(`fastly TlsSubscription ${name}: certificateAuthority ${JSON.stringify(ca)} is not lets-encrypt, globalsign or certainly`);
    }
    const commonName = (inputs.commonName as string | undefined) ?? domains[0];
    if (!domains.includes(commonName)) throw new Error(`fastly TlsSubscription ${name}: Domain specified as common_name (${commonName}) must be one of the domains`);
    const cnameTarget = "t.sni.global.fastly.net";
    return {
        certificateAuthority: ca,
        commonName,
        configurationId: (inputs.configurationId as string | undefined) ?? "plan-default-tls-configuration",
        certificateId: "",
        state: "pending",
        managedDnsChallenges: domains.map((d) => ({ recordName: `_acme-challenge.${d}`, recordType: "CNAME", recordValue: `${token(d, 18)}.fastly-validations.com` })),
        managedHttpChallenges: domains.flatMap((d) => [
            { recordName: d, recordType: "CNAME", recordValues: [cnameTarget] },
            { recordName: d, recordType: "A", recordValues: ["151.101.1.52", "151.101.65.52", "151.101.129.52", "151.101.193.52"] },
        ]),
    };
}
