/** The KMS policy documents components attach (components/key-policies.ts): the one way a role is given a key. */
import { describe, expect, it } from "vitest";
import { keyUsePolicy } from "../../components/key-policies";
import { evaluate, one } from "../helpers/project";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f8e1c2a-1111-2222-3333-444455556666";

describe("keyUsePolicy", () => {
    it("allows exactly the actions given, on exactly that key", () => {
        expect(JSON.parse(keyUsePolicy(KEY, ["kms:Decrypt", "kms:GenerateDataKey*"]))).toEqual({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: KEY }],
        });
    });

    it.each([
        ["bibox-eks-cluster-secrets", ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]],
        ["bibox-eks-ebs-csi-kms", ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]],
        ["bibox-backups-role-kms", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"]],
    ])("%s: the role's one statement, on its own key", async (name, actions) => {
        const rs = (await evaluate("prod-eu")).resources;
        const doc = JSON.parse(String(one(rs, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy));
        expect(doc.Statement).toHaveLength(1);
        expect(doc.Statement[0]).toMatchObject({ Effect: "Allow", Action: actions });
        expect(doc.Statement[0].Resource).toMatch(/^arn:aws:kms:eu-west-1:\d{12}:/);
    });
});
