/**
 * The traffic-path model (policies/traffic/): its pure parts against the vendors' documented
 * behaviour, table-driven; its tables against the recorded facts the offline plan answers from;
 * and the repository's three plans, alone and together.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { covers, ranges, uncovered } from "../../../policies/traffic/cidr";
import { hostExpression } from "../../../policies/traffic/cloudflare";
import { chooseBackend } from "../../../policies/traffic/fastly";
import { s3Endpoint } from "../../../policies/traffic/akamai";
import { trafficReport, TrafficReport } from "../../../policies/traffic/model";
import { certCovers, wildcard } from "../../../policies/traffic/origin";
import { R } from "../../../policies/traffic/resources";
import { ACCELERATOR_POP_IPV4, acceleratorSources, CLOUDFLARE_IPV4, FASTLY_IPV4 } from "../../../policies/traffic/sources";
import { evaluate as vclEvaluate, parseVcl, run } from "../../../policies/traffic/vcl";
import { GLOBALACCELERATOR } from "../../../src/plan/fixtures/aws-ip-ranges-globalaccelerator";
import { CLOUDFLARE_IPS, FASTLY_PUBLIC_IP_LIST } from "../../../src/plan/fixtures/cdn-ranges";
import { policies } from "../../../policies/rules";
import { runPolicies } from "../../../src/plan/policy-runner";
import { PlanResource } from "../../../src/plan/types";
import { evaluate, STACKS } from "../../helpers/project";

const graph = (rs: PlanResource[]): R[] => rs.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, dependencies: r.dependencies }));
const REGIONS = ["ap-northeast-1", "eu-west-1", "us-east-1"];
const HOSTS = ["api.pleasure.tv", "direct.pleasure.tv", "play.pleasure.tv", "video.pleasure.tv", "www.pleasure.tv"];

describe("IPv4 prefixes", () => {
    it.each([
        [["10.0.0.0/16"], "10.0.4.0/24", true],
        [["10.0.0.0/24", "10.0.1.0/24"], "10.0.0.0/23", true],
        [["10.0.0.0/24"], "10.0.0.0/23", false],
        [["0.0.0.0/0"], "203.0.113.7/32", true],
        [["2606:4700::/32"], "10.0.0.0/8", false],
    ])("%j covers %s: %s", (admitted, cidr, expected) => {
        expect(covers(ranges(admitted), cidr)).toBe(expected);
    });

    it("lists what is not admitted", () => {
        expect(uncovered(["104.16.0.0/13"], ["104.16.0.0/13", "104.24.0.0/14"])).toEqual(["104.24.0.0/14"]);
    });
});

describe("ALB conditions and certificate names", () => {
    it.each([
        ["api.pleasure.tv", "API.pleasure.tv", true, true],
        ["*.pleasure.tv", "www.pleasure.tv", true, true],
        ["/healthz", "/healthz", false, true],
        ["/healthz", "/HEALTHZ", false, false],
        ["/shop/*", "/shop/drops/1", false, true],
        ["play.pleasure.t?", "play.pleasure.tv", true, true],
    ])("pattern %s against %s (case-insensitive %s): %s", (pattern, value, ci, expected) => {
        expect(wildcard(pattern, value, ci)).toBe(expected);
    });

    it.each([
        ["api.pleasure.tv", "api.pleasure.tv", true],
        ["*.pleasure.tv", "api.pleasure.tv", true],
        ["*.pleasure.tv", "a.b.pleasure.tv", false],
        ["*.pleasure.tv", "pleasure.tv", false],
        ["origin-us-east-1.pleasure.tv", "api.pleasure.tv", false],
    ])("certificate name %s covers %s: %s", (name, host, expected) => {
        expect(certCovers(name, host)).toBe(expected);
    });
});

describe("Cloudflare expressions over http.host", () => {
    it.each([
        ['http.host in {"api.pleasure.tv" "www.pleasure.tv"}', "api.pleasure.tv", true],
        ['http.host in {"api.pleasure.tv" "www.pleasure.tv"}', "play.pleasure.tv", false],
        ['http.host eq "www.pleasure.tv"', "www.pleasure.tv", true],
        ['http.host ne "www.pleasure.tv" and starts_with(http.request.uri.path, "/shop/drops")', "api.pleasure.tv", undefined],
        ['http.host ne "www.pleasure.tv" and starts_with(http.request.uri.path, "/shop/drops")', "www.pleasure.tv", false],
        ["true", "x", true],
        ['not (http.host eq "a")', "b", true],
    ])("%s for %s: %s", (expr, host, expected) => {
        expect(hostExpression(expr, host)).toBe(expected);
    });
});

describe("Fastly's backend choice", () => {
    it("follows nested if/else and the backends' REQUEST conditions", () => {
        const env = { continent: "EU", healthy: (b: string) => b !== "F_eu", headers: new Map<string, string>() };
        run(parseVcl('set req.http.C = client.geo.continent_code;\nif (req.http.C == "EU") {\n  if (backend.F_eu.healthy) { set req.http.R = "eu"; } else if (backend.F_us.healthy) { set req.http.R = "us"; } else { set req.http.R = "eu"; }\n} else { set req.http.R = "us"; }'), env);
        expect(env.headers.get("r")).toBe("us");
        expect(vclEvaluate('req.http.R == "us" && !(req.http.C != "EU")', env)).toBe(true);
        expect(vclEvaluate('req.url.ext ~ "m3u8"', env)).toBeUndefined();
    });

    it("a service without conditions sends everyone to its default backend", () => {
        const service = { type: "fastly:index/serviceVcl:ServiceVcl", name: "s", urn: "u", dependencies: [], props: { backends: [{ name: "a", address: "x" }] } } as R;
        expect(chooseBackend(service, "EU", new Set())?.name).toBe("a");
    });
});

describe("S3 endpoints", () => {
    it.each([
        ["bibox-media-eu-west-1-123456789012.s3.eu-west-1.amazonaws.com", { bucket: "bibox-media-eu-west-1-123456789012", region: "eu-west-1" }],
        ["media.s3-ap-northeast-1.amazonaws.com", { bucket: "media", region: "ap-northeast-1" }],
        ["media.s3.amazonaws.com", { bucket: "media", region: "us-east-1" }],
        ["origin-us-east-1.pleasure.tv", undefined],
    ])("%s", (host, expected) => {
        expect(s3Endpoint(host)).toEqual(expected);
    });
});

describe("the sources the ALB sees, held to the recorded copies the plan answers from", () => {
    it("Cloudflare and Fastly: their published IPv4 lists", () => {
        expect(CLOUDFLARE_IPV4).toEqual(CLOUDFLARE_IPS.ipv4Cidrs);
        expect(FASTLY_IPV4).toEqual(FASTLY_PUBLIC_IP_LIST.addresses);
    });

    it("Global Accelerator: every point of presence (not the GLOBAL anycast prefixes); the user's own address with preservation on", () => {
        const { GLOBAL, ...pops } = GLOBALACCELERATOR.ipv4;
        expect(ACCELERATOR_POP_IPV4).toEqual(pops);
        expect(Object.values(ACCELERATOR_POP_IPV4).flat()).toHaveLength(86);
        expect(Object.values(ACCELERATOR_POP_IPV4).flat().some((c) => GLOBAL.includes(c))).toBe(false);
        expect(acceleratorSources(true).cidrs).toBe("any");
    });
});

describe("the design table", () => {
    /** The problems of prod-eu's plan alone after `edit` (its rows are the names its origin expects). */
    const problemsAfter = async (edit: (rs: PlanResource[]) => void) => {
        const rs = structuredClone((await evaluate("prod-eu")).resources);
        edit(rs);
        return trafficReport(graph(rs), 30).problems.map((p) => ({ at: p.urn?.split("::").pop(), message: p.message }));
    };
    const rule = (rs: PlanResource[], name: string) => rs.find((r) => r.type === "aws:lb/listenerRule:ListenerRule" && r.name === name)!;

    it("holds each name to the service the design sends it to: www forwarded to the API is a dead end at the rule that sent it", async () => {
        const problems = await problemsAfter((rs) => {
            const [forward] = rule(rs, "bibox-edge-origin-www").inputs.actions as { targetGroupArn: string }[];
            forward.targetGroupArn = forward.targetGroupArn.replace(/-web$/, "-api");
        });
        expect(problems).toEqual([
            {
                at: "bibox-edge-origin-www",
                message: "www.pleasure.tv via Cloudflare through eu-west-1: dead end at the service: www.pleasure.tv arrives at Service shop/api, the design sends it to Service web (the web shop, behind Cloudflare's WAF and bot management).",
            },
        ]);
    });

    it("refuses a public name the design states no purpose for", async () => {
        const problems = await problemsAfter((rs) => {
            (rule(rs, "bibox-edge-origin-direct").inputs.conditions as { hostHeader: { values: string[] } }[])[0].hostHeader.values = ["shop.pleasure.tv"];
        });
        expect(problems.map((p) => p.message)).toContain("shop.pleasure.tv via Cloudflare through eu-west-1: dead end at the intent: shop.pleasure.tv has no intended service in the pack's design table (policies/traffic/intent.ts).");
    });
});

