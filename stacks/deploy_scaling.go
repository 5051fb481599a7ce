package stacks

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/autoscaler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/scheduler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

// operational placement shared by the scaling components.
var (
	opsSelector   = map[string]string{nodegroups.RoleLabel: nodegroups.RoleOperational}
	opsToleration = struct{ Key, Operator, Effect string }{nodegroups.OperationalTaint, "Exists", "NoSchedule"}
)

// deployScaling declares Karpenter and/or Cluster Autoscaler (by
// autoscalingMode) and the binpacking scheduler, after the node groups so
// their controllers have operational nodes to run on.
func (s *stack) deployScaling() error {
	deps := pulumi.DependsOn([]pulumi.Resource{s.nodeGroups})
	if s.cfg.Autoscaling.Karpenter() {
		if err := s.deployKarpenter(deps); err != nil {
			return err
		}
	}
	if s.cfg.Autoscaling.ClusterAutoscaler() {
		cfg := s.cfg.CAS.Component(s.cfg.Cluster.KubernetesVersion, maps.Clone(opsSelector),
			[]autoscaler.Toleration{{Key: opsToleration.Key, Operator: opsToleration.Operator, Effect: opsToleration.Effect}})
		if _, err := autoscaler.NewClusterAutoscaler(s.ctx, s.cfg.Stack.ClusterName()+"-cluster-autoscaler", autoscaler.Args{
			Config: cfg, ClusterName: pulumi.String(s.cluster.Name),
			OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL, Tags: s.cfg.Stack.Tags,
		}, s.cluster.Provider, deps); err != nil {
			return err
		}
	}
	if !s.cfg.Scheduler.Enabled {
		return nil
	}
	cfg := s.cfg.Scheduler.Component(s.cfg.Cluster.KubernetesVersion, maps.Clone(opsSelector),
		[]scheduler.Toleration{{Key: opsToleration.Key, Operator: opsToleration.Operator, Effect: opsToleration.Effect}})
	sched, err := scheduler.NewScheduler(s.ctx, s.cfg.Stack.ClusterName()+"-scheduler", cfg, s.cluster.Provider, deps)
	if err != nil {
		return err
	}
	s.ctx.Export(outputs.SchedulerName, sched.SchedulerName)
	return nil
}

func (s *stack) deployKarpenter(deps pulumi.ResourceOption) error {
	cfg := s.cfg.Karpenter.Component(slices.Clone(s.cfg.Network.AvailabilityZones), maps.Clone(opsSelector),
		[]karpenter.Toleration{{Key: opsToleration.Key, Operator: opsToleration.Operator, Effect: opsToleration.Effect}})
	subnets := make([]pulumi.StringInput, len(s.network.PrivateSubnetIDs))
	for i, id := range s.network.PrivateSubnetIDs {
		subnets[i] = id
	}
	if _, err := karpenter.NewKarpenter(s.ctx, s.cfg.Stack.ClusterName()+"-karpenter", karpenter.Args{
		Config: cfg, ClusterName: pulumi.String(s.cluster.Name),
		OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL,
		PrivateSubnetIDs: subnets, NodeSecurityGroupID: s.cluster.NodeSecurityGroupID, Tags: s.cfg.Stack.Tags,
	}, s.cluster.Provider, deps); err != nil {
		return err
	}
	s.ctx.Export(outputs.KarpenterNodePools, pulumi.StringMap{
		"driver": pulumi.String(karpenter.DriverPool), "executor": pulumi.String(karpenter.ExecutorPool),
	})
	return nil
}
