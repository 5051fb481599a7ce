package rehearse

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
)

// PoolPeak is the most nodes one NodePool (or the operational group) held
// at one instant of a rehearsal, from the API server's Node objects
// (creationTimestamp to deletionTimestamp).
type PoolPeak struct {
	Group string `json:"group"`
	// Nodes is the peak node count; ByType the instance types at that
	// instant (the first instant the peak was reached).
	Nodes  int            `json:"nodes"`
	ByType map[string]int `json:"byType"`
	// VCPUs is the peak of the pool's summed node vCPUs (not necessarily
	// at the same instant as Nodes), as Karpenter's limits.cpu counts it.
	VCPUs int `json:"vcpus"`
	// Launched counts every node the pool had over the run.
	Launched int `json:"launched"`
}

// AllNodePools is PeakNodes' group of every NodePool's nodes together.
const AllNodePools = "all NodePools"

// nodeEvent is a node appearing (+1) or going (-1) at t.
type nodeEvent struct {
	t     time.Time
	delta int
	node  clusterreport.NodeRecord
}

// PeakNodes sweeps the nodes' lifetimes up to end, per group and for
// AllNodePools: a node
// deleted and one created in the same second are not counted together
// (deletions first).
func PeakNodes(nodes []clusterreport.NodeRecord, end time.Time) (map[string]PoolPeak, error) {
	by := map[string][]nodeEvent{}
	for _, n := range nodes {
		if n.Created.After(end) {
			continue
		}
		groups := []string{n.Group}
		if n.Group != clusterreport.OperationalGroup {
			groups = append(groups, AllNodePools)
		}
		for _, g := range groups {
			by[g] = append(by[g], nodeEvent{n.Created, 1, n})
			if !n.Deleted.IsZero() && !n.Deleted.After(end) {
				by[g] = append(by[g], nodeEvent{n.Deleted, -1, n})
			}
		}
	}
	out := map[string]PoolPeak{}
	for g, evs := range by {
		p, err := sweep(g, evs)
		if err != nil {
			return nil, err
		}
		out[g] = p
	}
	return out, nil
}

func sweep(group string, evs []nodeEvent) (PoolPeak, error) {
	slices.SortStableFunc(evs, func(a, b nodeEvent) int { return cmp.Or(a.t.Compare(b.t), cmp.Compare(a.delta, b.delta)) })
	p := PoolPeak{Group: group}
	live := map[string]int{}
	n, vcpus := 0, 0
	for _, e := range evs {
		t, err := capacity.Lookup(e.node.InstanceType)
		if err != nil {
			return PoolPeak{}, fmt.Errorf("node %s: %w", e.node.Name, err)
		}
		n += e.delta
		vcpus += e.delta * t.VCPUs
		live[e.node.InstanceType] += e.delta
		if e.delta > 0 {
			p.Launched++
		}
		if n > p.Nodes {
			p.Nodes, p.ByType = n, nonZero(live)
		}
		p.VCPUs = max(p.VCPUs, vcpus)
	}
	return p, nil
}

func nonZero(m map[string]int) map[string]int {
	out := maps.Clone(m)
	maps.DeleteFunc(out, func(_ string, v int) bool { return v == 0 })
	return out
}

// JobPeaks are the most jobs at one instant of a run, from jobs.csv.
type JobPeaks struct {
	// InFlight: accepted (submit_end) to finished, the plan's L (Little's
	// law counts a job from its submission to its end).
	InFlight int `json:"inFlight"`
	// Running: RUNNING (started) to finished.
	Running int `json:"running"`
	// MeanInFlight is the mean time from submit_end to finished of the
	// finished jobs (W as the run saw it: node waits and run time).
	MeanInFlight time.Duration `json:"meanInFlight"`
	// MeanRunning is the mean time from started to finished.
	MeanRunning time.Duration `json:"meanRunning"`
	Jobs        int           `json:"jobs"`
	Finished    int           `json:"finished"`
}

// ReadJobPeaks reads jobs.csv (loadgen/report's columns, by header name).
// A job not finished counts as live to the end of the file's latest time.
func ReadJobPeaks(r io.Reader) (JobPeaks, error) {
	jobs, err := readJobTimes(r)
	if err != nil {
		return JobPeaks{}, err
	}
	var spans [2][]span
	jp := JobPeaks{Jobs: len(jobs)}
	var sumIn, sumRun time.Duration
	var nIn, nRun int
	for _, j := range jobs {
		if !j.finished.IsZero() {
			jp.Finished++
		}
		if !j.accepted.IsZero() {
			spans[0] = append(spans[0], span{j.accepted, j.finished})
			if !j.finished.IsZero() {
				sumIn, nIn = sumIn+j.finished.Sub(j.accepted), nIn+1
			}
		}
		if !j.started.IsZero() {
			spans[1] = append(spans[1], span{j.started, j.finished})
			if !j.finished.IsZero() {
				sumRun, nRun = sumRun+j.finished.Sub(j.started), nRun+1
			}
		}
	}
	jp.InFlight, jp.Running = peakOverlap(spans[0]), peakOverlap(spans[1])
	if nIn > 0 {
		jp.MeanInFlight = sumIn / time.Duration(nIn)
	}
	if nRun > 0 {
		jp.MeanRunning = sumRun / time.Duration(nRun)
	}
	return jp, nil
}

// jobTimes are one jobs.csv row's instants (zero: not reached).
type jobTimes struct{ accepted, started, finished time.Time }

// readJobTimes reads jobs.csv's submit_end, started and finished columns.
func readJobTimes(r io.Reader) ([]jobTimes, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("jobs.csv: %w", err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("jobs.csv: empty (no header)")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"submit_end", "started", "finished"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("jobs.csv: no %q column", h)
		}
	}
	out := make([]jobTimes, 0, len(rows)-1)
	for _, row := range rows[1:] {
		out = append(out, jobTimes{csvTime(row[col["submit_end"]]), csvTime(row[col["started"]]), csvTime(row[col["finished"]])})
	}
	return out, nil
}

type span struct{ from, to time.Time }

func csvTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// peakOverlap is the most spans open at once (an open span, to zero,
// never ends; an end and a start at the same instant do not overlap).
func peakOverlap(spans []span) int {
	type ev struct {
		t time.Time
		d int
	}
	var evs []ev
	for _, s := range spans {
		evs = append(evs, ev{s.from, 1})
		if !s.to.IsZero() {
			evs = append(evs, ev{s.to, -1})
		}
	}
	slices.SortFunc(evs, func(a, b ev) int { return cmp.Or(a.t.Compare(b.t), cmp.Compare(a.d, b.d)) })
	n, peak := 0, 0
	for _, e := range evs {
		n += e.d
		peak = max(peak, n)
	}
	return peak
}
