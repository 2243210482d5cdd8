/** The shape of plan/<stack>.json. */

export interface PlanResource {
    urn: string;
    /** Pulumi type token, e.g. `aws:ec2/vpc:Vpc`. */
    type: string;
    name: string;
    /** Parent URN; null for resources at the root of the stack. */
    parent: string | null;
    /** Provider reference `urn::id`; null when the engine's default provider would be used. */
    provider: string | null;
    /** URNs this resource depends on. */
    dependencies: string[];
    protect: boolean;
    /** Properties whose drift Pulumi ignores. */
    ignoreChanges: string[];
    /** True for custom (cloud) resources, false for components. */
    custom: boolean;
    /** Inputs as the program passed them, Pulumi property names; secrets replaced by "[secret]". */
    inputs: Record<string, unknown>;
    /** Present only when the resource is adopted with the `import` option: the id it is imported by. */
    importId?: string;
}

export type PolicyLevel = "mandatory" | "advisory";

export interface PlanViolation {
    policy: string;
    level: PolicyLevel;
    /** The resource in violation; absent when the stack as a whole is. */
    urn?: string;
    message: string;
}

export interface StackPlan {
    stack: string;
    project: string;
    /** The stack's merged configuration (Pulumi.yaml + stack file), secrets as "[secret]". */
    config: Record<string, unknown>;
    resources: PlanResource[];
    /** Stack outputs, secrets as "[secret]". */
    outputs: Record<string, unknown>;
    policy: { violations: PlanViolation[] };
}
