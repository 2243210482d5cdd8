/**
 * Every component validates before its first child (issue #15 item 5): a constructor that throws
 * on bad input after creating children leaves them registered — `pulumi up` would create them and
 * then fail. The check reads each ComponentResource constructor in components/ and fails on a
 * throw in the constructor's own body (not inside a callback, such as an apply's) that comes after
 * its first child.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { tsFiles } from "../helpers/imports";
import { ROOT } from "../helpers/project";

/** `new <pkg>.<Type>(`, `new <Component>(` or a child-making helper of the components (customerKey, originWaf); not a built-in. */
const CHILD = /\bnew (?!(Error|TypeError|Set|Map|WeakMap|Date|RegExp|Array|Promise)\()[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*\(|\bcustomerKey\(|\boriginWaf\(/;

/** Line numbers (1-based) of throws in a constructor body, at its own level, after its first child. */
export function throwsAfterFirstChild(source: string): number[] {
    const lines = source.split("\n");
    const found: number[] = [];
    let inCtor = false;
    let bodyIndent = 0;
    let firstChild = -1;
    lines.forEach((line, i) => {
        const ctor = /^(\s*)constructor\(/.exec(line);
        if (ctor) {
            inCtor = true;
            bodyIndent = ctor[1].length + 4;
            firstChild = -1;
            return;
        }
        if (!inCtor) return;
        const indent = /^\s*/.exec(line)![0].length;
        if (line.trim() === "}" && indent === bodyIndent - 4) {
            inCtor = false;
            return;
        }
        // super(...) registers the component itself, not a child.
        if (firstChild < 0 && CHILD.test(line) && !/\bsuper\(/.test(line)) firstChild = i;
        if (indent === bodyIndent && /^\s*(if \(.*\) )?throw\b/.test(line) && firstChild >= 0) found.push(i + 1);
    });
    return found;
}

describe("components validate before their first child", () => {
    it.each<[string, string, number[]]>([
        ["a check before the first child", "class A {\n    constructor() {\n        super(x);\n        if (bad) throw new Error('x');\n        new aws.s3.Bucket('b');\n    }\n}", []],
        ["a check after the first child", "class A {\n    constructor() {\n        super(x);\n        new aws.s3.Bucket('b');\n        if (bad) throw new Error('x');\n    }\n}", [5]],
        ["a throw inside an apply callback", "class A {\n    constructor() {\n        const b = new aws.s3.Bucket('b');\n        b.arn.apply((a) => {\n            if (!a) throw new Error('x');\n        });\n    }\n}", []],
        ["a key made by the helper first", "class A {\n    constructor() {\n        const k = customerKey('k', {}, this);\n        throw new Error('x');\n    }\n}", [4]],
    ])("tells %s", (_label, source, lines) => {
        expect(throwsAfterFirstChild(source)).toEqual(lines);
    });

    const components = tsFiles(path.join(ROOT, "components")).filter((f) => fs.readFileSync(f, "utf8").includes("extends pulumi.ComponentResource"));

    it("reads every component", () => {
        expect(components.length).toBeGreaterThan(15);
    });

    it.each(components.map((f) => [path.relative(ROOT, f), f]))("%s", (_rel, file) => {
        expect(throwsAfterFirstChild(fs.readFileSync(file, "utf8"))).toEqual([]);
    });
});
