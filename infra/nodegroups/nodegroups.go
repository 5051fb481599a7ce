// Package nodegroups declares the EKS managed node groups: a fixed,
// tainted operational group and one application group per AZ, each with a
// launch template (IMDSv2 required, encrypted gp3 root volume).
//
// It uses aws/eks.NodeGroup + ec2.LaunchTemplate rather than pulumi-eks's
// ManagedNodeGroup: the latter is a remote component, so tier-1 mock tests
// would see one opaque resource and could not check the launch template,
// the scaling bounds or the tags; the plain resources are few and explicit.
package nodegroups

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/network"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:NodeGroups"

// Args configures the node groups.
type Args struct {
	Config      Config
	ClusterName string
	Partition   string
	// Subnets are the private subnets, one per AZ (network's
	// PrivateSubnets): the operational group spans them all, each
	// application group takes one.
	Subnets []network.ZoneSubnet
	// OmitApplication declares no application groups (Karpenter-only
	// clusters keep just the operational group).
	OmitApplication bool
	Tags            map[string]string
}

// azs lists the AZs of the subnets, in order.
func (a Args) azs() []string {
	out := make([]string, len(a.Subnets))
	for i, s := range a.Subnets {
		out[i] = s.AZ
	}
	return out
}

// NodeGroups exposes the groups' names and the node role.
type NodeGroups struct {
	pulumi.ResourceState

	// Names are the node group names, operational first (plain).
	Names []string
	// NodeRoleARN and NodeRoleName are the role every node runs as.
	NodeRoleARN  pulumi.StringOutput
	NodeRoleName pulumi.StringOutput
	// Groups are the declared node groups, for DependsOn.
	Groups []pulumi.Resource
}

// New declares the node role, launch templates and node groups.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*NodeGroups, error) {
	if err := args.Config.Validate(); err != nil {
		return nil, fmt.Errorf("node groups config: %w", err)
	}
	if len(args.Subnets) == 0 {
		return nil, fmt.Errorf("node groups: no subnets")
	}
	n := &NodeGroups{}
	if err := ctx.RegisterComponentResource(Type, name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)
	role, err := nodeRole(ctx, name, args, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring node role: %w", err)
	}
	n.NodeRoleARN, n.NodeRoleName = role.Arn, role.Name
	for _, spec := range Plan(args) {
		ng, err := group(ctx, spec, args, role, parent)
		if err != nil {
			return nil, fmt.Errorf("declaring node group %s: %w", spec.Name, err)
		}
		n.Names = append(n.Names, spec.Name)
		n.Groups = append(n.Groups, ng)
	}
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"names": pulumi.ToStringArray(n.Names), "nodeRoleArn": n.NodeRoleARN,
	})
}

// NodePolicyNames are the AWS managed policies of the node role. The CNI
// policy is not among them: the VPC CNI runs with its own IRSA role.
var NodePolicyNames = []string{"AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"}

// NodeTrustPolicy lets EC2 instances of the partition assume the node role
// (ec2.amazonaws.com.cn in the China Regions).
func NodeTrustPolicy(partition string) iampolicy.Document {
	return iampolicy.New(iampolicy.Statement{
		Effect: "Allow", Principal: map[string][]string{"Service": {iampolicy.EC2Principal(partition)}},
		Action: []string{"sts:AssumeRole"},
	})
}

func nodeRole(ctx *pulumi.Context, name string, args Args, parent pulumi.ResourceOption) (*iam.Role, error) {
	trust, err := NodeTrustPolicy(args.Partition).JSON()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-node", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust), Tags: pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, p := range NodePolicyNames {
		if _, err := iam.NewRolePolicyAttachment(ctx, name+"-node-"+p, &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: pulumi.String("arn:" + args.Partition + ":iam::aws:policy/" + p),
		}, parent); err != nil {
			return nil, err
		}
	}
	return role, nil
}

func group(ctx *pulumi.Context, spec GroupSpec, args Args, role *iam.Role, parent pulumi.ResourceOption) (*eks.NodeGroup, error) {
	lt, err := ec2.NewLaunchTemplate(ctx, spec.Name, launchTemplateArgs(spec, args.Config.RootVolumeGiB), parent)
	if err != nil {
		return nil, err
	}
	subnets := pulumi.StringArray{}
	for _, i := range spec.SubnetIndexes {
		subnets = append(subnets, args.Subnets[i].ID)
	}
	taints := eks.NodeGroupTaintArray{}
	for _, t := range spec.Taints {
		taints = append(taints, eks.NodeGroupTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect)})
	}
	return eks.NewNodeGroup(ctx, spec.Name, &eks.NodeGroupArgs{
		ClusterName:   pulumi.String(args.ClusterName),
		NodeGroupName: pulumi.String(spec.Name),
		NodeRoleArn:   role.Arn,
		SubnetIds:     subnets,
		InstanceTypes: pulumi.ToStringArray(spec.InstanceTypes),
		CapacityType:  pulumi.String(spec.CapacityType),
		AmiType:       pulumi.String(AMIType),
		ScalingConfig: eks.NodeGroupScalingConfigArgs{
			MinSize: pulumi.Int(spec.Min), DesiredSize: pulumi.Int(spec.Desired), MaxSize: pulumi.Int(spec.Max),
		},
		LaunchTemplate: eks.NodeGroupLaunchTemplateArgs{Id: lt.ID(), Version: lt.LatestVersion.ApplyT(func(v int) string { return fmt.Sprint(v) }).(pulumi.StringOutput)},
		Labels:         pulumi.ToStringMap(spec.Labels),
		Taints:         taints,
		Tags:           pulumi.ToStringMap(spec.Tags),
		UpdateConfig:   eks.NodeGroupUpdateConfigArgs{MaxUnavailablePercentage: pulumi.Int(33)},
	}, parent, pulumi.IgnoreChanges([]string{"scalingConfig.desiredSize"}))
}
