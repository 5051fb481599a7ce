package plan

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
)

// WriteJSON writes the plan as indented JSON.
func (p *Plan) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// MarshalJSON writes durations in Go's syntax ("10m0s").
func (l Load) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Model   string `json:"model"`
		Length  string `json:"length"`
		MaxJobs int64  `json:"maxJobs,omitempty"`
	}{l.Model, l.Length.String(), l.MaxJobs})
}

// UnmarshalJSON reads what MarshalJSON writes (the rate is not in it), so
// `loadgen plan --json` decodes back into a Plan.
func (l *Load) UnmarshalJSON(b []byte) error {
	var in struct {
		Model   string `json:"model"`
		Length  string `json:"length"`
		MaxJobs int64  `json:"maxJobs"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	d, err := time.ParseDuration(in.Length)
	if err != nil {
		return fmt.Errorf("load.length %q: %w", in.Length, err)
	}
	l.Model, l.Length, l.MaxJobs = in.Model, d, in.MaxJobs
	return nil
}

// WriteText writes the plan for a terminal.
func (p *Plan) WriteText(w io.Writer) error {
	b := &strings.Builder{}
	j := p.Job
	fmt.Fprintf(b, "plan: template %s (target %s), stack %s (preset %s, %s, autoscalingMode %s)\n",
		p.Template, p.Target, p.Stack, p.Preset, p.Region, p.Autoscaling)
	fmt.Fprintf(b, "load: %s for %s, expected run time %s\n", p.Load.Model, p.Load.Length, p.RunTime)
	fmt.Fprintf(b, "  peak arrivals %.1f jobs/min, %.0f jobs in all\n", p.PeakRatePerMin, p.TotalJobs)
	fmt.Fprintf(b, "  peak concurrent jobs %d, steady %d (L = λ·W, W = run time)\n", p.PeakConcurrent, p.SteadyConcurrent)
	fmt.Fprintf(b, "  node waits: %.0f jobs need new nodes and wait %s more (driver, then executors); mean time in flight %s\n",
		p.JobsWaited, p.NodeWait, p.MeanInFlight)
	fmt.Fprintf(b, "  per job: driver %s, %d executor(s) of %s", pod(j.Driver), j.Executors, pod(j.Executor))
	if j.Submitter > 0 {
		fmt.Fprintf(b, ", %d job-submitter pod", j.Submitter)
	}
	fmt.Fprintf(b, " (%d pods)\n", j.Pods())
	fmt.Fprintf(b, "  peak job pods %d, requested %.1f vCPU and %.1f GiB\n", p.PeakPods, p.RequestedCPU, p.RequestedMemGiB)
	fmt.Fprintf(b, "placement: %s, %d AZs\n", p.Placement, p.AZs)
	b.WriteString("nodes at peak:\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, pool := range p.Pools {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d nodes %s\t%d vCPU\t%d pods\tper node %s\n", pool.Name, pool.TypesText(), pool.CapacityType,
			pool.Nodes, perAZ(pool.NodesPerAZ), pool.VCPUs, pool.Pods, pod(pool.Allocatable))
	}
	tw.Flush()
	mode := "one address per pod"
	if p.PodIPs.PrefixMode {
		mode = "prefix delegation, /28 per slot"
	}
	fmt.Fprintf(b, "pod IPs: busiest AZ holds %d of %d addresses of its /%d pod subnet (%s)\n",
		p.PodIPs.Max(), p.PodIPs.PerAZCapacity, p.PodIPs.SubnetPrefixLen, mode)
	p.writeLimits(b)
	p.writeCost(b)
	b.WriteString("notes:\n")
	for _, n := range p.Notes {
		fmt.Fprintf(b, "  - %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (p *Plan) writeLimits(b *strings.Builder) {
	b.WriteString("limits:\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, l := range p.Limits {
		mark := "ok"
		if l.Hit {
			mark = "HIT"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s of %s\t%.0f%%\tmoved by %s\n", mark, l.Name, num(l.Planned), num(l.Limit), l.Ratio*100, l.Moves)
	}
	tw.Flush()
	if p.FirstLimit != nil {
		l := p.FirstLimit
		fmt.Fprintf(b, "first limit hit: %s (%s of %s); moved by %s\n", l.Name, num(l.Planned), num(l.Limit), l.Moves)
		return
	}
	c := p.Closest()
	fmt.Fprintf(b, "no limit hit; closest: %s at %.0f%% (moved by %s)\n", c.Name, c.Ratio*100, c.Moves)
}

func (p *Plan) writeCost(b *strings.Builder) {
	c := p.Cost
	if c == nil {
		b.WriteString("cost: not computed (see notes)\n")
		return
	}
	s := c.PeakPerHour
	fmt.Fprintf(b, "cost at peak: $%.2f/h = control plane $%.2f + NAT (%d) $%.3f + operational nodes $%.2f + job nodes $%.2f + volumes $%.3f\n",
		c.PeakTotal, s.ControlPlane, c.NATCount, s.NAT, s.OpsNodes, s.JobNodes, s.Volumes)
	s = c.Plan
	fmt.Fprintf(b, "cost of the plan: $%.2f over %.2f h (%.1f job node-hours) = control plane $%.2f + NAT $%.2f + operational nodes $%.2f + job nodes $%.2f + volumes $%.2f\n",
		c.PlanTotal, c.PlanHours, c.JobNodeHours, s.ControlPlane, s.NAT, s.OpsNodes, s.JobNodes, s.Volumes)
	fmt.Fprintf(b, "  per job $%.4f (%s) + fixed $%.2f/h: the figures loadgen search --budget-usd uses\n", c.Spend.PerJobUSD, c.Spend.Basis, c.Spend.FixedPerHourUSD)
	fmt.Fprintf(b, "  plus $%.3f per GB through the NAT gateways (not estimated); EMR on EKS charges per vCPU and GB-hour are not included\n", c.NATPerGB)
	fmt.Fprintf(b, "  prices: %s\n", c.Source)
}

func pod(p Pod) string {
	return fmt.Sprintf("%gm CPU / %d MiB", float64(p.MilliCPU), p.MemoryMiB)
}

func perAZ(n []int64) string {
	s := make([]string, len(n))
	for i, v := range n {
		s[i] = fmt.Sprint(v)
	}
	return "(" + strings.Join(s, "+") + " per AZ)"
}

func num(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// TypesText is the pool's type, or its mix ("28 m5.4xlarge + 7 m5.xlarge",
// the most vCPUs first).
func (p Pool) TypesText() string {
	if len(p.NodesByType) < 2 {
		return p.InstanceType
	}
	mix := p.byVCPUs()
	parts := make([]string, len(mix))
	for i, t := range mix {
		parts[i] = fmt.Sprintf("%d %s", t.nodes, t.name)
	}
	return strings.Join(parts, " + ")
}

// typeCount is one type's nodes and their vCPUs in a pool.
type typeCount struct {
	name         string
	nodes, vcpus int64
}

// byVCPUs is NodesByType, the most vCPUs first (ties: by name).
func (p Pool) byVCPUs() []typeCount {
	var ts []typeCount
	for name, n := range p.NodesByType {
		t, _ := capacity.Lookup(name)
		ts = append(ts, typeCount{name, n, n * int64(t.VCPUs)})
	}
	slices.SortFunc(ts, func(a, b typeCount) int { return cmp.Or(cmp.Compare(b.vcpus, a.vcpus), cmp.Compare(a.name, b.name)) })
	return ts
}
