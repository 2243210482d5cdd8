/**
 * The validation the pinned Karpenter CRDs add to what @kubernetes-models/karpenter checks, read
 * from aws/karpenter-provider-aws at tag v1.14.1 (the karpenter and karpenter-crd 1.14.1 charts):
 * pkg/apis/crds/karpenter.sh_nodepools.yaml and pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml
 * (charts/karpenter-crd/templates/ holds the same files with chart annotations).
 *
 * CEL_RULES: every x-kubernetes-validations rule of the v1 spec of both kinds, rule text and
 * message as the CRD states them, except the transition rules that read `oldSelf` (they judge an
 * update against the stored object, which a plan does not have):
 *   NodePool spec: has(self.replicas) == has(oldSelf.replicas);
 *   NodePool spec.template.spec.nodeClassRef: self.group == oldSelf.group, self.kind == oldSelf.kind.
 * (The CRD's label rule lists karpenter.k8s.aws/capacity-reservation-interruptible twice; AWS_LABELS once.)
 * Paths: `[]` is each item of a list, `{}` each value of a map; a rule runs only where its field is set.
 *
 * SCHEMA_RULES: OpenAPI constraints of the pinned CRDs that the model's validators lack or state
 * differently (the model is generated from the v1.12 Go types, see pins.ts): PINNED_ENUMS replace
 * the model's enums, the others add to it. FIELDS_SINCE_MODEL: fields the v1.14.1 CRDs have and
 * the v1.12 model does not (EC2NodeClass spec.connectionTracking and spec.cpuOptions).
 */
import { KARPENTER_CRD_SOURCE } from "./pins";
import { SCALAR, Shape, closed } from "./shape";

export type KarpenterKind = keyof typeof KARPENTER_CRD_SOURCE;

export interface CelRule {
    kind: KarpenterKind;
    path: string;
    rule: string;
    message: string;
}

/** Labels Karpenter lets a NodePool use in the karpenter.k8s.aws domain (both rules list them). */
const AWS_LABELS = [
    "instance-tenancy", "capacity-reservation-type", "capacity-reservation-id", "capacity-reservation-interruptible", "ec2nodeclass",
    "instance-encryption-in-transit-supported", "instance-category", "instance-hypervisor", "instance-family", "instance-generation",
    "instance-local-nvme", "instance-size", "instance-cpu", "instance-cpu-manufacturer", "instance-cpu-sustained-clock-speed-mhz",
    "instance-memory", "instance-ebs-bandwidth", "instance-network-bandwidth", "instance-gpu-name", "instance-gpu-manufacturer",
    "instance-gpu-count", "instance-gpu-memory", "instance-accelerator-name", "instance-accelerator-manufacturer",
    "instance-accelerator-count", "instance-capability-flex", "placement-group-id", "placement-group-partition",
].map((l) => `"karpenter.k8s.aws/${l}"`).join(", ");

const EVICTION_SIGNALS = "['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.inodesFree','pid.available']";
const aliasFamily = (family: string, amiFamily: string, article = "an") => ({
    rule: `!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == '${family}') ? (self.amiFamily == 'Custom' || self.amiFamily == '${amiFamily}') : true)`,
    message: `if set, amiFamily must be '${amiFamily}' or 'Custom' when using ${article} ${amiFamily} alias`,
});
const np = (path: string, rule: string, message: string): CelRule => ({ kind: "NodePool", path, rule, message });
const nc = (path: string, rule: string, message: string): CelRule => ({ kind: "EC2NodeClass", path, rule, message });
const emptyTags = (path: string) => nc(path, "self.all(k, k != '' && self[k] != '')", "empty tag keys or values aren't supported");

