package plan

import (
	"cmp"
	"fmt"
	"slices"

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

	// NodesByType is the nodes per instance type when the pool mixes
	// types (Karpenter's NodePools); InstanceType is then the one with the
	// most vCPUs.
	NodesByType map[string]int64 `json:"nodesByType,omitempty"`

	podsOnNodes [][]int64                 // per AZ, pods on each node (pod IPs)
	nodeTypes   [][]capacity.InstanceType // per AZ, each node's type (nil: itype)
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

// karpenterPool places the peak (perAZ) batch by batch (batches: the
// first batch's pods in one AZ, then every later one's) as Karpenter
// launches for it (launchAZ). The pool's InstanceType is the type with the
// most vCPUs in it.
func karpenterPool(name string, cfg stackconfig.Config, capType string, perAZ [][]group, batches ...[]group) (Pool, error) {
	k := cfg.Karpenter
	names, _ := capacity.NodePoolTypes(k.InstanceFamilies, k.InstanceSizes, k.MinGeneration, k.Arch)
	if len(names) == 0 {
		return Pool{}, fmt.Errorf("%s: the NodePool allows no instance type of the capacity table (%s %v, sizes %v); the plan cannot size it", name, keyFamilies, k.InstanceFamilies, k.InstanceSizes)
	}
	types := make([]nodeType, 0, len(names))
	for _, n := range names {
		t, _ := capacity.Lookup(n)
		types = append(types, nodeType{t: t, room: roomOf(capacity.ForType(t, networking(cfg))), price: hourly(cfg.Region, n, capType)})
	}
	p := Pool{Name: name, Role: "job", CapacityType: capType, RootVolumeGiB: k.RootVolumeGiB, NodesByType: map[string]int64{}}
	for _, gs := range perAZ {
		nodes, ok := launchAZ(types, gs, batches...)
		if !ok {
			return Pool{}, fmt.Errorf("%s: a pod of this job is larger than an empty node of every type the NodePool allows (%v)", name, names)
		}
		p.addAZ(nodes, gs)
	}
	main := slices.MinFunc(types, func(a, b nodeType) int { return cmp.Compare(a.price, b.price) }).t.Name // no pods: the cheapest
	if mix := p.byVCPUs(); len(mix) > 0 {
		main = mix[0].name
	}
	p.itype, _ = capacity.Lookup(main)
	p.InstanceType = main
	free := roomOf(capacity.ForType(p.itype, networking(cfg)))
	p.Allocatable = Pod{MilliCPU: free.milliCPU, MemoryMiB: free.memMiB}
	return p, nil
}

// addAZ adds one AZ's nodes to the pool.
func (p *Pool) addAZ(nodes []node, gs []group) {
	pods := make([]int64, len(nodes))
	ts := make([]capacity.InstanceType, len(nodes))
	for i, n := range nodes {
		pods[i], ts[i] = n.pods, n.t
		p.VCPUs += int64(n.t.VCPUs)
		p.NodesByType[n.t.Name]++
	}
	p.NodesPerAZ = append(p.NodesPerAZ, int64(len(nodes)))
	p.podsOnNodes, p.nodeTypes = append(p.podsOnNodes, pods), append(p.nodeTypes, ts)
	p.Nodes += int64(len(nodes))
	p.Pods += total(gs)
}

// typeOf is the type of node i in AZ az.
func (p *Pool) typeOf(az, i int) capacity.InstanceType {
	if az < len(p.nodeTypes) && i < len(p.nodeTypes[az]) {
		return p.nodeTypes[az][i]
	}
	return p.itype
}

// hourly is the type's price in the region, or in us-east-1 to rank types
// where the region has no prices.
func hourly(region, itype, capType string) float64 {
	h, err := priceFor(region, itype, capType)
	if err != nil {
		h, _ = priceFor("us-east-1", itype, capType)
	}
	return h
}

// priceFor is one node's price per hour: on-demand, or spot at the table's
// assumed discount.
func priceFor(region, itype, capType string) (float64, error) {
	p, err := capacity.PriceOf(region, itype)
	if err != nil {
		return 0, err
	}
	if capType == "spot" {
		return p.SpotUSDPerHour, nil
	}
	return p.OnDemandUSDPerHour, nil
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
