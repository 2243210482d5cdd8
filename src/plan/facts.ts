/**
 * The key facts of each component, read back from what it registered: what a reviewer checks
 * first in a pull-request comment.
 */
import { PlanResource } from "./types";

type FactsOf = (component: PlanResource, descendants: PlanResource[]) => string[];

const byType = (rs: PlanResource[], type: string) => rs.filter((r) => r.type === type);

const networkFacts: FactsOf = (_component, rs) => {
    const vpc = byType(rs, "aws:ec2/vpc:Vpc")[0];
    const subnets = byType(rs, "aws:ec2/subnet:Subnet");
    const zones = [...new Set(subnets.map((s) => String(s.inputs.availabilityZone)))].sort();
    const tierOf = (s: PlanResource) => (s.inputs.tags as Record<string, string> | undefined)?.["bibox:tier"];
    const rows = zones.map((z) => {
        const cidr = (tier: string) => subnets.find((s) => s.inputs.availabilityZone === z && tierOf(s) === tier)?.inputs.cidrBlock ?? "—";
        const nat = byType(rs, "aws:ec2/natGateway:NatGateway").some((n) => n.name.endsWith(`-${z}`)) ? "yes" : "no";
        return `| ${z} | ${cidr("public")} | ${cidr("private")} | ${cidr("isolated")} | ${nat} |`;
    });
    const endpoints = byType(rs, "aws:ec2/vpcEndpoint:VpcEndpoint");
    const service = (e: PlanResource) => String(e.inputs.serviceName).split(".").slice(3).join(".");
    const flow = byType(rs, "aws:ec2/flowLog:FlowLog")[0];
    const group = byType(rs, "aws:cloudwatch/logGroup:LogGroup")[0];
    return [
        `- VPC \`${vpc?.inputs.cidrBlock}\` across ${zones.length} zones, one NAT gateway per zone`,
        "",
        "| Zone | Public | Private (nodes) | Isolated (data) | NAT |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
        "",
        `- Gateway endpoints: ${endpoints.filter((e) => e.inputs.vpcEndpointType === "Gateway").map(service).join(", ")}`,
        `- Interface endpoints: ${endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface").map(service).join(", ")}`,
        flow
            ? `- Flow logs: ${flow.inputs.trafficType} traffic every ${flow.inputs.maxAggregationInterval} s → \`${group?.inputs.name}\` (KMS-encrypted: ${group?.inputs.kmsKeyId ? "yes" : "no"}, ${group?.inputs.retentionInDays} days)`
            : "- Flow logs: none",
    ];
};

const regionFacts: FactsOf = (_component, rs) => {
    const providers = rs.filter((r) => r.type.startsWith("pulumi:providers:"));
    return providers.map((p) => {
        const tags = p.inputs.defaultTags ? Object.keys((parseMaybeJson(p.inputs.defaultTags) as { tags?: object }).tags ?? {}).length : 0;
        return `- Provider \`${p.name}\` (${p.type.split(":")[2]}): region ${p.inputs.region ?? "—"}, ${tags} default tags`;
    });
};

const FACTS: Record<string, FactsOf> = {
    "bibox:region:RegionStack": regionFacts,
    "bibox:network:Network": networkFacts,
};

/** Facts of every component of the plan that has a facts function, in registration order. */
export function componentFacts(resources: PlanResource[]): { component: PlanResource; facts: string[] }[] {
    return resources
        .filter((r) => !r.custom && FACTS[r.type])
        .map((component) => ({ component, facts: FACTS[component.type](component, descendants(component, resources)) }));
}

export function descendants(root: PlanResource, resources: PlanResource[]): PlanResource[] {
    const out: PlanResource[] = [];
    const frontier = [root.urn];
    while (frontier.length > 0) {
        const urn = frontier.pop()!;
        for (const r of resources) {
            if (r.parent === urn) {
                out.push(r);
                frontier.push(r.urn);
            }
        }
    }
    return out;
}

function parseMaybeJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
