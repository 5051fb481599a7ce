package karpenter

import (
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
)

// PolicyParams are the resolved values the controller policy is scoped by.
type PolicyParams struct {
	Partition, Region, AccountID, ClusterName string
	QueueARN, NodeRoleARN                     string
}

func (p PolicyParams) ec2(resource string) string {
	return fmt.Sprintf("arn:%s:ec2:%s:*:%s", p.Partition, p.Region, resource)
}

func (p PolicyParams) ec2Public(resource string) string {
	return fmt.Sprintf("arn:%s:ec2:%s::%s", p.Partition, p.Region, resource)
}

func (p PolicyParams) clusterTag(kind string) string {
	return "aws:" + kind + "/kubernetes.io/cluster/" + p.ClusterName
}

// ControllerPolicy is the controller's identity policy, scoped as
// Karpenter's own reference (CloudFormation) policy for v1 scopes it:
// instances and launch templates only when tagged for this cluster and a
// NodePool, instance profiles only with this cluster's tags, PassRole only
// for the node role and only to EC2, the queue and cluster by ARN. No
// wildcard actions: read actions are listed one by one.
func ControllerPolicy(p PolicyParams) iampolicy.Document {
	return iampolicy.New(
		allowScopedInstanceAccess(p),
		allowScopedLaunchTemplateAccess(p),
		allowScopedInstanceActionsWithTags(p),
		allowScopedResourceCreationTagging(p),
		allowScopedResourceTagging(p),
		allowScopedDeletion(p),
		allowRegionalRead(p),
		iampolicy.Allow("AllowSSMReadActions", []string{"ssm:GetParameter"},
			[]string{fmt.Sprintf("arn:%s:ssm:%s::parameter/aws/service/*", p.Partition, p.Region)}),
		iampolicy.Allow("AllowPricingReadActions", []string{"pricing:GetProducts"}, []string{"*"}),
		iampolicy.Allow("AllowInterruptionQueueActions",
			[]string{"sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"}, []string{p.QueueARN}),
		allowPassNodeRole(p),
		allowInstanceProfileCreation(p),
		allowInstanceProfileTagging(p),
		allowInstanceProfileActions(p),
		iampolicy.Allow("AllowInstanceProfileReadActions", []string{"iam:GetInstanceProfile"},
			[]string{fmt.Sprintf("arn:%s:iam::%s:instance-profile/*", p.Partition, p.AccountID)}),
		iampolicy.Allow("AllowUnscopedInstanceProfileListAction", []string{"iam:ListInstanceProfiles"}, []string{"*"}),
		iampolicy.Allow("AllowAPIServerEndpointDiscovery", []string{"eks:DescribeCluster"},
			[]string{fmt.Sprintf("arn:%s:eks:%s:%s:cluster/%s", p.Partition, p.Region, p.AccountID, p.ClusterName)}),
	)
}

func allowScopedInstanceAccess(p PolicyParams) iampolicy.Statement {
	return iampolicy.Allow("AllowScopedEC2InstanceAccessActions", []string{"ec2:RunInstances", "ec2:CreateFleet"}, []string{
		p.ec2Public("image/*"), p.ec2Public("snapshot/*"), p.ec2("security-group/*"), p.ec2("subnet/*"), p.ec2("capacity-reservation/*"),
	})
}

func allowScopedLaunchTemplateAccess(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedEC2LaunchTemplateAccessActions", []string{"ec2:RunInstances", "ec2:CreateFleet"},
		[]string{p.ec2("launch-template/*")})
	s.Condition = map[string]map[string]any{
		"StringEquals": {p.clusterTag("ResourceTag"): "owned"},
		"StringLike":   {"aws:ResourceTag/karpenter.sh/nodepool": "*"},
	}
	return s
}

func createdResources(p PolicyParams) []string {
	return []string{p.ec2("fleet/*"), p.ec2("instance/*"), p.ec2("volume/*"), p.ec2("network-interface/*"),
		p.ec2("launch-template/*"), p.ec2("spot-instances-request/*"), p.ec2("capacity-reservation/*")}
}

func requestTags(p PolicyParams) map[string]any {
	return map[string]any{p.clusterTag("RequestTag"): "owned", "aws:RequestTag/eks:eks-cluster-name": p.ClusterName}
}

func allowScopedInstanceActionsWithTags(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedEC2InstanceActionsWithTags",
		[]string{"ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"}, createdResources(p))
	s.Condition = map[string]map[string]any{
		"StringEquals": requestTags(p),
		"StringLike":   {"aws:RequestTag/karpenter.sh/nodepool": "*"},
	}
	return s
}

