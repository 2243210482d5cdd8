/**
 * Single faults on the traffic paths (the edge, the origin's hops), the preflight and the
 * Kubernetes rules (issue #12 item 6): each removes one resource or changes one input of a real
 * plan, and names what the pack must name in a mandatory violation. The traffic paths are judged
 * over every stack's plan together (the harness merges them), so a fault in a member's origin is
 * found in that member's plan.
 */
import { change, remove } from "../helpers/mutate";
import { Fault } from "./types";

const T = {
    dns: "cloudflare:index/dnsRecord:DnsRecord",
    pool: "cloudflare:index/loadBalancerPool:LoadBalancerPool",
    cfLb: "cloudflare:index/loadBalancer:LoadBalancer",
    fastly: "fastly:index/serviceVcl:ServiceVcl",
    rule: "aws:lb/listenerRule:ListenerRule",
    tg: "aws:lb/targetGroup:TargetGroup",
    cert: "aws:acm/certificate:Certificate",
    tgb: "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    k8s: "pulumi:providers:kubernetes",
    release: "kubernetes:helm.sh/v3:Release",
    nodePool: "kubernetes:karpenter.sh/v1:NodePool",
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    group: "aws:globalaccelerator/endpointGroup:EndpointGroup",
} as const;

type Spec = Record<string, any>;
const spec = (r: { inputs: Record<string, unknown> }) => r.inputs.spec as Spec;

