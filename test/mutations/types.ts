import { PackConfig } from "../../src/plan/policy-runner";
import { PlanResource } from "../../src/plan/types";
export interface Fault { id: string; stack: "prod-us" | "prod-eu" | "prod-ap"; fault: string; mutate: (resources: PlanResource[]) => PlanResource[]; expect: string; config?: PackConfig; }
