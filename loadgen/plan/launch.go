package plan

import (
	"math"
	"slices"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
)

// node is one planned node: its type, the room it has left and its pods.
type node struct {
	t    capacity.InstanceType
	free room
	pods int64
}

// nodeType is a type Karpenter may launch, with one empty node's room and
// its hourly price (what it ranks by).
type nodeType struct {
	t     capacity.InstanceType
	room  room
	price float64
}

// launchAZ places one AZ's peak pods batch by batch as Karpenter and the
// scheduler do: each batch's pods first go to the room nodes already have
// (the scheduler binds pending pods there, and Karpenter counts in-flight
// NodeClaims), then Karpenter opens NodeClaims for the rest. A NodeClaim
// keeps the types that still hold all its pods and launches the cheapest;
// so a batch one node holds gets the cheapest type that holds it, and a
// larger one fills NodeClaims of the type that holds the most (ties: the
// cheaper) and puts what is left on the cheapest type that holds that.
// Bursts thus get large nodes plus one smaller node a batch. batches[0] is
// the first batch (a load's opening burst), the last one every later batch.
func launchAZ(types []nodeType, peak []group, batches ...[]group) ([]node, bool) {
	left := slices.Clone(peak)
	var f fleet
	for i := 0; anyLeft(left); i++ {
		batch := batches[min(i, len(batches)-1)]
		b := make([]group, len(left))
		for i, g := range left {
			b[i] = group{g.pod, min(g.count, max(batch[i].count, 0))}
			left[i].count -= b[i].count
		}
		if !anyLeft(b) { // a batch of nothing: take the rest at once
			b, left = left, make([]group, len(left))
		}
		f.fill(b)
		if !f.openClaims(types, b) {
			return nil, false
		}
	}
	return f.nodes, true
}

func anyLeft(gs []group) bool {
	return slices.ContainsFunc(gs, func(g group) bool { return g.count > 0 })
}

// fleet is one AZ's nodes. first[p] is the first node that may still take
// a pod of shape p: room only shrinks, so nodes before it never will, and a
// long trickle does not rescan them (first fit in amortised O(1) a pod).
type fleet struct {
	nodes []node
	first map[Pod]int
}

// fill binds what fits of gs to the nodes' room, first fit, largest pods
// first, and leaves the rest in gs.
func (f *fleet) fill(gs []group) {
	if f.first == nil {
		f.first = map[Pod]int{}
	}
	sortGroups(gs)
	for gi := range gs {
		g := &gs[gi]
		for ni := f.first[g.pod]; ni < len(f.nodes) && g.count > 0; ni++ {
			n := &f.nodes[ni]
			n.place(g)
			if ni == f.first[g.pod] && n.free.perNode(g.pod) == 0 {
				f.first[g.pod] = ni + 1
			}
		}
	}
}

// openClaims opens NodeClaims for gs (see launchAZ); false when a pod is
// larger than every type.
func (f *fleet) openClaims(types []nodeType, gs []group) bool {
	for anyLeft(gs) {
		t, ok := cheapestHolding(types, gs)
		if !ok {
			if t, ok = holdsMost(types, gs); !ok {
				return false
			}
		}
		f.nodes = append(f.nodes, fillOne(node{t: t.t, free: t.room}, gs))
	}
	return true
}

// fillOne puts what fits of gs on n (largest pods first) and takes it from gs.
func fillOne(n node, gs []group) node {
	for i := range gs {
		n.place(&gs[i])
	}
	return n
}

// place puts what fits of g on n and takes it from g.
func (n *node) place(g *group) {
	k := min(n.free.perNode(g.pod), g.count)
	n.free, n.pods, g.count = n.free.take(g.pod, k), n.pods+k, g.count-k
}

// cheapestHolding is the cheapest type one node of which holds all of gs.
func cheapestHolding(types []nodeType, gs []group) (nodeType, bool) {
	best, found := nodeType{price: math.Inf(1)}, false
	for _, t := range types {
		n := fillOne(node{free: t.room}, slices.Clone(gs))
		if n.pods == total(gs) && t.price < best.price {
			best, found = t, true
		}
	}
	return best, found
}

// holdsMost is the type one node of which takes the most pods of gs
// (ties: the cheaper); false when none takes any.
func holdsMost(types []nodeType, gs []group) (nodeType, bool) {
	var best nodeType
	var most int64
	for _, t := range types {
		n := fillOne(node{free: t.room}, slices.Clone(gs))
		if n.pods > most || (n.pods == most && n.pods > 0 && t.price < best.price) {
			best, most = t, n.pods
		}
	}
	return best, most > 0
}

func total(gs []group) int64 {
	var n int64
	for _, g := range gs {
		n += g.count
	}
	return n
}
