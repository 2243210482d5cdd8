/**
 * plan/<stack>.md: the traffic-path table (every hostname for the owner, a member's own region),
 * and the edge facts: the origin's listeners and which failover paths the objective binds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { componentFacts, failoverVerdict } from "../../../src/plan/facts";
import { renderSummary } from "../../../src/plan/summary";
import { mergeTraffic, trafficOf } from "../../../src/plan/traffic";
import { policies } from "../../../policies/rules";
import { StackPlan } from "../../../src/plan/types";
import { evaluate, STACKS } from "../../helpers/project";

const plans: Record<string, StackPlan> = {};
let md: Record<string, string> = {};

beforeAll(async () => {
    for (const s of STACKS) {
        const e = await evaluate(s);
        plans[s] = { stack: e.stack, project: e.project, config: e.config, resources: e.resources, outputs: e.outputs, policy: { violations: [] } };
    }
    const views = STACKS.map((s) => ({ stack: s, resources: plans[s].resources, violations: [] }));
    await mergeTraffic(views, policies);
    const union = trafficOf(views.flatMap((v) => v.resources));
    md = Object.fromEntries(STACKS.map((s) => [s, renderSummary(plans[s], [], union)]));
});

const tableRows = (text: string) => {
    const from = text.indexOf("## Traffic paths");
    return text.slice(from, text.indexOf("\n## ", from + 1)).split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Hostname") && !l.startsWith("| ---"));
};

describe("the traffic-path table", () => {
    it("the owner's shows every hostname in every region reaching its service, and within the objective after a region is lost", () => {
        const rows = tableRows(md["prod-us"]);
        expect(rows.map((r) => r.split(" | ").slice(0, 2).join(" ").slice(2))).toEqual(
            ["api.pleasure.tv Cloudflare", "direct.pleasure.tv Global Accelerator", "play.pleasure.tv Fastly", "video.pleasure.tv Akamai", "www.pleasure.tv Cloudflare"].flatMap((h) => [h, h, h]),
        );
        for (const r of rows) expect(r, r).toMatch(/\| ✅ (within 30 s|arrives; failover reported \(not bound by the objective\)) \|$/);
        expect(md["prod-us"]).toContain("| Hostname | Vendor | Path | Healthy | When this region is lost | Failover time | Verdict |");
        expect(rows).toContain(
            "| play.pleasure.tv | Fastly | CNAME t.sni.global.fastly.net → backend origin_eu_west_1 → origin-eu-west-1.pleasure.tv → ALB :443 → TLS origin-eu-west-1.pleasure.tv → rule 30 → TG bibox-eu-west-1-api → binding → NetworkPolicy → shop/api → health check ✓ | ✅ shop/api (eu-west-1) | AF, EU → us-east-1 ✅ | 7 s: check every 2 s × 3 failures (window 5, threshold 3) + timeout 1 s | ✅ within 30 s |",
        );
    });

    it("a member's shows the rows through its own region", () => {
        const rows = tableRows(md["prod-ap"]);
        expect(rows).toHaveLength(5);
        for (const r of rows) expect(r).toContain("(ap-northeast-1)");
    });

    it("a plan rendered alone follows what it holds; another region's hops are in that stack's plan", () => {
        const alone = renderSummary(plans["prod-us"], [], trafficOf(plans["prod-us"].resources));
        expect(tableRows(alone).filter((r) => r.includes("↪ in the eu-west-1 stack's plan |"))).toHaveLength(5);
    });
});

describe("the edge facts", () => {
    const edge = (stack: string) => componentFacts(plans[stack].resources, plans[stack].config).find((c) => c.component.type === "bibox:edge:EdgeLayer")!.facts;

    it("names the origin's HTTPS listeners, CDNs' and accelerator's, and no HTTP one", () => {
        expect(edge("prod-eu")[0]).toBe(
            "- Origin `origin-eu-west-1.pleasure.tv`: ALB HTTPS 443 (CDNs), 8443 (accelerator), no HTTP listener, ELBSecurityPolicy-TLS13-1-2-Res-2021-06; admits Cloudflare, Fastly and Global Accelerator ranges only",
        );
    });

    it("shows the accelerator's failover as reported, the others as binding", () => {
        const rows = edge("prod-us").filter((l) => l.startsWith("| ") && !l.startsWith("| Failover") && !l.startsWith("| ---"));
        expect(rows.map((r) => r.split(" | ").pop())).toEqual(["✅ binding, fits |", "✅ binding, fits |", "✅ binding, fits |", "reported (not bound) |", "✅ binding, fits |"]);
        expect(failoverVerdict({ fits: false, binding: true })).toBe("❌ binding, misses");
        expect(failoverVerdict({ fits: false, binding: false })).toBe("reported (not bound)");
    });
});
