/**
 * Permissions of the AWS Load Balancer Controller (the project's published iam_policy.json,
 * restated): it may create load balancers, target groups and security groups only with its
 * cluster tag, and change only what carries that tag. Pure, read by tests.
 */

export function loadBalancerControllerPolicy(partition: string): string {
    const elb = (r: string) => `arn:${partition}:elasticloadbalancing:*:*:${r}`;
    const sg = `arn:${partition}:ec2:*:*:security-group/*`;
    const tag = "elbv2.k8s.aws/cluster";
    const lbs = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
    const requestTagged = { Null: { [`aws:RequestTag/${tag}`]: "false" } };
    const resourceTagged = { Null: { [`aws:ResourceTag/${tag}`]: "false" } };
    const statements = [
        { Action: "iam:CreateServiceLinkedRole", Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } } },
        {
            Action: [
                "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
                "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage",
                "ec2:DescribeCoipPools", "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
                "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
                "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation",
            ],
            Resource: "*",
        },
        {
            Action: [
                "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate",
                "iam:ListServerCertificates", "iam:GetServerCertificate",
                "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
                "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
            ],
            Resource: "*",
        },
        { Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], Resource: "*" },
        { Action: "ec2:CreateSecurityGroup", Resource: "*" },
        { Action: "ec2:CreateTags", Resource: sg, Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...requestTagged } },
        { Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: sg, Condition: { Null: { [`aws:RequestTag/${tag}`]: "true", [`aws:ResourceTag/${tag}`]: "false" } } },
        { Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], Resource: "*", Condition: resourceTagged },
        { Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], Resource: "*", Condition: requestTagged },
        {
            Action: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
            Resource: "*",
        },
        {
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: lbs,
            Condition: { Null: { [`aws:RequestTag/${tag}`]: "true", [`aws:ResourceTag/${tag}`]: "false" } },
        },
        {
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")],
        },
        {
            Action: [
                "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
            ],
            Resource: "*",
            Condition: resourceTagged,
        },
        {
            Action: "elasticloadbalancing:AddTags",
            Resource: lbs,
            Condition: { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] }, ...requestTagged },
        },
        { Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource: elb("targetgroup/*/*") },
        {
            Action: [
                "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
            ],
            Resource: "*",
        },
    ];
    return JSON.stringify({ Version: "2012-10-17", Statement: statements.map((st) => ({ Effect: "Allow", ...st })) });
}
