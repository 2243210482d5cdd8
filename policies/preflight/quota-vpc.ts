import { PolicyResource } from "@pulumi/policy";
import { Deferred, graphOf, preflightRule, rawProp } from "./graph";
import { LimitId, LIMITS, limitValue, overLimit } from "./limits";
import { dependenciesOfType } from "./quota-load-balancer";
import { PreflightConfig, prefixListResolver } from "./quota-security-group-rules";

const VPC = "aws:ec2/vpc:Vpc";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const EIP = "aws:ec2/eip:Eip";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ROUTE = "aws:ec2/route:Route";

/** The API's default endpoint type is Gateway (CreateVpcEndpoint VpcEndpointType). */
const endpointType = (e: PolicyResource) => String(e.props.vpcEndpointType ?? "Gateway");

export const preflightVpc = preflightRule<PreflightConfig>(
    {
        name: "preflight-vpc-quotas",
        description: "No VPC exceeds its quotas on interface endpoints and routes per route table; the Region's gateway endpoints and Elastic IP addresses stay within the default quotas.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Share endpoints through a hub VPC, aggregate routes (prefix lists count as their maxEntries), or raise the quota and declare it in the pack config (quotas).",
        configSchema: { properties: { quotas: { type: "object" }, prefixListWeights: { type: "object" } } },
    },
    (args, report, judge, config) => {
        const g = graphOf(args.resources);
        const check = (r: PolicyResource | undefined, id: LimitId, resource: string, what: string, n: number, fix: string) => {
            const max = limitValue(id, config.quotas);
            if (n > max) report(overLimit(resource, what, n, LIMITS[id], max, fix), r?.urn);
        };
        const deferred = new Deferred(judge);

        const interfacePerVpc = new Map<string, { vpc?: PolicyResource; key: string; n: number }>();
        let gateways = 0;
        deferred.each(g.ofType(ENDPOINT), (e) => {
            const type = endpointType(e);
            if (type === "Gateway") {
                gateways++;
                return;
            }
            const vpc = dependenciesOfType(e, g, VPC, "vpcId")[0];
            const key = vpc?.urn ?? String(rawProp(e, "vpcId"));
            const entry = interfacePerVpc.get(key) ?? { vpc, key, n: 0 };
            entry.n++;
            interfacePerVpc.set(key, entry);
        });
        for (const { vpc, key, n } of interfacePerVpc.values()) {
            check(vpc, "interface-endpoints-per-vpc", vpc?.name ?? key, "interface endpoints", n, "reach the services through a shared-services VPC, or ask AWS Support to raise the quota.");
        }
        check(undefined, "gateway-endpoints-per-region", "this stack's Region", "gateway VPC endpoints", gateways, "share one gateway endpoint by associating more route tables with it.");
        check(undefined, "eips-per-region", "this stack's Region", "Elastic IP addresses", g.ofType(EIP).length, "use fewer NAT gateways (one per zone is enough) or raise the quota.");

        // Routes per table and family: standalone routes plus inline `routes`.
        const routes = new Map<string, { table: PolicyResource; IPv4: number; IPv6: number }>();
        const count = (table: PolicyResource, route: Record<string, unknown>, owner: PolicyResource) => {
            const t = routes.get(table.urn) ?? { table, IPv4: 0, IPv6: 0 };
            if (route.destinationCidrBlock !== undefined || route.cidrBlock !== undefined) t.IPv4++;
            if (route.destinationIpv6CidrBlock !== undefined || route.ipv6CidrBlock !== undefined) t.IPv6++;
            const pl = route.destinationPrefixListId;
            if (pl !== undefined) {
                const w = prefixListResolver(owner, g, config)(String(pl));
                if ("unresolved" in w) report(w.unresolved, owner.urn);
                else t[w.family] += w.weight;
            }
            routes.set(table.urn, t);
        };
        deferred.each(g.ofType(ROUTE_TABLE), (table) => {
            for (const r of (table.props.routes as Record<string, unknown>[] | undefined) ?? []) count(table, r, table);
        });
        deferred.each(g.ofType(ROUTE), (route) => {
            for (const table of dependenciesOfType(route, g, ROUTE_TABLE, "routeTableId")) count(table, route.props, route);
        });
        for (const t of routes.values()) {
            for (const family of ["IPv4", "IPv6"] as const) {
                check(t.table, "routes-per-route-table", t.table.name, `${family} routes`, t[family], "aggregate destinations or use a transit gateway.");
            }
        }
        deferred.done();
    },
);
