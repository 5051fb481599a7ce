// Package twin is the Kubernetes half of a stack on the local control plane
// of internal/testenv: kwok nodes shaped like a preset's managed node groups
// (count, zones, labels, taints, EKS allocatable from infra/capacity) and
// stand-ins with the real scheduling shape for what is not obtainable here
// (EKS add-ons, the EMR Spark Operator chart, kube-prometheus-stack). These
// builders are pure and Pulumi-free (`loadgen rehearse` uses them). The
// package's tier-2 tests deploy the rest for real: the stack's Kubernetes
// objects and obtainable charts applied by the real Pulumi engine, and a
// readiness check judged by the real kube-scheduler (run_test.go,
// program_test.go). docs/twin.md describes what is real and what is a
// stand-in.
package twin

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Region is the region the twin's zones are named in.
const Region = "us-west-2"

// Zones are the stack's availability zones: the configured ones, else
// the first AZCount of Region (as the network component picks them).
func Zones(cfg stackconfig.Config) []string {
	if len(cfg.Network.AvailabilityZones) > 0 {
		return cfg.Network.AvailabilityZones
	}
	out := make([]string, cfg.Network.AZCount)
	for i := range out {
		out[i] = fmt.Sprintf("%s%c", Region, 'a'+i)
	}
	return out
}

// Nodes are the node groups' nodes at creation: the operational group
// (opsNodeCount of the smallest opsInstanceTypes, spread over the zones,
// labelled and tainted as infra/nodegroups plans it) and, when Cluster
// Autoscaler manages application groups, appMinSize nodes per zone.
func Nodes(cfg stackconfig.Config) ([]testenv.NodeShape, error) {
	net := capacity.Networking{PrefixDelegation: cfg.Addons.PrefixDelegation, CustomNetworking: true}
	ops, err := smallest(cfg.NodeGroups.OpsInstanceTypes, net)
	if err != nil {
		return nil, fmt.Errorf("opsInstanceTypes: %w", err)
	}
	taint := corev1.Taint{Key: nodegroups.OperationalTaint, Value: "true", Effect: corev1.TaintEffectNoSchedule}
	var out []testenv.NodeShape
	for i, zone := range testenv.SpreadZones(cfg.NodeGroups.OpsNodeCount, Zones(cfg)) {
		out = append(out, testenv.EKSNode(fmt.Sprintf("ops-%d", i), zone, ops,
			map[string]string{nodegroups.RoleLabel: nodegroups.RoleOperational}, []corev1.Taint{taint}))
	}
	if !cfg.Autoscaling.ClusterAutoscaler() || cfg.NodeGroups.AppMinSize == 0 {
		return out, nil
	}
	app, err := smallest(cfg.NodeGroups.AppInstanceTypes, net)
	if err != nil {
		return nil, fmt.Errorf("appInstanceTypes: %w", err)
	}
	for _, zone := range Zones(cfg) {
		for i := range cfg.NodeGroups.AppMinSize {
			out = append(out, testenv.EKSNode(fmt.Sprintf("app-%s-%d", zone, i), zone, app,
				map[string]string{nodegroups.RoleLabel: nodegroups.RoleApplication}, nil))
		}
	}
	return out, nil
}

func smallest(types []string, net capacity.Networking) (capacity.Node, error) {
	var best capacity.Node
	for i, t := range types {
		n, err := capacity.For(t, net)
		if err != nil {
			return capacity.Node{}, err
		}
		if i == 0 || n.AllocatableMilliCPU < best.AllocatableMilliCPU {
			best = n
		}
	}
	if len(types) == 0 {
		return capacity.Node{}, fmt.Errorf("no instance type")
	}
	return best, nil
}
