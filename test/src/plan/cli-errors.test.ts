/**
 * Errors a user can act on: a bad command line, a file that is not YAML, a typo in any config
 * namespace — each one message naming what is wrong and what is allowed, exit 2 (1 stays the
 * code of a policy violation), never a stack trace. The CLI's command runs in this
 * process (helpers/project.ts runCli), from the command line to the exit code and both streams.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { closestKey, ConfigError, editDistance } from "../../../src/config-errors";
import { evaluateStack } from "../../../src/plan/evaluate";
import { CHECK_PLAN_COMMAND, parseCommandLine, PLAN_COMMAND } from "../../../src/plan/cli-args";
import { namespaceProblems } from "../../../src/provider-config";
import { BIBOX_KEYS } from "../../../src/schema";
import { CliRun, runPlanCli, tempProject } from "../../helpers/project";

/** The 1-based number of the line that reads `text`. */
const lineOf = (file: string, text: string) => fs.readFileSync(file, "utf8").split("\n").indexOf(text) + 1;
const PLAN_ALLOWED = "Allowed: --stack <name> (repeatable), --project-dir <dir>, --out <dir>, --diff <dir>, --timings, --help.";

describe("editDistance and closestKey", () => {
    it.each<[string, string, number]>([
        ["region", "region", 0],
        ["regin", "region", 1],
        ["regoin", "region", 1],
        ["bibx", "bibox", 1],
        ["stak", "stack", 1],
        ["vpcCird", "vpcCidr", 1],
        ["", "aws", 3],
        ["kitten", "sitting", 3],
    ])("editDistance(%s, %s) = %i", (a, b, d) => {
        expect(editDistance(a, b)).toBe(d);
        expect(editDistance(b, a)).toBe(d);
    });

    it.each<[string, readonly string[], string | undefined]>([
        ["regin", ["profile", "region", "retryMode"], "region"],
        ["Region", ["region"], "region"],
        ["bibx", ["bibox", "aws", "cloudflare"], "bibox"],
        ["aw", ["bibox", "aws"], "aws"],
        ["stak", ["stack", "project-dir", "out", "help"], "stack"],
        ["prod-e", ["prod-ap", "prod-eu", "prod-us"], "prod-eu"],
        ["xyz", ["aws"], undefined],
        ["topolgy", ["topology", "tags"], "topology"],
        ["completelyDifferent", ["region"], undefined],
    ])("closestKey(%s) = %s", (typo, known, expected) => {
        expect(closestKey(typo, known)).toBe(expected);
    });
});

describe("parseCommandLine", () => {
    it.each<[string, readonly string[], string]>([
        ["a misspelt option", ["--stak", "x"], `npm run plan: unknown option --stak (did you mean --stack?). ${PLAN_ALLOWED}`],
        ["an option nothing resembles", ["--verbose"], `npm run plan: unknown option --verbose. ${PLAN_ALLOWED}`],
        ["a short option", ["-s", "prod-eu"], `npm run plan: unknown option -s. ${PLAN_ALLOWED}`],
        ["a stack name without --stack", ["prod-eu"], `npm run plan: unexpected argument "prod-eu". A stack is named with --stack, after npm's --: npm run plan -- --stack prod-eu. ${PLAN_ALLOWED}`],
        ["--stack without its value", ["--stack"], `npm run plan: --stack needs a value (--stack <name>). ${PLAN_ALLOWED}`],
        ["--out swallowing the next option", ["--out", "--stack", "prod-eu"], `npm run plan: --out needs a value (--out <dir>). ${PLAN_ALLOWED}`],
        ["an empty inline value", ["--stack="], `npm run plan: --stack needs a value (--stack <name>). ${PLAN_ALLOWED}`],
        ["--out twice", ["--out", "a", "--out", "b"], `npm run plan: --out is given twice ("a", "b"); it takes one value. ${PLAN_ALLOWED}`],
        ["a value for --help", ["--help=yes"], `npm run plan: --help takes no value, got "yes". ${PLAN_ALLOWED}`],
    ])("%s: one message", (_label, argv, message) => {
        expect(parseCommandLine(PLAN_COMMAND, argv)).toEqual({ ok: false, message });
    });

    it("reads what npm run plan documents", () => {
        expect(parseCommandLine(PLAN_COMMAND, ["--stack", "prod-eu", "--stack=prod-us", "--project-dir", "/p", "--out=/o"])).toEqual({
            ok: true,
            values: { stack: ["prod-eu", "prod-us"], "project-dir": "/p", out: "/o" },
            positionals: [],
        });
        expect(parseCommandLine(PLAN_COMMAND, ["-h"])).toMatchObject({ ok: true, values: { help: true } });
    });

    it("check-plan takes plan files, and refuses options it does not have", () => {
        expect(parseCommandLine(CHECK_PLAN_COMMAND, ["plan/prod-us.json", "plan/prod-eu.json"])).toEqual({ ok: true, values: {}, positionals: ["plan/prod-us.json", "plan/prod-eu.json"] });
        expect(parseCommandLine(CHECK_PLAN_COMMAND, ["--", "--odd-name.json"])).toEqual({ ok: true, values: {}, positionals: ["--odd-name.json"] });
        expect(parseCommandLine(CHECK_PLAN_COMMAND, ["--stack", "prod-us"])).toEqual({
            ok: false,
            message: "npm run check-plan: unknown option --stack. Allowed: --policy-pack-config <file>, --help, plan/<stack>.json […] (files npm run plan wrote).",
        });
    });
});

