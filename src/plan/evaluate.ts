/**
 * Evaluates one stack of the program under Pulumi's mock runtime, as `pulumi preview` would run
 * it, and returns every registered resource. Stacks are evaluated one after another in the same
 * process: config is replaced wholesale before each, and read by the program inside runProgram.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config-errors";
import { CREDENTIALS, NAMESPACE } from "../config-keys";
import { runProgram } from "../program";
import { FileConfigValue, isSecure, mergedStackConfig, SECRET_PLACEHOLDER } from "../stack-files";
import { captureRegistrations } from "./capture";
import { PlanInvoke, PlanMocks } from "./mocks";
import { sanitize } from "./capture";
import { PlanResource } from "./types";

export interface EvaluateOptions {
    /** @default the working directory */
    projectDir?: string;
    /** Config values laid over the files, by full key (tests use this for one mutation each). */
    overrides?: Record<string, FileConfigValue>;
    /** @default the program (src/program.ts); tests hand in a small one */
    program?: (options: { projectDir: string }) => Record<string, unknown>;
}

interface EvaluationBase {
    stack: string;
    project: string;
    config: Record<string, unknown>;
    resources: PlanResource[];
    /** Credential keys the stack file lacks, given offline placeholders (as CI would give secrets). */
    placeholderCredentials: string[];
    /** The data sources the program invoked, with the provider each went through. */
    invokes: PlanInvoke[];
}

export type Evaluation =
    | (EvaluationBase & { ok: true; outputs: Record<string, unknown> })
    | (EvaluationBase & { ok: false; error: unknown });

/** The value an offline plan gives a credential the stack file lacks. */
export const CREDENTIAL_PLACEHOLDER = { secure: "offline-plan-placeholder" };

/**
 * Credentials live encrypted in each stack file once an operator sets them; a fresh checkout has
 * none. The plan stands in a placeholder secret for each one the stack's role needs, so the
 * program runs as it would with real secrets; a plain-text credential is left as it is (and
 * refused by the config check).
 */
export function withPlaceholderCredentials(config: Record<string, FileConfigValue>): { config: Record<string, FileConfigValue>; added: string[] } {
    const role = config[`${NAMESPACE}:role`];
    const added: string[] = [];
    const out = { ...config };
    for (const [name, spec] of Object.entries(CREDENTIALS)) {
        const key = `${NAMESPACE}:${name}`;
        if (out[key] === undefined && (spec.stacks === "all" || role === "owner")) {
            out[key] = CREDENTIAL_PLACEHOLDER;
            added.push(key);
        }
    }
    return { config: out, added };
}

/**
 * Evaluates the stack without the stack traces nobody reads. The Pulumi SDK records a trace on
 * every promise it creates (runtime/debuggable.js debuggablePromise: `new Error().stack`, kept for
 * its leak report) and the whole stack of every resource for its source position (resource.js
 * Resource.callsites, which sets Error.stackTraceLimit to Infinity itself and parses the formatted
 * frames): tens of thousands of traces per plan, the largest single cost of an evaluation. While a
 * stack is evaluated, Error.stackTraceLimit is an accessor that reads undefined and ignores
 * writes: V8 captures a trace only when that property holds a number (isolate.cc
 * CaptureAndSetErrorStack: "can be disabled by setting Error.stackTraceLimit to a non number
 * value"; it reads the property without calling accessors), so no trace is captured or formatted,
 * `error.stack` is undefined, and the SDK finds no source position to marshal — neither ever
 * reached the plan (the mock monitor and capture.ts read none). A program error needs its trace:
 * when the evaluation fails for any reason but bad configuration (whose message says
 * everything), the stack is evaluated once more with traces on — the same program on the same
 * config, so the same error — and that evaluation is the one returned.
 */
export async function evaluateStack(stack: string, options: EvaluateOptions = {}): Promise<Evaluation> {
    const restore = withoutStackTraces();
    let fast: Evaluation;
    try {
        fast = await evaluateTraced(stack, options);
    } finally {
        restore();
    }
    if (fast.ok || isConfigError(fast)) return fast;
    return evaluateTraced(stack, options);
}

