import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The three stacks are evaluated once, before the test files run (global-setup.ts); files that
// read the repository's own plans share those evaluations instead of repeating them.
export default defineConfig({
    test: {
        root: fileURLToPath(new URL("..", import.meta.url)),
        dir: "test",
        globalSetup: ["test/global-setup.ts"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
    },
});
