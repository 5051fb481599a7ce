package addons

import "github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"

// LoadBalancerControllerPolicy is the AWS Load Balancer Controller's
// identity policy, after the controller's published iam_policy.json
// (v2.13): explicit action lists only, and the mutating actions limited to
// resources the controller tagged (elbv2.k8s.aws/cluster) where AWS allows
// it. "*" resources remain where the API has no resource-level permissions.
func LoadBalancerControllerPolicy(partition string) iampolicy.Document {
	elb := "arn:" + partition + ":elasticloadbalancing:*:*:"
	ec2sg := "arn:" + partition + ":ec2:*:*:security-group/*"
	all := []string{"*"}
	tagged := map[string]map[string]any{"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}}
	creating := map[string]map[string]any{"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}}
	withCond := func(s iampolicy.Statement, c map[string]map[string]any) iampolicy.Statement {
		s.Condition = c
		return s
	}
	return iampolicy.New(
		withCond(iampolicy.Allow("CreateServiceLinkedRole", []string{"iam:CreateServiceLinkedRole"}, all),
			map[string]map[string]any{"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}}),
		iampolicy.Allow("Describe", []string{
			"ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
			"ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections",
			"ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
			"ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage", "ec2:DescribeCoipPools",
			"ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
			"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
			"elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
			"elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
			"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
			"elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
			"elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
			"elasticloadbalancing:DescribeCapacityReservation",
		}, all),
		iampolicy.Allow("Integrations", []string{
			"cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate",
			"iam:ListServerCertificates", "iam:GetServerCertificate",
			"waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
			"wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
			"shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
		}, all),
		iampolicy.Allow("SecurityGroupIngress", []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"}, all),
		iampolicy.Allow("CreateSecurityGroup", []string{"ec2:CreateSecurityGroup"}, all),
		withCond(iampolicy.Allow("TagNewSecurityGroup", []string{"ec2:CreateTags"}, []string{ec2sg}),
			map[string]map[string]any{
				"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"},
				"Null":         {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"},
			}),
		withCond(iampolicy.Allow("TagOwnSecurityGroups", []string{"ec2:CreateTags", "ec2:DeleteTags"}, []string{ec2sg}),
			map[string]map[string]any{"Null": {
				"aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false",
			}}),
		withCond(iampolicy.Allow("ManageOwnSecurityGroups", []string{
			"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup",
		}, all), tagged),
		withCond(iampolicy.Allow("CreateLoadBalancers", []string{
			"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup",
		}, all), creating),
		iampolicy.Allow("Listeners", []string{
			"elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
			"elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
		}, all),
		withCond(iampolicy.Allow("TagOwnLoadBalancers", []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"}, []string{
			elb + "targetgroup/*/*", elb + "loadbalancer/net/*/*", elb + "loadbalancer/app/*/*",
		}), map[string]map[string]any{"Null": {
			"aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false",
		}}),
		iampolicy.Allow("TagListenersAndRules", []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"}, []string{
			elb + "listener/net/*/*/*", elb + "listener/app/*/*/*", elb + "listener-rule/net/*/*/*", elb + "listener-rule/app/*/*/*",
		}),
		withCond(iampolicy.Allow("ManageOwnLoadBalancers", []string{
			"elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
			"elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
			"elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
			"elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
			"elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyCapacityReservation",
			"elasticloadbalancing:ModifyIpPools",
		}, all), tagged),
		withCond(iampolicy.Allow("TagOnCreate", []string{"elasticloadbalancing:AddTags"}, []string{
			elb + "targetgroup/*/*", elb + "loadbalancer/net/*/*", elb + "loadbalancer/app/*/*",
		}), map[string]map[string]any{
			"StringEquals": {"elasticloadbalancing:CreateAction": []string{"CreateTargetGroup", "CreateLoadBalancer"}},
			"Null":         {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"},
		}),
		iampolicy.Allow("Targets", []string{
			"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
		}, []string{elb + "targetgroup/*/*"}),
		iampolicy.Allow("ListenersAndRulesModify", []string{
			"elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener",
			"elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
			"elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
		}, all),
	)
}
