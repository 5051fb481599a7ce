package plan

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
)

// DaemonSet load per node, as the stack's fit check counts it
// (stacks/config_fit.go, docs/twin.md): aws-node 25m, kube-proxy 100m,
// ebs-csi-node 10m / 40Mi, node-exporter nothing; four pod slots, of which
// only ebs-csi-node takes a pod IP (the others use the host network).
const (
	daemonSetMilliCPU  = 135
	daemonSetMemoryMiB = 40
	daemonSetPods      = 4
	daemonSetPodIPs    = 1
)

// room is what one node offers to job pods.
type room struct {
	milliCPU, memMiB, pods int64
}

func roomOf(n capacity.Node) room {
	return room{n.AllocatableMilliCPU - daemonSetMilliCPU, n.AllocatableMemoryMiB - daemonSetMemoryMiB, n.MaxPods - daemonSetPods}
}

// group is count pods of one shape.
type group struct {
	pod   Pod
	count int64
}

func (r room) fits(p Pod, n int64) bool {
	return n*p.MilliCPU <= r.milliCPU && n*p.MemoryMiB <= r.memMiB && n <= r.pods
}

// perNode is how many pods of shape p fit in r.
func (r room) perNode(p Pod) int64 {
	n := r.pods
	if p.MilliCPU > 0 {
		n = min(n, r.milliCPU/p.MilliCPU)
	}
	if p.MemoryMiB > 0 {
		n = min(n, r.memMiB/p.MemoryMiB)
	}
	return max(n, 0)
}

func (r room) take(p Pod, n int64) room {
	return room{r.milliCPU - n*p.MilliCPU, r.memMiB - n*p.MemoryMiB, r.pods - n}
}

// packed is the result of pack: nodes and the pods on each.
type packed struct {
	nodes      int64
	podsOnNode []int64 // per node, for the pod-IP count
	fits       bool    // false when a pod is larger than an empty node
}

// pack places the groups, largest CPU shape first, first fit, as a
// MostAllocated scheduler fills nodes before it uses new ones: each group
// tops up the open nodes, then opens nodes holding as many as fit.
func pack(free room, groups []group) packed {
	sortGroups(groups)
	var nodes []room
	var pods []int64
	for _, g := range groups {
		left := g.count
		for i := range nodes {
			if left == 0 {
				break
			}
			k := min(nodes[i].perNode(g.pod), left)
			nodes[i], pods[i], left = nodes[i].take(g.pod, k), pods[i]+k, left-k
		}
		per := free.perNode(g.pod)
		if left > 0 && per == 0 {
			return packed{fits: false}
		}
		for left > 0 {
			k := min(per, left)
			nodes, pods, left = append(nodes, free.take(g.pod, k)), append(pods, k), left-k
		}
	}
	return packed{nodes: int64(len(nodes)), podsOnNode: pods, fits: true}
}

func sortGroups(gs []group) {
	for i := 1; i < len(gs); i++ {
		for j := i; j > 0 && gs[j].pod.MilliCPU > gs[j-1].pod.MilliCPU; j-- {
			gs[j], gs[j-1] = gs[j-1], gs[j]
		}
	}
}
