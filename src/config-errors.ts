/**
 * How bad configuration is reported: one error that names the stack, each bad key, its value
 * and what is allowed, raised before any resource is registered.
 */

export interface ConfigProblem {
    /** The stack whose file holds the bad value. */
    readonly stack: string;
    /** The full key, e.g. `bibox:vpcCidr` or `bibox:objectives.rpo`. */
    readonly key: string;
    /** The value as read; secrets arrive here already replaced by "[secret]". */
    readonly value: unknown;
    /** What is wrong with it, as a predicate of the value: "is missing", "overlaps …". */
    readonly reason: string;
    /** What the key accepts. */
    readonly allowed: string;
}

/** Exit code of the program and of `npm run plan` for bad configuration or a program error. */
export const CONFIG_ERROR_EXIT_CODE = 2;

export class ConfigError extends Error {
    /** The stack being evaluated (`stack` itself is Error's stack trace). */
    readonly stackName: string;
    readonly problems: readonly ConfigProblem[];

    constructor(stackName: string, problems: readonly ConfigProblem[]) {
        super(formatProblems(stackName, problems));
        this.name = "ConfigError";
        this.stackName = stackName;
        this.problems = problems;
    }
}

export function formatProblems(stack: string, problems: readonly ConfigProblem[]): string {
    const lines = problems.map((p) => {
        const where = p.stack === stack ? "" : ` (in Pulumi.${p.stack}.yaml)`;
        const value = p.value === undefined ? "" : ` = ${JSON.stringify(p.value)}`;
        return `  ${p.key}${value}${where} ${p.reason}. Allowed: ${p.allowed}.`;
    });
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    return [`Invalid configuration for stack ${stack} (${count}; nothing was deployed):`, ...lines].join("\n");
}

/** The known key closest to a typo, if any is within two edits. */
export function closestKey(typo: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 3;
    for (const k of known) {
        const d = editDistance(typo.toLowerCase(), k.toLowerCase());
        if (d < bestDistance) {
            best = k;
            bestDistance = d;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = row;
    }
    return prev[b.length];
}
