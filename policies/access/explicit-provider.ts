import type { ResourceValidationPolicy } from "@pulumi/policy";
import { newJudge } from "../define";

/** Packages whose provider carries stack settings (region, credentials, cluster, tags). */
export const CLOUD_PACKAGES = ["aws", "kubernetes", "cloudflare", "fastly", "akamai"];

const NAME = "explicit-provider";

/**
 * Hand-written rather than through resourceRule: it applies to every type of the cloud packages,
 * which the factory's type list cannot name. It reads only the resource's provider reference (a
 * plain name, never an unknown value), judged through a Judge so an unexpected error is a finding.
 */
export const explicitProvider: ResourceValidationPolicy = {
    name: NAME,
    description: "Every cloud resource (AWS, Kubernetes, CDN) is created through the stack's explicit provider, never the ambient default one, so its region, cluster and default tags are the stack's.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create the resource under a component that received the stack's provider ({ parent: this } or { provider }).",
    validateResource: (args, report) => {
        if (!CLOUD_PACKAGES.includes(args.type.split(":")[0])) return;
        const problems = newJudge(NAME).one(args, () => {
            if (!args.provider) return [{ message: `${args.type} ${args.name} has no provider.` }];
            if (args.provider.name.startsWith("default")) return [{ message: `${args.type} ${args.name} uses the default provider ${args.provider.name} instead of the stack's explicit provider.` }];
            return [];
        });
        for (const p of problems) report(p.message);
    },
};
