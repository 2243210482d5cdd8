/**
 * Rule factories: each rule file states its metadata and a check returning the problems it finds;
 * the factories turn that into a @pulumi/policy policy. Problems are plain sentences naming the
 * resource; the analyzer (or the offline runner) attaches the URN.
 */
import { EnforcementLevel, PolicyConfigSchema, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, Severity, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { GraphResource } from "./recovery/calculus";

export interface RuleMeta {
    name: string;
    description: string;
    severity: Severity;
    enforcementLevel: EnforcementLevel;
    remediationSteps: string;
    configSchema?: PolicyConfigSchema;
}

/** A rule over single resources of the given types. */
export function resourceRule(
    meta: RuleMeta,
    types: readonly string[],
    check: (props: Record<string, unknown>, args: ResourceValidationArgs) => string[],
): ResourceValidationPolicy {
    return {
        ...meta,
        validateResource: (args, report) => {
            if (!types.includes(args.type)) return;
            for (const problem of check(args.props, args)) report(problem);
        },
    };
}

export interface StackProblem {
    urn?: string;
    message: string;
}

/** A rule over the whole stack: the resources as a graph, with the rule's config. */
export function stackRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    check: (resources: GraphResource[], config: C, args: StackValidationArgs) => StackProblem[],
): StackValidationPolicy {
    return {
        ...meta,
        validateStack: (args, report) => {
            for (const p of check(args.resources.map(toGraph), args.getConfig<C>(), args)) report(p.message, p.urn);
        },
    };
}

export function toGraph(r: PolicyResource): GraphResource {
    return { type: r.type, name: r.name, urn: r.urn, props: r.props, dependencies: r.dependencies.map((d) => d.urn) };
}
