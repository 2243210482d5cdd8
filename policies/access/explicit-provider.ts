import { ResourceValidationPolicy } from "@pulumi/policy";

export const explicitProvider: ResourceValidationPolicy = {
    name: "explicit-provider",
    description: "Every cloud resource is created through the stack's explicit provider, never the ambient default one, so its region and default tags are the stack's.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create the resource under a component that received the stack's provider ({ parent: this } or { provider }).",
    validateResource: (args, reportViolation) => {
        if (args.type.startsWith("pulumi:") || args.type.startsWith("bibox:")) return;
        if (!args.provider) {
            reportViolation(`${args.type} ${args.name} has no provider.`);
        } else if (args.provider.name.startsWith("default")) {
            reportViolation(`${args.type} ${args.name} uses the default provider ${args.provider.name} instead of the stack's explicit provider.`);
        }
    },
};
