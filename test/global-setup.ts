/**
 * Before the test files run: builds the plan CLIs if a source changed (src/plan/build.mts; the CLI
 * tests run the bundle, as `npm run plan` does), and evaluates the repository's three stacks
 * once, with the same evaluation the plan uses, handing the results to the test files
 * (helpers/project.ts `evaluate`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "../src/plan/build.mjs";
import { evaluateStack } from "../src/plan/evaluate";

declare module "vitest" {
    export interface ProvidedContext {
        evaluations: string;
    }
}

export default async function setup(project: TestProject) {
    const root = path.resolve(__dirname, "..");
    ensureBuilt(root);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bibox-evaluations-"));
    for (const stack of ["prod-ap", "prod-eu", "prod-us"]) {
        const e = await evaluateStack(stack, { projectDir: root });
        if (!e.ok) throw e.error;
        fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify(e));
    }
    project.provide("evaluations", dir);
    return () => fs.rmSync(dir, { recursive: true, force: true });
}
