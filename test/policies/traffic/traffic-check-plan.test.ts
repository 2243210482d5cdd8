/**
 * check-plan over the three stacks' plans together: the clean plans pass, and breaking one hop of
 * one hostname's path at a time makes check-plan exit 1 with the dead end named — the hop, the
 * resource where it lives, in that stack's plan.
 *
 * @module-tag slow (the whole pack over many plans: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPlan, checkPlans } from "../../../src/plan/check";
import { PlanResource, StackPlan } from "../../../src/plan/types";
import { change, Mutation, remove } from "../../helpers/mutate";
import { evaluate, runCli, STACKS } from "../../helpers/project";

const plans: Record<string, StackPlan> = {};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-traffic-"));

beforeAll(async () => {
    for (const stack of STACKS) {
        const e = await evaluate(stack);
        plans[stack] = { stack: e.stack, project: e.project, config: e.config, resources: e.resources, outputs: e.outputs, policy: { violations: [] } };
    }
});

/** The three plan files, `mutation` applied to `stack`'s resources. */
function write(label: string, stack?: string, mutation: Mutation = (rs) => rs): string[] {
    const sub = fs.mkdtempSync(path.join(dir, `${label.replace(/\W+/g, "-")}-`));
    return STACKS.map((s) => {
        const file = path.join(sub, `${s}.json`);
        const resources = s === stack ? mutation(structuredClone(plans[s].resources)) : plans[s].resources;
        fs.writeFileSync(file, JSON.stringify({ ...plans[s], resources }));
        return file;
    });
}

async function check(files: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await checkPlans(files, (l) => lines.push(l));
    return { code, lines };
}

