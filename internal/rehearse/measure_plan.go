package rehearse

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// PoolComparison is one NodePool's peak as `loadgen plan` predicts it, as
// the sum of requests over one node's allocatable bounds it, and as a
// rehearsal's Karpenter launched it.
type PoolComparison struct {
	Pool string `json:"pool"` // the NodePool's name (node label karpenter.sh/nodepool)
	// PlanType, PlanNodes, PlanVCPUs: the plan's cheapest type, its nodes
	// at the peak (first fit) and their vCPUs.
	PlanType string `json:"planType"`
	// PlanMix is the plan's types and nodes when the pool mixes them
	// ("28 m5.4xlarge + 8 m5.xlarge"), else PlanType.
	PlanMix   string `json:"planMix"`
	PlanNodes int64  `json:"planNodes"`
	PlanVCPUs int64  `json:"planVcpus"`
	// Bound is the independent calculation on the plan's type: per AZ,
	// the largest of requested CPU, memory and pods over one node's
	// allocatable less DaemonSets, rounded up, summed over the AZs. No
	// packing reaches fewer nodes.
	Bound int64 `json:"requestsOverAllocatable"`
	// Rehearsed is the pool's peak in the rehearsal.
	Rehearsed PoolPeak `json:"rehearsed"`
	// KarpenterType is the type most of the pool's nodes had at the
	// rehearsal's peak, KarpenterBound the same calculation as Bound on it:
	// Karpenter's nodes against sum of requests / allocatable of its own type.
	KarpenterType  string `json:"karpenterType,omitempty"`
	KarpenterBound int64  `json:"karpenterTypeRequestsOverAllocatable,omitempty"`
}

// BoundMargin is (rehearsal - bound) / bound on Karpenter's own type: how
// many nodes Karpenter held beyond sum of requests / allocatable.
func (c PoolComparison) BoundMargin() float64 {
	if c.KarpenterBound == 0 {
		return math.Inf(1)
	}
	return float64(int64(c.Rehearsed.Nodes)-c.KarpenterBound) / float64(c.KarpenterBound)
}

// NodesError is (plan - rehearsal) / rehearsal of the peak node count.
func (c PoolComparison) NodesError() float64 {
	return RelErr(float64(c.PlanNodes), float64(c.Rehearsed.Nodes))
}

// VCPUError is (plan - rehearsal) / rehearsal of the peak vCPUs.
func (c PoolComparison) VCPUError() float64 {
	return RelErr(float64(c.PlanVCPUs), float64(c.Rehearsed.VCPUs))
}

// RelErr is (planned - seen) / seen (+Inf when nothing was seen).
func RelErr(planned, seen float64) float64 {
	if seen == 0 {
		return math.Inf(1)
	}
	return (planned - seen) / seen
}

// String is one line for a log or a benchmark table.
func (c PoolComparison) String() string {
	s := fmt.Sprintf("%s: plan %d nodes, %s (%d vCPU; requests/allocatable %d), rehearsal peak %d nodes %v (%d vCPU, %d launched): nodes %+.0f%%, vCPU %+.0f%%",
		c.Pool, c.PlanNodes, c.PlanMix, c.PlanVCPUs, c.Bound, c.Rehearsed.Nodes, c.Rehearsed.ByType, c.Rehearsed.VCPUs,
		c.Rehearsed.Launched, 100*c.NodesError(), 100*c.VCPUError())
	if c.KarpenterBound > 0 {
		s += fmt.Sprintf("; requests/allocatable on Karpenter's %s %d: Karpenter %+.0f%%", c.KarpenterType, c.KarpenterBound, 100*c.BoundMargin())
	}
	return s
}

