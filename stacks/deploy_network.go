package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/network"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

type networkResult = network.Network

func (s *stack) deployNetwork() error {
	azs, err := s.availabilityZones()
	if err != nil {
		return err
	}
	n, err := network.New(s.ctx, s.cfg.Stack.ClusterName(), network.Args{
		Config:      s.cfg.Network,
		ClusterName: s.cfg.Stack.ClusterName(),
		AZs:         azs,
		Tags:        s.cfg.Stack.Tags,
	})
	if err != nil {
		return err
	}
	s.network = n
	s.export(outputs.VPCID, n.VPCID)
	s.export(outputs.AvailabilityZones, pulumi.ToStringArray(n.AZNames()))
	s.export(outputs.PrivateSubnetIDsByAZ, n.PrivateSubnetIDsByAZ)
	s.export(outputs.PublicSubnetIDsByAZ, n.PublicSubnetIDsByAZ)
	s.export(outputs.PodSubnetIDsByAZ, n.PodSubnetIDsByAZ)
	return nil
}

// availabilityZones returns the configured AZs, or the region's first
// azCount available ones (an invoke, answered at preview).
func (s *stack) availabilityZones() ([]string, error) {
	if len(s.cfg.Network.AvailabilityZones) > 0 {
		return s.cfg.Network.AvailabilityZones, nil
	}
	state := "available"
	res, err := aws.GetAvailabilityZones(s.ctx, &aws.GetAvailabilityZonesArgs{State: &state})
	if err != nil {
		return nil, fmt.Errorf("listing availability zones: %w", err)
	}
	if len(res.Names) < s.cfg.Network.AZCount {
		return nil, stackconfig.KeyError(stackconfig.KeyAZCount, "%d AZs wanted but region %s has %d available", s.cfg.Network.AZCount, s.cfg.Region, len(res.Names))
	}
	return res.Names[:s.cfg.Network.AZCount], nil
}
