/**
 * no-public-addresses: nodes, instances and databases get no public address. Only the load
 * balancers and the NAT gateways face the internet.
 *
 * Absent values take the real defaults:
 * - a launch template's network interface `associatePublicIpAddress` unset, and a Karpenter
 *   EC2NodeClass `associatePublicIPAddress` unset, leave it to the subnet's MapPublicIpOnLaunch
 *   (EKS launch-template docs; https://karpenter.sh/docs/concepts/nodeclasses/#specassociatepublicipaddress);
 * - a subnet's `mapPublicIpOnLaunch` defaults to false (aws.ec2.Subnet);
 * - `publiclyAccessible` of an RDS instance or Aurora cluster instance defaults to false
 *   (aws.rds.ClusterInstance, aws.rds.Instance);
 * - an aws.ec2.Instance's `associatePublicIpAddress` unset follows its subnet too.
 * Caches (ElastiCache) have no public endpoint to open; an Elastic IP given to an instance or a
 * network interface that is not a NAT gateway's is a public address.
 */
import { stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { asArray, isTrue, Net, T, tagsSelect } from "./refs";

export const noPublicAddresses = stackRule(
    {
        name: "no-public-addresses",
        description: "Nodes (launch templates, Karpenter node classes, the subnets they run in), EC2 instances and database instances get no public IP.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set associatePublicIpAddress / associatePublicIPAddress false or leave it unset in private subnets, mapPublicIpOnLaunch false on node subnets, publiclyAccessible false on databases.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const subnets = net.ofType(T.subnet);
        const mapsPublic = (s: GraphResource) => s.props.mapPublicIpOnLaunch === true;
        const problems: StackProblem[] = [];

        const publicNic = (lt: GraphResource) => asArray(lt.props.networkInterfaces as { associatePublicIpAddress?: unknown }[] | undefined).some((n) => isTrue(n.associatePublicIpAddress));
        const explicitlyPrivate = (lt: GraphResource | undefined) => {
            const nics = asArray(lt?.props.networkInterfaces as { associatePublicIpAddress?: unknown }[] | undefined);
            return nics.length > 0 && nics.every((n) => n.associatePublicIpAddress === false || n.associatePublicIpAddress === "false");
        };
        problems.push(...judge.each(net.ofType(T.launchTemplate), (lt) =>
            publicNic(lt) ? [{ urn: lt.urn, message: `Launch template ${lt.name} gives its instances a public IP (networkInterfaces associatePublicIpAddress true): nodes stay private; set it false.` }] : []));

        problems.push(...judge.each(net.ofType(T.nodeClass), (nc) => {
            const spec = (nc.props.spec ?? {}) as { associatePublicIPAddress?: boolean; subnetSelectorTerms?: { tags?: Record<string, unknown>; id?: string }[] };
            if (spec.associatePublicIPAddress === true) return [{ urn: nc.urn, message: `EC2NodeClass ${nc.name} gives its nodes public IPs (associatePublicIPAddress true): nodes stay private; set it false.` }];
            if (spec.associatePublicIPAddress === false) return [];
            const terms = spec.subnetSelectorTerms ?? [];
            const selected = subnets.filter((s) => terms.some((t) => (t.tags !== undefined && tagsSelect(t.tags, s.props.tags as Record<string, unknown> | undefined)) || (t.id !== undefined && s.props.id === t.id)));
            return selected.filter(mapsPublic).map((s) => ({
                urn: nc.urn,
                message: `EC2NodeClass ${nc.name} launches nodes in subnet ${s.name}, which maps public IPs on launch, and does not set associatePublicIPAddress false: its nodes get public IPs. Set mapPublicIpOnLaunch false on the subnet.`,
            }));
        }));

        problems.push(...judge.each(net.ofType(T.nodeGroup), (ng) => {
            const lt = net.deps(ng, T.launchTemplate)[0];
            if (explicitlyPrivate(lt)) return [];
            return net.referenced(ng, "subnetIds", subnets).filter(mapsPublic).map((s) => ({
                urn: ng.urn,
                message: `Node group ${ng.name} runs in subnet ${s.name}, which maps public IPs on launch: its nodes get public IPs. Set mapPublicIpOnLaunch false on the subnet.`,
            }));
        }));

        problems.push(...judge.each(net.ofType(T.instance), (i) => {
            const explicit = i.props.associatePublicIpAddress;
            if (explicit === false) return [];
            const subnet = net.referenced(i, "subnetId", subnets)[0];
            if (explicit === true || (subnet && mapsPublic(subnet))) return [{ urn: i.urn, message: `Instance ${i.name} gets a public IP: instances stay private behind the load balancers; set associatePublicIpAddress false.` }];
            return [];
        }));

        problems.push(...judge.each(net.ofType(T.eip), (eip) => {
            const nat = net.dependents(eip, "aws:ec2/natGateway:NatGateway").length > 0;
            if (nat || (eip.props.instance === undefined && eip.props.networkInterface === undefined)) return [];
            return [{ urn: eip.urn, message: `Elastic IP ${eip.name} gives an instance or network interface a public address: only NAT gateways and load balancers face the internet.` }];
        }));

        problems.push(...judge.each(net.ofType(T.rdsClusterInstance, T.rdsInstance), (db) =>
            db.props.publiclyAccessible === true ? [{ urn: db.urn, message: `Database instance ${db.name} is publicly accessible: it gets a public address. Set publiclyAccessible false (the default).` }] : []));
        return problems;
    },
);
