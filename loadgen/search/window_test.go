package search

import (
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

// TestBacklogOfAJobSeenOnlyFinished: tracking that missed a job RUNNING
// must not count its whole run as waiting.
func TestBacklogOfAJobSeenOnlyFinished(t *testing.T) {
	t.Parallel()
	jobs := []Job{
		{Key: "a", Sched: at(0), Sent: at(0), Outcome: job.OutcomeAccepted, Started: at(1), Finished: at(5), State: job.StateCompleted},
		{Key: "b", Sched: at(0), Sent: at(0), Outcome: job.OutcomeAccepted, Finished: at(6), State: job.StateCompleted},
		{Key: "c", Sched: at(0), Sent: at(0), Outcome: job.OutcomeAccepted, Finished: at(3), State: job.StateCancelled},
	}
	m := measure(jobs, at(0), at(10), at(10), 10)
	// a waits 1 s; b ran 4 s (the median run time) before 6 s, so waited 2 s; c never ran: waited 3 s.
	if got := m.batches[0] + m.batches[1] + m.batches[2]; got != 3+2+1 || m.batches[3] != 0 {
		t.Fatalf("backlog per second %v, want 3, 2, 1, then 0", m.batches)
	}
}

func TestSLOWithoutDataIsNotABreach(t *testing.T) {
	t.Parallel()
	slo, err := threshold.Parse("failed_ratio<0.01")
	if err != nil {
		t.Fatal(err)
	}
	c := withDefaults(Config{SLOs: []threshold.Threshold{slo}})
	var jobs []Job
	for i := range 20 { // running, none finished yet
		s := float64(i) / 2
		jobs = append(jobs, Job{Key: string(rune('a' + i)), Sched: at(s), Sent: at(s), Outcome: job.OutcomeAccepted, Started: at(s + 0.1)})
	}
	st := Step{From: at(0), To: at(10)}
	c.judge(&st, jobs, at(10))
	if st.Verdict != VerdictGood || len(st.SLOs) != 1 || !st.SLOs[0].NoData || st.SLOs[0].Breached {
		t.Fatalf("verdict %s (%s), SLOs %+v: want good with failed_ratio not judged", st.Verdict, st.Why, st.SLOs)
	}
}
