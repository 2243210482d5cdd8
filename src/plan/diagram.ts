/**
 * A Mermaid picture of the stack: its components, and the links that leave the region (what the
 * stack replicates to, reads from or registers with elsewhere).
 */
import { ofType } from "../../policies/graph";
import { PlanResource } from "./types";

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, "_");

export function mermaidDiagram(resources: PlanResource[], config: Record<string, unknown>): string[] {
    const region = String(config["bibox:region"] ?? "region");
    const role = String(config["bibox:role"] ?? "");
    const components = resources.filter((r) => !r.custom && r.type.startsWith("bibox:") && r.type !== "bibox:region:RegionStack");
    const lines = ["```mermaid", "flowchart LR", `  subgraph ${id(region)}["${region} (${role})"]`];
    for (const c of components) lines.push(`    ${id(c.name)}["${c.type.split(":").pop()}"]`);
    lines.push("  end");

    const others = new Set<string>();
    const link = (from: string, to: string, label: string) => {
        others.add(to);
        lines.push(`  ${id(from)} -- "${label}" --> ${id(to)}`);
    };
    for (const rule of (ofType(resources, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")[0]?.inputs.rules ?? []) as { id: string }[]) {
        link("bibox-media", rule.id.replace(/^to-/, ""), "S3 replication, RTC 15 min");
    }
    const plan = ofType(resources, "aws:backup/plan:Plan")[0];
    for (const rule of (plan?.inputs.rules ?? []) as { copyActions?: { destinationVaultArn: string }[] }[]) {
        for (const c of rule.copyActions ?? []) link("bibox-backups", c.destinationVaultArn.split(":")[3], "backup copies");
    }
    const declared = ofType(resources, "bibox:region:RegionStack")[0]?.inputs.declared as { regions?: string[] } | undefined;
    const siblings = (declared?.regions ?? []).filter((r) => r !== region);
    if (ofType(resources, "aws:rds/globalCluster:GlobalCluster").length > 0) {
        for (const r of siblings) {
            link("bibox-aurora", r, "global database: secondary");
            link("bibox-cache", r, "global datastore: secondary");
            link("bibox-edge", r, "Cloudflare, Fastly, Akamai, accelerator: origin");
        }
    } else {
        link("bibox-aurora", "owner", "global database: primary");
        link("bibox-cache", "owner", "global datastore: primary");
        link("bibox-edge", "owner", "accelerator endpoint group");
    }
    for (const o of others) lines.push(`  ${id(o)}(["${o === "owner" ? "owner stack (us-east-1)" : o}"])`);
    lines.push("```");
    return lines;
}
