// Package nodegroups declares the EKS managed node groups: a fixed,
// tainted operational group and one application group per AZ, each with a
// launch template (IMDSv2 required, encrypted gp3 root volume).
//
// It uses aws/eks.NodeGroup + ec2.LaunchTemplate rather than pulumi-eks's
// ManagedNodeGroup: the latter is a remote component, so tier-1 mock tests
// would see one opaque resource and could not check the launch template,
// the scaling bounds or the tags; the plain resources are few and explicit.
//
// The configuration, the group plan, the placement on the operational group
// and the node role's trust policy are in spec/nodegroups.
package nodegroups

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/network"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:NodeGroups"

// Args configures the node groups.
type Args struct {
	Config      spec.Config
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

// planArgs is the plain part of the args that spec.Plan lays the groups
// out from.
func (a Args) planArgs() spec.PlanArgs {
	azs := make([]string, len(a.Subnets))
	for i, s := range a.Subnets {
		azs[i] = s.AZ
	}
	return spec.PlanArgs{Config: a.Config, ClusterName: a.ClusterName, AZs: azs, OmitApplication: a.OmitApplication, Tags: a.Tags}
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
	for _, g := range spec.Plan(args.planArgs()) {
		ng, err := group(ctx, g, args, role, parent)
		if err != nil {
			return nil, fmt.Errorf("declaring node group %s: %w", g.Name, err)
		}
		n.Names = append(n.Names, g.Name)
		n.Groups = append(n.Groups, ng)
	}
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"names": pulumi.ToStringArray(n.Names), "nodeRoleArn": n.NodeRoleARN,
	})
}

func nodeRole(ctx *pulumi.Context, name string, args Args, parent pulumi.ResourceOption) (*iam.Role, error) {
	trust, err := spec.NodeTrustPolicy(args.Partition).JSON()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-node", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust), Tags: pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, p := range spec.NodePolicyNames {
		if _, err := iam.NewRolePolicyAttachment(ctx, name+"-node-"+p, &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: pulumi.String("arn:" + args.Partition + ":iam::aws:policy/" + p),
		}, parent); err != nil {
			return nil, err
		}
	}
	return role, nil
}

func group(ctx *pulumi.Context, g spec.GroupSpec, args Args, role *iam.Role, parent pulumi.ResourceOption) (*eks.NodeGroup, error) {
	lt, err := ec2.NewLaunchTemplate(ctx, g.Name, launchTemplateArgs(g, args.Config.RootVolumeGiB), parent)
	if err != nil {
		return nil, err
	}
	subnets := pulumi.StringArray{}
	for _, i := range g.SubnetIndexes {
		subnets = append(subnets, args.Subnets[i].ID)
	}
	taints := eks.NodeGroupTaintArray{}
	for _, t := range g.Taints {
		taints = append(taints, eks.NodeGroupTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect)})
	}
	return eks.NewNodeGroup(ctx, g.Name, &eks.NodeGroupArgs{
		ClusterName:   pulumi.String(args.ClusterName),
		NodeGroupName: pulumi.String(g.Name),
		NodeRoleArn:   role.Arn,
		SubnetIds:     subnets,
		InstanceTypes: pulumi.ToStringArray(g.InstanceTypes),
		CapacityType:  pulumi.String(g.CapacityType),
		AmiType:       pulumi.String(AMIType),
		ScalingConfig: eks.NodeGroupScalingConfigArgs{
			MinSize: pulumi.Int(g.Min), DesiredSize: pulumi.Int(g.Desired), MaxSize: pulumi.Int(g.Max),
		},
		LaunchTemplate: eks.NodeGroupLaunchTemplateArgs{Id: lt.ID(), Version: lt.LatestVersion.ApplyT(func(v int) string { return fmt.Sprint(v) }).(pulumi.StringOutput)},
		Labels:         pulumi.ToStringMap(g.Labels),
		Taints:         taints,
		Tags:           pulumi.ToStringMap(g.Tags),
		UpdateConfig:   eks.NodeGroupUpdateConfigArgs{MaxUnavailablePercentage: pulumi.Int(33)},
	}, parent, pulumi.IgnoreChanges([]string{"scalingConfig.desiredSize"}))
}
