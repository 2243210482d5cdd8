/**
 * audit-eks-control-plane: every EKS cluster sends its api, audit and authenticator logs to
 * CloudWatch Logs. EKS sends none by default ("By default, cluster control plane logs aren't sent
 * to CloudWatch Logs", https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html;
 * `enabledClusterLogTypes` unset = none). The three are the security record: audit (who did what
 * through the Kubernetes API), authenticator (which IAM principal became which Kubernetes user —
 * the only place that mapping is logged) and api (the API server's own log of what it served and
 * refused). controllerManager and scheduler are operational logs and are not required.
 */
import { resourceRule } from "../define";
import { strings } from "../network/refs";

export const REQUIRED_EKS_LOG_TYPES = ["api", "audit", "authenticator"] as const;

export const auditEksControlPlane = resourceRule(
    {
        name: "audit-eks-control-plane",
        description: "Every EKS cluster logs its control plane's api, audit and authenticator streams (EKS logs none by default).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set enabledClusterLogTypes to include api, audit and authenticator (the EksCluster component enables all five).",
    },
    ["aws:eks/cluster:Cluster"],
    (props, args) => {
        const enabled = strings(props.enabledClusterLogTypes);
        const missing = REQUIRED_EKS_LOG_TYPES.filter((t) => !enabled.includes(t));
        return missing.length === 0 ? [] : [`EKS cluster ${args.name} does not log ${missing.join(", ")} (enabledClusterLogTypes ${enabled.length === 0 ? "unset: EKS logs nothing by default" : `is ${enabled.join(", ")}`}).`];
    },
);
