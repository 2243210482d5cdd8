import { ofPackages, resourceRule } from "../define";

/** Packages whose provider carries stack settings (region, credentials, cluster, tags). */
export const CLOUD_PACKAGES = ["aws", "kubernetes", "cloudflare", "fastly", "akamai"];

const NAME = "explicit-provider";

/**
 * Every type of the cloud packages (no type list can name them all). It reads only the resource's
 * provider reference (a plain name, never an unknown value), judged through the Judge so an
 * unexpected error is a finding.
 */
export const explicitProvider = resourceRule(
    {
        name: NAME,
        description: "Every cloud resource (AWS, Kubernetes, CDN) is created through the stack's explicit provider, never the ambient default one, so its region, cluster and default tags are the stack's.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: "Create the resource under a component that received the stack's provider ({ parent: this } or { provider }).",
    },
    ofPackages(CLOUD_PACKAGES),
    (_props, args, judge) =>
        judge.one(args, () => {
            if (!args.provider) return [{ message: `${args.type} ${args.name} has no provider.` }];
            if (args.provider.name.startsWith("default")) return [{ message: `${args.type} ${args.name} uses the default provider ${args.provider.name} instead of the stack's explicit provider.` }];
            return [];
        }),
);
