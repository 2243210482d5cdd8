import { resourceRule } from "../define";
import { parseJson } from "../graph";

interface RuleNode {
    name: string;
    behaviors?: { name: string; options: Record<string, unknown> }[];
    children?: RuleNode[];
}

function origins(node: RuleNode): { rule: string; options: Record<string, unknown> }[] {
    const own = (node.behaviors ?? []).filter((b) => b.name === "origin").map((b) => ({ rule: node.name, options: b.options }));
    return [...own, ...(node.children ?? []).flatMap(origins)];
}

export const akamaiOriginHttps = resourceRule(
    {
        name: "akamai-origin-https",
        description: "Akamai fetches from every origin over HTTPS with SNI and certificate verification.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "In every origin behavior set httpsPort 443, originSni true and a verificationMode other than NONE.",
    },
    ["akamai:index/property:Property"],
    (props, args) => {
        const tree = parseJson<{ rules: RuleNode }>(props.rules);
        if (!tree) return [`Akamai property ${args.name} has no readable rule tree.`];
        return origins(tree.rules)
            .filter((o) => !(o.options.httpsPort === 443 && o.options.originSni === true && o.options.verificationMode !== "NONE"))
            .map((o) => `Akamai property ${args.name}: the origin in rule "${o.rule}" is not reached over verified HTTPS.`);
    },
);
