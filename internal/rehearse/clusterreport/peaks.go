package clusterreport

import (
	"slices"
	"time"
)

// Peaks are the most the cluster held at once, exact (from every node's
// and pod's interval, not the series' samples).
type Peaks struct {
	// Jobs is the most Spark driver pods alive at once (created, not ended).
	Jobs int `json:"concurrent_jobs"`
	// Pods is the most Spark pods (drivers and executors) alive at once.
	Pods int `json:"spark_pods"`
	// NodesByGroup is the most nodes of each NodePool / the operational group.
	NodesByGroup map[string]int `json:"nodes_by_group"`
	// NodesByType is the most nodes of each group and instance type,
	// keyed "group/type".
	NodesByType map[string]int `json:"nodes_by_group_type"`
}

// interval is [from, to); a zero to is open (to the end).
type interval struct{ from, to time.Time }

// peak is the most intervals that overlap at one instant.
func peak(iv []interval) int {
	type edge struct {
		t time.Time
		d int
	}
	var es []edge
	for _, i := range iv {
		es = append(es, edge{i.from, 1})
		if !i.to.IsZero() {
			es = append(es, edge{i.to, -1})
		}
	}
	// Ends before starts at the same instant: [a,b) and [b,c) never overlap.
	slices.SortFunc(es, func(a, b edge) int {
		if c := a.t.Compare(b.t); c != 0 {
			return c
		}
		return a.d - b.d
	})
	n, top := 0, 0
	for _, e := range es {
		n += e.d
		top = max(top, n)
	}
	return top
}

func peaks(r Records) Peaks {
	p := Peaks{NodesByGroup: map[string]int{}, NodesByType: map[string]int{}}
	byGroup, byType := map[string][]interval{}, map[string][]interval{}
	for _, n := range r.Nodes {
		i := interval{n.Created, n.Deleted}
		byGroup[n.Group] = append(byGroup[n.Group], i)
		byType[n.Group+"/"+n.InstanceType] = append(byType[n.Group+"/"+n.InstanceType], i)
	}
	for k, iv := range byGroup {
		p.NodesByGroup[k] = peak(iv)
	}
	for k, iv := range byType {
		p.NodesByType[k] = peak(iv)
	}
	var drivers, pods []interval
	for _, pod := range r.Pods {
		i := interval{pod.Created, pod.Ended}
		switch pod.Role {
		case "driver":
			drivers = append(drivers, i)
			pods = append(pods, i)
		case "executor":
			pods = append(pods, i)
		}
	}
	p.Jobs, p.Pods = peak(drivers), peak(pods)
	return p
}

// packing is requested over allocatable on the NodePools' nodes, summed
// over the series (a time-weighted ratio), in percent; 0 without nodes.
func packing(series []Point) (cpu, mem float64) {
	var rc, ac, rm, am int64
	for _, p := range series {
		rc, ac, rm, am = rc+p.ReqMilliCPU, ac+p.AllocMilliCPU, rm+p.ReqMemMiB, am+p.AllocMemMiB
	}
	return round(percent(rc, ac)), round(percent(rm, am))
}
