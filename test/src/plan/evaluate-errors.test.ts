/**
 * An error thrown inside an apply during the offline plan: the evaluation reports it (the plan
 * then exits 2 naming the stack, src/plan/run.ts) instead of hanging or passing without the
 * resources it broke. The SDK re-raises such an error as an unhandled rejection, which is how
 * `pulumi up` fails the program too (runtime/resource.js runAsyncResourceOp).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { evaluateStack } from "../../../src/plan/evaluate";
import { ROOT } from "../../helpers/project";

const boom = () => pulumi.output("x").apply((): string => {
    throw new Error("boom in an apply");
});

const programs: [string, () => Record<string, unknown>][] = [
    ["an apply feeding a resource input", () => {
        new aws.s3.Bucket("b", { bucket: boom() });
        return {};
    }],
    ["an apply feeding a nested input of a resource another one depends on", () => {
        const b = new aws.s3.Bucket("b", { tags: { owner: boom() } });
        new aws.s3.Bucket("c", {}, { dependsOn: [b] });
        return {};
    }],
    ["an apply on a resource's output, exported", () => {
        const b = new aws.s3.Bucket("b", {});
        return { name: b.id.apply((): string => { throw new Error("boom in an apply"); }) };
    }],
    ["an apply whose result nobody uses", () => {
        boom();
        return {};
    }],
];

describe("an error inside an apply", () => {
    it.each(programs)("%s: the evaluation fails with it, promptly", async (_, program) => {
        const started = Date.now();
        const e = await evaluateStack("prod-us", { projectDir: ROOT, program: () => program() });
        expect(e.ok).toBe(false);
        expect(String((e as { error: unknown }).error)).toContain("boom in an apply");
        expect(Date.now() - started).toBeLessThan(10_000);
    });

    it("a program without one still evaluates", async () => {
        const e = await evaluateStack("prod-us", { projectDir: ROOT, program: () => ({ id: new aws.s3.Bucket("b", {}).id }) });
        expect(e.ok).toBe(true);
        expect(e.resources.map((r) => r.type)).toContain("aws:s3/bucket:Bucket");
    });
});
