/**
 * The active-active set is declared in Pulumi.yaml (bibox:topology), never inferred from the stack
 * files present; provider credentials in plain text are refused in every namespace, before any
 * plan file is written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config-errors";
import { evaluateStack } from "../../src/plan/evaluate";
import { checkProject } from "../../src/project-check";
import { ConfigEntry, namespaceProblems, PROVIDER_NAMESPACES } from "../../src/provider-config";
import { BIBOX_KEYS } from "../../src/schema";
import { resolveTopology, StackFileFacts, topologyProblems, TopologyDeclaration } from "../../src/topology";
import { evaluate, ROOT, tempProject } from "../helpers/project";

const declared: TopologyDeclaration = {
    "prod-us": { region: "us-east-1", role: "owner" },
    "prod-eu": { region: "eu-west-1", role: "member" },
    "prod-ap": { region: "ap-northeast-1", role: "member" },
};
const files: StackFileFacts[] = [
    { stack: "prod-us", region: "us-east-1", role: "owner", vpcCidr: "10.10.0.0/16", awsRegion: "us-east-1" },
    { stack: "prod-eu", region: "eu-west-1", role: "member", vpcCidr: "10.20.0.0/16", awsRegion: "eu-west-1" },
    { stack: "prod-ap", region: "ap-northeast-1", role: "member", vpcCidr: "10.30.0.0/16", awsRegion: "ap-northeast-1" },
];
const edit = (stack: string, change: Partial<StackFileFacts>) => files.map((f) => (f.stack === stack ? { ...f, ...change } : f));
const lines = (current: string, d: TopologyDeclaration | undefined, f: readonly StackFileFacts[]) =>
    topologyProblems(current, d, f).map((p) => `[${p.stack}${p.file ? ` ${p.file}` : ""}] ${p.key}${p.value === undefined ? "" : ` = ${JSON.stringify(p.value)}`} ${p.reason}`);

describe("topologyProblems: the declaration against the stack files", () => {
    it.each<[string, string, TopologyDeclaration | undefined, StackFileFacts[], string[]]>([
        ["the repository's set", "prod-eu", declared, files, []],
        ["a declared stack whose file was deleted", "prod-us", declared, files.filter((f) => f.stack !== "prod-eu"), [
            '[prod-us Pulumi.yaml] bibox:topology.prod-eu = {"region":"eu-west-1","role":"member"} declares stack prod-eu, but its stack file Pulumi.prod-eu.yaml is not in the project',
        ]],
        ["a stack file the declaration does not name", "prod-eu", declared, [...files, { stack: "prod-sa", region: "sa-east-1", role: "member", vpcCidr: "10.40.0.0/16" }], [
            '[prod-sa Pulumi.yaml] bibox:topology = ["prod-us","prod-eu","prod-ap"] does not declare stack prod-sa, whose file Pulumi.prod-sa.yaml is in the project',
        ]],
        ["bibox:region moved in the file only", "prod-eu", declared, edit("prod-eu", { region: "eu-west-2" }), [
            '[prod-eu] bibox:region = "eu-west-2" differs from bibox:topology.prod-eu.region "eu-west-1"',
        ]],
        ["aws:region of a sibling moved", "prod-eu", declared, edit("prod-ap", { awsRegion: "ap-northeast-2" }), [
            '[prod-ap] aws:region = "ap-northeast-2" differs from bibox:topology.prod-ap.region "ap-northeast-1"',
        ]],
        ["a member's file claiming the owner role", "prod-us", declared, edit("prod-ap", { role: "owner" }), [
            '[prod-ap] bibox:role = "owner" differs from bibox:topology.prod-ap.role "member"',
        ]],
        ["an unknown region or role in a file is the schema's to report, once", "prod-eu", declared, edit("prod-eu", { region: "eu-west-9", role: "boss" }), []],
        ["bibox:topology in a stack file", "prod-eu", declared, edit("prod-eu", { setsTopology: true }), ["[prod-eu] bibox:topology is set in a stack file"]],
        ["two owners declared", "prod-eu", { ...declared, "prod-eu": { region: "eu-west-1", role: "owner" } }, edit("prod-eu", { role: "owner" }), [
            '[prod-eu Pulumi.yaml] bibox:topology = {"prod-us":"owner","prod-eu":"owner","prod-ap":"member"} declares 2 owners (prod-us, prod-eu)',
        ]],
        ["no owner declared", "prod-eu", { ...declared, "prod-us": { region: "us-east-1", role: "member" } }, edit("prod-us", { role: "member" }), [
            '[prod-eu Pulumi.yaml] bibox:topology = {"prod-us":"member","prod-eu":"member","prod-ap":"member"} declares no owner',
        ]],
        ["two stacks in one region", "prod-eu", { ...declared, "prod-ap": { region: "eu-west-1", role: "member" } }, edit("prod-ap", { region: "eu-west-1", awsRegion: "eu-west-1" }), [
            '[prod-eu Pulumi.yaml] bibox:topology.prod-ap.region = "eu-west-1" is also the region of stack prod-eu',
        ]],
        ["overlapping VPCs, named against the stack evaluated", "prod-ap", declared, edit("prod-ap", { vpcCidr: "10.10.128.0/17" }), [
            '[prod-ap] bibox:vpcCidr = "10.10.128.0/17" overlaps 10.10.0.0/16 of stack prod-us',
        ]],
        ["an invalid declaration (the schema's): the files are still compared", "prod-eu", undefined, edit("prod-ap", { vpcCidr: "10.20.0.0/20" }), [
            '[prod-eu] bibox:vpcCidr = "10.20.0.0/16" overlaps 10.20.0.0/20 of stack prod-ap',
        ]],
    ])("%s", (_label, current, d, f, expected) => {
        expect(lines(current, d, f)).toEqual(expected);
    });

    it("tells how to restore a deleted stack or take it out of the set, and what that costs", () => {
        const [p] = topologyProblems("prod-us", declared, files.filter((f) => f.stack !== "prod-eu"));
        expect(p.allowed).toBe("a stack file for every declared stack (restore Pulumi.prod-eu.yaml); to take prod-eu out of the active-active set on purpose, delete this entry (the other stacks then stop replicating and backing up to eu-west-1)");
    });

    it("offers the entry to add for an undeclared stack file", () => {
        const [p] = topologyProblems("prod-eu", declared, [...files, { stack: "prod-sa", region: "sa-east-1", role: "member" }]);
        expect(p.allowed).toBe("an entry `prod-sa: { region: sa-east-1, role: member }` for each stack of the set, or no Pulumi.prod-sa.yaml");
    });

    it("resolves the set as declared, sorted by stack, with each file's VPC block", () => {
        expect(resolveTopology(declared, files)).toEqual([
            { stack: "prod-ap", region: "ap-northeast-1", role: "member", vpcCidr: "10.30.0.0/16" },
            { stack: "prod-eu", region: "eu-west-1", role: "member", vpcCidr: "10.20.0.0/16" },
            { stack: "prod-us", region: "us-east-1", role: "owner", vpcCidr: "10.10.0.0/16" },
        ]);
    });
});

describe("the repository declares its set", () => {
    it("Pulumi.yaml names the three stacks with their regions and roles, and each stack file agrees", () => {
        const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { value: unknown }> };
        expect(project.config["bibox:topology"].value).toEqual(declared);
        expect(checkProject(ROOT)).toBeUndefined();
    });

    it("every stack sees the declared regions (RegionStack's declared topology, read by the pack)", async () => {
        for (const stack of ["prod-ap", "prod-eu", "prod-us"]) {
            const e = await evaluate(stack);
            expect((e.resources[0].inputs.declared as { regions: string[] }).regions).toEqual(["ap-northeast-1", "eu-west-1", "us-east-1"]);
        }
    });
});

/** A copy of the project with one file removed, added or rewritten. */
function project(change: (dir: string) => void): string {
    const dir = tempProject();
    change(dir);
    return dir;
}
const editYaml = (dir: string, file: string, edit: (doc: { config: Record<string, unknown> }) => void) => {
    const doc = parse(fs.readFileSync(path.join(dir, file), "utf8"));
    edit(doc);
    fs.writeFileSync(path.join(dir, file), stringify(doc));
};