export const CEL_RULES: readonly CelRule[] = [
    np("spec", "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size(self.limits) == 1 && 'nodes' in self.limits))", "only 'limits.nodes' is supported on static NodePools"),
    np("spec", "!has(self.replicas) || !has(self.weight)", "'weight' is not supported on static NodePools"),
    np("spec.disruption.budgets", "self.all(x, has(x.schedule) == has(x.duration))", "'schedule' must be set with 'duration'"),
    np("spec.template.metadata.labels", `self.all(x, x in ["karpenter.sh/capacity-type", "karpenter.sh/nodepool"] || !x.find("^([^/]+)").endsWith("karpenter.sh"))`, `label domain "karpenter.sh" is restricted`),
    np("spec.template.metadata.labels", `self.all(x, x != "karpenter.sh/nodepool")`, `label "karpenter.sh/nodepool" is restricted`),
    np("spec.template.metadata.labels", `self.all(x, x != "kubernetes.io/hostname")`, `label "kubernetes.io/hostname" is restricted`),
    np("spec.template.metadata.labels", `self.all(x, x in [${AWS_LABELS}] || !x.find("^([^/]+)").endsWith("karpenter.k8s.aws"))`, `label domain "karpenter.k8s.aws" is restricted`),
    np("spec.template.spec.nodeClassRef.group", "self != ''", "group may not be empty"),
    np("spec.template.spec.nodeClassRef.kind", "self != ''", "kind may not be empty"),
    np("spec.template.spec.nodeClassRef.name", "self != ''", "name may not be empty"),
    np("spec.template.spec.requirements", "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)", "requirements with operator 'In' must have a value defined"),
    np("spec.template.spec.requirements", "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)", "requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value"),
    np("spec.template.spec.requirements", "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true)", "requirements with 'minValues' must have at least that many values specified in the 'values' field"),
    np("spec.template.spec.requirements[].key", `self in ["karpenter.sh/capacity-type", "karpenter.sh/nodepool"] || !self.find("^([^/]+)").endsWith("karpenter.sh")`, `label domain "karpenter.sh" is restricted`),
    np("spec.template.spec.requirements[].key", `self != "karpenter.sh/nodepool"`, `label "karpenter.sh/nodepool" is restricted`),
    np("spec.template.spec.requirements[].key", `self != "kubernetes.io/hostname"`, `label "kubernetes.io/hostname" is restricted`),
    np("spec.template.spec.requirements[].key", `self in [${AWS_LABELS}] || !self.find("^([^/]+)").endsWith("karpenter.k8s.aws")`, `label domain "karpenter.k8s.aws" is restricted`),

    nc("spec", "(has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && has(self.instanceProfile))", "must specify exactly one of ['role', 'instanceProfile']"),
    ...[["al2", "AL2"], ["al2023", "AL2023"], ["bottlerocket", "Bottlerocket", "a"], ["windows2019", "Windows2019", "a"], ["windows2022", "Windows2022", "a"], ["windows2025", "Windows2025", "a"]]
        .map(([family, amiFamily, article]) => ({ kind: "EC2NodeClass" as const, path: "spec", ...aliasFamily(family, amiFamily, article) })),
    nc("spec", "self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily)", "must specify amiFamily if amiSelectorTerms does not contain an alias"),
    nc("spec.amiSelectorTerms", "self.all(x, has(x.tags) || has(x.id) || has(x.name) || has(x.alias) || has(x.ssmParameter))", "expected at least one, got none, ['tags', 'id', 'name', 'alias', 'ssmParameter']"),
    nc("spec.amiSelectorTerms", "!self.exists(x, has(x.id) && (has(x.alias) || has(x.tags) || has(x.name) || has(x.owner)))", "'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms"),
    nc("spec.amiSelectorTerms", "!self.exists(x, has(x.alias) && (has(x.id) || has(x.tags) || has(x.name) || has(x.owner)))", "'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms"),
    nc("spec.amiSelectorTerms", "!(self.exists(x, has(x.alias)) && self.size() != 1)", "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms"),
    nc("spec.amiSelectorTerms[].alias", "self.matches('^[a-zA-Z0-9]+@.+$')", "'alias' is improperly formatted, must match the format 'family@version'"),
    nc("spec.amiSelectorTerms[].alias", "self.split('@')[0] in ['al2','al2023','bottlerocket','windows2019','windows2022','windows2025']", "family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'"),
    nc("spec.amiSelectorTerms[].alias", "self.split('@')[0] in ['windows2019','windows2022','windows2025'] ? self.split('@')[1] == 'latest' : true", "windows families may only specify version 'latest'"),
    emptyTags("spec.amiSelectorTerms[].tags"),
    nc("spec.blockDeviceMappings", "self.filter(x, has(x.rootVolume)?x.rootVolume==true:false).size() <= 1", "must have only one blockDeviceMappings with rootVolume"),
    nc("spec.blockDeviceMappings[].ebs", "has(self.snapshotID) || has(self.volumeSize)", "snapshotID or volumeSize must be defined"),
    nc("spec.blockDeviceMappings[].ebs", "!has(self.volumeInitializationRate) || (has(self.snapshotID) && self.snapshotID != '')", "snapshotID must be set when volumeInitializationRate is set"),
    nc("spec.capacityReservationSelectorTerms", "self.all(x, has(x.tags) || has(x.id) || has(x.instanceMatchCriteria))", "expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']"),
    nc("spec.capacityReservationSelectorTerms", "!self.all(x, has(x.id) && (has(x.tags) || has(x.ownerID) || has(x.instanceMatchCriteria)))", "'id' is mutually exclusive, cannot be set along with other fields in a capacity reservation selector term"),
    emptyTags("spec.capacityReservationSelectorTerms[].tags"),
    nc("spec.connectionTracking", "has(self.tcpEstablishedTimeout) || has(self.udpStreamTimeout) || has(self.udpTimeout)", "at least one of tcpEstablishedTimeout, udpStreamTimeout, or udpTimeout must be set"),
    nc("spec.instanceProfile", "self != ''", "instanceProfile cannot be empty"),
    nc("spec.kubelet", "has(self.imageGCHighThresholdPercent) && has(self.imageGCLowThresholdPercent) ?  self.imageGCHighThresholdPercent > self.imageGCLowThresholdPercent  : true", "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent"),
    nc("spec.kubelet", "has(self.evictionSoft) ? self.evictionSoft.all(e, (e in self.evictionSoftGracePeriod)):true", "evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod"),
    nc("spec.kubelet", "has(self.evictionSoftGracePeriod) ? self.evictionSoftGracePeriod.all(e, (e in self.evictionSoft)):true", "evictionSoftGracePeriod OwnerKey does not have a matching evictionSoft"),
    ...["evictionHard", "evictionSoft", "evictionSoftGracePeriod"].map((f) => nc(`spec.kubelet.${f}`, `self.all(x, x in ${EVICTION_SIGNALS})`, `valid keys for ${f} are ${EVICTION_SIGNALS}`)),
    ...["kubeReserved", "systemReserved"].flatMap((f) => [
        nc(`spec.kubelet.${f}`, "self.all(x, x=='cpu' || x=='memory' || x=='ephemeral-storage' || x=='pid')", `valid keys for ${f} are ['cpu','memory','ephemeral-storage','pid']`),
        nc(`spec.kubelet.${f}`, "self.all(x, !self[x].startsWith('-'))", `${f} value cannot be a negative resource quantity`),
    ]),
    nc("spec.networkInterfaces", "self.size() == 0 || self.exists(x, x.deviceIndex == 0 && x.networkCardIndex == 0 && x.interfaceType == 'interface')", "networkInterfaces must include a primary interface with interfaceType='interface'"),
    nc("spec.networkInterfaces", "self.all(x, self.filter(y, x.networkCardIndex == y.networkCardIndex && x.deviceIndex == y.deviceIndex).size() == 1 && (x.interfaceType != 'efa-only' || self.filter(y, x.networkCardIndex == y.networkCardIndex && y.interfaceType == 'efa-only').size() == 1))", "networkInterfaces must not have duplicate networkCardIndex and deviceIndex pairs, and can have at most one efa device per network card"),
    nc("spec.placementGroupSelector", "has(self.name) || has(self.id)", "expected at least one, got none, ['name', 'id']"),
    nc("spec.placementGroupSelector", "!(has(self.name) && has(self.id))", "'name' and 'id' are mutually exclusive"),
    nc("spec.role", "self != ''", "role cannot be empty"),
    nc("spec.securityGroupSelectorTerms", "self.size() != 0", "securityGroupSelectorTerms cannot be empty"),
    nc("spec.securityGroupSelectorTerms", "self.all(x, has(x.tags) || has(x.id) || has(x.name))", "expected at least one, got none, ['tags', 'id', 'name']"),
    nc("spec.securityGroupSelectorTerms", "!self.all(x, has(x.id) && (has(x.tags) || has(x.name)))", "'id' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term"),
    nc("spec.securityGroupSelectorTerms", "!self.all(x, has(x.name) && (has(x.tags) || has(x.id)))", "'name' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term"),
    emptyTags("spec.securityGroupSelectorTerms[].tags"),
    nc("spec.subnetSelectorTerms", "self.size() != 0", "subnetSelectorTerms cannot be empty"),
    nc("spec.subnetSelectorTerms", "self.all(x, has(x.tags) || has(x.id))", "expected at least one, got none, ['tags', 'id']"),
    nc("spec.subnetSelectorTerms", "!self.all(x, has(x.id) && has(x.tags))", "'id' is mutually exclusive, cannot be set with a combination of other fields in a subnet selector term"),
    emptyTags("spec.subnetSelectorTerms[].tags"),
    nc("spec.tags", "self.all(k, k != '')", "empty tag keys aren't supported"),
    nc("spec.tags", "self.all(k, k !='eks:eks-cluster-name')", "tag contains a restricted tag matching eks:eks-cluster-name"),
    nc("spec.tags", "self.all(k, !k.startsWith('kubernetes.io/cluster') )", "tag contains a restricted tag matching kubernetes.io/cluster/"),
    nc("spec.tags", "self.all(k, k != 'karpenter.sh/nodepool')", "tag contains a restricted tag matching karpenter.sh/nodepool"),
    nc("spec.tags", "self.all(k, k !='karpenter.sh/nodeclaim')", "tag contains a restricted tag matching karpenter.sh/nodeclaim"),
    nc("spec.tags", "self.all(k, k !='karpenter.k8s.aws/ec2nodeclass')", "tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass"),
];