/** Turns stack traces off as evaluateStack describes; the function returned puts Error.stackTraceLimit back exactly as it was. */
function withoutStackTraces(): () => void {
    const saved = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
    Object.defineProperty(Error, "stackTraceLimit", { get: () => undefined, set: () => {}, enumerable: saved?.enumerable ?? true, configurable: true });
    return () => {
        if (saved) Object.defineProperty(Error, "stackTraceLimit", saved);
        else delete (Error as { stackTraceLimit?: number }).stackTraceLimit;
    };
}

async function evaluateTraced(stack: string, options: EvaluateOptions): Promise<Evaluation> {
    const projectDir = options.projectDir ?? process.cwd();
    const merged = mergedStackConfig(projectDir, stack);
    const { config: fileConfig, added } = withPlaceholderCredentials({ ...merged.config, ...options.overrides });
    const { values, secretKeys } = toRuntimeConfig(fileConfig);
    const maskedConfig = Object.fromEntries(Object.entries(fileConfig).map(([k, v]) => [k, isSecure(v) ? SECRET_PLACEHOLDER : v]));

    pulumi.runtime.setAllConfig(values, secretKeys);
    const region = typeof values["aws:region"] === "string" ? values["aws:region"] : "us-east-1";
    const mocks = new PlanMocks(region);
    await pulumi.runtime.setMocks(mocks, merged.project, stack, false);
    const capture = captureRegistrations();
    // An error thrown inside an apply reaches nobody's await: the SDK re-raises it as an unhandled
    // rejection (runtime/resource.js runAsyncResourceOp "so that it triggers unhandled rejection
    // logic"; `pulumi up` fails the program on it). The first one ends the evaluation at once, so
    // an output that will never resolve cannot keep the plan waiting.
    const asyncErrors: unknown[] = [];
    let abort!: (err: unknown) => void;
    const aborted = new Promise<never>((_, reject) => (abort = reject));
    aborted.catch(() => {});
    const onRejection = (err: unknown) => {
        asyncErrors.push(err);
        abort(err);
    };
    process.on("unhandledRejection", onRejection);
    const base = { stack, project: merged.project, config: maskedConfig, resources: capture.resources, placeholderCredentials: added, invokes: mocks.invokes };
    try {
        const outputs = (options.program ?? runProgram)({ projectDir });
        const resolved = await Promise.race([resolveOutputs(outputs), aborted]);
        await Promise.race([waitForRegistrations(), aborted]);
        // Node reports unhandled rejections after the microtask queue drains: let them arrive.
        await new Promise((resolve) => setImmediate(resolve));
        const error = capture.errors[0] ?? asyncErrors[0];
        if (error !== undefined) return { ok: false, ...base, error };
        return { ok: true, ...base, outputs: sanitize(resolved) as Record<string, unknown> };
    } catch (error) {
        return { ok: false, ...base, error };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

export function isConfigError(e: Evaluation): e is Extract<Evaluation, { ok: false }> & { error: ConfigError } {
    return !e.ok && e.error instanceof ConfigError;
}

/** Pulumi hands the program every config value as a string; structured ones as JSON. */
function toRuntimeConfig(config: Record<string, FileConfigValue>): { values: Record<string, string>; secretKeys: string[] } {
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (isSecure(value)) {
            values[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            values[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { values, secretKeys };
}

/** Stack outputs as plain values; a secret output becomes "[secret]", never its value. */
async function resolveOutputs(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const resolved: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outputs)) {
        const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
        resolved[key] = (await pulumi.isSecret(output)) ? SECRET_PLACEHOLDER : await valueOf(output);
    }
    return resolved;
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => {
        output.apply((v) => {
            resolve(v);
            return v;
        });
    });
}

/** Pulumi's own "all RPCs drained" barrier (the one `pulumi up` waits on before exiting). */
async function waitForRegistrations(): Promise<void> {
    const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    if (typeof runtime.waitForRPCs !== "function") {
        throw new Error("@pulumi/pulumi no longer exports runtime.waitForRPCs; update src/plan/evaluate.ts");
    }
    await runtime.waitForRPCs();
}
