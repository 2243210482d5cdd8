import { describe, expect, it } from "vitest";
import { managedPolicyArn, serviceTrust, sourceAccount } from "../../components/iam";
import { ec2NodeTrust, eksClusterTrust, podIdentityTrust } from "../../components/eks/iam-trust";
import { s3ReplicationTrust } from "../../components/data/media-policies";
import { flowLogTrustPolicy } from "../../components/network/policies";

const statement = (doc: string) => {
    const parsed = JSON.parse(doc);
    expect(parsed.Version).toBe("2012-10-17");
    expect(parsed.Statement).toHaveLength(1);
    return parsed.Statement[0];
};

describe("trust policies", () => {
    it.each([
        ["EKS control plane", eksClusterTrust("111122223333"), "eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"], "111122223333"],
        ["EKS Pod Identity", podIdentityTrust("111122223333"), "pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"], "111122223333"],
        ["VPC flow logs", flowLogTrustPolicy("444455556666"), "vpc-flow-logs.amazonaws.com", "sts:AssumeRole", "444455556666"],
        ["EC2 nodes", ec2NodeTrust(), "ec2.amazonaws.com", "sts:AssumeRole", undefined],
        ["S3 replication", s3ReplicationTrust(), "s3.amazonaws.com", "sts:AssumeRole", undefined],
        ["a plain service role", serviceTrust("backup.amazonaws.com"), "backup.amazonaws.com", "sts:AssumeRole", undefined],
    ])("%s: only its service may assume the role", (_role, doc, service, action, account) => {
        const s = statement(doc);
        expect(s.Effect).toBe("Allow");
        expect(s.Principal).toEqual({ Service: service });
        expect(s.Action).toEqual(action);
        if (account) expect(s.Condition).toEqual({ StringEquals: { "aws:SourceAccount": account } });
        else expect(s).not.toHaveProperty("Condition");
    });

    it("sourceAccount binds the caller's account (confused-deputy guard)", () => {
        expect(sourceAccount("111122223333")).toEqual({ StringEquals: { "aws:SourceAccount": "111122223333" } });
    });
});

describe("managedPolicyArn", () => {
    it.each([
        ["aws", "AmazonEKSClusterPolicy", "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
        ["aws-cn", "service-role/AmazonRDSEnhancedMonitoringRole", "arn:aws-cn:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"],
    ])("%s %s", (partition, name, arn) => {
        expect(managedPolicyArn(partition, name)).toBe(arn);
    });
});
