import { resourceRule } from "../define";
import { asList, statements } from "../graph";

export const iamNoWildcard = resourceRule(
    {
        name: "iam-no-wildcard",
        description: "No IAM policy allows every action (\"*\" or \"service:*\") on every resource (\"*\").",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Name the actions the principal needs, or scope the resources.",
    },
    ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"],
    (props, args) =>
        statements(props.policy)
            .filter((s) => s.Effect === "Allow" && asList(s.Resource).includes("*") && asList(s.Action).some((a) => a === "*" || a.endsWith(":*")))
            .map((s) => `IAM policy ${args.name} allows ${asList(s.Action).join(", ")} on every resource${s.Sid ? ` (statement ${s.Sid})` : ""}.`),
);
