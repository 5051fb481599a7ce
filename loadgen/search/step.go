package search

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// Verdicts of a step.
const (
	VerdictGood      = "good"
	VerdictBad       = "bad"
	VerdictGenerator = "generator-limited"
)

// SLOResult is one SLO on one step's window.
type SLOResult struct {
	SLO      string `json:"slo"`
	Value    string `json:"value"`
	Breached bool   `json:"breached"`
	NoData   bool   `json:"no_data,omitempty"` // not judged: nothing to measure yet
}

// Step is one rate tried: its measured window and the verdict.
type Step struct {
	N         int           `json:"n"`
	Rate      pace.Rate     `json:"-"`
	PerMin    float64       `json:"rate_per_min"`
	Phase     string        `json:"phase"`
	Start     time.Time     `json:"start"`
	From      time.Time     `json:"measured_from"`
	To        time.Time     `json:"measured_to"`
	Recovered time.Duration `json:"paused_before_ns,omitempty"` // submissions paused before the step to drain

	Planned int `json:"planned"`
	Late    int `json:"late"`
	Dropped int `json:"dropped"`
	Refused int `json:"refused"` // calls sent and refused (throttled, queue full, ...)
	// SpendUSD is the search's estimated spend by the step's end (Budget.Cost
	// of the jobs planned so far and the time spent); 0 without figures.
	SpendUSD float64 `json:"estimated_spend_usd,omitempty"`

	TimeToRunningP95 float64     `json:"time_to_running_p95_s"` // lower bound for jobs still waiting at the end
	FailedRatio      float64     `json:"failed_ratio"`
	SLOs             []SLOResult `json:"slos,omitempty"`
	Stability        Stability   `json:"stability"`

	Verdict string `json:"verdict"`
	Why     string `json:"why,omitempty"`
}

// step runs one rate for a warm-up, a window and the settle time, then judges the window.
func (c Config) step(ctx context.Context, sys System, n int, rate pace.Rate, phase string) (Step, error) {
	start := sys.Offer(rate, c.stepLength())
	from := start.Add(c.Warmup)
	to := from.Add(c.Window)
	if err := sys.Wait(ctx, to.Add(c.Settle)); err != nil {
		return Step{}, err
	}
	st := Step{N: n, Rate: rate, PerMin: float64(rate) * 60, Phase: phase, Start: start, From: from, To: to}
	c.judge(&st, sys.Jobs().snapshot(from), sys.Now())
	return st, nil
}

// judge measures the step's window in jobs as known at now and gives the verdict.
func (c Config) judge(st *Step, jobs []Job, now time.Time) {
	m := measure(jobs, st.From, st.To, now, c.Rule.Batches)
	st.Planned, st.Late, st.Dropped, st.Refused = m.planned, m.late, m.dropped, m.refused
	st.Stability = c.Rule.judge(m)
	sum := stats.Summarize(windowRun(jobs, st.From, st.To, now))
	st.TimeToRunningP95 = sum.Latency[stats.LatTimeToRunning].Percentile(95).Seconds()
	st.FailedRatio = sum.Ratios.Failed
	var breached []string
	for _, r := range threshold.Evaluate(c.SLOs, sum) {
		res := SLOResult{SLO: r.Threshold.String(), Value: r.ValueString(), NoData: r.NoData, Breached: r.Breached && !r.NoData}
		st.SLOs = append(st.SLOs, res)
		if res.Breached {
			breached = append(breached, fmt.Sprintf("%s = %s (want %s)", r.Threshold.Metric, res.Value, strings.TrimPrefix(res.SLO, r.Threshold.Metric)))
		}
	}
	switch {
	case m.planned > 0 && float64(m.late+m.dropped) > c.GeneratorLimit*float64(m.planned):
		st.Verdict = VerdictGenerator
		st.Why = fmt.Sprintf("%d late and %d dropped of %d planned submissions at %s: the load generator could not keep the schedule", m.late, m.dropped, m.planned, st.Rate)
	case len(breached) > 0:
		st.Verdict, st.Why = VerdictBad, "SLO breached: "+strings.Join(breached, "; ")
	case !st.Stability.Stable:
		st.Verdict, st.Why = VerdictBad, "unstable: "+st.Stability.Why
	default:
		st.Verdict = VerdictGood
	}
}
