package clusterreport

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// PriceFunc returns the hourly price of an instance type for a capacity
// type ("on-demand" or "spot").
type PriceFunc func(instanceType, capacityType string) (usdPerHour float64, err error)

// Section is the cluster section of a rehearsal report.
type Section struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	StepSecs float64   `json:"step_seconds"`
	// TimeScale is the factor job run times and the node start delay were
	// divided by (1: real time); node-hours and cost are of the rehearsal
	// as run, not scaled back.
	TimeScale   float64   `json:"time_scale"`
	PriceSource string    `json:"price_source"`
	Series      []Point   `json:"series"`
	Latency     Latencies `json:"latency"`
	NodeHours   []Usage   `json:"node_hours"`
	TotalHours  float64   `json:"total_node_hours"`
	TotalCost   float64   `json:"total_cost_usd"`
	MaxNodes    int       `json:"max_nodes"`
	Peaks       Peaks     `json:"peaks"`
	// PackingCPU and PackingMemory are the requested share of the
	// NodePools' allocatable over the run, time-weighted, in percent.
	PackingCPU    float64 `json:"packing_cpu_percent"`
	PackingMemory float64 `json:"packing_memory_percent"`
	Disruptions   []Event `json:"disruptions"`
	// DisruptionsBlocked counts Karpenter's DisruptionBlocked events (a
	// node it would not disrupt: busy, nominated, not yet initialised).
	DisruptionsBlocked int          `json:"disruptions_blocked"`
	Nodes              []NodeRecord `json:"nodes"`
	Notes              []string     `json:"notes,omitempty"`
}

// Point is the cluster at one instant.
type Point struct {
	At      float64        `json:"t_seconds"` // since Start
	Nodes   map[string]int `json:"nodes_by_group"`
	ByType  map[string]int `json:"nodes_by_type"`
	ByZone  map[string]int `json:"nodes_by_zone"`
	ByCap   map[string]int `json:"nodes_by_capacity_type"`
	Pending int            `json:"pending_pods"`
	Running int            `json:"scheduled_pods"`
	// Requested and allocatable CPU (millicores) and memory (MiB) on the
	// NodePools' nodes (the operational group left out): packing.
	ReqMilliCPU   int64 `json:"requested_millicpu"`
	AllocMilliCPU int64 `json:"allocatable_millicpu"`
	ReqMemMiB     int64 `json:"requested_memory_mib"`
	AllocMemMiB   int64 `json:"allocatable_memory_mib"`
}

// Latencies are percentiles in seconds.
type Latencies struct {
	PodScheduling    Percentiles `json:"pod_scheduling"`    // created -> bound, seen by the watch
	NodeProvisioning Percentiles `json:"node_provisioning"` // NodeClaim created -> its node Ready
}

// Percentiles of a sample (exact, from the sorted sample).
type Percentiles struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

// Usage is node-hours and cost of one instance type and capacity type.
type Usage struct {
	Group        string  `json:"group"`
	InstanceType string  `json:"instance_type"`
	CapacityType string  `json:"capacity_type"`
	Nodes        int     `json:"nodes"`
	Hours        float64 `json:"node_hours"`
	USDPerHour   float64 `json:"usd_per_hour"`
	Cost         float64 `json:"cost_usd"`
}

// Summarize derives the section from the records up to end, with steps
// of at most 100 points (at least 1 s).
func Summarize(r Records, end time.Time, prices PriceFunc) Section {
	s := Section{Start: r.Start, End: end, TimeScale: 1, Disruptions: r.Events, DisruptionsBlocked: r.Blocked}
	span := end.Sub(r.Start)
	step := max(time.Second, (span / 100).Round(time.Second))
	s.StepSecs = step.Seconds()
	for t := r.Start; !t.After(end); t = t.Add(step) {
		p := pointAt(r, t)
		s.MaxNodes = max(s.MaxNodes, total(p.Nodes))
		s.Series = append(s.Series, p)
	}
	s.Latency = latencies(r)
	s.Peaks = peaks(r)
	s.PackingCPU, s.PackingMemory = packing(s.Series)
	s.NodeHours, s.Notes = usage(r.Nodes, end, prices)
	for _, u := range s.NodeHours {
		s.TotalHours += u.Hours
		s.TotalCost += u.Cost
	}
	s.Nodes = slices.Clone(r.Nodes)
	slices.SortFunc(s.Nodes, func(a, b NodeRecord) int { return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.Name, b.Name)) })
	slices.SortFunc(s.Disruptions, func(a, b Event) int { return a.Time.Compare(b.Time) })
	return s
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func alive(n NodeRecord, t time.Time) bool {
	return !n.Created.After(t) && (n.Deleted.IsZero() || n.Deleted.After(t))
}

