/**
 * `npm test [-- <vitest options>]`: the type check (`tsc -p tsconfig.json --noEmit`, one program
 * over src/, components/, policies/ and test/) and the vitest suite, side by side instead of one
 * after the other. The checker is single-threaded and the suite's start and end leave a core idle,
 * so running them together ends sooner on two cores. Options after `--` go to vitest (.ci/run
 * passes its reporters). Exit code: the first non-zero of the two (tsc's first), else 0; both are
 * always waited for, so nothing is left running.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);

function run(label: string, command: string, args: string[], capture: boolean): Promise<{ label: string; code: number; output: string }> {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: ROOT, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
        let output = "";
        child.stdout?.on("data", (d) => (output += d));
        child.stderr?.on("data", (d) => (output += d));
        child.on("close", (code, signal) => resolve({ label, code: code ?? (signal ? 1 : 0), output }));
    });
}

// tsc's findings are printed once it is done (not interleaved with vitest's progress).
const typecheck = run("type check (tsc -p tsconfig.json --noEmit)", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"], true);
const suite = run("vitest", bin("vitest"), ["run", "--config", "test/vitest.config.mts", ...process.argv.slice(2)], false);
const [checked, tested] = await Promise.all([typecheck, suite]);
if (checked.output.trim() !== "") process.stdout.write(`\n${checked.output.trimEnd()}\n`);
process.stdout.write(`${checked.label}: ${checked.code === 0 ? "no errors" : `failed (exit ${checked.code})`}\n`);
process.exit(checked.code !== 0 ? checked.code : tested.code);
