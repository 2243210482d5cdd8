/**
 * Stack traces of the prebuilt CLIs (./build.ts) at the TypeScript source: each frame in a bundle
 * (`node_modules/.cache/bibox/plan.cjs:1234:5`) becomes the .ts file, line and column it was built
 * from (`components/region/RegionStack.ts:88:15`), through the bundle's source map, read with
 * node:module's SourceMap (https://nodejs.org/api/module.html#class-modulesourcemap).
 *
 * Only where an error is reported: node --enable-source-maps would map every trace the Pulumi SDK
 * builds (one per promise and per resource), most of the plan's time under a loader with source
 * maps. Text without a bundle frame (tsx, vitest, ts-node) is returned unchanged.
 */
import * as fs from "node:fs";
import { SourceMap } from "node:module";
import * as path from "node:path";

/** A frame location in a .cjs file: `(file:line:col)` or `at file:line:col`. */
const FRAME = /((?:\/|[A-Za-z]:\\)[^\s():]*\.cjs):(\d+):(\d+)/g;

const maps = new Map<string, { map: SourceMap; dir: string } | undefined>();

function mapOf(bundle: string): { map: SourceMap; dir: string } | undefined {
    if (!maps.has(bundle)) {
        let loaded: { map: SourceMap; dir: string } | undefined;
        try {
            const file = `${bundle}.map`;
            loaded = { map: new SourceMap(JSON.parse(fs.readFileSync(file, "utf8"))), dir: path.dirname(file) };
        } catch {
            loaded = undefined;
        }
        maps.set(bundle, loaded);
    }
    return maps.get(bundle);
}

/**
 * `text` with each bundle position replaced by its source position, relative to `root` (the
 * repository) when the source is inside it. A position the map does not cover is left as it is.
 */
export function withSourcePositions(text: string, root = process.cwd()): string {
    if (!text.includes(".cjs:")) return text;
    return text.replace(FRAME, (whole, bundle: string, line: string, column: string) => {
        const loaded = mapOf(bundle);
        if (!loaded) return whole;
        // SourceMap offsets are zero-based; stack traces are one-based.
        const entry = loaded.map.findEntry(Number(line) - 1, Number(column) - 1) as {
            originalSource?: string;
            originalLine?: number;
            originalColumn?: number;
        };
        if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
        const source = path.resolve(loaded.dir, entry.originalSource.replace(/^file:\/\//, ""));
        const shown = source.startsWith(root + path.sep) ? path.relative(root, source) : source;
        return `${shown}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
}
