import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as fastly from "@pulumi/fastly";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { APP_NAMESPACE, originHost, regionalName, regionPrefix } from "../lib/naming";
import { ACCELERATOR_AREAS, ACCELERATOR_PORT, httpsFrom, ORIGIN_PORT } from "./origin-access";
import type { Account } from "../key-policies";
import { originWaf } from "./origin-waf";
import { certificateNames, EdgeDomains, hostLabel, ORIGIN_AUTH_HEADER, OriginListener, originRoutes, routeKey, sharedCertificateNames, withoutTrailingDot } from "./origin-routes";

export interface RegionalOriginArgs {
    /** The stack's region: the origin's host name (origin-<region>.<zone>), the ALB's names, the accelerator endpoint group. */
    region: string;
    /** The stack's partition and account (RegionStack looks them up once: components/kms.ts lookupAccount). */
    account: pulumi.Input<Account>;
    /** The owner creates the ACM validation records of the names every region shares. */
    role: "owner" | "member";
    /** The public host names: the certificate's names and the listener rules' Hosts (origin-routes.ts). */
    domains: EdgeDomains;
    /** The Cloudflare zone of the origin's DNS record and the certificate's validation records. */
    cloudflareZoneId: string;
    /** VPC of the ALB's security groups and target groups. */
    vpcId: pulumi.Input<string>;
    /** The VPC's block: the only destination the ALB may send to (the pods). */
    vpcCidr: string;
    /** Public subnets by zone: where the ALB lives. */
    publicSubnetIds: Record<string, pulumi.Input<string>>;
    /** The Global Accelerator listener every region's endpoint group joins. */
    acceleratorListenerArn: pulumi.Input<string>;
    /** The owner's origin-authentication token (secret) the CDNs send as ORIGIN_AUTH_HEADER. */
    originAuthToken: pulumi.Input<string>;
    /** The cluster's Kubernetes provider: the TargetGroupBindings. */
    k8sProvider: k8s.Provider;
    /** What must exist before the TargetGroupBindings: the Load Balancer Controller and the namespace. */
    bindingsDependOn: pulumi.Resource[];
    /** The CDNs' providers. */
    providers: {
        /** Cloudflare: the DNS records, and Cloudflare's address ranges the ALB admits. */
        cloudflare: cloudflare.Provider;
        /** Fastly: Fastly's address ranges the ALB admits. */
        fastly: fastly.Provider;
    };
    /** @default APP_NAMESPACE ("shop") — namespace of the web and API Services */
    namespace?: string;
}

/** Target health as the edge failover budget counts it: a dead region is out in 5 s × 2 + 4 s. */
export const TARGET_HEALTH = { path: "/healthz", interval: 5, timeout: 4, healthyThreshold: 2, unhealthyThreshold: 2, matcher: "200" } as const;
/** TLS 1.3, with TLS 1.2 restricted to forward-secret AEAD ciphers for CDNs that still need it. */
export const ORIGIN_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";
export const TARGET_PORT = 8080;
/** The Services the shop exposes, bound to target groups by the Load Balancer Controller. */
export const ORIGIN_SERVICES = ["web", "api"] as const;

