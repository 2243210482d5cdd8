/**
 * `npm run fuzz-pack [-- --dedupe]`: the robustness sweep of test/helpers/pack-fuzz.ts over every
 * case of the three real plans (each top-level input of each resource and each key of an object
 * input, deleted and set to unknown); `--dedupe` keeps one case per (type, path, operation).
 * npm test runs a fixed sample of the same cases (test/policies/pack-robustness.test.ts).
 * Prints the counts and every finding; exit 1 when there is one, 2 when a stack does not evaluate.
 */
import * as path from "node:path";
import { policies } from "../policies/rules";
import { evaluateStack } from "../src/plan/evaluate";
import { projectPackConfig } from "../src/plan/pack-config";
import { listStacks } from "../src/stack-files";
import { dedupeByTypeAndPath, describeCase, fuzz, fuzzCases, Plan, summarize, traceRules } from "./helpers/pack-fuzz";

async function main(argv: string[]): Promise<number> {
    const root = path.resolve(__dirname, "..");
    const plans: Plan[] = [];
    for (const stack of listStacks(root)) {
        const e = await evaluateStack(stack, { projectDir: root });
        if (!e.ok) {
            process.stderr.write(`${stack} does not evaluate: ${String(e.error)}\n`);
            return 2;
        }
        plans.push({ stack, resources: e.resources });
    }
    const config = projectPackConfig(root, policies);
    const started = performance.now();
    const traces = await traceRules(plans, policies, config);
    const traced = performance.now() - started;
    const all = fuzzCases(plans);
    const cases = argv.includes("--dedupe") ? dedupeByTypeAndPath(all) : all;
    const report = await fuzz(plans, policies, config, traces, cases);
    for (const line of summarize(report.findings)) process.stdout.write(`finding: ${line}\n`);
    for (const f of report.findings.slice(0, 200)) process.stdout.write(`  ${describeCase(f.case)} → ${f.policy}\n`);
    process.stdout.write(
        `fuzz-pack: ${report.cases} cases over ${plans.map((p) => `${p.stack} (${p.resources.length} resources)`).join(", ")}; ` +
            `${report.run} read by some rule, ${report.ruleRuns} rule runs; ${report.findings.length} finding(s); ` +
            `trace ${(traced / 1000).toFixed(1)} s, sweep ${(report.millis / 1000).toFixed(1)} s\n`,
    );
    return report.findings.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    process.stderr.write(`fuzz-pack failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
});
