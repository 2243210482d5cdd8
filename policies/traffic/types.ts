/** Shapes of the traffic-path model's results (policies/traffic/model.ts). */
import type { Vendor } from "./intent";
import type { R } from "./resources";

export type HopKind =
    | "intent"
    | "DNS"
    | "edge"
    | "origin DNS"
    | "security group"
    | "TLS certificate"
    | "listener rule"
    | "target group"
    | "TargetGroupBinding"
    | "NetworkPolicy"
    | "service"
    | "health check"
    | "bucket";

/** One step a request takes, and the resource that decides it. */
export interface Hop {
    kind: HopKind;
    text: string;
    /** A few words for the plan summary's path column. */
    short?: string;
    urn?: string;
}

/** Where a request stops short of its service: the hop, why, and the resource where the fix belongs. */
export interface DeadEnd {
    kind: HopKind;
    reason: string;
    resource?: R;
    /**
     * For a mismatch between what an edge sends and what the origin admits (certificate names,
     * listener rules): the edge resource that sends it, when it lives in another stack — the
     * finding goes into both stacks' plans.
     */
    also?: R;
}

export type Outcome =
    | { status: "arrives"; at: string }
    | { status: "dead-end"; deadEnd: DeadEnd }
    /** The rest of the path is in another stack's plan (a single-stack run). */
    | { status: "elsewhere"; where: string; kind: HopKind };

export interface Followed {
    hops: Hop[];
    outcome: Outcome;
}

/** What happens to a region's users when that region is lost. */
export interface Failover {
    /** Who moves: Cloudflare areas, Fastly continents, Akamai rules, or "every client". */
    who: string[];
    /** The regions they move to (several when areas differ), each with its path's outcome. */
    to: { region: string; outcome: Outcome }[];
    detectionSeconds: number;
    formula: string;
    /** False: reported only (the accelerator's static-IP entry). */
    binding: boolean;
    /** The resource whose settings decide the time (monitor, service, property, target group). */
    decidedBy?: R;
    /** Why there is no failover at all, when there is none. */
    none?: string;
}

export interface TrafficRow {
    hostname: string;
    vendor: Vendor;
    /** The region whose origin this path reaches (the row's users are served there while it is up). */
    region: string;
    path: Followed;
    failover?: Failover;
}

export interface TrafficProblem {
    /** The resource where the broken hop lives (the violation's URN). */
    urn?: string;
    message: string;
}

export interface TrafficReport {
    rows: TrafficRow[];
    problems: TrafficProblem[];
    objectiveSeconds: number;
}
