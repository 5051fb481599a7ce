package plan

import (
	"fmt"
	"math"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Pool is the nodes one NodePool or node group holds at the plan's peak.
type Pool struct {
	Name         string  `json:"name"`
	Role         string  `json:"role"` // job or operational
	InstanceType string  `json:"instanceType"`
	CapacityType string  `json:"capacityType"` // on-demand or spot
	Nodes        int64   `json:"nodes"`
	NodesPerAZ   []int64 `json:"nodesPerAz"`
	VCPUs        int64   `json:"vcpus"` // node capacity, as Karpenter's limits.cpu counts it
	Pods         int64   `json:"pods"`
	// Allocatable is one node's room for job pods (after kube-reserved,
	// eviction threshold and DaemonSets).
	Allocatable   Pod `json:"allocatablePerNode"`
	RootVolumeGiB int `json:"rootVolumeGiB"`

	podsOnNodes [][]int64 // per AZ, pods on each node (pod IPs)
	itype       capacity.InstanceType
}

// Config keys the plan names (checked against stackconfig.Keys by a test).
const (
	keyDriverCPULimit   = "karpenterDriverCpuLimit"
	keyExecutorCPULimit = "karpenterExecutorCpuLimit"
	keyFamilies         = "karpenterInstanceFamilies"
	keyAppMaxSize       = "appMaxSize"
	keyAppTypes         = "appInstanceTypes"
	keyPodCIDR          = "podCidr"
	keyJobNamespaces    = "jobNamespaceCount"
	keyOperatorMode     = "sparkOperatorMode"
	keyAutoscalingMode  = "autoscalingMode"
)

func networking(cfg stackconfig.Config) capacity.Networking {
	return capacity.Networking{PrefixDelegation: cfg.Addons.PrefixDelegation, CustomNetworking: true}
}

// azCount is the stack's number of AZs.
func azCount(cfg stackconfig.Config) int {
	if n := len(cfg.Network.AvailabilityZones); n > 0 {
		return n
	}
	return max(cfg.Network.AZCount, 1)
}

// splitJobs spreads jobs over the AZs round-robin (--az-policy round-robin).
func splitJobs(jobs int64, azs int) []int64 {
	out := make([]int64, azs)
	for i := range out {
		out[i] = jobs / int64(azs)
		if int64(i) < jobs%int64(azs) {
			out[i]++
		}
	}
	return out
}

// poolFor packs each AZ's groups on nodes of type t.
func poolFor(name string, t capacity.InstanceType, net capacity.Networking, perAZ [][]group) (Pool, error) {
	node := capacity.ForType(t, net)
	free := roomOf(node)
	p := Pool{Name: name, Role: "job", InstanceType: t.Name, itype: t,
		Allocatable: Pod{MilliCPU: free.milliCPU, MemoryMiB: free.memMiB}}
	for _, gs := range perAZ {
		r := pack(free, gs)
		if !r.fits {
			return Pool{}, fmt.Errorf("a pod of this job is larger than an empty %s (%dm CPU, %d MiB free)", t.Name, free.milliCPU, free.memMiB)
		}
		p.NodesPerAZ = append(p.NodesPerAZ, r.nodes)
		p.podsOnNodes = append(p.podsOnNodes, r.podsOnNode)
		p.Nodes += r.nodes
		for _, g := range gs {
			p.Pods += g.count
		}
	}
	p.VCPUs = p.Nodes * int64(t.VCPUs)
	return p, nil
}

// karpenterPool packs the peak (perAZ) on the type Karpenter launches for
// one batch of the pool's pods: the cheapest type that holds the whole batch
// on one node (ties: fewer nodes), as Karpenter opens a NodeClaim, adds
// pods while some type still holds them all and launches the cheapest of
// those; a batch no type holds fills NodeClaims of the largest (the type
// with the fewest nodes for the batch).
func karpenterPool(name string, cfg stackconfig.Config, capType string, perAZ [][]group, batch []group) (Pool, error) {
	k := cfg.Karpenter
	types, _ := capacity.NodePoolTypes(k.InstanceFamilies, k.InstanceSizes, k.MinGeneration, k.Arch)
	if len(types) == 0 {
		return Pool{}, fmt.Errorf("%s: the NodePool allows no instance type of the capacity table (%s %v, sizes %v); the plan cannot size it", name, keyFamilies, k.InstanceFamilies, k.InstanceSizes)
	}
	var (
		best            capacity.InstanceType
		bestCost, bestN = math.Inf(1), int64(0)
		firstErr        error
	)
	for _, name2 := range types {
		t, _ := capacity.Lookup(name2)
		b, err := poolFor(name, t, networking(cfg), [][]group{batch})
		if err != nil {
			firstErr = err
			continue
		}
		c := float64(b.Nodes) * hourly(cfg.Region, t.Name, capType)
		if b.Nodes > 1 { // rank multi-node packings after every one-node one, by node count
			c = math.MaxFloat64 / 2 * (1 - 1/float64(b.Nodes))
		}
		if c < bestCost || (c == bestCost && b.Nodes < bestN) {
			best, bestCost, bestN = t, c, b.Nodes
		}
	}
	if math.IsInf(bestCost, 1) {
		return Pool{}, fmt.Errorf("%s: %w", name, firstErr)
	}
	p, err := poolFor(name, best, networking(cfg), perAZ)
	if err != nil {
		return Pool{}, fmt.Errorf("%s: %w", name, err)
	}
	p.CapacityType, p.RootVolumeGiB = capType, k.RootVolumeGiB
	return p, nil
}

// hourly is the type's price in the region, or in us-east-1 to rank types
// where the region has no prices.
func hourly(region, itype, capType string) float64 {
	p, err := capacity.PriceOf(region, itype)
	if err != nil {
		p, _ = capacity.PriceOf("us-east-1", itype)
	}
	if capType == "spot" {
		return p.SpotUSDPerHour
	}
	return p.OnDemandUSDPerHour
}

// opsPool is the fixed operational group (the first of opsInstanceTypes).
// Its pods are not planned here; each node counts as full for pod IPs.
func opsPool(cfg stackconfig.Config) (Pool, error) {
	ng := cfg.NodeGroups
	if len(ng.OpsInstanceTypes) == 0 {
		return Pool{}, fmt.Errorf("opsInstanceTypes is empty")
	}
	t, err := capacity.Lookup(ng.OpsInstanceTypes[0])
	if err != nil {
		return Pool{}, err
	}
	node := capacity.ForType(t, networking(cfg))
	azs := azCount(cfg)
	p := Pool{Name: "operational node group", Role: "operational", InstanceType: t.Name, CapacityType: "on-demand",
		Nodes: int64(ng.OpsNodeCount), VCPUs: int64(ng.OpsNodeCount * t.VCPUs), RootVolumeGiB: ng.RootVolumeGiB, itype: t}
	free := roomOf(node)
	p.Allocatable = Pod{MilliCPU: free.milliCPU, MemoryMiB: free.memMiB}
	for i, n := range splitJobs(int64(ng.OpsNodeCount), azs) {
		p.NodesPerAZ = append(p.NodesPerAZ, n)
		p.podsOnNodes = append(p.podsOnNodes, nil)
		for range n {
			p.podsOnNodes[i] = append(p.podsOnNodes[i], node.MaxPods-daemonSetPods)
		}
	}
	return p, nil
}
