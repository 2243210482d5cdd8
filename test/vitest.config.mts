import * as module from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
/** Node's compile cache (https://nodejs.org/api/module.html#module-compile-cache), shared with the built CLIs (src/plan/build.mts). */
const compileCache = path.join(root, "node_modules", ".cache", "bibox", "compile-cache");
module.enableCompileCache?.(compileCache);

/**
 * How the suite runs (README "Speed"):
 * - One worker per core: vitest's default is cores - 1, a single worker on a 2-core machine.
 * - Shared module state (`isolate: false`): the test files of a worker share one module registry,
 *   so the Pulumi SDK, the providers, the program and the pack load once per worker instead of
 *   once per file. That is safe here because nothing a file changes outlives it: no test mocks a
 *   module (vi.mock) or stubs a global; the Pulumi runtime's state (config, mocks, the resource
 *   monitor) is set afresh by every evaluation (src/plan/evaluate.ts: setAllConfig + setMocks)
 *   and by the two tests that install mocks themselves (capture, mocks); the pack's module-level
 *   caches (Kubernetes shapes and models, CEL programs) are pure functions of the installed
 *   packages. Files still run one at a time in a worker.
 * - The three stacks are evaluated once, before the test files run (global-setup.ts); files that
 *   read the repository's own plans share those evaluations instead of repeating them. The
 *   global setup also builds the plan CLIs (src/plan/build.mts): CLI tests run the bundle.
 * - Node's compile cache for this process, the workers and every process they start
 *   (NODE_COMPILE_CACHE): the SDK and the providers are compiled once per install, not once per
 *   process.
 * - Tests that start Node.js processes or a type checker are tagged `slow` (`@module-tag slow` in
 *   the file's header); `npm run test:fast` leaves them out.
 */
export default defineConfig({
    test: {
        root,
        dir: "test",
        globalSetup: ["test/global-setup.ts"],
        maxWorkers: "100%",
        isolate: false,
        env: { NODE_COMPILE_CACHE: compileCache },
        tags: [{ name: "slow", description: "starts Node.js processes (the CLIs, ts-node, the policy-pack runner) or a type checker: left out by npm run test:fast" }],
        testTimeout: 30_000,
        hookTimeout: 60_000,
    },
});
