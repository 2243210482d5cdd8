/** The pack as Pulumi runs it: its metadata, its files, and its start under Pulumi's own runner. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { builtByFactory } from "../../policies/define";
import { policies } from "../../policies/rules";
import { ROOT } from "../helpers/project";

const PACK = path.join(ROOT, "policies");
/** The area folders of policies/ (every directory there). */
const AREAS = fs.readdirSync(PACK, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== "node_modules").map((e) => e.name).sort();

describe("the policy pack", () => {
    it.each(policies.map((p) => [p.name, p] as const))("%s states its description, severity, remediation and enforcement", (_name, p) => {
        expect(p.description.length).toBeGreaterThan(20);
        expect(["low", "medium", "high", "critical"]).toContain(p.severity);
        expect(p.remediationSteps?.length).toBeGreaterThan(10);
        expect(["mandatory", "advisory"]).toContain(p.enforcementLevel);
    });

    it("has unique rule names, recovery and encryption mandatory", () => {
        expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
        for (const p of policies.filter((p) => p.name.startsWith("recovery-") || p.name.endsWith("-encrypted"))) expect(p.enforcementLevel, p.name).toBe("mandatory");
    });

    it.each(policies.map((p) => [p.name, p] as const))("%s is built by the pack's factory (policies/define.ts resourceRule or stackRule)", (_name, p) => {
        // The factory is what makes a rule honest about unknowns and fail closed on errors; a
        // hand-written policy object, or a copy of a built one, is not built by it.
        expect(builtByFactory(p)).toBe(true);
    });

    it("a copy of a built rule, or a hand-written one, is not marked as built by the factory", () => {
        const [built] = policies;
        expect(builtByFactory({ ...built })).toBe(false);
        expect(builtByFactory({ name: "hand-written", validateStack: () => {} })).toBe(false);
    });

    it("keeps one rule per file, grouped by area", async () => {
        const isRule = (v: unknown) => typeof v === "object" && v !== null && "name" in v && ("validateResource" in v || "validateStack" in v);
        const ruleFiles: string[] = [];
        for (const area of AREAS) {
            for (const file of fs.readdirSync(path.join(PACK, area)).filter((f) => f.endsWith(".ts"))) {
                const exported = Object.values(await import(path.join(PACK, area, file)));
                const rules = exported.filter(isRule);
                expect(rules.length, `${area}/${file}`).toBeLessThanOrEqual(1);
                for (const rule of rules) expect(builtByFactory(rule), `${area}/${file} is built by resourceRule or stackRule`).toBe(true);
                if (rules.length === 1) ruleFiles.push(`${area}/${file}`);
            }
        }
        // Every rule of the pack lives in an area folder, alone in its file.
        expect(ruleFiles.length).toBe(policies.length);
    });

    it("has its own package.json and tsconfig and resolves the one @pulumi/pulumi of the repository", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
        // The pack names what it needs at run time, at the root's exact versions (@pulumi/policy and
        // @pulumi/pulumi included, so a published pack installs on its own: test/policies/policy-pack-independence.test.ts);
        // a local run installs nothing and resolves them from the root.
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        for (const [name, version] of Object.entries(pkg.dependencies ?? {})) expect(version, name).toBe(root.dependencies[name]);
        expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(["@pulumi/policy", "@pulumi/pulumi"]));
        expect(fs.existsSync(path.join(PACK, "node_modules"))).toBe(false);
        expect(require.resolve("@pulumi/pulumi", { paths: [PACK] })).toBe(require.resolve("@pulumi/pulumi", { paths: [ROOT] }));
        expect(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
        expect(JSON.parse(fs.readFileSync(path.join(PACK, "tsconfig.json"), "utf8")).extends).toBe("../tsconfig.json");
    });

    it("starts under @pulumi/pulumi's policy-pack runner, as `pulumi preview --policy-pack policies` starts it", { tags: ["slow"], timeout: 90_000 }, async () => {
        // The runner compiles policies/index.ts with ts-node, constructs the PolicyPack and
        // prints the port of its analyzer server; the engine address is not dialled until used.
        const runner = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
        const child = spawn(process.execPath, [runner, "127.0.0.1:1", PACK], { cwd: PACK });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        const port = await new Promise<string>((resolve, reject) => {
            const timer = setInterval(() => {
                const m = /^(\d+)\s*$/m.exec(stdout);
                if (m) {
                    clearInterval(timer);
                    resolve(m[1]);
                }
            }, 200);
            child.on("exit", (code) => {
                clearInterval(timer);
                reject(new Error(`the pack exited with ${code} before serving: ${stderr}`));
            });
        });
        child.kill();
        expect(Number(port)).toBeGreaterThan(0);
    });
});
