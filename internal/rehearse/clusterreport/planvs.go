package clusterreport

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
)

// PlanRow is one quantity `loadgen plan` predicted beside what the
// rehearsal measured; Ratio is measured / planned (0 when nothing was
// planned).
type PlanRow struct {
	What     string  `json:"what"`
	Planned  float64 `json:"planned"`
	Measured float64 `json:"measured"`
	Ratio    float64 `json:"ratio"`
	Note     string  `json:"note,omitempty"`
}

// PlanVsMeasured is the plan of the same load plan and stack beside the
// rehearsal: how far to trust the plan.
type PlanVsMeasured struct {
	// RunTime is the run time the plan was made for (the mean of
	// --local-run-time divided by --time-scale, as the rehearsal ran).
	RunTime string    `json:"run_time"`
	Rows    []PlanRow `json:"rows"`
	Notes   []string  `json:"notes"`
}

// poolGroup is the node group (karpenter.sh/nodepool label, or the
// operational group) of a plan's pool name ("spark-driver NodePool").
func poolGroup(p plan.Pool) string {
	if p.Role == "operational" {
		return OperationalGroup
	}
	return strings.TrimSuffix(p.Name, " NodePool")
}

// ComparePlan sets the plan's peak nodes per pool, peak concurrent jobs and
// Spark pods, job node-hours and node cost beside the section's.
func ComparePlan(p *plan.Plan, s Section) PlanVsMeasured {
	out := PlanVsMeasured{RunTime: p.RunTimeText}
	for _, pool := range p.Pools {
		g := poolGroup(pool)
		out.Rows = append(out.Rows, row(fmt.Sprintf("peak nodes, %s (plan: %s)", g, pool.TypesText()),
			float64(pool.Nodes), float64(s.Peaks.NodesByGroup[g]), typesOf(s.Peaks, g)))
	}
	sparkPods := p.PeakConcurrent * int64(1+p.Job.Executors)
	out.Rows = append(out.Rows,
		row("peak concurrent jobs", float64(p.PeakConcurrent), float64(s.Peaks.Jobs), "driver pods alive at once"),
		row("peak Spark pods", float64(sparkPods), float64(s.Peaks.Pods), "drivers and executors alive at once"))
	jobHours, nodeCost := 0.0, 0.0
	for _, u := range s.NodeHours {
		if u.Group != OperationalGroup {
			jobHours += u.Hours
		}
		nodeCost += u.Cost
	}
	if c := p.Cost; c != nil {
		out.Rows = append(out.Rows,
			row("job node-hours", c.JobNodeHours, jobHours, "rehearsal: settle and idle tail included"),
			row("node cost $ (job + operational nodes)", c.Plan.JobNodes+c.Plan.OpsNodes, nodeCost,
				fmt.Sprintf("plan over %.2f h; rehearsal over its own length", c.PlanHours)))
	}
	out.Notes = append(out.Notes, p.Notes...)
	return out
}

func row(what string, planned, measured float64, note string) PlanRow {
	r := PlanRow{What: what, Planned: round(planned), Measured: round(measured), Note: note}
	if planned > 0 {
		r.Ratio = round(measured / planned)
	}
	return r
}

// typesOf names the instance types a group peaked with ("m5.xlarge 3,
// m5.2xlarge 1": each type's own peak).
func typesOf(p Peaks, group string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(p.NodesByType)) {
		if g, typ, _ := strings.Cut(k, "/"); g == group {
			parts = append(parts, fmt.Sprintf("%s %d", typ, p.NodesByType[k]))
		}
	}
	if len(parts) == 0 {
		return "none launched"
	}
	return "rehearsal: " + strings.Join(parts, ", ")
}