export type Constraint =
    | { enum: readonly string[] }
    | { pattern: string }
    | { maxLength: number }
    | { minLength: number }
    | { maxProperties: number }
    | { minimum: number }
    | { maximum: number };

export interface SchemaRule {
    kind: KarpenterKind;
    path: string;
    constraint: Constraint;
}

const QUANTITY = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
const LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
const QUALIFIED_NAME = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
const s = (kind: KarpenterKind, path: string, constraint: Constraint): SchemaRule => ({ kind, path, constraint });

/** Enums of the pinned CRDs that the model states otherwise: the model's finding there is dropped. */
export const PINNED_ENUMS: readonly SchemaRule[] = [
    s("NodePool", "spec.disruption.consolidationPolicy", { enum: ["WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"] }),
    s("NodePool", "spec.template.spec.requirements[].operator", { enum: ["Gte", "Lte", "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] }),
];

/**
 * Constraints of the pinned CRDs the model's validators lack (its validators already check the
 * budgets, requirements and selector-term list limits, minValues, weight, the alias length, the
 * tag counts and the metadata hop limit, and the nodes, schedule, consolidateAfter, expireAfter,
 * nodeClassRef.group and volumeSize patterns).
 */
export const SCHEMA_RULES: readonly SchemaRule[] = [
    ...PINNED_ENUMS,
    s("NodePool", "spec.disruption.budgets[].duration", { pattern: "^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$" }),
    s("NodePool", "spec.limits{}", { pattern: QUANTITY }),
    s("NodePool", "spec.template.metadata.labels", { maxProperties: 100 }),
    s("NodePool", "spec.template.metadata.labels{}", { pattern: LABEL_VALUE }),
    s("NodePool", "spec.template.metadata.labels{}", { maxLength: 63 }),
    s("NodePool", "spec.template.spec.terminationGracePeriod", { pattern: "^([0-9]+(s|m|h))+$" }),
    s("NodePool", "spec.template.spec.requirements[].key", { pattern: QUALIFIED_NAME }),
    s("NodePool", "spec.template.spec.requirements[].key", { maxLength: 316 }),
    s("NodePool", "spec.template.spec.requirements[].values[]", { pattern: LABEL_VALUE }),
    s("NodePool", "spec.template.spec.requirements[].values[]", { maxLength: 63 }),
    ...["taints", "startupTaints"].flatMap((t) => [
        s("NodePool", `spec.template.spec.${t}[].key`, { pattern: QUALIFIED_NAME }),
        s("NodePool", `spec.template.spec.${t}[].key`, { minLength: 1 }),
        s("NodePool", `spec.template.spec.${t}[].value`, { pattern: QUALIFIED_NAME }),
    ]),
    s("EC2NodeClass", "spec.amiSelectorTerms[].id", { pattern: "ami-[0-9a-z]+" }),
    s("EC2NodeClass", "spec.securityGroupSelectorTerms[].id", { pattern: "sg-[0-9a-z]+" }),
    s("EC2NodeClass", "spec.subnetSelectorTerms[].id", { pattern: "subnet-[0-9a-z]+" }),
    s("EC2NodeClass", "spec.connectionTracking.tcpEstablishedTimeout", { minimum: 60 }),
    s("EC2NodeClass", "spec.connectionTracking.tcpEstablishedTimeout", { maximum: 432000 }),
    s("EC2NodeClass", "spec.connectionTracking.udpStreamTimeout", { minimum: 60 }),
    s("EC2NodeClass", "spec.connectionTracking.udpStreamTimeout", { maximum: 180 }),
    s("EC2NodeClass", "spec.connectionTracking.udpTimeout", { minimum: 30 }),
    s("EC2NodeClass", "spec.connectionTracking.udpTimeout", { maximum: 60 }),
    s("EC2NodeClass", "spec.cpuOptions.nestedVirtualization", { enum: ["enabled", "disabled"] }),
];

/** Fields of the v1.14.1 CRDs the v1.12 model lacks, added to its declared fields. */
export const FIELDS_SINCE_MODEL: Record<KarpenterKind, Record<string, Shape>> = {
    NodePool: {},
    EC2NodeClass: {
        connectionTracking: closed({ tcpEstablishedTimeout: SCALAR, udpStreamTimeout: SCALAR, udpTimeout: SCALAR }),
        cpuOptions: closed({ nestedVirtualization: SCALAR }),
    },
};

/** The constraint's failure for `value`, as the API server words it; undefined when it holds. */
export function violates(c: Constraint, value: unknown): string | undefined {
    if ("enum" in c) return typeof value === "string" && c.enum.includes(value) ? undefined : `must be one of ${c.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    if ("pattern" in c) return typeof value !== "string" || new RegExp(c.pattern, "u").test(value) ? undefined : `must match ${c.pattern}`;
    if ("maxLength" in c) return typeof value !== "string" || [...value].length <= c.maxLength ? undefined : `may not be longer than ${c.maxLength}`;
    if ("minLength" in c) return typeof value !== "string" || [...value].length >= c.minLength ? undefined : `must be at least ${c.minLength} characters long`;
    if ("maxProperties" in c) return value === null || typeof value !== "object" || Object.keys(value).length <= c.maxProperties ? undefined : `must have at most ${c.maxProperties} entries`;
    if ("minimum" in c) return typeof value !== "number" || value >= c.minimum ? undefined : `must be greater than or equal to ${c.minimum}`;
    return typeof value !== "number" || value <= c.maximum ? undefined : `must be less than or equal to ${c.maximum}`;
}