describe("checkProject: the whole project once, before npm run plan evaluates a stack", () => {
    it("a deleted stack file stops the plan with one problem", () => {
        const err = checkProject(project((d) => fs.rmSync(path.join(d, "Pulumi.prod-eu.yaml"))));
        expect(err?.message).toBe([
            "Invalid configuration for project bibox (1 problem; nothing was planned or deployed):",
            '  bibox:topology.prod-eu = {"region":"eu-west-1","role":"member"} (in Pulumi.yaml) declares stack prod-eu, but its stack file Pulumi.prod-eu.yaml is not in the project. Allowed: a stack file for every declared stack (restore Pulumi.prod-eu.yaml); to take prod-eu out of the active-active set on purpose, delete this entry (the other stacks then stop replicating and backing up to eu-west-1).',
        ].join("\n"));
    });

    it("a Pulumi.yaml without bibox:topology is refused, naming what the key holds", () => {
        const err = checkProject(project((d) => editYaml(d, "Pulumi.yaml", (doc) => delete doc.config["bibox:topology"])));
        expect(err?.problems).toEqual([expect.objectContaining({ key: "bibox:topology", file: "Pulumi.yaml", reason: "is missing" })]);
        expect(err?.problems[0].allowed).toContain("from each stack of the active-active set to { region, role }");
    });

    it("a plain-text aws:secretKey in a stack file is refused without echoing it", () => {
        const err = checkProject(project((d) => editYaml(d, "Pulumi.prod-us.yaml", (doc) => (doc.config["aws:secretKey"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))));
        expect(err?.message).toBe([
            "Invalid configuration for project bibox (1 problem; nothing was planned or deployed):",
            '  aws:secretKey = "[not shown]" (in Pulumi.prod-us.yaml) is in plain text. Allowed: no static key at all (the deploy job\'s OIDC role reaches the provider through the AWS_* environment), or a secret set with `pulumi config set --secret`.',
        ].join("\n"));
    });

    it("a plain-text credential in Pulumi.yaml is named once, against Pulumi.yaml", () => {
        const err = checkProject(project((d) => editYaml(d, "Pulumi.yaml", (doc) => (doc.config["cloudflare:apiToken"] = "cf-clear-token"))));
        expect(err?.problems.map((p) => `${p.key} ${p.file} ${p.reason}`)).toEqual(["cloudflare:apiToken Pulumi.yaml is in plain text"]);
        expect(err?.message).not.toContain("cf-clear-token");
    });

    it("checks credentials only of the stacks being planned, the topology always", () => {
        const dir = project((d) => editYaml(d, "Pulumi.prod-us.yaml", (doc) => (doc.config["aws:accessKey"] = "AKIAIOSFODNN7EXAMPLE")));
        expect(checkProject(dir, ["prod-eu"])).toBeUndefined();
        expect(checkProject(dir, ["prod-us"])?.problems.map((p) => p.key)).toEqual(["aws:accessKey"]);
    });
});

describe("namespaceProblems: plain-text provider credentials in every namespace", () => {
    const check = (key: string, value: unknown, secret = false) => namespaceProblems("prod-us", [{ key, value, secret } satisfies ConfigEntry], BIBOX_KEYS).map((p) => `${p.key} = ${JSON.stringify(p.value)} ${p.reason}`);
    it.each<[string, string, unknown, boolean, string[]]>([
        ["aws:secretKey in clear", "aws:secretKey", "wJalrXUtnFEMI", false, ['aws:secretKey = "[not shown]" is in plain text']],
        ["aws:accessKey in clear", "aws:accessKey", "AKIAIOSFODNN7EXAMPLE", false, ['aws:accessKey = "[not shown]" is in plain text']],
        ["aws:token in clear", "aws:token", "FwoGZXIvYXdzE", false, ['aws:token = "[not shown]" is in plain text']],
        ["aws:secretKey encrypted in the file", "aws:secretKey", { secure: "v1:abc" }, false, []],
        ["aws:secretKey handed over as a secret (ESC)", "aws:secretKey", "decrypted", true, []],
        ["a web-identity token inside assumeRoleWithWebIdentity", "aws:assumeRoleWithWebIdentity", { roleArn: "arn:aws:iam::123456789012:role/deploy", webIdentityToken: "eyJhbGciOi" }, false, ['aws:assumeRoleWithWebIdentity.webIdentityToken = "[not shown]" is in plain text']],
        ["assumeRoleWithWebIdentity with a token file", "aws:assumeRoleWithWebIdentity", { roleArn: "arn:aws:iam::123456789012:role/deploy", webIdentityTokenFile: "/var/run/token" }, false, []],
        ["cloudflare:apiToken in clear", "cloudflare:apiToken", "cf-token", false, ['cloudflare:apiToken = "[not shown]" is in plain text']],
        ["cloudflare:apiKey in clear", "cloudflare:apiKey", "cf-key", false, ['cloudflare:apiKey = "[not shown]" is in plain text']],
        ["fastly:apiKey in clear", "fastly:apiKey", "fastly-key", false, ['fastly:apiKey = "[not shown]" is in plain text']],
        ["Akamai EdgeGrid secrets in clear", "akamai:config", { host: "akab-x.luna.akamaiapis.net", clientSecret: "s", clientToken: "t", accessToken: "a" }, false, [
            'akamai:config.accessToken = "[not shown]" is in plain text',
            'akamai:config.clientToken = "[not shown]" is in plain text',
            'akamai:config.clientSecret = "[not shown]" is in plain text',
        ]],
        ["Akamai EdgeGrid secrets set with --path --secret", "akamai:config", { host: "akab-x.luna.akamaiapis.net", clientSecret: { secure: "v1:s" }, clientToken: { secure: "v1:t" }, accessToken: { secure: "v1:a" } }, false, []],
        ["an inline kubeconfig in clear", "kubernetes:kubeconfig", "apiVersion: v1\nclusters: []\nusers:\n- name: admin\n  user:\n    token: abc\n", false, ['kubernetes:kubeconfig = "[not shown]" is in plain text']],
        ["a kubeconfig path", "kubernetes:kubeconfig", "~/.kube/config", false, []],
        ["an engine setting", "pulumi:disable-default-providers", ["aws"], false, []],
        ["a provider setting", "aws:skipMetadataApiCheck", false, false, []],
    ])("%s", (_label, key, value, secret, expected) => {
        expect(check(key, value, secret)).toEqual(expected);
    });

    it("tells where the program reads the credential instead", () => {
        const [p] = namespaceProblems("prod-us", [{ key: "fastly:apiKey", value: "k", secret: false }], BIBOX_KEYS);
        expect(p.allowed).toBe("bibox:fastlyApiKey set with `pulumi config set --secret` (the program's Fastly provider reads only that), or a secret");
    });
});

describe("the provider key lists are the installed packages' own", () => {
    const declaredConsts = (file: string) => [...fs.readFileSync(path.join(ROOT, "node_modules", file), "utf8").matchAll(/^export declare const (\w+):/gm)].map((m) => m[1]).sort();
    it.each([
        ["aws", "@pulumi/aws/config/vars.d.ts"],
        ["cloudflare", "@pulumi/cloudflare/config/vars.d.ts"],
        ["fastly", "@pulumi/fastly/config/vars.d.ts"],
    ])("%s: config/vars.d.ts", (ns, file) => {
        expect([...PROVIDER_NAMESPACES[ns].keys].sort()).toEqual(declaredConsts(file));
    });

    it("kubernetes: ProviderArgs of provider.d.ts (the package ships no config/vars.d.ts)", () => {
        const text = fs.readFileSync(path.join(ROOT, "node_modules/@pulumi/kubernetes/provider.d.ts"), "utf8");
        const args = text.slice(text.indexOf("export interface ProviderArgs"));
        const names = [...args.slice(0, args.indexOf("\n}")).matchAll(/^\s+(\w+)\?:/gm)].map((m) => m[1]).sort();
        expect([...PROVIDER_NAMESPACES.kubernetes.keys].sort()).toEqual(names);
    });
});

describe("a stack's evaluation (pulumi up, and each stack of npm run plan)", () => {
    async function failure(stack: string, dir: string): Promise<string> {
        const e = await evaluateStack(stack, { projectDir: dir });
        expect(e.ok).toBe(false);
        if (e.ok) throw new Error("unreachable");
        expect(e.error).toBeInstanceOf(ConfigError);
        expect(e.resources).toEqual([]);
        return (e.error as ConfigError).message;
    }

    it("refuses to run when a declared stack's file is missing", async () => {
        const message = await failure("prod-us", project((d) => fs.rmSync(path.join(d, "Pulumi.prod-ap.yaml"))));
        expect(message).toContain("Invalid configuration for stack prod-us (1 problem; nothing was deployed):");
        expect(message).toContain("bibox:topology.prod-ap = {\"region\":\"ap-northeast-1\",\"role\":\"member\"} (in Pulumi.yaml) declares stack prod-ap, but its stack file Pulumi.prod-ap.yaml is not in the project.");
    });

    it("refuses a plain-text aws:secretKey without echoing it", async () => {
        const message = await failure("prod-eu", tempProject({ "prod-eu": { "aws:secretKey": "wJalrXUtnFEMI/K7MDENG" } }));
        expect(message).toContain('aws:secretKey = "[not shown]" is in plain text.');
        expect(message).not.toContain("wJalrXUtnFEMI");
    });

    it("refuses bibox:topology in a stack file", async () => {
        const message = await failure("prod-eu", tempProject({ "prod-eu": { "bibox:topology": { "prod-eu": { region: "eu-west-1", role: "owner" } } } }));
        expect(message).toContain("bibox:topology is set in a stack file. Allowed: only in Pulumi.yaml, so every stack sees the same set: remove it from this file.");
    });

    it("refuses a file that is not YAML with one message: file, line, column, stack and the line", async () => {
        const dir = project((d) => fs.appendFileSync(path.join(d, "Pulumi.prod-eu.yaml"), "  bibox:mediaReplication mesh\n"));
        const message = await failure("prod-us", dir);
        expect(message).toBe(
            `${path.join(dir, "Pulumi.prod-eu.yaml")} line ${fs.readFileSync(path.join(dir, "Pulumi.prod-eu.yaml"), "utf8").split("\n").indexOf("  bibox:mediaReplication mesh") + 1}, column 3 (stack prod-eu) is not valid YAML: Implicit map keys need to be followed by map values; the line reads "  bibox:mediaReplication mesh". ` +
                "Allowed: YAML as `pulumi config set` writes it: `key: value` pairs under `config:`, nested with spaces (never tabs), each key once.",
        );
    });
});
