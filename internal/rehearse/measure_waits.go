package rehearse

import (
	"io"
	"slices"
	"time"
)

// WaitTrend is how long jobs waited to run over a rehearsal: the median time
// from accepted to RUNNING of the jobs accepted in each minute of it. Where
// the rehearsal's control plane keeps pace, a job waits for at most a node
// start (and Karpenter's batch) all run long; where it falls behind, the
// waits grow minute by minute, a queue `loadgen plan` does not model (it
// plans for a control plane that keeps pace).
type WaitTrend struct {
	ByMinute []time.Duration `json:"byMinute"`
}

// ReadWaitTrend reads jobs.csv (minute 0 starts at the first acceptance;
// jobs that never ran are left out; a minute with none is zero).
func ReadWaitTrend(r io.Reader) (WaitTrend, error) {
	jobs, err := readJobTimes(r)
	if err != nil {
		return WaitTrend{}, err
	}
	var first time.Time
	for _, j := range jobs {
		if !j.accepted.IsZero() && (first.IsZero() || j.accepted.Before(first)) {
			first = j.accepted
		}
	}
	var byMinute [][]time.Duration
	for _, j := range jobs {
		if j.accepted.IsZero() || j.started.IsZero() {
			continue
		}
		m := int(j.accepted.Sub(first) / time.Minute)
		for len(byMinute) <= m {
			byMinute = append(byMinute, nil)
		}
		byMinute[m] = append(byMinute[m], j.started.Sub(j.accepted))
	}
	var t WaitTrend
	for _, w := range byMinute {
		t.ByMinute = append(t.ByMinute, median(w))
	}
	return t, nil
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// Growth is the most a minute's median wait rose above the first
// minute's; the last minute is left out (it holds the arrivals' tail and
// the jobs the run's end cut off).
func (t WaitTrend) Growth() time.Duration {
	var g time.Duration
	for i := 1; i < len(t.ByMinute)-1; i++ {
		g = max(g, t.ByMinute[i]-t.ByMinute[0])
	}
	return g
}

// KeptPace is whether the waits grew by at most one node start over the
// run: what a control plane that keeps pace shows (the first jobs wait a
// node start, later ones as long or less).
func (t WaitTrend) KeptPace(nodeStart time.Duration) bool {
	return t.Growth() <= max(nodeStart, 10*time.Second)
}
