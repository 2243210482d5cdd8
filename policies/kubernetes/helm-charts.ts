/**
 * The value keys of each pinned chart. None of the four charts publishes a values.schema.json at
 * its pinned version (checked in each chart directory at the tag or commit below), so Helm would
 * render a misspelt key silently as the default; the keys here are the chart's values.yaml at that
 * version plus the keys its templates read that values.yaml only mentions in comments.
 *
 * `FREE`: any value (a scalar, a list, or a map whose keys are the user's: nodeSelector,
 * resources, tolerations). A nested record: those keys only (closed for the objects the program
 * sets inside; others stay FREE).
 */
import { PINNED_CHARTS } from "./pins";

export const FREE = "free" as const;
export type ValueKeys = typeof FREE | { readonly [key: string]: ValueKeys };

export interface ChartValues {
    version: string;
    /** "none": the chart publishes no values.schema.json at this version. */
    valuesSchema: "none";
    source: string;
    keys: Record<string, ValueKeys>;
}

const free = (...keys: string[]): Record<string, ValueKeys> => Object.fromEntries(keys.map((k) => [k, FREE]));

export const CHART_VALUES: Record<keyof typeof PINNED_CHARTS, ChartValues> = {
    karpenter: {
        version: PINNED_CHARTS.karpenter,
        valuesSchema: "none",
        source: `aws/karpenter-provider-aws@v${PINNED_CHARTS.karpenter} charts/karpenter/values.yaml`,
        keys: {
            ...free("nameOverride", "fullnameOverride", "additionalLabels", "additionalAnnotations", "imagePullPolicy", "imagePullSecrets",
                "additionalClusterRoleRules", "replicas", "revisionHistoryLimit", "strategy", "podLabels", "podAnnotations", "podSecurityContext",
                "priorityClassName", "terminationGracePeriodSeconds", "hostNetwork", "schedulerName", "dnsPolicy", "dnsConfig", "initContainers",
                "nodeSelector", "affinity", "topologySpreadConstraints", "tolerations", "extraVolumes", "logLevel", "logOutputPaths", "logErrorOutputPaths"),
            service: free("annotations"),
            serviceAccount: free("create", "name", "annotations"),
            serviceMonitor: free("enabled", "additionalLabels", "relabelings", "metricRelabelings", "endpointConfig", "sampleLimit"),
            podDisruptionBudget: free("name", "maxUnavailable"),
            controller: {
                ...free("containerName", "env", "envFrom", "securityContext", "resources", "extraVolumeMounts", "sidecarContainer", "sidecarVolumeMounts"),
                image: free("repository", "tag", "digest"),
                metrics: free("port"),
                healthProbe: free("port"),
            },
            settings: {
                ...free("batchMaxDuration", "batchIdleDuration", "preferencePolicy", "minValuesPolicy", "clusterCABundle", "clusterName", "clusterEndpoint",
                    "isolatedVPC", "eksControlPlane", "vmMemoryOverheadPercent", "interruptionQueue", "enableZonalShift", "reservedENIs", "ignoreDRARequests",
                    "disableClusterStateObservability", "disableDryRun", "amiRefreshInterval", "subnetRefreshInterval"),
                featureGates: free("nodeRepair", "nodeOverlay", "reservedCapacity", "spotToSpotConsolidation", "staticCapacity", "capacityBuffer"),
            },
        },
    },
    "karpenter-crd": {
        version: PINNED_CHARTS["karpenter-crd"],
        valuesSchema: "none",
        source: `aws/karpenter-provider-aws@v${PINNED_CHARTS["karpenter-crd"]} charts/karpenter-crd/values.yaml`,
        keys: free("additionalAnnotations"),
    },
    "aws-load-balancer-controller": {
        version: PINNED_CHARTS["aws-load-balancer-controller"],
        valuesSchema: "none",
        source: "aws/eks-charts@5239609 (\"aws-load-balancer-controller: v3.5.0\") stable/aws-load-balancer-controller/values.yaml, the same file as kubernetes-sigs/aws-load-balancer-controller@v3.5.0 helm/aws-load-balancer-controller/values.yaml",
        keys: {
            ...free("replicaCount", "revisionHistoryLimit", "image", "runtimeClassName", "imagePullSecrets", "nameOverride", "fullnameOverride", "autoscaling",
                "rbac", "podSecurityContext", "securityContext", "terminationGracePeriodSeconds", "resources", "priorityClassName", "nodeSelector", "tolerations",
                "affinity", "configureDefaultAffinity", "topologySpreadConstraints", "updateStrategy", "serviceAnnotations", "deploymentAnnotations",
                "podAnnotations", "podLabels", "additionalLabels", "enableCertManager", "certManager", "clusterName", "cluster", "ingressClass",
                "ingressClassParams", "createIngressClassResource", "region", "vpcId", "vpcTags", "awsApiEndpoints", "awsApiThrottle", "awsMaxRetries",
                "defaultTargetType", "defaultLoadBalancerScheme", "enablePodReadinessGateInject", "enableShield", "enableWaf", "enableWafv2",
                "ingressMaxConcurrentReconciles", "logLevel", "metricsBindAddr", "webhookConfig", "webhookBindPort", "webhookTLS", "keepTLSSecret",
                "webhookNamespaceSelectors", "serviceMaxConcurrentReconciles", "targetgroupbindingMaxConcurrentReconciles",
                "targetgroupbindingMaxExponentialBackoffDelay", "targetgroupbindingRequeueDuration", "albGatewayMaxConcurrentReconciles",
                "nlbGatewayMaxConcurrentReconciles", "globalAcceleratorMaxConcurrentReconciles", "globalAcceleratorMaxExponentialBackoffDelay",
                "lbStabilizationMonitorInterval", "syncPeriod", "watchNamespace", "disableIngressClassAnnotation", "disableIngressGroupNameAnnotation",
                "tolerateNonExistentBackendService", "tolerateNonExistentBackendAction", "defaultSSLPolicy", "livenessProbe", "readinessProbe", "env",
                "hostNetwork", "dnsPolicy", "extraVolumeMounts", "extraVolumes", "defaultTags", "podDisruptionBudget", "externalManagedTags",
                "enableEndpointSlices", "enableBackendSecurityGroup", "enableManageBackendSecurityGroupRules", "backendSecurityGroup",
                "disableRestrictedSecurityGroupRules", "maxTargetsPerTargetGroup", "controllerConfig", "certManagement", "certDiscovery", "objectSelector",
                "serviceMonitor", "clusterSecretsPermissions", "ingressClassConfig", "enableServiceMutatorWebhook", "serviceMutatorWebhookConfig",
                "podMutatorWebhookConfig", "serviceTargetENISGTags", "loadBalancerClass"),
            // Read by the templates, documented in values.yaml comments only: hpa.yaml, _helpers.tpl, deployment.yaml.
            ...free("annotations", "creator", "envFrom", "envSecretName"),
            serviceAccount: free("create", "annotations", "name", "automountServiceAccountToken", "imagePullSecrets"),
        },
    },
    "nvidia-device-plugin": {
        version: PINNED_CHARTS["nvidia-device-plugin"],
        valuesSchema: "none",
        source: `NVIDIA/k8s-device-plugin@v${PINNED_CHARTS["nvidia-device-plugin"]} deployments/helm/nvidia-device-plugin/values.yaml`,
        keys: {
            ...free("config", "compatWithCPUManager", "migStrategy", "failOnInitError", "deviceListStrategy", "deviceIDStrategy", "nvidiaDriverRoot",
                "gdrcopyEnabled", "gdsEnabled", "mofedEnabled", "deviceDiscoveryStrategy", "nameOverride", "fullnameOverride", "namespaceOverride",
                "selectorLabelsOverride", "allowDefaultNamespace", "imagePullSecrets", "image", "updateStrategy", "podAnnotations", "podSecurityContext",
                "securityContext", "resources", "nodeSelector", "affinity", "tolerations", "priorityClassName", "runtimeClassName", "devicePlugin", "gfd",
                "nfd", "mps", "cdi"),
            // Read by daemonset-device-plugin.yml and daemonset-gfd.yml. Not `namespace`: templates/validation.yml fails the install when it is set.
            ...free("nvidiaDevRoot", "noTimestamp", "sleepInterval"),
        },
    },
};

/** The chart a Release installs: its name, from `chart` (`oci://…/karpenter`, `nvidia-device-plugin`). */
export const chartName = (chart: string) => chart.replace(/\/+$/, "").split("/").pop() ?? chart;

/** The value keys of `values` the chart does not have, as paths (`serviceAccount.nmae`). */
export function unknownValueKeys(values: unknown, keys: Record<string, ValueKeys>, at: string[] = []): string[][] {
    if (values === null || typeof values !== "object" || Array.isArray(values)) return [];
    const out: string[][] = [];
    for (const [k, v] of Object.entries(values)) {
        const spec = keys[k];
        if (spec === undefined) out.push([...at, k]);
        else if (spec !== FREE) out.push(...unknownValueKeys(v, spec, [...at, k]));
    }
    return out;
}