func pointAt(r Records, t time.Time) Point {
	p := Point{At: t.Sub(r.Start).Seconds(), Nodes: map[string]int{}, ByType: map[string]int{}, ByZone: map[string]int{}, ByCap: map[string]int{}}
	pooled := map[string]bool{}
	for _, n := range r.Nodes {
		if !alive(n, t) {
			continue
		}
		p.Nodes[n.Group]++
		p.ByType[n.InstanceType]++
		p.ByZone[n.Zone]++
		p.ByCap[n.CapacityType]++
		if n.Group != OperationalGroup {
			pooled[n.Name] = true
			p.AllocMilliCPU += n.MilliCPU
			p.AllocMemMiB += n.MemoryMiB
		}
	}
	for _, pod := range r.Pods {
		if pod.Created.After(t) || (!pod.Ended.IsZero() && !pod.Ended.After(t)) {
			continue
		}
		if pod.Scheduled.IsZero() || pod.Scheduled.After(t) {
			p.Pending++
			continue
		}
		p.Running++
		if pooled[pod.Node] {
			p.ReqMilliCPU += pod.MilliCPU
			p.ReqMemMiB += pod.MemoryMiB
		}
	}
	return p
}

func latencies(r Records) Latencies {
	var sched, prov []float64
	for _, p := range r.Pods {
		if !p.Scheduled.IsZero() {
			sched = append(sched, p.Scheduled.Sub(p.Created).Seconds())
		}
	}
	ready := map[string]time.Time{}
	for _, n := range r.Nodes {
		ready[n.Name] = n.Ready
	}
	for _, c := range r.Claims {
		if t := ready[c.Node]; c.Node != "" && !t.IsZero() {
			prov = append(prov, t.Sub(c.Created).Seconds())
		}
	}
	return Latencies{PodScheduling: percentiles(sched), NodeProvisioning: percentiles(prov)}
}

func percentiles(v []float64) Percentiles {
	if len(v) == 0 {
		return Percentiles{}
	}
	slices.Sort(v)
	at := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(v)))) - 1
		return round(v[max(0, min(i, len(v)-1))])
	}
	return Percentiles{Count: len(v), P50: at(0.5), P90: at(0.9), P99: at(0.99), Max: round(v[len(v)-1])}
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// Lifetime is how long a node was in the cluster up to end: creation to
// deletion (or end, if it is still there).
func Lifetime(n NodeRecord, end time.Time) time.Duration {
	stop := end
	if !n.Deleted.IsZero() && n.Deleted.Before(end) {
		stop = n.Deleted
	}
	return max(0, stop.Sub(n.Created))
}

func usage(nodes []NodeRecord, end time.Time, prices PriceFunc) ([]Usage, []string) {
	type key struct{ group, typ, capType string }
	by := map[key]*Usage{}
	var notes []string
	for _, n := range nodes {
		k := key{n.Group, n.InstanceType, n.CapacityType}
		u := by[k]
		if u == nil {
			price, err := prices(n.InstanceType, n.CapacityType)
			if err != nil {
				notes = append(notes, "no price for "+n.InstanceType+" "+n.CapacityType+": "+err.Error())
			}
			u = &Usage{Group: n.Group, InstanceType: n.InstanceType, CapacityType: n.CapacityType, USDPerHour: price}
			by[k] = u
		}
		u.Nodes++
		u.Hours += Lifetime(n, end).Hours()
	}
	out := make([]Usage, 0, len(by))
	for _, u := range by {
		u.Cost = u.Hours * u.USDPerHour
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b Usage) int {
		return cmp.Or(cmp.Compare(a.Group, b.Group), cmp.Compare(a.InstanceType, b.InstanceType), cmp.Compare(a.CapacityType, b.CapacityType))
	})
	return out, notes
}
