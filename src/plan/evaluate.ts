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
import { PlanMocks } from "./mocks";
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
 * its leak report): tens of thousands per plan, the largest single cost of an evaluation (more
 * so through a loader's source maps). With Error.stackTraceLimit at 0 those traces are empty and
 * cheap; the SDK's source position of each resource (resource.js Resource.callsites) sets its own
 * limit and is unaffected, and neither reaches the plan. A program error needs its trace: when
 * the evaluation fails for any reason but bad configuration (whose message says everything), the
 * stack is evaluated once more with traces on — the same program on the same config, so the same
 * error — and that evaluation is the one returned.
 */
export async function evaluateStack(stack: string, options: EvaluateOptions = {}): Promise<Evaluation> {
    const saved = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let fast: Evaluation;
    try {
        fast = await evaluateTraced(stack, options);
    } finally {
        Error.stackTraceLimit = saved;
    }
    if (fast.ok || isConfigError(fast)) return fast;
    return evaluateTraced(stack, options);
}

async function evaluateTraced(stack: string, options: EvaluateOptions): Promise<Evaluation> {
    const projectDir = options.projectDir ?? process.cwd();
    const merged = mergedStackConfig(projectDir, stack);
    const { config: fileConfig, added } = withPlaceholderCredentials({ ...merged.config, ...options.overrides });
    const { values, secretKeys } = toRuntimeConfig(fileConfig);
    const maskedConfig = Object.fromEntries(Object.entries(fileConfig).map(([k, v]) => [k, isSecure(v) ? SECRET_PLACEHOLDER : v]));

    pulumi.runtime.setAllConfig(values, secretKeys);
    const region = typeof values["aws:region"] === "string" ? values["aws:region"] : "us-east-1";
    await pulumi.runtime.setMocks(new PlanMocks(region), merged.project, stack, false);
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
    const base = { stack, project: merged.project, config: maskedConfig, resources: capture.resources, placeholderCredentials: added };
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