describe("the repository's plans together", () => {
    let union: TrafficReport;
    const stacks: Record<string, PlanResource[]> = {};
    beforeAll(async () => {
        for (const s of STACKS) stacks[s] = (await evaluate(s)).resources;
        union = trafficReport(graph(STACKS.flatMap((s) => stacks[s])), 30);
    });

    it("follow every hostname through every region", () => {
        expect(union.rows.map((r) => `${r.hostname} ${r.region}`)).toEqual(HOSTS.flatMap((h) => REGIONS.map((r) => `${h} ${r}`)));
        expect(union.problems).toEqual([]);
    });

    it.each(HOSTS)("%s arrives at its intended service in every region", (host) => {
        const expected: Record<string, string> = {
            "api.pleasure.tv": "Cloudflare shop/api",
            "www.pleasure.tv": "Cloudflare shop/web",
            "play.pleasure.tv": "Fastly shop/api",
            "direct.pleasure.tv": "Global Accelerator shop/api",
        };
        for (const r of union.rows.filter((x) => x.hostname === host)) {
            expect(r.path.outcome, `${host} ${r.region}`).toEqual({ status: "arrives", at: host === "video.pleasure.tv" ? `s3://bibox-media-${r.region}-123456789012` : expected[host].split(" ").pop() });
            expect(`${r.vendor} `).toBe(host === "video.pleasure.tv" ? "Akamai " : `${expected[host].split(" ").slice(0, -1).join(" ")} `);
        }
    });

    it("after the loss of any one region, every binding path arrives elsewhere within the 30 s objective", () => {
        const failovers = union.rows.map((r) => ({ row: `${r.hostname} ${r.region}`, f: r.failover! }));
        for (const { row, f } of failovers) {
            expect(f, row).toBeDefined();
            expect(f.none, row).toBeUndefined();
            expect(f.to.length, row).toBeGreaterThan(0);
            for (const t of f.to) expect([t.region !== row.split(" ")[1], t.outcome.status], row).toEqual([true, "arrives"]);
            if (f.binding) expect(f.detectionSeconds, row).toBeLessThanOrEqual(30);
        }
        const times = Object.fromEntries(union.rows.filter((r) => r.region === "us-east-1").map((r) => [r.hostname, [r.failover!.detectionSeconds, r.failover!.binding]]));
        expect(times).toEqual({
            "api.pleasure.tv": [24, true],
            "www.pleasure.tv": [24, true],
            "play.pleasure.tv": [7, true],
            "video.pleasure.tv": [5, true],
            "direct.pleasure.tv": [44, false],
        });
    });

    it("names the next region by each vendor's order: Cloudflare's area lists, Fastly's continents, Akamai's recovery rule", () => {
        const to = (host: string, region: string) => union.rows.find((r) => r.hostname === host && r.region === region)!.failover!;
        expect(to("play.pleasure.tv", "eu-west-1")).toMatchObject({ who: ["AF", "EU"], to: [{ region: "us-east-1" }] });
        expect(to("video.pleasure.tv", "ap-northeast-1")).toMatchObject({ who: ["AS, OC"], to: [{ region: "eu-west-1" }] });
        expect(to("www.pleasure.tv", "us-east-1").who).toEqual(["ENAM", "NSAM", "SSAM", "WNAM", "default pools"]);
    });

    it("goes through each hop the design names", () => {
        const api = union.rows.find((r) => r.hostname === "api.pleasure.tv" && r.region === "eu-west-1")!;
        expect(api.path.hops.map((h) => h.kind)).toEqual([
            "DNS", "edge", "origin DNS", "security group", "TLS certificate", "listener rule", "target group", "TargetGroupBinding", "NetworkPolicy", "service", "health check",
        ]);
        expect(api.path.hops[1].text).toBe("pool bibox-api-eu-west-1 → origin-eu-west-1.pleasure.tv:443, Host and SNI api.pleasure.tv");
        const direct = union.rows.find((r) => r.hostname === "direct.pleasure.tv" && r.region === "ap-northeast-1")!;
        expect(direct.path.hops[1].text).toBe("endpoint group ap-northeast-1 (prod-ap) → ALB bibox-ap-northeast-1:8443 (port override 443 → 8443), client IP preservation off");
    });

    it("is quick: the union of the three plans, indexed once, is followed in well under two seconds", () => {
        const all = graph(STACKS.flatMap((s) => stacks[s]));
        const started = performance.now();
        trafficReport(all, 30);
        expect(performance.now() - started).toBeLessThan(2000);
    });
});

