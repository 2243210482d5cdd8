/**
 * VPC endpoints that keep node traffic inside AWS's network instead of going out through NAT.
 */

/** Gateway endpoints: free, attached to the private and isolated route tables. */
export const GATEWAY_ENDPOINTS = ["s3", "dynamodb"] as const;

/**
 * Interface endpoints in the private subnets, with private DNS:
 * - ecr.api, ecr.dkr: image pulls (layers come through the S3 gateway endpoint);
 * - sts: IRSA / Pod Identity credential exchange and SDK calls;
 * - ssm, ssmmessages, ec2messages: Session Manager, the only way onto a node, and AMI parameters;
 * - ec2: Karpenter launching and describing instances;
 * - sqs: Karpenter's interruption queue;
 * - logs: container and flow logs;
 * - eks-auth: EKS Pod Identity credentials;
 * - secretsmanager: the Aurora master secret's rotation function, which runs in the isolated
 *   subnets without a route out (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-network-rqmts.html),
 *   and workloads reading their region's replica of a secret.
 */
export const DEFAULT_INTERFACE_ENDPOINTS = [
    "ecr.api",
    "ecr.dkr",
    "sts",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "ec2",
    "sqs",
    "logs",
    "eks-auth",
    "secretsmanager",
] as const;

/** `com.amazonaws.<region>.<service>`: the service name AWS gives an endpoint service. */
export function endpointServiceName(region: string, service: string): string {
    return `com.amazonaws.${region}.${service}`;
}

/** A stable logical-name suffix for a service: `ecr.api` → `ecr-api`. */
export function endpointKey(service: string): string {
    return service.replace(/\./g, "-");
}
