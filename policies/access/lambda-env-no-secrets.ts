/**
 * lambda-env-no-secrets: no Lambda function carries a secret in its environment variables. The
 * environment is returned in clear by lambda:GetFunctionConfiguration to anyone allowed to read
 * the function's configuration and shows in the console; a secret belongs in Secrets Manager (or
 * SSM SecureString), the variable naming it by ARN or parameter name
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html, "Securing environment
 * variables"). (checkov CKV_AWS_45.)
 *
 * A variable is a secret when its value
 * - is a Pulumi secret (the offline plan shows secrets as "[secret]"; under `pulumi preview` the
 *   analyzer hands rules the plain value, which the next checks catch);
 * - looks like an AWS access key id (AKIA/ASIA + 16 characters) or a PEM private key;
 * - or its name says secret (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY,
 *   CREDENTIALS as a word of the name) and the value is not a reference: an ARN, an SSM parameter
 *   path (/…) or empty. The plans' only variable is LISTENER_ARN, an accelerator listener ARN.
 */
import { resourceRule } from "../define";
import { obj } from "../recovery/guard";

export const PULUMI_SECRET_MARK = "[secret]";
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY(_ID)?|CREDENTIALS?)(_|$)/i;
const KEY_VALUE = /(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const isReference = (v: string) => v === "" || v.startsWith("arn:") || v.startsWith("/");

/** Why a variable holds a secret, if it does. */
export function secretReason(name: string, value: unknown): string | undefined {
    if (typeof value !== "string") return undefined;
    if (value === PULUMI_SECRET_MARK) return "its value is a Pulumi secret";
    if (KEY_VALUE.test(value)) return "its value looks like an access key or a private key";
    if (SECRET_NAME.test(name) && !isReference(value)) return "its name says it is a secret and its value is no ARN or parameter name";
    return undefined;
}

export const lambdaEnvNoSecrets = resourceRule(
    {
        name: "lambda-env-no-secrets",
        description: "No Lambda environment variable holds a secret (a Pulumi secret, a key-looking value, or a secret-named variable that is not an ARN or parameter name).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Store the secret in Secrets Manager, pass its ARN in the variable and let the function's role read it (secretsmanager:GetSecretValue on that ARN).",
    },
    ["aws:lambda/function:Function"],
    (props, args, judge) => judge.one(args, () => {
        const variables = obj(obj(props.environment).variables);
        return Object.entries(variables).flatMap(([name, value]) => {
            const why = secretReason(name, value);
            return why ? [{ message: `Lambda function ${args.name} keeps ${name} in its environment, and ${why}: anyone who can read the function's configuration reads it. Keep it in Secrets Manager and pass its ARN.` }] : [];
        });
    }),
);
