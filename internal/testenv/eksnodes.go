package testenv

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
)

// EKSNode is the shape of an EKS managed node of n's instance type in zone:
// capacity and allocatable as the kubelet reports them after nodeadm's
// kube-reserved and eviction threshold (infra/capacity), its max pods, and
// the group's labels and taints.
func EKSNode(name, zone string, n capacity.Node, labels map[string]string, taints []corev1.Taint) NodeShape {
	return NodeShape{
		Name: name, Zone: zone, InstanceType: n.InstanceType,
		CPU:               strconv.FormatInt(n.CapacityMilliCPU, 10) + "m",
		Memory:            fmt.Sprintf("%dMi", n.CapacityMemoryMiB),
		Pods:              int(n.MaxPods),
		AllocatableCPU:    strconv.FormatInt(n.AllocatableMilliCPU, 10) + "m",
		AllocatableMemory: fmt.Sprintf("%dMi", n.AllocatableMemoryMiB),
		Labels:            labels, Taints: taints,
	}
}

// SpreadZones names count nodes over zones the way a managed node group
// balances its Auto Scaling group: round-robin from the first zone.
func SpreadZones(count int, zones []string) []string {
	out := make([]string, count)
	for i := range out {
		out[i] = zones[i%len(zones)]
	}
	return out
}
