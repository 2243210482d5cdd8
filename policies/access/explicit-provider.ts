import { ResourceValidationPolicy } from "@pulumi/policy";

/** Packages whose provider carries stack settings (region, credentials, cluster, tags). */
export const CLOUD_PACKAGES = ["aws", "kubernetes", "cloudflare", "fastly", "akamai"];

export const explicitProvider: ResourceValidationPolicy = {
    name: "explicit-provider",
    description: "Every cloud resource (AWS, Kubernetes, CDN) is created through the stack's explicit provider, never the ambient default one, so its region, cluster and default tags are the stack's.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create the resource under a component that received the stack's provider ({ parent: this } or { provider }).",
    validateResource: (args, reportViolation) => {
        if (!CLOUD_PACKAGES.includes(args.type.split(":")[0])) return;
        if (!args.provider) {
            reportViolation(`${args.type} ${args.name} has no provider.`);
        } else if (args.provider.name.startsWith("default")) {
            reportViolation(`${args.type} ${args.name} uses the default provider ${args.provider.name} instead of the stack's explicit provider.`);
        }
    },
};
