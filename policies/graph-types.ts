/** The pack's view of a stack: every resource with its inputs and the URNs it depends on. */
export interface GraphResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    /** URNs this resource depends on. */
    dependencies: string[];
}
