package stats

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// RunInfo is what an Accumulator must know before the first job: the run's
// span fixes the time series' buckets.
type RunInfo struct {
	Session, Target string
	Start, End      time.Time
	Plan            map[string]string
}

// Accumulator builds a Summary one job at a time (vegeta's Metrics.Add and
// Close), so that a report never holds every job: its memory is the
// histograms, the series' buckets, the slowest jobs, the distinct errors and
// the tracking samples, whatever the number of jobs. Not safe for
// concurrent use.
type Accumulator struct {
	s        Summary
	workers  map[int]bool
	slow     []SlowJob
	errs     map[string]int
	sub, run []int // in-flight difference arrays, per bucket (see inFlightFromJobs)
	samples  []Sample
}

// MaxDistinctErrors bounds Summary.Errors; further distinct messages are
// counted under OtherErrors.
const MaxDistinctErrors = 1000

// OtherErrors is the Errors entry that counts messages past MaxDistinctErrors.
const OtherErrors = "(further distinct messages)"

// ErrorCount is one distinct submission error: "outcome: message" and how many calls ended with it.
type ErrorCount struct {
	Error string
	N     int
}

// NewAccumulator starts a Summary of the run described by info.
func NewAccumulator(info RunInfo) *Accumulator {
	s := Summary{Session: info.Session, Target: info.Target, Start: info.Start, End: info.End,
		Plan: maps.Clone(info.Plan), Outcomes: map[string]int{}, FinalStates: map[string]int{},
		Latency: newLatencies(HistSigFigs), PhaseLatency: newPhaseLatencies()}
	w := WidthFor(info.End.Sub(info.Start))
	s.Series = Series{Width: w, Buckets: newBuckets(info.Start, info.End, w)}
	n := len(s.Series.Buckets)
	return &Accumulator{s: s, workers: map[int]bool{}, errs: map[string]int{}, sub: make([]int, n+1), run: make([]int, n+1)}
}

// Add folds one job in. The job is not kept (a copy of the slowest is).
func (a *Accumulator) Add(j *Job) {
	s := &a.s
	a.workers[j.Worker] = true
	s.countJob(j)
	s.Latency = recordLatencies(s.Latency, j)
	recordPhases(s.PhaseLatency, j)
	if isError(j.Outcome) {
		a.addError(j.Outcome + ": " + orDash(j.Error))
	}
	if len(s.Series.Buckets) > 0 {
		s.Series.addJob(j)
		s.Series.inFlightJob(a.sub, a.run, j)
	}
	if sj, ok := slowJob(j, s.End); ok {
		a.slow = topSlow(append(a.slow, sj))
	}
}

// AddSample folds in one tracking sample (in-flight jobs by state).
func (a *Accumulator) AddSample(smp Sample) {
	a.workers[smp.Worker] = true
	a.samples = append(a.samples, smp)
	a.s.Samples++
}

func (a *Accumulator) addError(key string) {
	if _, ok := a.errs[key]; !ok && len(a.errs) >= MaxDistinctErrors {
		key = OtherErrors
	}
	a.errs[key]++
}

// Close derives the rates, ratios, percentiles and in-flight gauges and
// returns the Summary; the Accumulator must not be used after.
func (a *Accumulator) Close() Summary {
	s := &a.s
	s.Workers = sortedKeys(a.workers)
	if len(s.Series.Buckets) > 0 {
		if len(a.samples) > 0 {
			s.Series.InFlightSource = InFlightSamples
			s.Series.inFlightFromSamples(a.samples)
		} else {
			s.Series.InFlightSource = InFlightJobs
			s.Series.inFlightTotals(a.sub, a.run)
		}
	}
	s.Slowest = sortSlow(a.slow)
	s.Errors = sortErrors(a.errs)
	s.finish()
	return *s
}

func sortErrors(m map[string]int) []ErrorCount {
	out := make([]ErrorCount, 0, len(m))
	for k, n := range m {
		out = append(out, ErrorCount{k, n})
	}
	slices.SortFunc(out, func(a, b ErrorCount) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Error, b.Error)) })
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
