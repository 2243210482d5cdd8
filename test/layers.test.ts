/**
 * Layers point one way (issue #15 item 1): src/ (the entry, the config loader, the offline plan)
 * → components/ (each component takes typed args of its own: components/region/settings.ts is
 * what a stack is built from) → components/lib/ (pure libraries both use: cidr, durations,
 * naming, regions). The policy pack is a judge apart: policies/ imports none of them, and only
 * the plan runner (src/plan/) runs it. Every import of every file is read from its syntax (type
 * imports, `import()` and `require` included) and held against the table below.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { specifiers, tsFiles } from "./helpers/imports";
import { ROOT } from "./helpers/project";

/** A layer: the folder (relative to the repository) and the folders its files may import from. */
interface Layer {
    folder: string;
    mayImport: readonly string[];
}

/** Most specific folder first: a file belongs to the first layer whose folder holds it. */
export const LAYERS: readonly Layer[] = [
    { folder: "components/lib", mayImport: ["components/lib"] },
    { folder: "components", mayImport: ["components"] },
    { folder: "src/plan", mayImport: ["src", "components", "policies"] },
    { folder: "src", mayImport: ["src", "components"] },
    { folder: "policies", mayImport: ["policies"] },
];

const inside = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);
export const layerOf = (file: string): Layer | undefined => LAYERS.find((l) => inside(file, l.folder));

/** The imports of `file` (relative to the repository) that point against the direction: "<file> → <target>". */
export function violations(file: string, imports: readonly string[]): string[] {
    const layer = layerOf(file);
    if (!layer) return [];
    return imports
        .filter((s) => s.startsWith("."))
        .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)))
        .filter((target) => !target.startsWith("node_modules/") && !layer.mayImport.some((f) => inside(target, f)))
        .map((target) => `${file} → ${target}`);
}

const files = ["src", "components", "policies"].flatMap((d) => tsFiles(path.join(ROOT, d))).map((f) => path.relative(ROOT, f).split(path.sep).join("/"));

describe("the layer table", () => {
    it("places every source file in a layer", () => {
        expect(files.length).toBeGreaterThan(100);
        expect(files.filter((f) => !layerOf(f))).toEqual([]);
    });

    it.each([
        ["components/eks/pools.ts", "../../src/schema", ["components/eks/pools.ts → src/schema"]],
        ["components/lib/cidr.ts", "../naming", ["components/lib/cidr.ts → components/naming"]],
        ["components/ops/runbook-args.ts", "../../policies/recovery/model", ["components/ops/runbook-args.ts → policies/recovery/model"]],
        ["policies/traffic/origin.ts", "../../components/lib/cidr", ["policies/traffic/origin.ts → components/lib/cidr"]],
        ["src/program.ts", "../policies/rules", ["src/program.ts → policies/rules"]],
        ["src/plan/run.ts", "../../policies/rules", []],
        ["src/schema.ts", "../components/lib/cidr", []],
        ["components/region/RegionStack.ts", "../lib/naming", []],
        ["components/edge/EdgeLayer.ts", "@pulumi/pulumi", []],
    ])("%s importing %s: %j", (file, spec, expected) => {
        expect(violations(file, [spec])).toEqual(expected);
    });
});

describe("every import points down the layers", () => {
    it.each(files.map((f) => [f]))("%s", (file) => {
        expect(violations(file, specifiers(path.join(ROOT, file)))).toEqual([]);
    });
});
