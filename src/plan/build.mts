/**
 * The plan CLIs, prebuilt. `npm run plan` (check-plan, policy-config) runs
 * `node src/plan/build.mts <cli> [args…]`: this file checks that the bundle of the CLIs under
 * node_modules/.cache/bibox/ was built from the sources as they are now, rebuilds it with esbuild
 * when one changed (about a second), then runs the CLI's bundle in this same process. One Node.js
 * process, no transpiler at run time and none left behind: the build runs esbuild as a child
 * process that has exited when the build returns (ESBUILD_WORKER_THREADS=0: without it, buildSync
 * starts a worker thread whose esbuild service outlives the build).
 *
 * Why a bundle: run through a loader (tsx), every module of the project is transpiled again on
 * each run (the CLI's process.exit ends tsx before it writes its cache) and every stack trace goes
 * through source maps; the Pulumi SDK builds tens of thousands of them per plan. The bundle keeps
 * packages external (node_modules is resolved as usual, the SDK unchanged) but for a few pure
 * libraries (BUNDLED), and carries a linked source map, read only when an error is reported
 * (./source-map.ts): program errors still name the .ts line.
 *
 * Freshness: the stamp lists every file esbuild read (its metafile) with size, mtime and SHA-1; a
 * file whose size or mtime differs is hashed, and any content change, a missing file, another
 * esbuild or another version of this file rebuilds. Node.js runs this file by stripping its types
 * (Node >= 22.18; .mts: an ES module without a "type" in package.json), so it imports nothing of
 * the project and only erasable TypeScript is allowed.
 *
 * Node's compile cache (module.enableCompileCache, https://nodejs.org/api/module.html#module-compile-cache)
 * keeps V8's compiled code of the bundle and of every package it loads under the same directory:
 * the SDK and the providers are compiled once per install, not on every run.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as module from "node:module";
import { createRequire } from "node:module";
import * as path from "node:path";

/** The CLIs: npm script name → entry. */
export const ENTRIES = {
    plan: "src/plan/cli.ts",
    "check-plan": "src/plan/check-cli.ts",
    "policy-config": "src/plan/policy-config-cli.ts",
} as const;
export type Cli = keyof typeof ENTRIES;

/** Where the bundles live, relative to the repository: inside node_modules, so never committed and gone with a clean install. */
export const BUILD_DIR = path.join("node_modules", ".cache", "bibox");
const STAMP = "stamp.json";

interface InputStamp {
    size: number;
    mtimeMs: number;
    sha1: string;
}

interface Stamp {
    /** esbuild's version and the hash of this file: a change to either rebuilds. */
    builder: string;
    inputs: Record<string, InputStamp>;
}

export interface BuildResult {
    /** The bundle of each CLI (absolute paths). */
    bundles: Record<Cli, string>;
    /** False when the bundles were already up to date. */
    rebuilt: boolean;
}

const sha1 = (data: string | Buffer) => crypto.createHash("sha1").update(data).digest("hex");

/** The bundle of one CLI. */
export function bundleOf(root: string, cli: Cli): string {
    return path.join(root, BUILD_DIR, `${cli}.cjs`);
}

function builderId(root: string): string {
    const requireHere = createRequire(path.join(root, "package.json"));
    const esbuildVersion = (requireHere("esbuild/package.json") as { version: string }).version;
    return `esbuild ${esbuildVersion}; build.mts ${sha1(fs.readFileSync(path.join(root, "src", "plan", "build.mts")))}`;
}

function readStamp(root: string): Stamp | undefined {
    try {
        return JSON.parse(fs.readFileSync(path.join(root, BUILD_DIR, STAMP), "utf8")) as Stamp;
    } catch {
        return undefined;
    }
}

/** True when every input of the last build is unchanged and every bundle is there. */
export function isFresh(root: string): boolean {
    const stamp = readStamp(root);
    if (!stamp || stamp.builder !== builderId(root)) return false;
    for (const cli of Object.keys(ENTRIES) as Cli[]) {
        if (!fs.existsSync(bundleOf(root, cli))) return false;
    }
    for (const [file, was] of Object.entries(stamp.inputs)) {
        let st: fs.Stats;
        try {
            st = fs.statSync(path.join(root, file));
        } catch {
            return false;
        }
        if (st.size === was.size && st.mtimeMs === was.mtimeMs) continue;
        if (st.size !== was.size || sha1(fs.readFileSync(path.join(root, file))) !== was.sha1) return false;
    }
    return true;
}

/**
 * Packages bundled into the CLIs rather than loaded from node_modules: libraries of pure functions
 * (no process-wide state, nothing the SDK shares), each a tree of many small modules whose loading
 * costs more than their code (yaml 72 files, zod 95, @bufbuild/cel with the protobuf and RE2
 * runtime it needs 129: about 80 ms of every start-up). Only these: every other package, the SDK
 * and the providers first, stays external and loads from node_modules as under `pulumi`.
 */
export const BUNDLED = ["yaml", "zod", "@bufbuild/cel", "@bufbuild/cel-spec", "@bufbuild/protobuf", "@bufbuild/re2"];

