/**
 * node-ingress-closed: no security group the nodes actually use admits the internet.
 *
 * no-open-ingress (policies/access/) judges groups by what references them; this rule finds the
 * groups the nodes really get, the way each launcher picks them:
 * - EKS's own cluster security group, which EKS attaches to the control plane's interfaces and to
 *   managed node groups' nodes ("Amazon EKS ... attaches it to the nodes of managed node groups",
 *   https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html). EKS creates it, so the
 *   plan holds no resource for it: a rule or tag that depends on the cluster and on no declared
 *   group targets it (the cluster's `vpcConfig.clusterSecurityGroupId` is the only group id a
 *   cluster yields), and so does any later use of the id such a tag or rule names. EKS tags it
 *   `aws:eks:cluster-name` and `kubernetes.io/cluster/<name>: owned` (same page).
 * - the cluster's additional groups (`vpcConfig.securityGroupIds`, the control plane's interfaces);
 * - launch templates' `vpcSecurityGroupIds` and `networkInterfaces[].securityGroups`;
 * - Karpenter EC2NodeClass `securityGroupSelectorTerms`: by tags (on the group or added by an
 *   aws:ec2/tag:Tag), by id or by name (https://karpenter.sh/docs/concepts/nodeclasses/#specsecuritygroupselectorterms);
 * - a managed node group's `remoteAccess` with an SSH key and no `sourceSecurityGroupIds`, for
 *   which EKS opens port 22 to 0.0.0.0/0 (the provider's NodeGroupRemoteAccess documentation).
 * World-open ingress (0.0.0.0/0 or ::/0, inline or as aws:vpc/securityGroupIngressRule or
 * aws:ec2/securityGroupRule) on any of them is refused; no "public:" reason applies to nodes.
 */
