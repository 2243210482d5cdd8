/**
 * Entry point `pulumi up` runs: package.json `main` (Pulumi.yaml names no `main`, so the project
 * root is the program directory). Bad configuration is reported once, on stderr, and the program
 * exits with code 2 before any resource is registered.
 */
import { CONFIG_ERROR_EXIT_CODE, ConfigError } from "./config-errors";
import { runProgram } from "./program";

function main() {
    try {
        return runProgram();
    } catch (err) {
        if (err instanceof ConfigError) {
            console.error(err.message);
            process.exit(CONFIG_ERROR_EXIT_CODE);
        }
        throw err;
    }
}

export = main();
