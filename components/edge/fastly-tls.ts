/**
 * What the Fastly TLS subscription of the edge host needs from DNS (pure), read from the
 * subscription's own outputs (@pulumi/fastly 11.1 tlsSubscription.d.ts, types/output.d.ts):
 * - managedDnsChallenges (TlsSubscriptionManagedDnsChallenge: recordName "_acme-challenge.<domain>",
 *   recordType, recordValue "<id>.fastly-validations.com"): the ACME DNS challenge, published first
 *   so the certificate is issued before any user is sent to Fastly;
 * - managedHttpChallenges (TlsSubscriptionManagedHttpChallenge: recordName, recordType,
 *   recordValues[]): the records "which point production traffic to Fastly" (the resource's own
 *   documentation) — for a subdomain the CNAME to the TLS configuration's "<letter>.sni.global.fastly.net"
 *   hostname (https://docs.fastly.com/en/guides/working-with-cname-records-and-your-dns-provider).
 * The provider fills both from the subscription's authorizations: challenge type "managed-dns" into
 * the first, every other challenge into the second (fastly/terraform-provider-fastly tlssubscription
 * flattenChallenges); rust-lang/simpleinfra terragrunt/modules/fastly-tls-subscription/outputs.tf
 * takes the traffic CNAME the same way.
 */

/** TlsSubscription.certificateAuthority: "Valid values are `lets-encrypt`, `globalsign` or `certainly`". */
export type FastlyCertificateAuthority = "lets-encrypt" | "globalsign" | "certainly";

export interface DnsChallenge {
    recordName: string;
    recordType: string;
    recordValue: string;
}

export interface HttpChallenge {
    recordName: string;
    recordType: string;
    recordValues: string[];
}

/** A DNS name as Cloudflare stores it: no trailing root dot (a trailing dot is a permanent diff). */
export const withoutTrailingDot = (name: string) => name.replace(/\.$/, "");

/** The ACME challenge record for `domain` among the subscription's challenges. */
export function dnsChallengeFor(domain: string, challenges: readonly DnsChallenge[] | undefined): DnsChallenge {
    const wanted = `_acme-challenge.${domain}`;
    const found = (challenges ?? []).find((c) => withoutTrailingDot(c.recordName) === wanted);
    if (!found) throw new Error(`the Fastly TLS subscription gave no DNS challenge for ${wanted} (got ${(challenges ?? []).map((c) => c.recordName).join(", ") || "none"})`);
    return { recordName: wanted, recordType: found.recordType, recordValue: withoutTrailingDot(found.recordValue) };
}

/** The CNAME target that sends `domain`'s users to Fastly under the subscription's TLS configuration. */
export function trafficCnameFor(domain: string, challenges: readonly HttpChallenge[] | undefined): string {
    const found = (challenges ?? []).find((c) => c.recordType === "CNAME" && withoutTrailingDot(c.recordName) === domain);
    const target = found?.recordValues[0];
    if (!target) throw new Error(`the Fastly TLS subscription gave no CNAME for ${domain} (got ${(challenges ?? []).map((c) => `${c.recordType} ${c.recordName}`).join(", ") || "none"})`);
    return withoutTrailingDot(target);
}
