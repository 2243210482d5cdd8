/**
 * private-subnets-private: a subnet meant to be private has no route to an internet gateway.
 *
 * Which subnets are meant private is read from what runs in them, not from a label the program
 * gives itself: the subnets of the EKS control plane and node groups, the subnets Karpenter
 * selects, the subnets of database and cache subnet groups and of VPC Lambda functions, and the
 * subnets tagged kubernetes.io/role/internal-elb (the Load Balancer Controller's internal
 * load-balancer subnets, https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/).
 * A subnet routes through the table associated with it, else through the VPC's main table — an
 * aws:ec2/mainRouteTableAssociation or aws:ec2/defaultRouteTable of the plan, or the main table AWS
 * creates with the VPC, which "contains only a local route"
 * (https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTables).
 * Any route of that table to an internet gateway (aws:ec2/route or an inline route; the target
 * depends on an aws:ec2/internetGateway, or its id starts igw-) makes the subnet public.
 */
import { Judge, stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { asArray, Net, referencedBy, strings, T, tagsSelect } from "./refs";

/** The private subnets of a plan, each with why it is private (each source judged on its own). */
export function privateSubnets(net: Net, judge: Pick<Judge, "one">): Map<string, string> {
    const subnets = net.ofType(T.subnet);
    const why = new Map<string, string>();
    const mark = (list: GraphResource[], reason: string) => list.forEach((s) => why.has(s.urn) || why.set(s.urn, reason));
    const from = (types: string[], find: (r: GraphResource) => [GraphResource[], string][]) =>
        net.ofType(...types).forEach((r) => judge.one(r, () => (find(r).forEach(([list, reason]) => mark(list, reason)), [])));
    const subnetIdsOf = (v: unknown) => (v as { subnetIds?: string[] } | undefined)?.subnetIds;
    from([T.eks], (c) => [[referencedBy(c, subnetIdsOf(c.props.vpcConfig), subnets), `it holds the control plane of EKS cluster ${c.name}`]]);
    from([T.nodeGroup], (ng) => [[net.referenced(ng, "subnetIds", subnets), `node group ${ng.name} runs in it`]]);
    from([T.nodeClass], (nc) => {
        const terms = ((nc.props.spec as { subnetSelectorTerms?: { tags?: Record<string, unknown>; id?: string }[] } | undefined)?.subnetSelectorTerms) ?? [];
        const selects = (s: GraphResource) => terms.some((t) => (t.tags !== undefined && tagsSelect(t.tags, s.props.tags as Record<string, unknown> | undefined)) || (t.id !== undefined && s.props.id === t.id));
        return [[subnets.filter(selects), `EC2NodeClass ${nc.name} launches nodes in it`]];
    });
    from([T.rdsSubnetGroup], (g) => [[net.referenced(g, "subnetIds", subnets), `database subnet group ${g.name} uses it`]]);
    from([T.cacheSubnetGroup], (g) => [[net.referenced(g, "subnetIds", subnets), `cache subnet group ${g.name} uses it`]]);
    from([T.lambda], (f) => [[referencedBy(f, subnetIdsOf(f.props.vpcConfig), subnets), `function ${f.name} runs in it`]]);
    from([T.subnet], (s) => [[(s.props.tags as Record<string, unknown> | undefined)?.["kubernetes.io/role/internal-elb"] !== undefined ? [s] : [], "it is tagged for internal load balancers"]]);
    return why;
}

interface InlineRoute {
    cidrBlock?: string;
    ipv6CidrBlock?: string;
    destinationPrefixListId?: string;
    gatewayId?: string;
}

/** A table's routes to an internet gateway: what they send, and how they are declared. */
export function igwRoutes(net: Net, table: GraphResource): { destination: string; via: string; gateway: string }[] {
    const igws = net.ofType(T.igw);
    const gatewayOf = (r: GraphResource, gatewayId: unknown): string | undefined => {
        const id = strings(gatewayId)[0];
        if (id === undefined) return undefined;
        const named = referencedBy(r, id, igws);
        if (named.length > 0) return named[0].name;
        return id.startsWith("igw-") ? id : undefined;
    };
    const found: { destination: string; via: string; gateway: string }[] = [];
    for (const route of net.dependents(table, T.route)) {
        const gateway = gatewayOf(route, route.props.gatewayId);
        if (gateway) found.push({ destination: String(route.props.destinationCidrBlock ?? route.props.destinationIpv6CidrBlock ?? route.props.destinationPrefixListId), via: `route ${route.name}`, gateway });
    }
    for (const inline of asArray(table.props.routes as InlineRoute[] | undefined)) {
        const gateway = gatewayOf(table, inline.gatewayId);
        if (gateway) found.push({ destination: String(inline.cidrBlock ?? inline.ipv6CidrBlock ?? inline.destinationPrefixListId), via: "an inline route", gateway });
    }
    return found;
}

/** The table a subnet routes through: its association's, else the VPC's main table of the plan. */
export function tableOf(net: Net, subnet: GraphResource): GraphResource | undefined {
    const tables = net.ofType(T.routeTable, T.defaultRouteTable);
    const association = net.ofType(T.association).find((a) => net.referenced(a, "subnetId", [subnet]).length > 0);
    if (association) return net.referenced(association, "routeTableId", tables)[0];
    const vpc = net.referenced(subnet, "vpcId", net.ofType(T.vpc))[0];
    if (!vpc) return undefined;
    const main = net.ofType(T.mainAssociation).find((m) => net.referenced(m, "vpcId", [vpc]).length > 0);
    if (main) return net.referenced(main, "routeTableId", tables)[0];
    return net.ofType(T.defaultRouteTable).find((d) => d.dependencies.includes(vpc.urn));
}

export const privateSubnetsPrivate = stackRule(
    {
        name: "private-subnets-private",
        description: "Subnets that hold nodes, the control plane, databases, caches or functions have no route to an internet gateway (egress goes through NAT).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Route the private subnets' default route to a NAT gateway; keep internet-gateway routes in the public subnets' table only.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const reasons = privateSubnets(net, judge);
        return judge.each(net.ofType(T.subnet).filter((s) => reasons.has(s.urn)), (subnet): StackProblem[] => {
            const table = tableOf(net, subnet);
            if (!table) return [];
            return igwRoutes(net, table).map((r) => ({
                urn: subnet.urn,
                message: `Subnet ${subnet.name} is private (${reasons.get(subnet.urn)}) but its route table ${table.name} sends ${r.destination} to internet gateway ${r.gateway} (${r.via}): it is a public subnet. Send its default route to a NAT gateway.`,
            }));
        });
    },
);
