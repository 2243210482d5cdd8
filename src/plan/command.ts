/**
 * What a plan command (plan, check-plan, policy-config) runs in: where relative paths start and
 * where its two streams go. The CLI entries (./cli.ts, ./check-cli.ts, ./policy-config-cli.ts)
 * give the process's own; the tests give buffers and run the same command in their process, with
 * the SDK and the pack already loaded (README "Speed"). A command returns its exit code and never
 * exits the process itself: `exitWith` is the one place that does.
 */
import { withSourcePositions } from "./source-map";

export interface CommandContext {
    /** The working directory: the default project, and where printed paths are relative to. */
    cwd: string;
    stdout(text: string): void;
    stderr(text: string): void;
}

/** The process's working directory and streams. */
export function processContext(): CommandContext {
    return { cwd: process.cwd(), stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
}

/**
 * Runs a command to its exit code. An error it throws becomes one message on stderr, worded by
 * `describe`, and the exit code `failCode`: no trace for a user's mistake, and the trace of a
 * bug mapped back to the .ts sources (`traceOf`).
 */
export async function guarded(context: CommandContext, failCode: number, command: () => Promise<number> | number, describe: (err: unknown) => string): Promise<number> {
    try {
        return await command();
    } catch (err) {
        context.stderr(`${describe(err)}\n`);
        return failCode;
    }
}

/** An error's trace with bundle positions mapped to the .ts sources; its message when it has none. */
export function traceOf(err: unknown): string {
    return err instanceof Error ? withSourcePositions(err.stack ?? err.message) : String(err);
}

/** Ends the process with the command's exit code. */
export function exitWith(code: Promise<number>): void {
    void code.then((c) => process.exit(c));
}
