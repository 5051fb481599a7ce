package stats

import (
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Latency distribution names (keys of Summary.Latency), in report order. Submission-side values use
// the client clock; "time_to_*" mix clocks (client SubmitStart to server timestamp), so skew between
// the clocks shows there; "created_to_*" and "run_time" use only server timestamps.
const (
	LatSubmit            = "submit"              // SubmitEnd - SubmitStart, every sent call, any outcome
	LatScheduleLag       = "schedule_lag"        // SubmitStart - Scheduled, every sent call
	LatTimeToCreated     = "time_to_created"     // Created - SubmitStart
	LatTimeToRunning     = "time_to_running"     // Started - SubmitStart
	LatTimeToFinished    = "time_to_finished"    // Finished - SubmitStart
	LatCreatedToRunning  = "created_to_running"  // Started - Created (queueing + scheduling on the cluster)
	LatCreatedToFinished = "created_to_finished" // Finished - Created
	LatRunTime           = "run_time"            // Finished - Started
)

// LatencyNames lists the keys of Summary.Latency in report order.
var LatencyNames = []string{LatSubmit, LatScheduleLag, LatTimeToCreated, LatTimeToRunning,
	LatTimeToFinished, LatCreatedToRunning, LatCreatedToFinished, LatRunTime}

// Summary is everything a report shows, derived from a Run by Summarize or from several Summaries
// by Merge. Counts are jobs; rates are per minute of the run's duration.
type Summary struct {
	Session  string
	Target   string
	Start    time.Time // of the run (earliest of the merged parts)
	End      time.Time // of the run (latest of the merged parts)
	Duration time.Duration
	// Window is the scheduling window: from the first scheduled job to the
	// last, plus one mean gap between them (so N jobs at rate r give N/r);
	// Duration when fewer than two jobs were scheduled.
	Window time.Duration
	// FirstScheduled and LastScheduled bound Window (merged as min and max).
	FirstScheduled, LastScheduled time.Time
	Plan                          map[string]string
	Workers                       []int // distinct worker indexes, ascending

	Jobs         int            // planned jobs (every Job in the Run)
	Scheduled    int            // jobs with a Scheduled time
	Submitted    int            // calls sent with a known answer: accepted + errors
	Unknown      int            // calls sent whose answer the journal does not hold (Outcomes[unknown])
	Accepted     int            // Outcomes[accepted]
	SubmitErrors int            // sent calls that failed (throttled, queue_full, access_denied, validation, other)
	Outcomes     map[string]int // jobs by Outcome (only outcomes that occurred)
	FinalStates  map[string]int // accepted jobs by FinalState; "UNFINISHED" for those without one
	Finished     int            // accepted jobs in COMPLETED, FAILED or CANCELLED
	Completed    int
	Failed       int
	Cancelled    int

	Rates  Rates
	Ratios Ratios

	Latency map[string]Dist // keyed by LatencyNames; every key is present
	// PhaseLatency holds the operator phases' distributions, keyed by
	// PhaseFromCreated and PhaseSteps; every key is present (empty for the EMR target).
	PhaseLatency map[string]Dist
	Series       Series
	Slowest      []SlowJob    // up to SlowestN jobs, slowest first
	Errors       []ErrorCount // distinct errors of failed calls, most frequent first (at most MaxDistinctErrors+1)
	Samples      int          // tracking samples the run took
}

// Rates are per minute; zero when their span is zero. Submission rates are
// over Summary.Window, the scheduling window (tracking after the last
// submission would dilute them); completions are over Summary.Duration.
type Rates struct {
	TargetPerMin    float64 // jobs with a Scheduled time: what the pacer asked for
	AchievedPerMin  float64 // calls sent
	AcceptedPerMin  float64 // calls accepted
	CompletedPerMin float64 // jobs that reached COMPLETED, over the whole run
}

// Ratios are fractions in [0,1]; each is zero when its denominator is zero (see the *Den fields).
type Ratios struct {
	Failed    float64 // FAILED / Finished
	Error     float64 // SubmitErrors / Submitted
	Throttled float64 // throttled / Submitted
	Dropped   float64 // dropped / Jobs
	Late      float64 // late / Jobs
}

// SlowestN is how many of the slowest jobs a Summary keeps.
const SlowestN = 20

// SlowJob is one of the slowest jobs: ranked by the time from SubmitStart to Finished, or to the end
// of the run for accepted jobs that had not finished (Unfinished), since a stuck job is the slowest.
type SlowJob struct {
	Job        Job
	Elapsed    time.Duration
	Unfinished bool
}

// Summarize derives a Summary from r. It never fails: missing timestamps leave a job out of the
// distributions that need them. r.Start/r.End default to the earliest/latest job timestamp.
func Summarize(r Run) Summary {
	start, end := runSpan(r)
	a := NewAccumulator(RunInfo{Session: r.Session, Target: r.Target, Start: start, End: end, Plan: r.Plan})
	for i := range r.Jobs {
		a.Add(&r.Jobs[i])
	}
	for _, smp := range r.Samples {
		a.AddSample(smp)
	}
	return a.Close()
}

func (s *Summary) countJob(j *Job) {
	s.Jobs++
	s.Outcomes[j.Outcome]++
	if !j.Scheduled.IsZero() {
		s.Scheduled++
		s.FirstScheduled, s.LastScheduled = widen(s.FirstScheduled, s.LastScheduled, j.Scheduled, j.Scheduled)
	}
	if isError(j.Outcome) {
		s.Submitted++
		s.SubmitErrors++
	}
	if j.Outcome == job.OutcomeUnknown {
		s.Unknown++
	}
	if j.Outcome != job.OutcomeAccepted {
		return
	}
	s.Submitted++
	s.Accepted++
	state := j.FinalState
	if state == "" {
		state = StateUnfinished
	}
	s.FinalStates[state]++
}

// finish derives the counters, rates, ratios and percentiles that follow from the merged data.
func (s *Summary) finish() {
	s.Duration = max(s.End.Sub(s.Start), 0)
	s.Completed = s.FinalStates[job.StateCompleted]
	s.Failed = s.FinalStates[job.StateFailed]
	s.Cancelled = s.FinalStates[job.StateCancelled]
	s.Finished = s.Completed + s.Failed + s.Cancelled
	s.Window = s.schedulingWindow()
	s.Rates = Rates{TargetPerMin: perMin(s.Scheduled, s.Window), AchievedPerMin: perMin(s.Submitted, s.Window),
		AcceptedPerMin: perMin(s.Accepted, s.Window), CompletedPerMin: perMin(s.Completed, s.Duration)}
	s.Ratios = Ratios{Failed: ratio(s.Failed, s.Finished), Error: ratio(s.SubmitErrors, s.Submitted),
		Throttled: ratio(s.Outcomes[job.OutcomeThrottled], s.Submitted),
		Dropped:   ratio(s.Outcomes[job.OutcomeDropped], s.Jobs), Late: ratio(s.Outcomes[job.OutcomeLate], s.Jobs)}
	for _, m := range []map[string]Dist{s.Latency, s.PhaseLatency} {
		for k, d := range m {
			d.finish()
			m[k] = d
		}
	}
	s.Series.finish()
}

// schedulingWindow is Window: last - first scheduled, times N/(N-1).
func (s *Summary) schedulingWindow() time.Duration {
	span := s.LastScheduled.Sub(s.FirstScheduled)
	if s.Scheduled < 2 || span <= 0 {
		return s.Duration
	}
	return time.Duration(float64(span) * float64(s.Scheduled) / float64(s.Scheduled-1))
}

func perMin(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Minutes()
}

func ratio(n, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(n) / float64(den)
}