func allowScopedResourceCreationTagging(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedResourceCreationTagging", []string{"ec2:CreateTags"}, createdResources(p))
	eq := requestTags(p)
	eq["ec2:CreateAction"] = []string{"RunInstances", "CreateFleet", "CreateLaunchTemplate"}
	s.Condition = map[string]map[string]any{
		"StringEquals": eq,
		"StringLike":   {"aws:RequestTag/karpenter.sh/nodepool": "*"},
	}
	return s
}

func allowScopedResourceTagging(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedResourceTagging", []string{"ec2:CreateTags"}, []string{p.ec2("instance/*")})
	s.Condition = map[string]map[string]any{
		"StringEquals":              {p.clusterTag("ResourceTag"): "owned"},
		"StringLike":                {"aws:ResourceTag/karpenter.sh/nodepool": "*"},
		"StringEqualsIfExists":      {"aws:RequestTag/eks:eks-cluster-name": p.ClusterName},
		"ForAllValues:StringEquals": {"aws:TagKeys": []string{"eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"}},
	}
	return s
}

func allowScopedDeletion(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedDeletion", []string{"ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"},
		[]string{p.ec2("instance/*"), p.ec2("launch-template/*")})
	s.Condition = map[string]map[string]any{
		"StringEquals": {p.clusterTag("ResourceTag"): "owned"},
		"StringLike":   {"aws:ResourceTag/karpenter.sh/nodepool": "*"},
	}
	return s
}

func allowRegionalRead(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowRegionalReadActions", []string{
		"ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances",
		"ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates",
		"ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets",
	}, []string{"*"})
	s.Condition = map[string]map[string]any{"StringEquals": {"aws:RequestedRegion": p.Region}}
	return s
}

func allowPassNodeRole(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowPassingInstanceRole", []string{"iam:PassRole"}, []string{p.NodeRoleARN})
	s.Condition = map[string]map[string]any{"StringEquals": {"iam:PassedToService": []string{iampolicy.EC2Principal(p.Partition)}}}
	return s
}

func instanceProfiles(p PolicyParams) []string {
	return []string{fmt.Sprintf("arn:%s:iam::%s:instance-profile/*", p.Partition, p.AccountID)}
}

func allowInstanceProfileCreation(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedInstanceProfileCreationActions", []string{"iam:CreateInstanceProfile"}, instanceProfiles(p))
	eq := requestTags(p)
	eq["aws:RequestTag/topology.kubernetes.io/region"] = p.Region
	s.Condition = map[string]map[string]any{
		"StringEquals": eq,
		"StringLike":   {"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*"},
	}
	return s
}

func allowInstanceProfileTagging(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedInstanceProfileTagActions", []string{"iam:TagInstanceProfile"}, instanceProfiles(p))
	eq := requestTags(p)
	eq[p.clusterTag("ResourceTag")] = "owned"
	eq["aws:ResourceTag/topology.kubernetes.io/region"] = p.Region
	eq["aws:RequestTag/topology.kubernetes.io/region"] = p.Region
	s.Condition = map[string]map[string]any{
		"StringEquals": eq,
		"StringLike": {
			"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
			"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass":  "*",
		},
	}
	return s
}

func allowInstanceProfileActions(p PolicyParams) iampolicy.Statement {
	s := iampolicy.Allow("AllowScopedInstanceProfileActions",
		[]string{"iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"}, instanceProfiles(p))
	s.Condition = map[string]map[string]any{
		"StringEquals": {p.clusterTag("ResourceTag"): "owned", "aws:ResourceTag/topology.kubernetes.io/region": p.Region},
		"StringLike":   {"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*"},
	}
	return s
}

// NodeTrustPolicy lets EC2 instances of the partition assume the node role.
func NodeTrustPolicy(partition string) iampolicy.Document {
	return iampolicy.New(iampolicy.Statement{
		Effect: "Allow", Principal: map[string][]string{"Service": {iampolicy.EC2Principal(partition)}},
		Action: []string{"sts:AssumeRole"},
	})
}

// NodeManagedPolicies are the AWS managed policies of the node role.
func NodeManagedPolicies(partition string) []string {
	out := []string{}
	for _, n := range []string{"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"} {
		out = append(out, fmt.Sprintf("arn:%s:iam::aws:policy/%s", partition, n))
	}
	return out
}
