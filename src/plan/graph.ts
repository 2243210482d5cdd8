/** The plan's resources as the recovery calculus reads them. */
import { GraphResource } from "../../policies/graph-types";
import { PlanResource } from "./types";

export function planGraph(resources: readonly PlanResource[]): GraphResource[] {
    return resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, dependencies: r.dependencies }));
}
