/**
 * Plans stacks: evaluate each under the mock runtime and run the policy pack over it, configured
 * from Pulumi.yaml (./pack-config.ts, written as <out>/policy-config.json for `pulumi preview
 * --policy-pack-config`); then, over
 * every planned stack together, the traffic paths (./traffic.ts: a dead end goes into the plan of
 * the stack where the broken hop lives); then write <out>/<stack>.json and <out>/<stack>.md.
 * Returns the exit code: 0 all well, 1 a mandatory policy is violated, 2 bad config or a program
 * error (no plan written for that stack).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Policies } from "@pulumi/policy";
import { policies as packPolicies } from "../../policies/rules";
import { CONFIG_ERROR_EXIT_CODE } from "../config-errors";
import { listStacks } from "../stack-files";
import { CommandContext, processContext } from "./command";
import { Evaluation, evaluateStack, isConfigError } from "./evaluate";
import { readPlanFile } from "./check";
import { diffPlans, renderDiff } from "./diff";
import { POLICY_CONFIG_FILE, projectPackConfig } from "./pack-config";
import { PackConfig, runPolicies } from "./policy-runner";
import { withSourcePositions } from "./source-map";
import { renderSummary } from "./summary";
import { PlanTimings } from "./timings";
import { edgeFailoverObjective, mergeTraffic, trafficOf } from "./traffic";
import { StackPlan } from "./types";

export const EXIT_OK = 0;
export const EXIT_POLICY = 1;

const filesOf = (stack: string, outDir: string) => [path.join(outDir, `${stack}.json`), path.join(outDir, `${stack}.md`)];

/** Evaluates one stack of the project in `projectDir` (./evaluate.ts evaluateStack, or the same evaluation made earlier). */
export type StackEvaluator = (stack: string, projectDir: string) => Promise<Evaluation>;

interface Planned {
    plan: StackPlan;
    placeholderCredentials: readonly string[];
}

interface Run {
    projectDir: string;
    outDir: string;
    policies: Policies;
    config: PackConfig;
    context: CommandContext;
    evaluate: StackEvaluator;
    timings?: PlanTimings;
}

