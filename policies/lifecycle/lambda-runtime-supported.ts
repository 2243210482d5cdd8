/**
 * lambda-runtime-supported: every Lambda function packaged as a .zip runs a runtime AWS Lambda has
 * not deprecated. A deprecated runtime gets no security patches, and Lambda then blocks creating,
 * later updating, functions on it — a region-switch dial that cannot be redeployed in an incident.
 * (checkov CKV_AWS_363.)
 *
 * The dates: "Deprecation date" of each runtime on https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 * (supported runtimes, projected) and its "Deprecated runtimes" table; read through the copies
 * https://endoflife.date/aws-lambda and terraform-linters/tflint-ruleset-aws
 * rules/aws_lambda_function_deprecated_runtime.go, which both cite that page. Runtimes on Amazon
 * Linux 2023 are capped by its end of support, 30 June 2029. A runtime is deprecated from the start
 * of its date (UTC). A runtime the table does not list is refused: add its row first.
 *
 * packageType "Image" (the runtime comes with the image) is not judged; the default is "Zip", for
 * which `runtime` is required (aws.lambda.Function, https://www.pulumi.com/registry/packages/aws/api-docs/lambda/function/).
 */
import { resourceRule } from "../define";

/** Deprecation date (UTC) per Lambda runtime identifier. */
export const LAMBDA_DEPRECATION: Readonly<Record<string, string>> = {
    "nodejs24.x": "2028-04-30",
    "nodejs22.x": "2027-04-30",
    "nodejs20.x": "2026-04-30",
    "nodejs18.x": "2025-09-01",
    "nodejs16.x": "2024-06-12",
    "nodejs14.x": "2023-12-04",
    "nodejs12.x": "2023-03-31",
    "python3.14": "2029-06-30",
    "python3.13": "2029-06-30",
    "python3.12": "2028-10-31",
    "python3.11": "2026-06-30",
    "python3.10": "2026-06-30",
    "python3.9": "2025-12-15",
    "python3.8": "2024-10-14",
    "python3.7": "2023-12-04",
    java25: "2029-06-30",
    java21: "2029-06-30",
    java17: "2026-06-30",
    java11: "2026-06-30",
    "java8.al2": "2026-06-30",
    java8: "2024-01-08",
    dotnet10: "2028-11-14",
    dotnet8: "2026-11-10",
    dotnet6: "2024-11-12",
    "ruby3.4": "2028-03-31",
    "ruby3.3": "2027-03-31",
    "ruby3.2": "2026-03-31",
    "ruby2.7": "2023-11-27",
    "provided.al2023": "2029-06-30",
    "provided.al2": "2026-06-30",
    provided: "2024-01-08",
    "go1.x": "2024-01-08",
};

const started = (date: string, now: Date) => now.getTime() >= Date.parse(`${date}T00:00:00Z`);

/** The newest runtime of the same language (nodejs, python, java, dotnet, ruby, provided) in the table, if it is not deprecated at `now`. */
export function successor(runtime: string, now: Date): string | undefined {
    const family = /^[a-z]+/.exec(runtime)?.[0];
    const newest = Object.entries(LAMBDA_DEPRECATION)
        .filter(([id]) => /^[a-z]+/.exec(id)?.[0] === family && id !== "go1.x")
        .sort((a, b) => Date.parse(b[1]) - Date.parse(a[1]) || b[0].localeCompare(a[0], "en", { numeric: true }))[0];
    return newest && !started(newest[1], now) ? newest[0] : undefined;
}

/** Why a function's runtime is not supported at `now`, if it is not. */
export function runtimeProblem(name: string, props: Record<string, unknown>, now: Date): string | undefined {
    if ((props.packageType ?? "Zip") === "Image") return undefined;
    const runtime = props.runtime;
    if (typeof runtime !== "string" || runtime === "") return `Lambda function ${name} sets no runtime, which a .zip function requires (packageType Zip, the default).`;
    const date = LAMBDA_DEPRECATION[runtime];
    if (date === undefined) return `Lambda function ${name} runs ${runtime}, which the pack's table of Lambda runtimes does not list: add its deprecation date from the AWS Lambda runtimes page (policies/lifecycle/lambda-runtime-supported.ts), or use a listed runtime.`;
    if (!started(date, now)) return undefined;
    const next = successor(runtime, now);
    return `Lambda function ${name} runs ${runtime}, which AWS Lambda deprecated on ${date}: it gets no security patches, and Lambda blocks creating and then updating functions on it. ${next ? `Move to ${next}.` : "Move to a supported runtime."}`;
}

export const lambdaRuntimeSupported = resourceRule(
    {
        name: "lambda-runtime-supported",
        description: "Every .zip Lambda function runs a runtime AWS Lambda has not deprecated (the runtimes page's dates).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Move the function to the newest runtime of its language (e.g. nodejs22.x or later) and redeploy.",
    },
    ["aws:lambda/function:Function"],
    (props, args, judge) => judge.one(args, () => {
        const problem = runtimeProblem(args.name, props, new Date());
        return problem ? [{ message: problem }] : [];
    }),
);