describe("typos in any config namespace: did you mean", () => {
    const check = (key: string, value: unknown) => namespaceProblems("prod-eu", [{ key, value, secret: false }], BIBOX_KEYS).map((p) => `${p.key} = ${JSON.stringify(p.value)} ${p.reason}`);
    it.each<[string, unknown, string]>([
        ["bibx:role", "member", 'bibx:role = "member" is in namespace bibx, which nothing in the program reads (did you mean bibox:role?)'],
        ["bibx:vpcCird", "10.20.0.0/16", 'bibx:vpcCird = "10.20.0.0/16" is in namespace bibx, which nothing in the program reads (did you mean bibox:vpcCidr?)'],
        ["awss:region", "eu-west-1", 'awss:region = "eu-west-1" is in namespace awss, which nothing in the program reads (did you mean aws:region?)'],
        ["myteam:owner", "ops", 'myteam:owner = "ops" is in namespace myteam, which nothing in the program reads'],
        ["aws:regin", "eu-west-1", 'aws:regin = "eu-west-1" is not a configuration key of the aws provider (did you mean aws:region?)'],
        ["aws:Region", "eu-west-1", 'aws:Region = "eu-west-1" is not a configuration key of the aws provider (did you mean aws:region?)'],
        ["kubernetes:contxt", "admin", 'kubernetes:contxt = "admin" is not a configuration key of the kubernetes provider (did you mean kubernetes:context?)'],
        ["akamai:edgrc", "~/.edgerc", 'akamai:edgrc = "~/.edgerc" is not a configuration key of the akamai provider (did you mean akamai:edgerc?)'],
        // The value of a misspelt credential is the credential: never echoed.
        ["cloudflare:apiTokn", "cf-clear-token", 'cloudflare:apiTokn = "[not shown]" is not a configuration key of the cloudflare provider (did you mean cloudflare:apiToken?)'],
        ["aws:secretkey", "wJalrXUtnFEMI", 'aws:secretkey = "[not shown]" is not a configuration key of the aws provider (did you mean aws:secretKey?)'],
        ["bibx:fastlyApiKey", "fastly-clear", 'bibx:fastlyApiKey = "[not shown]" is in namespace bibx, which nothing in the program reads (did you mean bibox:fastlyApiKey?)'],
    ])("%s", (key, value, expected) => {
        expect(check(key, value)).toEqual([expected]);
    });

    it("names every key the provider accepts", () => {
        const [p] = namespaceProblems("prod-eu", [{ key: "fastly:apikey", value: "x", secret: false }], BIBOX_KEYS);
        expect(p.allowed).toBe("the 4 keys of @pulumi/fastly 11.1.0 config/vars.d.ts: fastly:{apiKey, baseUrl, forceHttp2, noAuth}");
    });

    it("a stack's evaluation (pulumi up) refuses a provider typo too, and a misspelt bibox credential without echoing it", async () => {
        const e = await evaluateStack("prod-eu", { projectDir: tempProject({ "prod-eu": { "aws:regin": "eu-west-1", "bibox:cloudflareApiTokn": "cf-clear-token" } }) });
        expect(e.ok).toBe(false);
        const message = (e as { error: ConfigError }).error.message;
        expect(message).toContain('aws:regin = "eu-west-1" is not a configuration key of the aws provider (did you mean aws:region?)');
        expect(message).toContain('bibox:cloudflareApiTokn = "[not shown]" is not a known key (did you mean bibox:cloudflareApiToken?)');
        expect(message).not.toContain("cf-clear-token");
    });
});

