/**
 * Plans stacks: evaluate each under the mock runtime, run the policy pack over it, write
 * <out>/<stack>.json and <out>/<stack>.md. Returns the exit code: 0 all well, 1 a mandatory
 * policy is violated, 2 bad config or a program error (no plan written for that stack).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Policies } from "@pulumi/policy";
import { policies as packPolicies } from "../../policies/rules";
import { CONFIG_ERROR_EXIT_CODE } from "../config-errors";
import { listStacks } from "../stack-files";
import { evaluateStack, isConfigError } from "./evaluate";
import { runPolicies } from "./policy-runner";
import { renderSummary } from "./summary";
import { StackPlan } from "./types";

export const EXIT_OK = 0;
export const EXIT_POLICY = 1;

async function planStack(stack: string, projectDir: string, outDir: string, policies: Policies): Promise<number> {
    const files = [path.join(outDir, `${stack}.json`), path.join(outDir, `${stack}.md`)];
    for (const f of files) fs.rmSync(f, { force: true });
    const evaluation = await evaluateStack(stack, { projectDir });
    if (!evaluation.ok) {
        const detail = isConfigError(evaluation)
            ? evaluation.error.message
            : `Program error in stack ${stack}: ${evaluation.error instanceof Error ? (evaluation.error.stack ?? evaluation.error.message) : String(evaluation.error)}`;
        process.stderr.write(`[${stack}] ${detail}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
    const violations = await runPolicies(evaluation.resources, policies);
    const plan: StackPlan = {
        stack,
        project: evaluation.project,
        config: evaluation.config,
        resources: evaluation.resources,
        outputs: evaluation.outputs,
        policy: { violations },
    };
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(files[0], JSON.stringify(plan, null, 2) + "\n");
    fs.writeFileSync(files[1], renderSummary(plan, evaluation.placeholderCredentials));
    const mandatory = violations.filter((v) => v.level === "mandatory");
    for (const v of mandatory) process.stderr.write(`[${stack}] mandatory policy ${v.policy}: ${v.message}\n`);
    process.stdout.write(
        `${stack}: ${plan.resources.length} resources, ${mandatory.length} mandatory and ${violations.length - mandatory.length} advisory violations → ${path.relative(process.cwd(), files[0])}, ${path.relative(process.cwd(), files[1])}\n`,
    );
    return mandatory.length > 0 ? EXIT_POLICY : EXIT_OK;
}

export interface PlanOptions {
    projectDir: string;
    outDir: string;
    /** @default every stack file of the project */
    stacks?: string[];
    /** @default the pack of policies/ */
    policies?: Policies;
}

export async function planStacks(options: PlanOptions): Promise<number> {
    const known = listStacks(options.projectDir);
    const stacks = options.stacks ?? known;
    const unknown = stacks.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
        process.stderr.write(`unknown stack ${unknown.join(", ")}: the project has ${known.join(", ") || "no stack files"}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
    let code = EXIT_OK;
    for (const stack of stacks) {
        code = Math.max(code, await planStack(stack, options.projectDir, options.outDir, options.policies ?? packPolicies));
    }
    return code;
}
