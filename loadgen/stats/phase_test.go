package stats_test

import (
	"slices"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// The reports' phase columns are the shared vocabulary's phases, in order.
func TestPhaseNamesAreTheJobsPhases(t *testing.T) {
	t.Parallel()
	if !slices.Equal(stats.PhaseNames, job.Phases) || len(stats.PhaseNames) != stats.NumPhases {
		t.Errorf("stats.PhaseNames %v, job.Phases %v: want the same list", stats.PhaseNames, job.Phases)
	}
}

// One job's steps add up to created -> finished; a missing phase is
// skipped, its time going to the next known step; EMR jobs (no phases)
// record no phase distribution.
func TestPhaseStepsChainTheKnownPhases(t *testing.T) {
	t.Parallel()
	at := func(s int) time.Time { return statstest0.Add(time.Duration(s) * time.Second) }
	withPhases := stats.Job{Outcome: job.OutcomeAccepted, SubmitStart: at(0), SubmitEnd: at(0), Created: at(1),
		Started: at(6), Finished: at(20), Phases: &stats.Phases{at(2), {}, at(4), at(6), at(9)}}
	emr := stats.Job{Outcome: job.OutcomeAccepted, SubmitStart: at(0), SubmitEnd: at(0), Created: at(1), Started: at(6), Finished: at(20)}
	s := stats.Summarize(stats.Run{Jobs: []stats.Job{withPhases, emr}})
	want := map[string]time.Duration{"step_submitted": time.Second, "step_scheduled": 2 * time.Second,
		"step_running": 2 * time.Second, "step_executors_running": 3 * time.Second, "step_finished": 11 * time.Second,
		"created_to_executors_running": 8 * time.Second}
	for name, d := range want {
		if got := s.PhaseLatency[name]; got.Count != 1 || got.P50 < d-d/500 || got.P50 > d+d/500 {
			t.Errorf("%s = count %d p50 %v, want 1 job at %v", name, got.Count, got.P50, d)
		}
	}
	if got := s.PhaseLatency["step_driver_created"]; got.Count != 0 {
		t.Errorf("step_driver_created recorded %d values for a job without that phase", got.Count)
	}
	if !s.HasPhases() {
		t.Error("HasPhases = false")
	}
	if s := stats.Summarize(stats.Run{Jobs: []stats.Job{emr}}); s.HasPhases() || s.PhaseLatency["step_finished"].Count != 0 {
		t.Errorf("an EMR run records phases: %+v", s.PhaseLatency["step_finished"])
	}
}

var statstest0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
