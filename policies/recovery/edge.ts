/** Edge failover paths the stack declares, with their detection times (pure). */
import { declaredConnectTimeout } from "../../components/edge/akamai-rules";
import { akamaiDetection, albDetection, cloudflareDetection, FailoverPath, fastlyDetection } from "../../components/edge/failover";
import { ofType } from "../graph";
import { GraphResource } from "./calculus";

const slowest = (paths: FailoverPath[]) => [...paths].sort((a, b) => b.detectionSeconds - a.detectionSeconds)[0];

export interface DeclaredPath extends FailoverPath {
    /** The resource whose settings decide the path. */
    urn: string;
    name: string;
}

/** Every failover path of the stack; where a path has several health checks, the slowest decides. */
export function declaredFailoverPaths(rs: GraphResource[]): DeclaredPath[] {
    const paths: DeclaredPath[] = [];
    for (const monitor of ofType(rs, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor")) {
        paths.push({ ...cloudflareDetection(monitor.props as { interval: number; consecutiveDown: number; timeout: number }), urn: monitor.urn, name: monitor.name });
    }
    for (const service of ofType(rs, "fastly:index/serviceVcl:ServiceVcl")) {
        const checks = (service.props.healthchecks ?? []) as { checkInterval: number; window: number; threshold: number; timeout: number }[];
        if (checks.length > 0) paths.push({ ...slowest(checks.map(fastlyDetection)), urn: service.urn, name: service.name });
    }
    const groups = ofType(rs, "aws:lb/targetGroup:TargetGroup");
    if (groups.length > 0) {
        const decided = groups
            .map((g) => ({ g, path: albDetection(g.props.healthCheck as { interval: number; unhealthyThreshold: number; timeout: number }) }))
            .sort((a, b) => b.path.detectionSeconds - a.path.detectionSeconds)[0];
        paths.push({ ...decided.path, urn: decided.g.urn, name: decided.g.name });
    }
    for (const property of ofType(rs, "akamai:index/property:Property")) {
        const tree = typeof property.props.rules === "string" ? JSON.parse(property.props.rules) : undefined;
        const timeout = tree ? declaredConnectTimeout(tree) : undefined;
        if (timeout !== undefined) paths.push({ ...akamaiDetection({ connectTimeoutSeconds: timeout }), urn: property.urn, name: property.name });
    }
    return paths;
}
