/**
 * The pack is an independent judge that can be published on its own (issue #12 item 2):
 * - policies/package.json names every package the pack loads, at the exact version the root
 *   lockfile installs. `pulumi policy publish` ships the directory and the CLI runs `npm install`
 *   in it when the pack is enforced, so the pack's own package.json is all it gets. A local run
 *   (`pulumi preview --policy-pack policies`) installs nothing: the engine loads the analyzer from
 *   the directory as it is (pulumi/pulumi pkg/engine/update.go installAndLoadPolicyPlugins, local
 *   packs go straight to Host.PolicyAnalyzer), and the Node.js host resolves
 *   `@pulumi/pulumi/cmd/run-policy-pack` from the pack's directory (sdk/nodejs/cmd/pulumi-language-nodejs
 *   RunPlugin, kind analyzer) — that is, from the root's node_modules. The names are regular
 *   dependencies, as Pulumi's own policy templates have them (pulumi/templates-policy
 *   aws-typescript/package.json); the root never installs policies/ (no workspace), so the tree
 *   holds exactly one @pulumi/pulumi.
 * - No file of policies/ imports from components/ or src/: what the program says about itself is
 *   what the pack judges.
 *
 * @module-tag slow (evaluates stacks or runs the pack, or starts a process: npm run test:fast leaves it out)
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { specifiers, tsFiles } from "../helpers/imports";
import { ROOT } from "../helpers/project";

const POLICIES = path.join(ROOT, "policies");

const isBare = (s: string) => !s.startsWith(".") && !path.isAbsolute(s) && !s.startsWith("node:") && !builtinModules.includes(s.split("/")[0]);
const packageOf = (s: string) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]);

const files = tsFiles(POLICIES);
const manifest = JSON.parse(fs.readFileSync(path.join(POLICIES, "package.json"), "utf8")) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
/** What the pack needs although no rule imports it: the analyzer host runs @pulumi/pulumi/cmd/run-policy-pack from the pack's directory. */
const RUNTIME = ["@pulumi/pulumi"];

describe("the specifier scan", () => {
    it("finds every way a file loads a module", () => {
        const text = [
            `import * as a from "a-pkg";`,
            `import type { B } from "@b/pkg/sub";`,
            `export { c } from "./c";`,
            `import { createRequire } from "node:module";`,
            `const MODELS = "models-pkg";`,
            `const requireHere = createRequire(__filename);`,
            `requireHere("typescript");`,
            `createRequire(__filename).resolve(\`\${MODELS}/package.json\`);`,
            `const load = async () => (await import("@d/pkg/deep/Kind")).Kind;`,
            `const e = require("e-pkg");`,
        ].join("\n");
        expect(specifiers("x.ts", text)).toEqual(["a-pkg", "@b/pkg/sub", "./c", "node:module", "typescript", "models-pkg/package.json", "@d/pkg/deep/Kind", "e-pkg"]);
    });
});

describe("policies/package.json", () => {
    const bare = [...new Set(files.flatMap((f) => specifiers(f).filter(isBare).map(packageOf)))].sort();

    it("names every package a file of policies/ loads, at the exact version of the root lockfile", () => {
        expect(bare.length).toBeGreaterThan(0);
        const named = { ...manifest.dependencies, ...manifest.peerDependencies };
        for (const pkg of [...bare, ...RUNTIME]) {
            const locked = lock.packages[`node_modules/${pkg}`]?.version;
            expect(locked, `${pkg} is not in the root lockfile`).toBeDefined();
            expect(named[pkg], `${pkg}: policies/package.json must name it at ${locked}`).toBe(locked);
        }
    });

    it("names nothing the pack does not load (a stale name would install for nothing)", () => {
        expect(Object.keys(manifest.dependencies ?? {}).filter((p) => !bare.includes(p) && !RUNTIME.includes(p))).toEqual([]);
        expect(manifest.devDependencies).toBeUndefined();
    });

    it("leaves exactly one @pulumi/pulumi in the installed tree: the root installs nothing for policies/", () => {
        expect(Object.keys(lock.packages).filter((k) => k === "node_modules/@pulumi/pulumi" || k.endsWith("/node_modules/@pulumi/pulumi"))).toEqual(["node_modules/@pulumi/pulumi"]);
        expect(Object.keys(lock.packages).filter((k) => k.startsWith("policies"))).toEqual([]);
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { workspaces?: unknown };
        expect(root.workspaces).toBeUndefined();
    });
});

describe("policies/ imports nothing from the program", () => {
    it.each(files.map((f) => [path.relative(ROOT, f), f]))("%s", (_, file) => {
        const outside = specifiers(file)
            .filter((s) => s.startsWith("."))
            .map((s) => path.relative(ROOT, path.resolve(path.dirname(file), s)))
            .filter((target) => !target.startsWith(`policies${path.sep}`) && target !== "policies");
        expect(outside, "import the fact into policies/ (with a test holding it equal to the program) instead").toEqual([]);
    });
});