import { Judge, stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { asArray, Net, portsOf, referencedBy, strings, T, tagsSelect, worldSources } from "./refs";

type Why = { label: string; why: string };

interface Ingress {
    cidrBlocks?: string[];
    ipv6CidrBlocks?: string[];
    protocol?: string;
    fromPort?: number;
    toPort?: number;
}

export interface NodeGroups {
    /** The groups nodes use, keyed by the group's URN, `cluster:<urn>` or `id:<sg id>`. */
    guarded: Map<string, Why>;
    /** The key of the group a rule or tag of `r` (naming `id`) applies to. */
    targetOf: (r: GraphResource, id: unknown) => string[];
}

export function nodeGroups(net: Net, judge: Pick<Judge, "one">): NodeGroups {
    const sgs = net.ofType(T.sg);
    const clusters = net.ofType(T.eks);
    const guarded = new Map<string, Why>();
    const add = (key: string, label: string, why: string) => {
        if (!guarded.has(key)) guarded.set(key, { label, why });
    };
    const sgLabel = (s: GraphResource) => `security group ${s.name}`;
    const clusterKey = (c: GraphResource) => `cluster:${c.urn}`;
    const clusterLabel = (c: GraphResource) => `the cluster security group of ${c.name}`;
    const labelOf = (key: string) => {
        const r = net.byUrn.get(key.replace(/^cluster:/, ""));
        if (key.startsWith("cluster:") && r) return clusterLabel(r);
        if (r) return sgLabel(r);
        return `security group ${key.replace(/^id:/, "")}`;
    };

    // The groups' tags, with the tags aws:ec2/tag:Tag resources add, and EKS's own on its group.
    const tagsOf = new Map<string, Record<string, unknown>>();
    const merge = (key: string, tags: Record<string, unknown>) => tagsOf.set(key, { ...(tagsOf.get(key) ?? {}), ...tags });
    for (const s of sgs) judge.one(s, () => (merge(s.urn, (s.props.tags ?? {}) as Record<string, unknown>), []));
    for (const c of clusters) {
        judge.one(c, () => {
            const name = String(c.props.name ?? c.name);
            merge(clusterKey(c), { "aws:eks:cluster-name": name, [`kubernetes.io/cluster/${name}`]: "owned" });
            add(clusterKey(c), clusterLabel(c), `EKS attaches it to the control plane and the managed nodes of ${c.name}`);
            const vpc = (c.props.vpcConfig ?? {}) as { securityGroupIds?: string[] };
            for (const s of referencedBy(c, vpc.securityGroupIds, sgs)) add(s.urn, sgLabel(s), `the control plane of EKS cluster ${c.name}`);
            return [];
        });
    }
    /** Group ids known to be a cluster's own group (named by a tag or rule depending on it). */
    const clusterIds = new Map<string, string>();
    const targetOf = (r: GraphResource, id: unknown): string[] => {
        const declared = net.deps(r, T.sg);
        if (declared.length > 0) return declared.map((s) => s.urn);
        const value = strings(id)[0];
        if (value !== undefined && clusterIds.has(value)) return [clusterIds.get(value)!];
        const owners = net.deps(r, T.eks);
        if (owners.length > 0) return owners.map(clusterKey);
        return value === undefined ? [] : [`id:${value}`];
    };
    for (const tag of net.ofType(T.tag)) {
        judge.one(tag, () => {
            const id = tag.props.resourceId;
            const [key] = targetOf(tag, id);
            if (key === undefined) return [];
            if (key.startsWith("cluster:") && typeof id === "string") clusterIds.set(id, key);
            if (key.startsWith("cluster:") || key.startsWith("id:") || net.byUrn.get(key)?.type === T.sg) merge(key, { [String(tag.props.key)]: tag.props.value });
            return [];
        });
    }
    for (const lt of net.ofType(T.launchTemplate)) {
        judge.one(lt, () => {
            const nics = asArray(lt.props.networkInterfaces as { securityGroups?: string[] }[] | undefined);
            const named = [...strings(lt.props.vpcSecurityGroupIds), ...nics.flatMap((n) => strings(n.securityGroups))];
            for (const s of referencedBy(lt, named, sgs)) add(s.urn, sgLabel(s), `the nodes of launch template ${lt.name}`);
            return [];
        });
    }
    for (const nc of net.ofType(T.nodeClass)) {
        judge.one(nc, () => {
            const terms = ((nc.props.spec as { securityGroupSelectorTerms?: { tags?: Record<string, unknown>; id?: string; name?: string }[] } | undefined)?.securityGroupSelectorTerms) ?? [];
            for (const term of terms) {
                const selected: string[] = [];
                if (term.tags) selected.push(...[...tagsOf].filter(([, tags]) => tagsSelect(term.tags!, tags)).map(([key]) => key));
                if (term.id) {
                    const declared = sgs.filter((s) => s.props.id === term.id);
                    selected.push(...(declared.length > 0 ? declared.map((s) => s.urn) : [clusterIds.get(term.id) ?? `id:${term.id}`]));
                }
                if (term.name) selected.push(...sgs.filter((s) => s.props.name === term.name).map((s) => s.urn));
                for (const key of selected) add(key, labelOf(key), `the nodes of EC2NodeClass ${nc.name}`);
            }
            return [];
        });
    }
    // Rules on a cluster's own group name its id: later uses of that id are the same group.
    for (const r of net.ofType(T.ingressRule, T.sgRule)) {
        judge.one(r, () => {
            const id = r.props.securityGroupId;
            const [key] = targetOf(r, id);
            if (key?.startsWith("cluster:") && typeof id === "string") clusterIds.set(id, key);
            return [];
        });
    }
    return { guarded, targetOf };
}

const NODES_CLOSED = "nodes are never reachable from the internet. Admit the load balancer's or the VPC's range, or a security group, instead";

export const nodeIngressClosed = stackRule(
    {
        name: "node-ingress-closed",
        description: "No security group the nodes use (the EKS cluster group, launch templates' groups, the groups Karpenter selects) admits 0.0.0.0/0 or ::/0.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Admit the ALB's security group or the VPC CIDR to the nodes; reach nodes through SSM, never through an open port.",
    },
    (resources, _config, judge) => {
        const net = new Net(resources);
        const { guarded, targetOf } = nodeGroups(net, judge);
        const problems: StackProblem[] = [];
        problems.push(...judge.each(net.ofType(T.sg).filter((s) => guarded.has(s.urn)), (s) => {
            const g = guarded.get(s.urn)!;
            return asArray(s.props.ingress as Ingress[] | undefined).flatMap((rule) =>
                worldSources(rule.cidrBlocks, rule.ipv6CidrBlocks).map((cidr) => ({
                    urn: s.urn,
                    message: `Security group ${s.name} guards ${g.why} and admits ${portsOf(rule)} from ${cidr}: ${NODES_CLOSED}.`,
                })));
        }));
        const rules = net.ofType(T.ingressRule, T.sgRule).filter((r) => r.type === T.ingressRule || r.props.type === "ingress");
        problems.push(...judge.each(rules, (r) => {
            const world = r.type === T.ingressRule ? worldSources(r.props.cidrIpv4, r.props.cidrIpv6) : worldSources(r.props.cidrBlocks, r.props.ipv6CidrBlocks);
            if (world.length === 0) return [];
            const keys = targetOf(r, r.props.securityGroupId);
            const hit = keys.find((k) => guarded.has(k));
            if (!hit) return [];
            const g = guarded.get(hit)!;
            return world.map((cidr) => ({ urn: r.urn, message: `${r.name} admits ${portsOf(r.props)} from ${cidr} into ${g.label} (${g.why}): ${NODES_CLOSED}.` }));
        }));
        problems.push(...judge.each(net.ofType(T.nodeGroup), (ng) => {
            const remote = ng.props.remoteAccess as { ec2SshKey?: string; sourceSecurityGroupIds?: string[] } | undefined;
            if (!remote?.ec2SshKey || strings(remote.sourceSecurityGroupIds).length > 0) return [];
            return [{ urn: ng.urn, message: `Node group ${ng.name} sets an SSH key without sourceSecurityGroupIds, so EKS opens port 22 on its nodes to 0.0.0.0/0: nodes are never reachable from the internet. Drop remoteAccess and reach nodes through SSM.` }];
        }));
        return problems;
    },
);
