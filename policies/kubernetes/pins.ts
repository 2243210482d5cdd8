/**
 * The versions the Kubernetes schema rules judge against. The pack keeps its own copy (policies/
 * imports nothing from components/); test/policies/kubernetes/kubernetes-schemas.test.ts holds them equal to
 * components/eks/versions.ts, so an upgrade there fails the tests until these are reviewed too.
 */

/** The cluster's Kubernetes minor (components/eks/versions.ts KUBERNETES_VERSION). */
export const KUBERNETES_MINOR = "1.35";

/**
 * kubernetes-models 5.1.0 is generated from the Kubernetes v1.36.0 OpenAPI (merged with older
 * specs for removed APIs): first-party/kubernetes-models/scripts/generate.ts VERSIONS and
 * CHANGELOG "5.0.0: Update to Kubernetes v1.36.0" in github.com/tommy351/kubernetes-models-ts.
 * No release is generated from 1.35: 4.5.x is v1.33.0, 5.x is v1.36.0, so 5.1.0 is the nearest
 * (one minor ahead: a field new in 1.36 would pass here although 1.35 prunes it).
 */
export const BUILTIN_SCHEMA_SOURCE = "kubernetes-models@5.1.0, the Kubernetes v1.36.0 OpenAPI, nearest release to the pinned 1.35";

/** Karpenter controller and CRD charts (components/eks/versions.ts KARPENTER_CHART_VERSION). */
export const KARPENTER_VERSION = "1.14.1";

/** Where the Karpenter CRD rules of karpenter-crd-rules.ts were read. */
export const KARPENTER_CRD_SOURCE = {
    NodePool: `aws/karpenter-provider-aws@v${KARPENTER_VERSION} pkg/apis/crds/karpenter.sh_nodepools.yaml`,
    EC2NodeClass: `aws/karpenter-provider-aws@v${KARPENTER_VERSION} pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml`,
} as const;

/**
 * @kubernetes-models/karpenter 2.0.0 is generated from Go types, not from the pinned CRDs:
 * third-party/karpenter/go.mod in tommy351/kubernetes-models-ts requires
 * github.com/aws/karpenter-provider-aws v1.12.1 and sigs.k8s.io/karpenter v1.12.0. Where the
 * pinned v1.14.1 CRDs differ, karpenter-crd-rules.ts corrects it (PINNED_ENUMS, FIELDS_SINCE_MODEL).
 */
export const KARPENTER_MODEL_SOURCE = "@kubernetes-models/karpenter@2.0.0, generated from karpenter-provider-aws v1.12.1";

/** Helm charts with their pinned versions (components/eks/versions.ts). */
export const PINNED_CHARTS = {
    karpenter: KARPENTER_VERSION,
    "karpenter-crd": KARPENTER_VERSION,
    "aws-load-balancer-controller": "3.5.0",
    "nvidia-device-plugin": "0.20.0",
} as const;