// ComparePools pairs the plan's job pools with the rehearsal's peaks (a
// pool the rehearsal never used has a zero peak), plus AllNodePools.
func ComparePools(p *plan.Plan, cfg stackconfig.Config, peaks map[string]PoolPeak) []PoolComparison {
	net := capacity.Networking{PrefixDelegation: cfg.Addons.PrefixDelegation, CustomNetworking: true}
	var out []PoolComparison
	all := PoolComparison{Pool: AllNodePools, Rehearsed: peaks[AllNodePools]}
	types := map[string]bool{}
	for _, pool := range p.Pools {
		if pool.Role != "job" {
			continue
		}
		name := strings.TrimSuffix(pool.Name, " NodePool")
		c := PoolComparison{Pool: name, PlanType: pool.InstanceType, PlanMix: pool.TypesText(), PlanNodes: pool.Nodes, PlanVCPUs: pool.VCPUs,
			Bound: requestBound(p, pool.Name, pool.Allocatable, perNodePods(pool.InstanceType, net)), Rehearsed: peaks[name]}
		c.Rehearsed.Group = name
		if t := mostCommon(c.Rehearsed.ByType); t != "" {
			if room, ok := jobRoom(t, net); ok {
				c.KarpenterType, c.KarpenterBound = t, requestBound(p, pool.Name, room, perNodePods(t, net))
			}
		}
		out = append(out, c)
		all.PlanNodes, all.PlanVCPUs, all.Bound = all.PlanNodes+c.PlanNodes, all.PlanVCPUs+c.PlanVCPUs, all.Bound+c.Bound
		types[pool.InstanceType] = true
	}
	all.PlanMix = "all job NodePools"
	if len(types) == 1 {
		all.PlanType = out[0].PlanType
	}
	return append(out, all)
}

// requestBound is sum of requests / allocatable per AZ for the pool's pods
// at the plan's peak (jobs round-robin over the AZs, as the plan splits
// them): drivers and job-submitter pods on spark-driver, executors on
// spark-executor.
func requestBound(p *plan.Plan, poolName string, room plan.Pod, slots int64) int64 {
	j := p.Job
	var bound int64
	azs := int64(max(p.AZs, 1))
	for az := range azs {
		jobs := p.PeakConcurrent / azs
		if az < p.PeakConcurrent%azs {
			jobs++
		}
		var cpu, mem, pods int64
		if strings.HasPrefix(poolName, "spark-driver") {
			cpu, mem, pods = jobs*j.Driver.MilliCPU, jobs*j.Driver.MemoryMiB, jobs*int64(1+j.Submitter)
		} else {
			n := jobs * int64(j.Executors)
			cpu, mem, pods = n*j.Executor.MilliCPU, n*j.Executor.MemoryMiB, n
		}
		bound += max(ceilDiv(cpu, room.MilliCPU), ceilDiv(mem, room.MemoryMiB), ceilDiv(pods, slots))
	}
	return bound
}

// The stack's DaemonSets on every node (aws-node, kube-proxy, ebs-csi-node,
// node-exporter), as loadgen/plan and the fit check count them.
const (
	daemonSetPods      = 4
	daemonSetMilliCPU  = 135
	daemonSetMemoryMiB = 40
)

// jobRoom is one node's allocatable less the DaemonSets (false: a type the
// capacity table lacks).
func jobRoom(itype string, net capacity.Networking) (plan.Pod, bool) {
	t, err := capacity.Lookup(itype)
	if err != nil {
		return plan.Pod{}, false
	}
	n := capacity.ForType(t, net)
	return plan.Pod{MilliCPU: n.AllocatableMilliCPU - daemonSetMilliCPU, MemoryMiB: n.AllocatableMemoryMiB - daemonSetMemoryMiB}, true
}

// mostCommon is the type with the most nodes (ties: the first by name).
func mostCommon(byType map[string]int) string {
	best := ""
	for _, t := range slices.Sorted(maps.Keys(byType)) {
		if best == "" || byType[t] > byType[best] {
			best = t
		}
	}
	return best
}

// perNodePods is one node's pod slots for job pods: max pods (ENI
// formula, prefix delegation as the stack sets it) less the DaemonSets.
func perNodePods(itype string, net capacity.Networking) int64 {
	t, err := capacity.Lookup(itype)
	if err != nil {
		return math.MaxInt64
	}
	return max(1, capacity.ForType(t, net).MaxPods-daemonSetPods)
}

func ceilDiv(a, b int64) int64 {
	if b <= 0 || a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
