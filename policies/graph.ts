/** Helpers for stack policies that read the resource graph. */
import { PolicyResource } from "@pulumi/policy";

/**
 * True when `resource` points at `target`: it depends on it (how the engine records an input
 * taken from the target's outputs), or one of its top-level inputs is the target's id.
 */
export function refersTo(resource: PolicyResource, target: PolicyResource, property?: string): boolean {
    if (property && target.props.id !== undefined && resource.props[property] === target.props.id) return true;
    if (resource.propertyDependencies && property && resource.propertyDependencies[property]) {
        return resource.propertyDependencies[property].some((d) => d.urn === target.urn);
    }
    return resource.dependencies.some((d) => d.urn === target.urn);
}

export function ofType(resources: PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}
