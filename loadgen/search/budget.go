package search

import (
	"fmt"
	"time"
)

// Budget bounds a search's estimated spend: a step does not start when the
// jobs planned by its end and the time spent by its end would cost more
// than LimitUSD (Cost). The figures come from the stack's plan
// (loadgen/plan: the job's pods' share of their nodes × run time, plus the
// stack's fixed hourly cost) or from a per-job cost given by hand.
type Budget struct {
	LimitUSD        float64 `json:"limit_usd"` // 0: no budget
	PerJobUSD       float64 `json:"per_job_usd"`
	FixedPerHourUSD float64 `json:"fixed_usd_per_hour"`
	// Source says where the figures come from, printed before the search
	// starts and kept in search.json.
	Source string `json:"source"`
}

// Known says whether there is any figure to estimate a spend with.
func (b Budget) Known() bool { return b.PerJobUSD > 0 || b.FixedPerHourUSD > 0 }

// Cost is the estimated spend of jobs jobs and elapsed time, USD.
func (b Budget) Cost(jobs int, elapsed time.Duration) float64 {
	return float64(jobs)*b.PerJobUSD + elapsed.Hours()*b.FixedPerHourUSD
}

// String is the figures and their source, one line.
func (b Budget) String() string {
	s := fmt.Sprintf("$%.4f per job", b.PerJobUSD)
	if b.FixedPerHourUSD > 0 {
		s += fmt.Sprintf(" + $%.2f/h fixed", b.FixedPerHourUSD)
	}
	if b.Source != "" {
		s += " (" + b.Source + ")"
	}
	return s
}

// exceeded says why a step that brings the total to jobs and elapsed may
// not run ("" when it may).
func (b Budget) exceeded(rate fmt.Stringer, jobs int, elapsed time.Duration) string {
	if b.LimitUSD <= 0 || !b.Known() {
		return ""
	}
	cost := b.Cost(jobs, elapsed)
	if cost <= b.LimitUSD {
		return ""
	}
	return fmt.Sprintf("--budget-usd %.2f: the next step at %s would bring the estimated spend to $%.2f (%d jobs × $%.4f + %.2f h × $%.2f/h)",
		b.LimitUSD, rate, cost, jobs, b.PerJobUSD, elapsed.Hours(), b.FixedPerHourUSD)
}