const urnOf = (stack: string, type: string, name: string) => {
    const r = plans[stack].resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in ${stack}`);
    return r.urn;
};
type Expected = [message: string, stack: string, type: string, name: string];
const line = ([message, stack, type, name]: Expected) => `mandatory traffic-paths: ${message} [${urnOf(stack, type, name)}]`;

const CERT = "aws:acm/certificate:Certificate";
const DNS = "cloudflare:index/dnsRecord:DnsRecord";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const FASTLY = "fastly:index/serviceVcl:ServiceVcl";
const GROUP = "aws:globalaccelerator/endpointGroup:EndpointGroup";

describe("check-plan over the three clean plans", () => {
    it("exits 0: every hostname reaches its service in every region, and fails over in time", async () => {
        const { code, lines } = await check(write("clean"));
        expect(lines.filter((l) => !/^prod-\w+: 0 mandatory, 0 advisory/.test(l))).toEqual([]);
        expect(code).toBe(0);
    });

    it("refuses two plans of one stack", async () => {
        const [ap] = write("twice");
        const { code, lines } = await check([ap, ap]);
        expect(code).toBe(2);
        expect(lines).toEqual(["two plans of stack prod-ap: give check-plan one plan per stack"]);
    });
});

describe("check-plan after breaking one hop", () => {
    const cases: { label: string; stack: string; mutation: Mutation; lines: Expected[] }[] = [
        {
            label: "the origin DNS record of eu-west-1 removed",
            stack: "prod-eu",
            mutation: remove(DNS, "bibox-edge-origin-dns"),
            lines: [
                ["api.pleasure.tv via Cloudflare through eu-west-1: dead end at the origin DNS: no DNS record names origin-eu-west-1.pleasure.tv, the origin bibox-edge-cloudflare-pool-api-eu-west-1 sends to.", "prod-eu", ALB, "bibox-edge-origin-alb"],
                ["play.pleasure.tv via Fastly through eu-west-1: dead end at the origin DNS: no DNS record names origin-eu-west-1.pleasure.tv, the origin bibox-edge-fastly-service sends to.", "prod-eu", ALB, "bibox-edge-origin-alb"],
            ],
        },
        {
            label: "the DNS record of play removed",
            stack: "prod-us",
            mutation: remove(DNS, "bibox-edge-fastly-dns"),
            lines: [["play.pleasure.tv via Fastly: dead end at the DNS: no DNS record sends users of play.pleasure.tv to Fastly.", "prod-us", FASTLY, "bibox-edge-fastly-service"]],
        },
        {
            label: "a pool's Host override changed to the origin name",
            stack: "prod-us",
            mutation: change(POOL, "bibox-edge-cloudflare-pool-api-eu-west-1", (r) => {
                (r.inputs.origins as { header: { hosts: string[] } }[])[0].header.hosts = ["origin-eu-west-1.pleasure.tv"];
            }),
            lines: [
                [
                    "api.pleasure.tv via Cloudflare through eu-west-1: dead end at the listener rule: no rule of listener bibox-edge-origin-https (443) matches Host origin-eu-west-1.pleasure.tv with X-Bibox-Origin-Auth, as pool bibox-api-eu-west-1 sends it: listener bibox-edge-origin-https's default action answers 403.",
                    "prod-eu", LISTENER, "bibox-edge-origin-https",
                ],
                [
                    "api.pleasure.tv via Cloudflare through eu-west-1: dead end at the listener rule: no rule of listener bibox-edge-origin-https (443) matches Host origin-eu-west-1.pleasure.tv with X-Bibox-Origin-Auth, as pool bibox-api-eu-west-1 sends it: listener bibox-edge-origin-https's default action answers 403.",
                    "prod-us", POOL, "bibox-edge-cloudflare-pool-api-eu-west-1",
                ],
            ],
        },
        {
            label: "a certificate name dropped",
            stack: "prod-ap",
            mutation: change(CERT, "bibox-edge-origin-cert", (r) => {
                r.inputs.subjectAlternativeNames = (r.inputs.subjectAlternativeNames as string[]).filter((n) => n !== "www.pleasure.tv");
            }),
            lines: [
                [
                    "www.pleasure.tv via Cloudflare through ap-northeast-1: dead end at the TLS certificate: certificate bibox-edge-origin-cert of listener bibox-edge-origin-https names origin-ap-northeast-1.pleasure.tv, api.pleasure.tv, play.pleasure.tv, direct.pleasure.tv, not www.pleasure.tv (the SNI pool bibox-web-ap-northeast-1 sends).",
                    "prod-ap", CERT, "bibox-edge-origin-cert",
                ],
            ],
        },
        {
            label: "the security group closed to Cloudflare",
            stack: "prod-ap",
            mutation: change(SG, "bibox-edge-origin-alb-sg", (r) => {
                r.inputs.ingress = (r.inputs.ingress as { description: string }[]).filter((i) => i.description !== "HTTPS from Cloudflare");
            }),
            lines: [
                [
                    "api.pleasure.tv via Cloudflare through ap-northeast-1: dead end at the security group: no security group of ALB bibox-edge-origin-alb (bibox-edge-origin-alb-sg, bibox-edge-origin-alb-sg-accelerator-americas, bibox-edge-origin-alb-sg-accelerator-emea, bibox-edge-origin-alb-sg-accelerator-apac) admits Cloudflare's published ranges on 443 (15 of 15 prefixes not admitted, e.g. 173.245.48.0/20).",
                    "prod-ap", SG, "bibox-edge-origin-alb-sg",
                ],
            ],
        },
        {
            label: "client IP preservation turned on: the ALB sees users, not the accelerator",
            stack: "prod-eu",
            mutation: change(GROUP, "bibox-edge-origin-accelerator", (r) => {
                (r.inputs.endpointConfigurations as { clientIpPreservationEnabled: boolean }[])[0].clientIpPreservationEnabled = true;
            }),
            lines: [
                [
                    "direct.pleasure.tv via Global Accelerator through eu-west-1: dead end at the security group: no security group of ALB bibox-edge-origin-alb (bibox-edge-origin-alb-sg, bibox-edge-origin-alb-sg-accelerator-americas, bibox-edge-origin-alb-sg-accelerator-emea, bibox-edge-origin-alb-sg-accelerator-apac) admits every user's own address (client IP preservation on) on 8443.",
                    "prod-eu", SG, "bibox-edge-origin-alb-sg",
                ],
            ],
        },
        {
            label: "a listener rule removed",
            stack: "prod-eu",
            mutation: remove(RULE, "bibox-edge-origin-api"),
            lines: [
                [
                    "api.pleasure.tv via Cloudflare through eu-west-1: dead end at the listener rule: no rule of listener bibox-edge-origin-https (443) matches Host api.pleasure.tv with X-Bibox-Origin-Auth, as pool bibox-api-eu-west-1 sends it: listener bibox-edge-origin-https's default action answers 403.",
                    "prod-eu", LISTENER, "bibox-edge-origin-https",
                ],
            ],
        },
        {
            label: "the Fastly health-check rule removed",
            stack: "prod-us",
            mutation: remove(RULE, "bibox-edge-origin-play-health"),
            lines: [
                [
                    "play.pleasure.tv via Fastly through us-east-1: dead end at the health check: health check hc_us_east_1 (HEAD /healthz, Host play.pleasure.tv) of backend origin_us_east_1 does not check what users reach: no rule of listener bibox-edge-origin-https (443) matches Host play.pleasure.tv /healthz without headers, as health check hc_us_east_1 sends it: listener bibox-edge-origin-https's default action answers 403.",
                    "prod-us", FASTLY, "bibox-edge-fastly-service",
                ],
            ],
        },
        {
            label: "the namespace denied: the load balancers' allow policy removed",
            stack: "prod-ap",
            mutation: remove(NP, "bibox-eks-baseline-shop-allow-load-balancers"),
            lines: [
                [
                    "www.pleasure.tv via Cloudflare through ap-northeast-1: dead end at the NetworkPolicy: the NetworkPolicies of namespace shop (default-deny) isolate Service web's pods and admit none of ALB subnets 10.30.192.0/21, 10.30.200.0/21, 10.30.208.0/21 on 8080.",
                    "prod-ap", NP, "bibox-eks-baseline-shop-default-deny",
                ],
            ],
        },
        {
            label: "the namespace denied: the allow policy on the wrong port",
            stack: "prod-eu",
            mutation: change(NP, "bibox-eks-baseline-shop-allow-load-balancers", (r) => {
                (r.inputs.spec as { ingress: { ports: { port: number }[] }[] }).ingress[0].ports[0].port = 9090;
            }),
            lines: [
                [
                    "api.pleasure.tv via Cloudflare through eu-west-1: dead end at the NetworkPolicy: the NetworkPolicies of namespace shop (default-deny, allow-from-load-balancers) isolate Service api's pods and admit none of ALB subnets 10.20.192.0/21, 10.20.200.0/21, 10.20.208.0/21 on 8080.",
                    "prod-eu", NP, "bibox-eks-baseline-shop-allow-load-balancers",
                ],
            ],
        },
        {
            label: "the origin-auth transform removed",
            stack: "prod-us",
            mutation: remove("cloudflare:index/ruleset:Ruleset", "bibox-edge-cloudflare-origin-auth"),
            lines: [
                [
                    "www.pleasure.tv via Cloudflare through eu-west-1: dead end at the listener rule: no rule of listener bibox-edge-origin-https (443) matches Host www.pleasure.tv without headers, as pool bibox-web-eu-west-1 sends it: listener bibox-edge-origin-https's default action answers 403.",
                    "prod-us", POOL, "bibox-edge-cloudflare-pool-web-eu-west-1",
                ],
                [
                    "www.pleasure.tv via Cloudflare through us-east-1: dead end at the listener rule: no rule of listener bibox-edge-origin-https (443) matches Host www.pleasure.tv without headers, as pool bibox-web-us-east-1 sends it: listener bibox-edge-origin-https's default action answers 403.",
                    "prod-us", LISTENER, "bibox-edge-origin-https",
                ],
            ],
        },
    ];

    it.each(cases)("$label: exit 1, naming the hop and the resource", async ({ label, stack, mutation, lines: expected }) => {
        const { code, lines } = await check(write(label, stack, mutation));
        expect(code).toBe(1);
        for (const l of expected) expect(lines, lines.join("\n")).toContain(line(l));
        // Nothing else breaks: every mandatory finding is the traffic-path check's.
        expect(lines.filter((l) => l.startsWith("mandatory ") && !l.startsWith("mandatory traffic-paths:"))).toEqual([]);
    });

    it("puts each finding into the plan of the stack where its hop lives", async () => {
        const { lines } = await check(write("placement", "prod-ap", cases[4].mutation));
        const summaries = lines.filter((l) => /^prod-\w+: \d+ mandatory/.test(l));
        expect(summaries).toEqual([
            expect.stringMatching(/^prod-ap: [1-9]\d* mandatory, 0 advisory/),
            "prod-eu: 0 mandatory, 0 advisory violation(s) in " + plans["prod-eu"].resources.length + " resources",
            "prod-us: 0 mandatory, 0 advisory violation(s) in " + plans["prod-us"].resources.length + " resources",
        ]);
    });
});

describe("one plan alone", () => {
    it("judges only its own hops: a member's broken hop is not the owner's violation", async () => {
        const files = write("alone", "prod-eu", remove(RULE, "bibox-edge-origin-api"));
        const owner: string[] = [];
        expect(await checkPlan(files[2], (l) => owner.push(l))).toBe(0);
        const member: string[] = [];
        expect(await checkPlan(files[1], (l) => member.push(l))).toBe(1);
        expect(member).toContain(
            line([
                "api.pleasure.tv via Cloudflare through eu-west-1: dead end at the listener rule: no rule of listener bibox-edge-origin-https (443) matches Host api.pleasure.tv without headers: listener bibox-edge-origin-https's default action answers 403.",
                "prod-eu", LISTENER, "bibox-edge-origin-https",
            ]),
        );
    });
});

describe("the CLI with several plans", { tags: ["slow"] }, () => {
    it("npm run check-plan -- plan/<each>.json exits 1 and names the dead end", async () => {
        const files = write("cli", "prod-eu", remove(RULE, "bibox-edge-origin-api"));
        const { status: code, stdout } = await runCli("check-plan", files);
        expect(code).toBe(1);
        expect(stdout).toContain("mandatory traffic-paths: api.pleasure.tv via Cloudflare through eu-west-1: dead end at the listener rule:");
    }, 60_000);
});

export type { PlanResource };
