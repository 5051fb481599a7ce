package capacity

import "fmt"

// Networking is how the VPC CNI gives pods addresses, which bounds max pods.
type Networking struct {
	// PrefixDelegation assigns /28 prefixes (16 addresses) per ENI slot.
	PrefixDelegation bool
	// CustomNetworking puts pods on ENIConfig subnets: the primary ENI
	// carries no pod addresses.
	CustomNetworking bool
}

// Constants of the model (see the package comment for sources).
const (
	// EvictionHardMiB is nodeadm's evictionHard memory.available (100Mi).
	EvictionHardMiB = 100
	// VMMemoryOverheadPercent is the share of nominal memory the kernel
	// and hypervisor keep (Karpenter's default vmMemoryOverheadPercent 0.075).
	VMMemoryOverheadPercent = 7.5
	// PrefixMaxPodsSmall and PrefixMaxPodsLarge cap max pods with prefix
	// delegation below / from PrefixMaxPodsVCPUs vCPUs (EKS user guide).
	PrefixMaxPodsSmall = 110
	PrefixMaxPodsLarge = 250
	PrefixMaxPodsVCPUs = 30
	addressesPerPrefix = 16
)

// Node is what the kubelet of one node reports.
type Node struct {
	InstanceType string
	// CapacityMilliCPU, CapacityMemoryMiB: the node's capacity.
	CapacityMilliCPU  int64
	CapacityMemoryMiB int64
	// Allocatable* are capacity less kube-reserved and eviction-hard.
	AllocatableMilliCPU  int64
	AllocatableMemoryMiB int64
	MaxPods              int64
}

// MaxPods is the kubelet's maxPods on an EKS managed node of t.
func MaxPods(t InstanceType, n Networking) int64 {
	enis := t.ENIs
	if n.CustomNetworking {
		enis--
	}
	perSlot := 1
	if n.PrefixDelegation {
		perSlot = addressesPerPrefix
	}
	pods := int64(enis*(t.IPv4PerENI-1)*perSlot + 2)
	if n.PrefixDelegation {
		limit := int64(PrefixMaxPodsSmall)
		if t.VCPUs >= PrefixMaxPodsVCPUs {
			limit = PrefixMaxPodsLarge
		}
		pods = min(pods, limit)
	}
	return pods
}

// KubeReservedMilliCPU is nodeadm's kube-reserved CPU: 6% of the first
// core, 1% of the second, 0.5% of the third and fourth, 0.25% above.
func KubeReservedMilliCPU(vcpus int) int64 {
	total := int64(vcpus) * 1000
	bands := []struct{ from, to, basisPoints int64 }{
		{0, 1000, 600}, {1000, 2000, 100}, {2000, 4000, 50}, {4000, total, 25},
	}
	var reserved int64
	for _, b := range bands {
		if total > b.from {
			reserved += (min(total, b.to) - b.from) * b.basisPoints / 10000
		}
	}
	return reserved
}

// KubeReservedMemoryMiB is nodeadm's kube-reserved memory: 11 MiB per pod
// of maxPods plus 255 MiB.
func KubeReservedMemoryMiB(maxPods int64) int64 { return 11*maxPods + 255 }

// ForType computes the node of an instance type.
func ForType(t InstanceType, n Networking) Node {
	pods := MaxPods(t, n)
	capMem := int64(float64(t.MemoryMiB) * (1 - VMMemoryOverheadPercent/100))
	capCPU := int64(t.VCPUs) * 1000
	return Node{
		InstanceType: t.Name, CapacityMilliCPU: capCPU, CapacityMemoryMiB: capMem,
		AllocatableMilliCPU:  capCPU - KubeReservedMilliCPU(t.VCPUs),
		AllocatableMemoryMiB: capMem - KubeReservedMemoryMiB(pods) - EvictionHardMiB,
		MaxPods:              pods,
	}
}

// For looks the type up and computes its node.
func For(instanceType string, n Networking) (Node, error) {
	t, err := Lookup(instanceType)
	if err != nil {
		return Node{}, err
	}
	return ForType(t, n), nil
}

// String shows the node as the fit check's errors name it.
func (n Node) String() string {
	return fmt.Sprintf("%s: allocatable %dm CPU, %d MiB, %d pods", n.InstanceType, n.AllocatableMilliCPU, n.AllocatableMemoryMiB, n.MaxPods)
}
