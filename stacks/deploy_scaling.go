package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/autoscaler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/scheduler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	karpenterspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

// scalingResult holds the scaling components that exist in this mode (nil
// for the absent ones).
type scalingResult struct {
	karpenter  *karpenter.Karpenter
	autoscaler *autoscaler.ClusterAutoscaler
	scheduler  *scheduler.Scheduler
}

// deployScaling declares Karpenter and/or Cluster Autoscaler (by
// autoscalingMode) and the binpacking scheduler, after the node groups so
// their controllers have operational nodes to run on.
func (s *stack) deployScaling() error {
	s.scaling = &scalingResult{}
	deps := pulumi.DependsOn([]pulumi.Resource{s.nodeGroups})
	if s.cfg.Autoscaling.Karpenter() {
		if err := s.deployKarpenter(deps); err != nil {
			return err
		}
	}
	if s.cfg.Autoscaling.ClusterAutoscaler() {
		if err := s.deployAutoscaler(deps); err != nil {
			return err
		}
	}
	if !s.cfg.Scheduler.Enabled {
		return nil
	}
	cfg := s.cfg.PlacedScheduler()
	sched, err := scheduler.New(s.ctx, s.cfg.Stack.ClusterName()+"-scheduler", scheduler.Args{Config: cfg}, s.kube(), deps)
	if err != nil {
		return err
	}
	s.scaling.scheduler = sched
	s.export(outputs.SchedulerName, sched.SchedulerName)
	return nil
}

func (s *stack) deployAutoscaler(deps pulumi.ResourceOption) error {
	cfg := s.cfg.PlacedAutoscaler()
	cas, err := autoscaler.New(s.ctx, s.cfg.Stack.ClusterName()+"-cluster-autoscaler", autoscaler.Args{
		Config: cfg, ClusterName: pulumi.String(s.cluster.Name),
		OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL, Tags: s.cfg.Stack.Tags,
	}, s.kube(), deps)
	s.scaling.autoscaler = cas
	return err
}

// deployKarpenter declares Karpenter. Its discovery tag goes on the
// EKS-created cluster security group: that is the group the managed nodes
// use (the cluster component skips pulumi-eks's own node group, so there
// is no other node group). The private subnets carry the tag from the
// network component.
func (s *stack) deployKarpenter(deps pulumi.ResourceOption) error {
	cfg := s.cfg.PlacedKarpenter(s.cfg.Network.AvailabilityZones)
	k, err := karpenter.New(s.ctx, s.cfg.Stack.ClusterName()+"-karpenter", karpenter.Args{
		Config: cfg, ClusterName: pulumi.String(s.cluster.Name),
		OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL,
		NodeSecurityGroupID: s.cluster.ClusterSecurityGroupID, Tags: s.cfg.Stack.Tags,
	}, s.kube(), deps)
	if err != nil {
		return err
	}
	s.scaling.karpenter = k
	s.export(outputs.KarpenterNodePools, pulumi.StringMap{
		"driver": pulumi.String(karpenterspec.DriverPool), "executor": pulumi.String(karpenterspec.ExecutorPool),
	})
	return nil
}