async function planStack(stack: string, { projectDir, outDir, policies, config, context, evaluate, timings }: Run): Promise<Planned | number> {
    for (const f of filesOf(stack, outDir)) fs.rmSync(f, { force: true });
    const evaluated = timings?.begin(stack, "evaluate");
    const evaluation = await evaluate(stack, projectDir);
    evaluated?.();
    if (!evaluation.ok) {
        const detail = isConfigError(evaluation)
            ? evaluation.error.message
            : `Program error in stack ${stack}: ${withSourcePositions(evaluation.error instanceof Error ? (evaluation.error.stack ?? evaluation.error.message) : String(evaluation.error))}`;
        context.stderr(`[${stack}] ${detail}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
    const checked = timings?.begin(stack, "pack");
    const violations = await runPolicies(evaluation.resources, policies, config);
    checked?.();
    timings?.resources(stack, evaluation.resources.length);
    return {
        plan: { stack, project: evaluation.project, config: evaluation.config, resources: evaluation.resources, outputs: evaluation.outputs, policy: { violations } },
        placeholderCredentials: evaluation.placeholderCredentials,
    };
}

export interface PlanOptions {
    projectDir: string;
    outDir: string;
    /** @default every stack file of the project */
    stacks?: string[];
    /** @default the pack of policies/ */
    policies?: Policies;
    /** @default none — a directory of base plans (`<stack>.json`) to compare each new plan with */
    diffDir?: string;
    /** @default generated from the project's Pulumi.yaml (./pack-config.ts) */
    policyConfig?: PackConfig;
    /** @default none — records what each phase costs (`npm run plan -- --timings`) */
    timings?: PlanTimings;
    /** @default the process's working directory and streams */
    context?: CommandContext;
    /** @default evaluateStack (./evaluate.ts) */
    evaluate?: StackEvaluator;
}

export async function planStacks(options: PlanOptions): Promise<number> {
    const context = options.context ?? processContext();
    const known = listStacks(options.projectDir);
    const stacks = options.stacks ?? known;
    const unknown = stacks.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
        context.stderr(`unknown stack ${unknown.join(", ")}: the project has ${known.join(", ") || "no stack files"}\n`);
        return CONFIG_ERROR_EXIT_CODE;
    }
    const policies = options.policies ?? packPolicies;
    const config = options.policyConfig ?? projectPackConfig(options.projectDir, policies);
    fs.mkdirSync(options.outDir, { recursive: true });
    fs.writeFileSync(path.join(options.outDir, POLICY_CONFIG_FILE), JSON.stringify(config, null, 2) + "\n");
    let code = EXIT_OK;
    const planned: Planned[] = [];
    const run: Run = { projectDir: options.projectDir, outDir: options.outDir, policies, config, context, evaluate: options.evaluate ?? ((stack, projectDir) => evaluateStack(stack, { projectDir })), timings: options.timings };
    for (const stack of stacks) {
        const result = await planStack(stack, run);
        if (typeof result === "number") code = Math.max(code, result);
        else planned.push(result);
    }
    // The traffic paths across every stack planned: each plan gets the findings whose hop it holds.
    const traced = options.timings?.begin(undefined, "traffic (all stacks)");
    const views = planned.map(({ plan }) => ({ stack: plan.stack, resources: plan.resources, violations: plan.policy.violations }));
    await mergeTraffic(views, policies, config);
    views.forEach((v, i) => (planned[i].plan.policy.violations = v.violations));
    const traffic = planned.length > 1 ? trafficOf(planned.flatMap(({ plan }) => plan.resources), edgeFailoverObjective(config)) : undefined;
    traced?.();
    const written = options.timings?.begin(undefined, "write plans");
    for (const { plan, placeholderCredentials } of planned) {
        const [json, md] = filesOf(plan.stack, options.outDir);
        fs.writeFileSync(json, JSON.stringify(plan, null, 2) + "\n");
        const diff = options.diffDir ? diffAgainstBase(plan, options.diffDir, context.cwd) : undefined;
        fs.writeFileSync(md, renderSummary(plan, placeholderCredentials, traffic, diff?.lines));
        if (diff) context.stdout(diff.text);
        const violations = plan.policy.violations;
        const mandatory = violations.filter((v) => v.level === "mandatory");
        for (const v of mandatory) context.stderr(`[${plan.stack}] mandatory policy ${v.policy}: ${v.message}\n`);
        context.stdout(
            `${plan.stack}: ${plan.resources.length} resources, ${mandatory.length} mandatory and ${violations.length - mandatory.length} advisory violations → ${path.relative(context.cwd, json)}, ${path.relative(context.cwd, md)}\n`,
        );
        if (mandatory.length > 0) code = Math.max(code, EXIT_POLICY);
    }
    written?.();
    return code;
}

/** The plan against `<dir>/<stack>.json`: Markdown for the summary and plain lines for the terminal. */
function diffAgainstBase(plan: StackPlan, dir: string, cwd: string): { lines: string[]; text: string } {
    const file = path.join(dir, `${plan.stack}.json`);
    if (!fs.existsSync(file)) {
        const line = `${plan.stack}: no base plan ${path.relative(cwd, file)} to compare with`;
        return { lines: [`## Changes against the base plan (${plan.stack})`, "", `No base plan to compare with (${file} is missing): a new stack?`, ""], text: `${line}\n` };
    }
    const base = readPlanFile(file);
    const d = diffPlans(base.resources, plan.resources);
    const text = [
        `${plan.stack}: against ${path.relative(cwd, file)}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`,
        ...d.removed.filter((r) => r.protect).map((r) => `  PROTECTED REMOVED ${r.urn}`),
        ...d.changed.map((c) => `  changed ${c.urn}: ${c.paths.join(", ")}`),
        ...d.added.map((r) => `  added ${r.urn}`),
        ...d.removed.filter((r) => !r.protect).map((r) => `  removed ${r.urn}`),
    ].join("\n");
    return { lines: renderDiff(plan.stack, d), text: `${text}\n` };
}