export const faults: Fault[] = [
    // --- DNS and the CDNs (the owner's plan) ---
    {
        id: "edge-fastly-dns-removed",
        stack: "prod-us",
        fault: "The CNAME that sends play.pleasure.tv to Fastly is removed.",
        mutate: remove(T.dns, "bibox-edge-fastly-dns"),
        expect: "no DNS record sends users of play.pleasure.tv to Fastly",
    },
    {
        id: "edge-origin-dns-removed",
        stack: "prod-eu",
        fault: "The DNS record of eu-west-1's origin (origin-eu-west-1.pleasure.tv, where the CDNs connect) is removed.",
        mutate: remove(T.dns, "bibox-edge-origin-dns"),
        expect: "no DNS record names origin-eu-west-1.pleasure.tv",
    },
    {
        id: "edge-cloudflare-pool-without-origin",
        stack: "prod-us",
        fault: "The Cloudflare pool of www in eu-west-1 loses its only origin.",
        mutate: change(T.pool, "bibox-edge-cloudflare-pool-web-eu-west-1", (r) => { r.inputs.origins = []; }),
        expect: "pool bibox-web-eu-west-1 has no enabled endpoint",
    },
    {
        id: "edge-cloudflare-pool-origin-disabled",
        stack: "prod-us",
        fault: "The origin of the Cloudflare api pool in ap-northeast-1 is disabled.",
        mutate: change(T.pool, "bibox-edge-cloudflare-pool-api-ap-northeast-1", (r) => { (r.inputs.origins as Spec[])[0].enabled = false; }),
        expect: "pool bibox-api-ap-northeast-1 has no enabled endpoint",
    },
    {
        id: "edge-cloudflare-lb-drops-region-pool",
        stack: "prod-us",
        fault: "The www load balancer no longer lists the eu-west-1 pool anywhere (default, region or fallback pools).",
        mutate: change(T.cfLb, "bibox-edge-cloudflare-lb-www", (r) => {
            const eu = "bibox-edge-cloudflare-pool-web-eu-west-1-id";
            r.inputs.defaultPools = (r.inputs.defaultPools as string[]).filter((p) => p !== eu);
            for (const [k, v] of Object.entries(r.inputs.regionPools as Record<string, string[]>)) (r.inputs.regionPools as Record<string, string[]>)[k] = v.filter((p) => p !== eu);
        }),
        expect: "Cloudflare sends no users of www.pleasure.tv to eu-west-1",
    },
    {
        id: "edge-fastly-backend-removed",
        stack: "prod-us",
        fault: "The Fastly backend of eu-west-1's origin is removed from the service.",
        mutate: change(T.fastly, "bibox-edge-fastly-service", (r) => { r.inputs.backends = (r.inputs.backends as Spec[]).filter((b) => b.name !== "origin_eu_west_1"); }),
        expect: "Fastly sends no users of play.pleasure.tv to eu-west-1",
    },
    {
        id: "edge-fastly-backend-wrong-certificate-name",
        stack: "prod-us",
        fault: "The Fastly backend of ap-northeast-1 checks the origin's certificate against a name the certificate does not carry.",
        mutate: change(T.fastly, "bibox-edge-fastly-service", (r) => {
            const b = (r.inputs.backends as Spec[]).find((x) => x.name === "origin_ap_northeast_1")!;
            b.sslCertHostname = "origin.pleasure.tv";
        }),
        expect: "not origin.pleasure.tv (the SNI Fastly backend origin_ap_northeast_1 sends and verifies)",
    },
    // --- the origin (each stack's own plan) ---
    {
        id: "origin-certificate-drops-www",
        stack: "prod-eu",
        fault: "eu-west-1's origin certificate no longer names www.pleasure.tv.",
        mutate: change(T.cert, "bibox-edge-origin-cert", (r) => { r.inputs.subjectAlternativeNames = (r.inputs.subjectAlternativeNames as string[]).filter((n) => n !== "www.pleasure.tv"); }),
        expect: "not www.pleasure.tv",
    },
    {
        id: "origin-listener-rule-www-removed",
        stack: "prod-eu",
        fault: "The listener rule that forwards www.pleasure.tv to the web target group in eu-west-1 is removed.",
        mutate: remove(T.rule, "bibox-edge-origin-www"),
        expect: "no rule of listener bibox-edge-origin-https (443) matches Host www.pleasure.tv",
    },
    {
        id: "origin-listener-rule-host-typo",
        stack: "prod-ap",
        fault: "The api listener rule of ap-northeast-1 matches a misspelt host.",
        mutate: change(T.rule, "bibox-edge-origin-api", (r) => { (r.inputs.conditions as Spec[]).find((c) => c.hostHeader)!.hostHeader.values = ["apii.pleasure.tv"]; }),
        expect: "no rule of listener bibox-edge-origin-https (443) matches Host api.pleasure.tv",
    },
    {
        id: "origin-target-group-binding-removed",
        stack: "prod-ap",
        fault: "The TargetGroupBinding that registers the web pods in ap-northeast-1's target group is removed.",
        mutate: remove(T.tgb, "bibox-edge-origin-web-binding"),
        expect: "no TargetGroupBinding registers pods in target group bibox-ap-northeast-1-web",
    },
    {
        id: "origin-target-group-binding-without-service",
        stack: "prod-eu",
        fault: "The api TargetGroupBinding of eu-west-1 names no Service.",
        mutate: change(T.tgb, "bibox-edge-origin-api-binding", (r) => { delete spec(r).serviceRef; }),
        expect: "bibox-edge-origin-api-binding names no Service",
    },
    {
        id: "origin-target-group-binding-wrong-port",
        stack: "prod-us",
        fault: "The web TargetGroupBinding of us-east-1 opens the pods to the ALB on a port they do not serve.",
        mutate: change(T.tgb, "bibox-edge-origin-web-binding", (r) => { spec(r).networking.ingress[0].ports[0].port = 9090; }),
        expect: "TargetGroupBinding shop/web opens the pods on 8080 to none of ALB",
    },
    {
        id: "origin-network-policy-for-load-balancers-removed",
        stack: "prod-eu",
        fault: "The NetworkPolicy that lets the ALB's subnets reach the shop pods in eu-west-1 is removed (default-deny then cuts the shop off).",
        mutate: remove(T.netpol, "bibox-eks-baseline-shop-allow-load-balancers"),
        expect: "the NetworkPolicies of namespace shop (default-deny) isolate Service",
    },
    // --- preflight ---
    {
        id: "preflight-delete-unreachable-off",
        stack: "prod-eu",
        fault: "The Kubernetes provider of eu-west-1 no longer sets deleteUnreachable.",
        mutate: change(T.k8s, "bibox-eks-k8s", (r) => { delete r.inputs.deleteUnreachable; }),
        expect: "bibox-eks-k8s: deleteUnreachable is unset",
    },
    {
        id: "preflight-target-group-name-too-long",
        stack: "prod-us",
        fault: "The web target group's name grows past the 32 characters Elastic Load Balancing accepts.",
        mutate: change(T.tg, "bibox-edge-origin-web", (r) => { r.inputs.name = "bibox-us-east-1-web-target-group-x"; }),
        expect: "bibox-edge-origin-web: name length is 34, the limit is 32",
    },
    {
        id: "preflight-nodepool-before-karpenter",
        stack: "prod-ap",
        fault: "The cpu NodePool of ap-northeast-1 no longer depends on anything (neither the CRD release nor the controller).",
        mutate: (rs) => rs.map((r) => (r.type === T.nodePool && r.name === "bibox-eks-karpenter-np-cpu" ? { ...r, dependencies: [] } : r)),
        expect: "bibox-eks-karpenter-np-cpu: NodePool (karpenter.sh) is not ordered after bibox-eks-karpenter-crd",
    },
    // --- Kubernetes objects against the pinned schemas ---
    {
        id: "kubernetes-nodepool-bad-consolidation-policy",
        stack: "prod-us",
        fault: "The cpu NodePool asks for a consolidation policy Karpenter does not have.",
        mutate: change(T.nodePool, "bibox-eks-karpenter-np-cpu", (r) => { spec(r).disruption.consolidationPolicy = "WhenIdle"; }),
        expect: "bibox-eks-karpenter-np-cpu: karpenter.sh/v1 NodePool np-cpu: spec.disruption.consolidationPolicy: must be one of",
    },
    {
        id: "kubernetes-network-policy-bad-policy-type",
        stack: "prod-ap",
        fault: "A NetworkPolicy of ap-northeast-1 declares a policy type the API does not know.",
        mutate: change(T.netpol, "bibox-eks-baseline-media-default-deny", (r) => { spec(r).policyTypes = ["Sideways"]; }),
        expect: "bibox-eks-baseline-media-default-deny: networking.k8s.io/v1 NetworkPolicy media/default-deny: spec.policyTypes[0]: must be one of",
    },
    {
        id: "kubernetes-helm-value-misspelt",
        stack: "prod-eu",
        fault: "The load balancer controller's chart values misspell replicaCount.",
        mutate: change(T.release, "bibox-eks-baseline-lbc", (r) => {
            const values = r.inputs.values as Spec;
            values.replicaCuont = values.replicaCount;
            delete values.replicaCount;
        }),
        expect: "bibox-eks-baseline-lbc: chart aws-load-balancer-controller 3.5.0: values.replicaCuont is not a value of the chart",
    },
];
