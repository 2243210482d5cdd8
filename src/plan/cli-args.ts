/**
 * Command lines of `npm run plan` and `npm run check-plan`: each command's options as a table,
 * and one parser that turns a bad command line into one message naming the argument, what is
 * wrong with it and what the command accepts (the CLI prints it and exits 2), never a stack trace.
 * Pure. Built on node:util parseArgs in its non-strict token mode, so every unknown option,
 * missing value and stray argument reaches this module instead of throwing.
 */
import { parseArgs } from "node:util";
import { closestKey } from "../config-errors";

export interface OptionSpec {
    readonly name: string;
    readonly type: "string" | "boolean";
    /** May be given more than once (values collected in order). */
    readonly multiple?: boolean;
    /** What the value is, for messages and usage: `<name>`. */
    readonly value?: string;
    readonly short?: string;
    readonly help: string;
}

export interface CommandSpec {
    /** As the user types it: `npm run plan`. */
    readonly command: string;
    readonly options: readonly OptionSpec[];
    /** Positional arguments, when the command takes them: what they are. */
    readonly positionals?: string;
    /** For a command without positionals: what the user probably meant by one. */
    readonly positionalHint?: (arg: string) => string;
}

export type ParsedArgs =
    | { ok: true; values: Record<string, string | string[] | boolean | undefined>; positionals: string[] }
    | { ok: false; message: string };

export const PLAN_COMMAND: CommandSpec = {
    command: "npm run plan",
    options: [
        { name: "stack", type: "string", multiple: true, value: "<name>", help: "plan only this stack (repeat for more); default: every stack of bibox:topology" },
        { name: "project-dir", type: "string", value: "<dir>", help: "the directory of Pulumi.yaml and the stack files; default: the working directory" },
        { name: "out", type: "string", value: "<dir>", help: "where plan/<stack>.json and .md are written; default: <project-dir>/plan" },
        { name: "diff", type: "string", value: "<dir>", help: "compare each plan with <dir>/<stack>.json (base plans): added, removed, changed resources and input paths" },
        { name: "timings", type: "boolean", help: "print on stderr what the run cost: start-up, then each stack's evaluation and pack (wall and CPU, per resource), traffic and writing" },
        { name: "help", type: "boolean", short: "h", help: "print this and exit" },
    ],
    // npm parses options before `--` as its own, so `npm run plan --stack prod-eu` hands the program
    // only "prod-eu" (https://docs.npmjs.com/cli/v6/commands/npm-run-script: "npm will pass all the
    // arguments after the -- directly to your script").
    positionalHint: (arg) => `A stack is named with --stack, after npm's --: npm run plan -- --stack ${arg}.`,
};

export const CHECK_PLAN_COMMAND: CommandSpec = {
    command: "npm run check-plan",
    options: [
        {
            name: "policy-pack-config",
            type: "string",
            value: "<file>",
            help: "the pack's config, as `pulumi preview --policy-pack-config` takes it (npm run plan writes plan/policy-config.json); default: generated from the working directory's Pulumi.yaml (bibox:objectives, bibox:topology, bibox:nodePools)",
        },
        { name: "help", type: "boolean", short: "h", help: "print this and exit" },
    ],
    positionals: "plan/<stack>.json […] (files npm run plan wrote)",
};

export const POLICY_CONFIG_COMMAND: CommandSpec = {
    command: "npm run policy-config",
    options: [
        { name: "project-dir", type: "string", value: "<dir>", help: "the directory of Pulumi.yaml; default: the working directory" },
        { name: "out", type: "string", value: "<file>", help: "where the config is written; default: <project-dir>/plan/policy-config.json" },
        { name: "help", type: "boolean", short: "h", help: "print this and exit" },
    ],
    positionalHint: (arg) => `A file is named with --out, after npm's --: npm run policy-config -- --out ${arg}.`,
};

/** One line naming every option the command accepts. */
export function allowedArgs(spec: CommandSpec): string {
    const options = spec.options.map((o) => `--${o.name}${o.value ? ` ${o.value}` : ""}${o.multiple ? " (repeatable)" : ""}`);
    return [...options, ...(spec.positionals ? [spec.positionals] : [])].join(", ");
}

export function usage(spec: CommandSpec): string {
    const lines = [`usage: ${spec.command} -- ${spec.options.map((o) => `[--${o.name}${o.value ? ` ${o.value}` : ""}]`).join(" ")}${spec.positionals ? ` ${spec.positionals}` : ""}`];
    for (const o of spec.options) lines.push(`  --${o.name}${o.value ? ` ${o.value}` : ""}${o.short ? `, -${o.short}` : ""}: ${o.help}`);
    return lines.join("\n");
}

export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
    const fail = (what: string): ParsedArgs => ({ ok: false, message: `${spec.command}: ${what} Allowed: ${allowedArgs(spec)}.` });
    const options = Object.fromEntries(spec.options.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
    const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
    const values: Record<string, string | string[] | boolean | undefined> = {};
    const positionals: string[] = [];
    for (const token of tokens) {
        if (token.kind === "option-terminator") continue;
        if (token.kind === "positional") {
            if (!spec.positionals) return fail(`unexpected argument ${JSON.stringify(token.value)}.${spec.positionalHint ? ` ${spec.positionalHint(token.value)}` : ""}`);
            positionals.push(token.value);
            continue;
        }
        const option = spec.options.find((o) => o.name === token.name);
        if (option === undefined) {
            const near = closestKey(token.name, spec.options.map((o) => o.name));
            return fail(`unknown option ${token.rawName}${near ? ` (did you mean --${near}?)` : ""}.`);
        }
        if (option.type === "boolean") {
            if (token.value !== undefined) return fail(`--${option.name} takes no value, got ${JSON.stringify(token.value)}.`);
            values[option.name] = true;
            continue;
        }
        // Non-strict parseArgs takes the next argument as the value even when it is an option.
        if (token.value === undefined || token.value === "" || (!token.inlineValue && token.value.startsWith("-"))) {
            return fail(`--${option.name} needs a value (--${option.name} ${option.value ?? "<value>"}).`);
        }
        if (option.multiple) {
            values[option.name] = [...((values[option.name] as string[] | undefined) ?? []), token.value];
        } else if (values[option.name] !== undefined) {
            return fail(`--${option.name} is given twice (${JSON.stringify(values[option.name])}, ${JSON.stringify(token.value)}); it takes one value.`);
        } else {
            values[option.name] = token.value;
        }
    }
    return { ok: true, values, positionals };
}
