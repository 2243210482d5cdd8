/** One-change mutations of a plan's resources, for policy tests. */
import { PlanResource } from "../../src/plan/types";

export type Mutation = (resources: PlanResource[]) => PlanResource[];

/** Changes the resource of `type` named `name` (a deep copy; the fixture stays intact). */
export const change = (type: string, name: string, edit: (r: PlanResource) => void): Mutation => (rs) => {
    if (!rs.some((r) => r.type === type && r.name === name)) throw new Error(`no ${type} ${name} to mutate`);
    return rs.map((r) => {
        if (r.type !== type || r.name !== name) return r;
        const copy = structuredClone(r);
        edit(copy);
        return copy;
    });
};

export const remove = (type: string, name?: string): Mutation => (rs) => rs.filter((r) => !(r.type === type && (name === undefined || r.name === name)));

/** Edits a JSON string input in place. */
export const editJson = (r: PlanResource, key: string, edit: (doc: any) => void) => {
    const doc = JSON.parse(r.inputs[key] as string);
    edit(doc);
    r.inputs[key] = JSON.stringify(doc);
};