describe("npm run plan: each error is one message, exit 2, no stack trace, no plan written", () => {
    const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const withFile = (edit: (dir: string) => void) => {
        const dir = tempProject();
        edit(dir);
        return dir;
    };
    const cases: { label: string; args: (out: string) => string[]; dir?: string; says: (dir: string) => string | RegExp }[] = [
        { label: "--stak x", args: () => ["--stak", "x"], says: () => `npm run plan: unknown option --stak (did you mean --stack?). ${PLAN_ALLOWED}` },
        { label: "a positional stack name", args: () => ["prod-eu"], says: () => `npm run plan: unexpected argument "prod-eu". A stack is named with --stack, after npm's --: npm run plan -- --stack prod-eu. ${PLAN_ALLOWED}` },
        { label: "a stack the project does not have", args: (out) => ["--stack", "prod-e", "--out", out], says: () => `npm run plan: --stack prod-e is not a stack of the project (did you mean prod-eu?). Allowed: prod-ap, prod-eu, prod-us (bibox:topology in Pulumi.yaml); options: --stack <name> (repeatable), --project-dir <dir>, --out <dir>, --diff <dir>, --timings, --help.` },
        {
            label: "a YAML syntax error",
            dir: withFile((d) => fs.writeFileSync(path.join(d, "Pulumi.prod-ap.yaml"), fs.readFileSync(path.join(d, "Pulumi.prod-ap.yaml"), "utf8").replace("  bibox:role: member", "  bibox:role member"))),
            args: (out) => ["--out", out],
            says: (d) => `${path.join(d, "Pulumi.prod-ap.yaml")} line ${lineOf(path.join(d, "Pulumi.prod-ap.yaml"), "  bibox:role member")}, column 3 (stack prod-ap) is not valid YAML: Implicit keys need to be on a single line; the line reads "  bibox:role member". Allowed: YAML as \`pulumi config set\` writes it: \`key: value\` pairs under \`config:\`, nested with spaces (never tabs), each key once.`,
        },
        {
            label: "a deleted stack file",
            dir: withFile((d) => fs.rmSync(path.join(d, "Pulumi.prod-eu.yaml"))),
            args: (out) => ["--out", out],
            says: () => [
                "Invalid configuration for project bibox (1 problem; nothing was planned or deployed):",
                '  bibox:topology.prod-eu = {"region":"eu-west-1","role":"member"} (in Pulumi.yaml) declares stack prod-eu, but its stack file Pulumi.prod-eu.yaml is not in the project. Allowed: a stack file for every declared stack (restore Pulumi.prod-eu.yaml); to take prod-eu out of the active-active set on purpose, delete this entry (the other stacks then stop replicating and backing up to eu-west-1).',
            ].join("\n"),
        },
        {
            label: "a plain-text aws:secretKey",
            dir: tempProject({ "prod-us": { "aws:secretKey": SECRET } }),
            args: (out) => ["--out", out],
            says: () => [
                "Invalid configuration for project bibox (1 problem; nothing was planned or deployed):",
                '  aws:secretKey = "[not shown]" (in Pulumi.prod-us.yaml) is in plain text. Allowed: no static key at all (the deploy job\'s OIDC role reaches the provider through the AWS_* environment), or a secret set with `pulumi config set --secret`.',
            ].join("\n"),
        },
        {
            label: "typos in two namespaces",
            dir: tempProject({ "prod-eu": { "bibx:role": "member", "aws:regin": "eu-west-1" } }),
            args: (out) => ["--out", out],
            says: () => /^Invalid configuration for project bibox \(2 problems; nothing was planned or deployed\):\n {2}bibx:role = "member" \(in Pulumi\.prod-eu\.yaml\) is in namespace bibx, which nothing in the program reads \(did you mean bibox:role\?\)\. Allowed: keys of the namespaces bibox, aws, cloudflare, fastly, akamai, kubernetes, pulumi\.\n {2}aws:regin = "eu-west-1" \(in Pulumi\.prod-eu\.yaml\) is not a configuration key of the aws provider \(did you mean aws:region\?\)\. Allowed: the 35 keys of @pulumi\/aws 7\.48\.0 config\/vars\.d\.ts: aws:\{accessKey, .*\}\.$/,
        },
    ];
    const runs: Record<string, { run: CliRun; out: string; dir?: string }> = {};
    beforeAll(async () => {
        await Promise.all(
            cases.map(async (c) => {
                const out = path.join(c.dir ?? tempProject(), "plan-out");
                runs[c.label] = { run: await runPlanCli([...(c.dir ? ["--project-dir", c.dir] : []), ...c.args(out)]), out, dir: c.dir };
            }),
        );
    }, 120_000);

    it.each(cases.map((c) => [c.label, c] as const))("%s", (label, c) => {
        const { run, out, dir } = runs[label];
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr.endsWith("\n")).toBe(true);
        const text = run.stderr.slice(0, -1);
        const says = c.says(dir ?? "");
        if (typeof says === "string") expect(text).toBe(says);
        else expect(text).toMatch(says);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.stderr).not.toContain(SECRET);
        expect(fs.existsSync(out)).toBe(false);
    });

    it("--help prints the usage and exits 0", async () => {
        const run = await runPlanCli(["--help"]);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain("usage: npm run plan -- [--stack <name>] [--project-dir <dir>] [--out <dir>] [--diff <dir>] [--timings] [--help]");
        expect(run.stderr).toBe("");
    });
});