/** Every installed package but BUNDLED, as esbuild externals (the package and its subpaths). */
function externals(root: string): string[] {
    const dir = path.join(root, "node_modules");
    const names = fs.readdirSync(dir).flatMap((e) => (e.startsWith("@") ? fs.readdirSync(path.join(dir, e)).map((s) => `${e}/${s}`) : e.startsWith(".") ? [] : [e]));
    return names.filter((n) => !BUNDLED.includes(n)).flatMap((n) => [n, `${n}/*`]);
}

/** esbuild's build options; exported for the test that checks what the bundle keeps external. */
export function buildOptions(root: string) {
    return {
        absWorkingDir: root,
        entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([cli, entry]) => [cli, entry])),
        outdir: path.join(root, BUILD_DIR),
        outExtension: { ".js": ".cjs" },
        bundle: true,
        platform: "node" as const,
        target: "node22",
        format: "cjs" as const,
        // The SDK and every other package load from node_modules as under tsx or ts-node.
        external: externals(root),
        // Linked, without the sources (they are on disk): read only to report an error.
        sourcemap: "linked" as const,
        sourcesContent: false,
        tsconfig: path.join(root, "tsconfig.json"),
        metafile: true,
        write: false,
        logLevel: "silent" as const,
    };
}

/** Builds the bundles (atomically: another process reading them sees the old or the new). */
export function build(root: string): void {
    const requireHere = createRequire(path.join(root, "package.json"));
    // Read when esbuild is loaded: its synchronous API then runs the esbuild binary with execFileSync.
    process.env.ESBUILD_WORKER_THREADS = "0";
    const esbuild = requireHere("esbuild") as typeof import("esbuild");
    let result: ReturnType<typeof esbuild.buildSync<ReturnType<typeof buildOptions>>>;
    try {
        result = esbuild.buildSync(buildOptions(root));
    } finally {
        // Only if esbuild was loaded earlier in this process with its worker thread: end that service too.
        void esbuild.stop();
    }
    const dir = path.join(root, BUILD_DIR);
    fs.mkdirSync(dir, { recursive: true });
    // Maps first, bundles next, the stamp last: a stamp always describes bundles that are there.
    const outputs = [...(result.outputFiles ?? [])].sort((a, b) => Number(b.path.endsWith(".map")) - Number(a.path.endsWith(".map")));
    for (const out of outputs) writeAtomically(out.path, out.contents);
    const inputs: Record<string, InputStamp> = {};
    for (const file of Object.keys(result.metafile!.inputs)) {
        const abs = path.join(root, file);
        const st = fs.statSync(abs);
        inputs[file] = { size: st.size, mtimeMs: st.mtimeMs, sha1: sha1(fs.readFileSync(abs)) };
    }
    // The tsconfig esbuild read (paths, target, decorators) is an input too.
    for (const file of ["tsconfig.json"]) {
        const st = fs.statSync(path.join(root, file));
        inputs[file] = { size: st.size, mtimeMs: st.mtimeMs, sha1: sha1(fs.readFileSync(path.join(root, file))) };
    }
    const stamp: Stamp = { builder: builderId(root), inputs };
    writeAtomically(path.join(dir, STAMP), JSON.stringify(stamp));
}

function writeAtomically(file: string, contents: Uint8Array | string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
}

/** The bundles, rebuilt first if a source changed. */
export function ensureBuilt(root: string): BuildResult {
    const fresh = isFresh(root);
    if (!fresh) build(root);
    const bundles = Object.fromEntries((Object.keys(ENTRIES) as Cli[]).map((cli) => [cli, bundleOf(root, cli)])) as Record<Cli, string>;
    return { bundles, rebuilt: !fresh };
}

/** `node src/plan/build.mts [<cli> [args…]]`: without a CLI, only builds. */
function main(argv: string[]): void {
    // This file is src/plan/build.mts: the repository is two levels up.
    const root = path.resolve(import.meta.dirname, "..", "..");
    const [cli, ...args] = argv;
    if (cli !== undefined && !(cli in ENTRIES)) {
        process.stderr.write(`build.mts: unknown CLI ${JSON.stringify(cli)}. Allowed: ${Object.keys(ENTRIES).join(", ")}.\n`);
        process.exit(2);
    }
    let result: BuildResult;
    try {
        result = ensureBuilt(root);
    } catch (err) {
        // esbuild's errors name the file, line and column of the source it could not build.
        const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } }[] }).errors;
        const text = errors?.length
            ? errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}\n    ${e.location.lineText}` : e.text)).join("\n")
            : err instanceof Error
              ? (err.stack ?? err.message)
              : String(err);
        process.stderr.write(`the plan CLIs do not build:\n${text}\n`);
        process.exit(2);
    }
    if (cli === undefined) {
        process.stdout.write(`${result.rebuilt ? "built" : "up to date"}: ${Object.values(result.bundles).map((b) => path.relative(process.cwd(), b)).join(", ")}\n`);
        return;
    }
    const bundle = result.bundles[cli as Cli];
    module.enableCompileCache?.(path.join(root, BUILD_DIR, "compile-cache"));
    // The CLI reads its arguments from process.argv.slice(2), as when started directly.
    process.argv = [process.argv[0], bundle, ...args];
    createRequire(bundle)(bundle);
}

// Run when node starts this file (not when a test imports the helpers above).
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) main(process.argv.slice(2));
