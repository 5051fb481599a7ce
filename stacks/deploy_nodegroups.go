package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

type nodeGroupsResult = nodegroups.NodeGroups

// deployNodeGroups declares the groups after the networking add-ons (the
// CNI must run before nodes go Ready) and the ENIConfigs (custom
// networking must be in place before the first pod gets an IP).
func (s *stack) deployNodeGroups() error {
	groups, err := nodegroups.New(s.ctx, s.cfg.Stack.ClusterName(), nodegroups.Args{
		Config:          s.cfg.NodeGroups,
		ClusterName:     s.cfg.Stack.ClusterName(),
		Partition:       s.account.Partition,
		Subnets:         s.network.PrivateSubnets,
		OmitApplication: !s.cfg.Autoscaling.ClusterAutoscaler(), // Karpenter alone needs none
		Tags:            s.cfg.Stack.Tags,
	}, pulumi.DependsOn([]pulumi.Resource{s.cluster.EKS, s.addons.networking, s.addons.objects}))
	if err != nil {
		return err
	}
	s.nodeGroups = groups
	s.export(outputs.NodeGroupNames, pulumi.ToStringArray(groups.Names))
	return nil
}
