package clusterreport

// Side is one run of a comparison: what it was run with and what it
// cost.
type Side struct {
	// Label says what differs, e.g. "scheduler binpacking".
	Label   string `json:"label"`
	Session string `json:"session"`
	// MaxNodes is the most nodes at once; NodesByGroup each group's peak.
	MaxNodes      int            `json:"max_nodes"`
	NodesByGroup  map[string]int `json:"peak_nodes_by_group"`
	PackingCPU    float64        `json:"packing_cpu_percent"`
	PackingMemory float64        `json:"packing_memory_percent"`
	NodeHours     float64        `json:"node_hours"`
	Cost          float64        `json:"cost_usd"`
	// PodSchedulingP90 is the created -> bound p90 in seconds.
	PodSchedulingP90 float64 `json:"pod_scheduling_p90_s"`
}

// Comparison is the same load plan run twice on fresh twins with one
// thing changed (--compare): this run and the other side by side.
type Comparison struct {
	// What is the --compare value, e.g. "scheduler=default".
	What  string `json:"what"`
	This  Side   `json:"this"`
	Other Side   `json:"other"`
}

// SideOf is the comparison's view of a section.
func SideOf(label, session string, s Section) Side {
	return Side{Label: label, Session: session, MaxNodes: s.MaxNodes, NodesByGroup: s.Peaks.NodesByGroup,
		PackingCPU: s.PackingCPU, PackingMemory: s.PackingMemory, NodeHours: round(s.TotalHours), Cost: s.TotalCost,
		PodSchedulingP90: s.Latency.PodScheduling.P90}
}
