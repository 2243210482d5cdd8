/**
 * `npm run bench [-- --runs N] [--only plan|tests]`: how long the plan and the tests take on this
 * machine, against the floor measured in the same run — a bare `require` of the SDK packages the
 * program loads (@pulumi/pulumi, aws, kubernetes, cloudflare, fastly, random, policy). Shared
 * machines drift; a ratio to a floor measured alongside holds where absolute times do not.
 *
 * Each command is run as a whole process (one warm-up, then N counted runs), the floor run before
 * each counted run, in turn. Wall time from performance.now() around the child; CPU time (user +
 * system) from the kernel's accounting of the finished children (/proc/self/stat cutime and
 * cstime, which count every process the command waited for). Printed: the medians and the
 * median of the run-by-run ratios to the floor. A benchmark, not a test: nothing is asserted.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SDK = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/kubernetes", "@pulumi/cloudflare", "@pulumi/fastly", "@pulumi/random", "@pulumi/policy"];
/** Linux reports children's times in clock ticks of USER_HZ, 100 per second on every architecture (man 5 proc). */
const TICKS_PER_SECOND = 100;

interface Command {
    label: string;
    argv: string[];
    env?: Record<string, string>;
}

interface Sample {
    wall: number;
    cpu: number | undefined;
}

/** User + system seconds of this process's waited-for children so far (undefined off Linux). */
function childrenCpu(): number | undefined {
    try {
        // Fields after the command name (which may hold spaces, closed by the last ")").
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // cutime and cstime are fields 16 and 17 of the file, 14 and 15 after the name.
        return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
    } catch {
        return undefined;
    }
}

function runOnce(c: Command): Sample {
    const cpu0 = childrenCpu();
    const t0 = performance.now();
    const r = spawnSync(c.argv[0], c.argv.slice(1), { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...c.env }, maxBuffer: 64 * 1024 * 1024 });
    const wall = (performance.now() - t0) / 1000;
    const cpu1 = childrenCpu();
    if (r.status !== 0) throw new Error(`${c.label}: ${c.argv.join(" ")} exited ${r.status ?? r.signal}\n${String(r.stderr).slice(-2000)}`);
    return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function parseArgs(argv: string[]): { runs?: number; only?: "plan" | "tests" } {
    const out: { runs?: number; only?: "plan" | "tests" } = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--runs" && /^\d+$/.test(argv[i + 1] ?? "")) out.runs = Number(argv[++i]);
        else if (a === "--only" && (argv[i + 1] === "plan" || argv[i + 1] === "tests")) out.only = argv[++i] as "plan" | "tests";
        else {
            process.stderr.write(`npm run bench: unexpected argument ${JSON.stringify(a)}. Allowed: --runs <n>, --only plan|tests.\n`);
            process.exit(2);
        }
    }
    return out;
}

function main(): void {
    const { runs, only } = parseArgs(process.argv.slice(2));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-bench-"));
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const floor: Command = { label: "floor: require the SDK", argv: [process.execPath, "-e", `for (const p of ${JSON.stringify(SDK)}) require(p)`] };
    const groups: { commands: Command[]; runs: number }[] = [];
    if (only !== "tests") {
        groups.push({
            runs: runs ?? 5,
            commands: [
                { label: "npm run plan", argv: [npm, "run", "--silent", "plan", "--", "--out", path.join(out, "plan")] },
                { label: "npm run check-plan", argv: [npm, "run", "--silent", "check-plan", "--", ...["prod-us", "prod-eu", "prod-ap"].map((s) => path.join(out, "plan", `${s}.json`))] },
            ],
        });
    }
    if (only !== "plan") {
        groups.push({
            runs: runs ?? 3,
            commands: [
                { label: "npm run test:fast", argv: [npm, "run", "--silent", "test:fast"] },
                { label: "npm test", argv: [npm, "test", "--silent"] },
            ],
        });
    }
    const cpus = os.cpus();
    process.stdout.write(`bench: Node.js ${process.versions.node}, ${os.platform()} ${os.arch()}, ${cpus.length} cores (${cpus[0]?.model ?? "unknown"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB\n`);
    const rows: string[][] = [["command", "runs", "wall median", "CPU median", "wall / floor", "CPU / floor"]];
    const fmt = (s: number | undefined) => (s === undefined ? "n/a" : `${s.toFixed(2)} s`);
    const ratio = (x: number | undefined) => (x === undefined ? "n/a" : `${x.toFixed(2)}x`);
    for (const group of groups) {
        for (const c of group.commands) {
            // One warm-up of each (fills the build, the compile cache and the page cache), not counted.
            runOnce(floor);
            runOnce(c);
            const samples: Sample[] = [];
            const floors: Sample[] = [];
            for (let i = 0; i < group.runs; i++) {
                floors.push(runOnce(floor));
                samples.push(runOnce(c));
                process.stderr.write(`  ${c.label}: run ${i + 1}/${group.runs}\r`);
            }
            const cpuKnown = samples.every((s) => s.cpu !== undefined) && floors.every((s) => s.cpu !== undefined);
            rows.push([
                c.label,
                String(group.runs),
                fmt(median(samples.map((s) => s.wall))),
                fmt(cpuKnown ? median(samples.map((s) => s.cpu!)) : undefined),
                ratio(median(samples.map((s, i) => s.wall / floors[i].wall))),
                ratio(cpuKnown ? median(samples.map((s, i) => s.cpu! / Math.max(floors[i].cpu!, 0.01))) : undefined),
            ]);
            rows.push([
                `  its floor (${floor.label.replace("floor: ", "")})`,
                String(group.runs),
                fmt(median(floors.map((s) => s.wall))),
                fmt(cpuKnown ? median(floors.map((s) => s.cpu!)) : undefined),
                "1.00x",
                cpuKnown ? "1.00x" : "n/a",
            ]);
        }
    }
    process.stderr.write(" ".repeat(60) + "\r");
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) process.stdout.write(`${r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ")}\n`);
    fs.rmSync(out, { recursive: true, force: true });
}

main();
