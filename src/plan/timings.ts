/**
 * `npm run plan -- --timings`: what each phase of a plan cost, wall and CPU, so a regression is
 * visible where it happens (one stack's evaluation, the pack over it, the start-up). Printed on
 * stderr after the plan; the plan's files and stdout are the same with or without it.
 */
import { performance } from "node:perf_hooks";

export interface Timing {
    /** The stack, or undefined for a phase over the whole run. */
    stack?: string;
    phase: string;
    wallMs: number;
    cpuMs: number;
    /** Resources of the stack, for the cost per resource. */
    resources?: number;
}

export class PlanTimings {
    readonly rows: Timing[] = [];
    /** Wall and CPU from the process's start to the first measured phase: loading Node, the SDK, the program and the pack. */
    private startUp?: Timing;

    /** Starts timing `phase` (of `stack`); the function returned ends it and records its wall and CPU time. */
    begin(stack: string | undefined, phase: string): () => void {
        this.startUp ??= { phase: "start-up", wallMs: performance.now(), cpuMs: cpuMs(process.cpuUsage()) };
        const wall = performance.now();
        const cpu = process.cpuUsage();
        return () => {
            this.rows.push({ ...(stack ? { stack } : {}), phase, wallMs: performance.now() - wall, cpuMs: cpuMs(process.cpuUsage(cpu)) });
        };
    }

    /** Sets the resource count of the stack's rows. */
    resources(stack: string, count: number): void {
        for (const r of this.rows) if (r.stack === stack) r.resources = count;
    }

    /** The table printed by --timings. */
    report(): string {
        const total: Timing = { phase: "total", wallMs: performance.now(), cpuMs: cpuMs(process.cpuUsage()) };
        const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
        const line = (label: string, t: Pick<Timing, "wallMs" | "cpuMs">, extra = "") => `  ${label.padEnd(24)}${fmt(t.wallMs)} wall${fmt(t.cpuMs)} CPU${extra}`;
        const out = ["timings (wall and CPU of this process):"];
        if (this.startUp) out.push(line("start-up", this.startUp, "  (Node.js, the SDK, the program and the pack loaded)"));
        const stacks = [...new Set(this.rows.filter((r) => r.stack).map((r) => r.stack!))];
        for (const stack of stacks) {
            const rows = this.rows.filter((r) => r.stack === stack);
            const sum = { wallMs: rows.reduce((s, r) => s + r.wallMs, 0), cpuMs: rows.reduce((s, r) => s + r.cpuMs, 0) };
            const n = rows[0].resources;
            out.push(line(stack, sum, n ? `  ${n} resources, ${(sum.wallMs / n).toFixed(2)} ms each` : ""));
            for (const r of rows) out.push(line(`  ${r.phase}`, r));
        }
        for (const r of this.rows.filter((x) => !x.stack)) out.push(line(r.phase, r));
        out.push(line("total", total));
        return `${out.join("\n")}\n`;
    }
}

function cpuMs(usage: NodeJS.CpuUsage): number {
    return (usage.user + usage.system) / 1000;
}