/** What a listener answers when no rule matches: a request without the right Host or auth header. */
export const DENY_ACTION = { type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" } } as const;

/**
 * The region's origin: an HTTPS-only ALB in the public subnets with one certificate for every
 * name an edge sends (origin-routes.ts), two listeners — 443 for Cloudflare and Fastly, forwarding
 * only requests that carry the origin-auth header and a known Host, and 8443 for Global
 * Accelerator (which cannot add a header) — each answering 403 to anything else; four security
 * groups sized to AWS's quotas (origin-access.ts: the CDNs on 443, the accelerator on 8443), an
 * AWS WAF web ACL with its request log (origin-waf.ts),
 * target groups Kubernetes Services join by TargetGroupBinding, the origin DNS record the CDNs
 * resolve, and this region's endpoint group of the accelerator.
 */
export class RegionalOrigin extends pulumi.ComponentResource {
    public readonly hostname: string;
    public readonly albArn: pulumi.Output<string>;
    public readonly albDnsName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    /** For CloudWatch dimensions: `app/<name>/<id>` and `targetgroup/<name>/<id>`. */
    public readonly albArnSuffix: pulumi.Output<string>;
    public readonly targetGroupArnSuffixes: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: RegionalOriginArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bibox:edge:RegionalOrigin", name, {}, opts);
        const parent = { parent: this };
        const cf = { parent: this, provider: args.providers.cloudflare };
        const hostname = originHost(args.region, args.domains.zone);
        const namespace = args.namespace ?? APP_NAMESPACE;

        // One certificate: the origin name and every Host/SNI an edge sends. Validation records:
        // this stack's own name here, the shared names once, by the owner (origin-routes.ts).
        const names = certificateNames(args.region, args.domains);
        const cert = new aws.acm.Certificate(`${name}-cert`, { ...names, validationMethod: "DNS", keyAlgorithm: "EC_prime256v1" }, parent);
        const validationOf = (domain: string) => cert.domainValidationOptions.apply((opts) => {
            const o = opts.find((x) => x.domainName === domain);
            if (!o) throw new Error(`ACM gave no validation record for ${domain}`);
            return { name: withoutTrailingDot(o.resourceRecordName!), type: o.resourceRecordType!, content: withoutTrailingDot(o.resourceRecordValue!) };
        });
        const allNames = [names.domainName, ...names.subjectAlternativeNames];
        const ownNames = args.role === "owner" ? [names.domainName, ...sharedCertificateNames(args.region, args.domains)] : [names.domainName];
        const validationRecords = ownNames.map((domain) => {
            const v = validationOf(domain);
            const suffix = domain === names.domainName ? "" : `-${hostLabel(domain)}`;
            return new cloudflare.DnsRecord(`${name}-cert-validation${suffix}`, {
                zoneId: args.cloudflareZoneId,
                name: v.name,
                type: v.type,
                content: v.content,
                ttl: 60,
                proxied: false,
                comment: domain === names.domainName ? `ACM validation of ${domain}` : `ACM validation of ${domain} (every region's certificate)`,
            }, cf);
        });
        const validated = new aws.acm.CertificateValidation(`${name}-cert`, {
            certificateArn: cert.arn,
            validationRecordFqdns: allNames.map((domain) => validationOf(domain).name),
        }, { parent: this, dependsOn: validationRecords });

        // Who may reach the origin: the CDNs on 443, the accelerator on 8443, nobody else — in
        // four groups, each within AWS's rules-per-group quota (origin-access.ts).
        const cloudflareRanges = cloudflare.getIpRangesOutput({}, { parent: this, provider: args.providers.cloudflare });
        const fastlyRanges = fastly.getFastlyIpRangesOutput({ parent: this, provider: args.providers.fastly });
        const cdnSg = new aws.ec2.SecurityGroup(`${name}-alb-sg`, {
            vpcId: args.vpcId,
            description: "Origin ALB: Cloudflare and Fastly on 443",
            ingress: pulumi.all([cloudflareRanges.ipv4Cidrs, fastlyRanges.cidrBlocks]).apply(([cf, fy]) => [...httpsFrom("Cloudflare", cf), ...httpsFrom("Fastly", fy)]),
            egress: [{ protocol: "tcp", fromPort: TARGET_PORT, toPort: TARGET_PORT, cidrBlocks: [args.vpcCidr], description: "To pods in the VPC" }],
            tags: { Name: regionalName(args.region, "origin") },
        }, parent);
        const acceleratorSgs = ACCELERATOR_AREAS.map((area) => new aws.ec2.SecurityGroup(`${name}-alb-sg-accelerator-${area.key}`, {
            vpcId: args.vpcId,
            description: `Origin ALB: Global Accelerator points of presence in ${area.description}, on ${ACCELERATOR_PORT}`,
            ingress: aws.getIpRangesOutput({ services: ["globalaccelerator"], regions: [...area.regions] }, parent).cidrBlocks
                .apply((cidrs) => httpsFrom(`Global Accelerator (${area.description})`, cidrs, ACCELERATOR_PORT)),
            egress: [],
            tags: { Name: regionalName(args.region, `origin-accelerator-${area.key}`) },
        }, parent));
        const alb = new aws.lb.LoadBalancer(`${name}-alb`, {
            name: regionPrefix(args.region).slice(0, 32),
            loadBalancerType: "application",
            internal: false,
            subnets: Object.values(args.publicSubnetIds),
            securityGroups: [cdnSg.id, ...acceleratorSgs.map((g) => g.id)],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: true,
            idleTimeout: 60,
        }, parent);
        // A WAF on every path that reaches the ALB, with its request log (origin-waf.ts).
        originWaf(name, { region: args.region, account: args.account, albArn: alb.arn }, this);

        const targetGroups = Object.fromEntries(ORIGIN_SERVICES.map((svc) => [svc, new aws.lb.TargetGroup(`${name}-${svc}`, {
            name: regionalName(args.region, svc).slice(0, 32),
            vpcId: args.vpcId,
            port: TARGET_PORT,
            protocol: "HTTP",
            targetType: "ip",
            deregistrationDelay: 30,
            healthCheck: { enabled: true, protocol: "HTTP", port: "traffic-port", ...TARGET_HEALTH },
        }, parent)])) as Record<(typeof ORIGIN_SERVICES)[number], aws.lb.TargetGroup>;

        // Two HTTPS listeners on the one certificate; anything no rule admits gets 403.
        const listener = (resourceName: string, port: number) => new aws.lb.Listener(resourceName, {
            loadBalancerArn: alb.arn,
            port,
            protocol: "HTTPS",
            sslPolicy: ORIGIN_TLS_POLICY,
            certificateArn: validated.certificateArn,
            defaultActions: [DENY_ACTION],
        }, parent);
        const listeners: Record<OriginListener, aws.lb.Listener> = {
            cdn: listener(`${name}-https`, ORIGIN_PORT),
            accelerator: listener(`${name}-accelerator-https`, ACCELERATOR_PORT),
        };
        // One rule per hostname: its Host and, from the CDNs, the secret header (a secret input:
        // "[secret]" in the plan) -> its own target group.
        const token = pulumi.secret(args.originAuthToken);
        for (const route of originRoutes(args.domains)) {
            new aws.lb.ListenerRule(`${name}-${routeKey(route)}`, {
                listenerArn: listeners[route.listener].arn,
                priority: route.priority,
                conditions: [
                    { hostHeader: { values: [route.host] } },
                    ...(route.pathPattern ? [{ pathPattern: { values: [route.pathPattern] } }] : []),
                    ...(route.requiresOriginAuth ? [{ httpHeader: { httpHeaderName: ORIGIN_AUTH_HEADER, values: [token] } }] : []),
                ],
                actions: [{ type: "forward", targetGroupArn: targetGroups[route.service].arn }],
                tags: { Name: `${route.host} via ${route.via}` },
            }, parent);
        }
        // No port 80 listener: every edge connects over HTTPS, and the security groups admit nothing else.

        for (const svc of ORIGIN_SERVICES) {
            new k8s.apiextensions.CustomResource(`${name}-${svc}-binding`, {
                apiVersion: "elbv2.k8s.aws/v1beta1",
                kind: "TargetGroupBinding",
                metadata: { name: svc, namespace },
                spec: {
                    serviceRef: { name: svc, port: TARGET_PORT },
                    targetGroupARN: targetGroups[svc].arn,
                    targetType: "ip",
                    networking: { ingress: [{ from: [{ securityGroup: { groupID: cdnSg.id } }], ports: [{ protocol: "TCP", port: TARGET_PORT }] }] },
                },
            }, { parent: this, provider: args.k8sProvider, dependsOn: args.bindingsDependOn });
        }

        new cloudflare.DnsRecord(`${name}-dns`, {
            zoneId: args.cloudflareZoneId,
            name: hostname,
            type: "CNAME",
            content: alb.dnsName,
            ttl: 60,
            proxied: false,
            comment: `Origin of ${args.region}: CDNs connect here`,
        }, cf);

        // For an ALB endpoint the accelerator ignores the group's own health-check settings and
        // follows the ALB's target health (failover.ts acceleratorFailover), so none are set here.
        new aws.globalaccelerator.EndpointGroup(`${name}-accelerator`, {
            listenerArn: args.acceleratorListenerArn,
            endpointGroupRegion: args.region,
            trafficDialPercentage: 100,
            // The accelerator listens on 443 and reaches the ALB on its header-less listener.
            portOverrides: [{ listenerPort: ORIGIN_PORT, endpointPort: ACCELERATOR_PORT }],
            // NAT, not client IP preservation: the ALB then sees the accelerator's own addresses,
            // which the accelerator security groups admit (with preservation it would see every
            // user's address, and drop them).
            endpointConfigurations: [{ endpointId: alb.arn, weight: 100, clientIpPreservationEnabled: false }],
        }, parent);

        this.hostname = hostname;
        this.albArn = alb.arn;
        this.albDnsName = alb.dnsName;
        this.securityGroupId = cdnSg.id;
        this.albArnSuffix = alb.arnSuffix;
        this.targetGroupArnSuffixes = Object.fromEntries(ORIGIN_SERVICES.map((svc) => [svc, targetGroups[svc].arnSuffix]));
        this.registerOutputs({ hostname, albDnsName: this.albDnsName });
    }
}
