/**
 * How bad configuration is reported: one error that names the stack, each bad key, its value
 * and what is allowed, raised before any resource is registered.
 */

export interface ConfigProblem {
    /** The stack whose file holds the bad value (or, for a Pulumi.yaml problem, the stack being evaluated). */
    readonly stack: string;
    /** The full key, e.g. `bibox:vpcCidr` or `bibox:objectives.rpo`. */
    readonly key: string;
    /** The value as read; secrets arrive here already replaced by "[secret]". */
    readonly value: unknown;
    /** What is wrong with it, as a predicate of the value: "is missing", "overlaps …". */
    readonly reason: string;
    /** What the key accepts. */
    readonly allowed: string;
    /** The file that holds the value when it is not the stack's own file, e.g. `Pulumi.yaml`. */
    readonly file?: string;
}

/** Exit code of the program and of `npm run plan` for bad configuration or a program error. */
export const CONFIG_ERROR_EXIT_CODE = 2;

export class ConfigError extends Error {
    /** The stack being evaluated (`stack` itself is Error's stack trace); "" for the whole project. */
    readonly stackName: string;
    readonly problems: readonly ConfigProblem[];

    /** `message` replaces the list of problems for errors that are not about a key (a file that does not parse). */
    constructor(stackName: string, problems: readonly ConfigProblem[], message?: string) {
        super(message ?? formatProblems(stackName, problems));
        this.name = "ConfigError";
        this.stackName = stackName;
        this.problems = problems;
    }
}

/** Problems found in the project as a whole (Pulumi.yaml and every stack file), before any stack is evaluated. */
export function projectConfigError(project: string, problems: readonly ConfigProblem[]): ConfigError {
    return new ConfigError("", problems, formatProblems("", problems, `project ${project}`, "nothing was planned or deployed"));
}

export function formatProblems(stack: string, problems: readonly ConfigProblem[], subject = `stack ${stack}`, outcome = "nothing was deployed"): string {
    const lines = problems.map((p) => {
        const where = p.file !== undefined ? ` (in ${p.file})` : p.stack === stack ? "" : ` (in Pulumi.${p.stack}.yaml)`;
        const value = p.value === undefined ? "" : ` = ${JSON.stringify(p.value)}`;
        return `  ${p.key}${value}${where} ${p.reason}. Allowed: ${p.allowed}.`;
    });
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    return [`Invalid configuration for ${subject} (${count}; ${outcome}):`, ...lines].join("\n");
}

/**
 * The known key closest to a typo, compared without case: at most one edit away for keys of up
 * to three characters, two for longer ones. Ties go to the first in `known`.
 */
export function closestKey(typo: string, known: readonly string[]): string | undefined {
    const limit = typo.length <= 3 ? 1 : 2;
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const k of known) {
        const d = editDistance(typo.toLowerCase(), k.toLowerCase());
        if (d < bestDistance) {
            best = k;
            bestDistance = d;
        }
    }
    return best;
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each count one (`regoin` is one edit from `region`).
 */
export function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}