describe("one stack's plan alone", () => {
    it("the owner follows its edges; hops in another region's origin are in that stack's plan", async () => {
        const owner = trafficReport(graph((await evaluate("prod-us")).resources), 30);
        expect(owner.problems).toEqual([]);
        const eu = owner.rows.find((r) => r.hostname === "api.pleasure.tv" && r.region === "eu-west-1")!;
        expect(eu.path.outcome).toEqual({ status: "elsewhere", where: "in the eu-west-1 stack's plan", kind: "origin DNS" });
        expect(owner.rows.filter((r) => r.region === "us-east-1").map((r) => r.path.outcome.status)).toEqual(HOSTS.map(() => "arrives"));
    });

    it("a member follows the names its origin expects, as their edges send them", async () => {
        const member = trafficReport(graph((await evaluate("prod-eu")).resources), 30);
        expect(member.problems).toEqual([]);
        expect(member.rows.map((r) => `${r.hostname} ${r.vendor} ${r.region} ${r.path.outcome.status}`)).toEqual([
            "api.pleasure.tv Cloudflare eu-west-1 arrives",
            "direct.pleasure.tv Global Accelerator eu-west-1 arrives",
            "play.pleasure.tv Fastly eu-west-1 arrives",
            "www.pleasure.tv Cloudflare eu-west-1 arrives",
        ]);
        expect(member.rows[0].path.hops[0].text).toBe("Cloudflare: in stack prod-us's plan");
    });
});

describe("values unknown during preview", () => {
    const traffic = policies.filter((p) => p.name === "traffic-paths");

    it("on a hop: 'cannot verify during preview', never a pass", async () => {
        const rs = structuredClone((await evaluate("prod-eu")).resources);
        const rule = rs.find((r) => r.type === "aws:lb/listenerRule:ListenerRule" && r.name === "bibox-edge-origin-api")!;
        (rule.inputs.conditions as { hostHeader: { values: string[] } }[])[0].hostHeader.values[0] = "[unknown]";
        // The listener's rules are matched in priority order, so every name routed through it waits on the unknown.
        expect(await runPolicies(rs, traffic)).toEqual([
            { policy: "traffic-paths", level: "advisory", message: expect.stringMatching(/^cannot verify bibox-edge-origin-api \(string value at \.conditions\.0\.hostHeader\.values\.0 can't be known during preview\)/) },
        ]);
    });

    it("elsewhere (a name only the index reads): no finding", async () => {
        const rs = structuredClone((await evaluate("prod-eu")).resources);
        rs.find((r) => r.type === "aws:sqs/queue:Queue")!.inputs.name = "[unknown]";
        expect(await runPolicies(rs, traffic)).toEqual([]);
    });
});
