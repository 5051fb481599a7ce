package web

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

// A server that reissues a job-run id (two jobs, one id) was counted only
// when the report was derived; the live page and /metrics now show it as it
// happens, with the journal's rule: a second job accepted under the id, and a
// state of the id whose creation time is not its job's (then not applied).
func TestLiveShowsIDConflicts(t *testing.T) {
	t.Parallel()
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	reg := prometheus.NewRegistry()
	m := metrics.Register(reg)
	l := NewLive(m)
	for _, r := range []journal.Record{
		{Ev: journal.EvSession, T: at(0), Session: "s1", Target: "emr"},
		{Ev: journal.EvIntent, T: at(1), Key: "0-0", NS: "ns"},
		{Ev: journal.EvResult, T: at(2), Key: "0-0", Outcome: job.OutcomeAccepted, ID: "dup"},
		{Ev: journal.EvState, T: at(4), ID: "dup", State: "COMPLETED", Created: at(2), Finished: at(3)},
		{Ev: journal.EvIntent, T: at(19), Key: "0-1", NS: "ns"},
		{Ev: journal.EvResult, T: at(20), Key: "0-1", Outcome: job.OutcomeAccepted, ID: "dup"}, // reissued after the first finished
		{Ev: journal.EvState, T: at(22), ID: "dup", State: "RUNNING", Created: at(20), Started: at(21)},
		{Ev: journal.EvState, T: at(31), ID: "dup", State: "COMPLETED", Created: at(2), Finished: at(30)}, // the first job's, listed late
	} {
		l.Observe(r)
	}
	s := l.Snapshot()
	if s.Counts.IDConflicts != 2 {
		t.Errorf("live id conflicts = %d, want 2 (one reissued id, one state of the other job)", s.Counts.IDConflicts)
	}
	if got := testutil.ToFloat64(m.IDConflicts.WithLabelValues(metrics.TargetEMR)); got != 2 {
		t.Errorf("%s = %v, want 2", metrics.IDConflictsTotal, got)
	}
	if s.InFlight["calling"] != 0 || len(s.Slowest) == 0 || s.Slowest[0].Done {
		// the second job is still running: the first job's late COMPLETED was not applied to it
		t.Errorf("slowest = %+v, want the second job live", s.Slowest)
	}
}

// The progress line reads the live state's fold of the journal: the same
// counts the page shows.
func TestProgressIsTheLiveStatesFold(t *testing.T) {
	t.Parallel()
	l := NewLive(nil)
	l.now = func() time.Time { return t0.Add(10 * time.Second) }
	feed(l)
	p := l.Progress()
	s := l.Snapshot()
	if p.Outcomes[job.OutcomeAccepted] != s.Counts.Accepted || p.Outcomes[job.OutcomeThrottled] != 1 || p.Calls != 0 {
		t.Errorf("progress %+v, page counts %+v: want the same fold", p, s.Counts)
	}
	if p.Live["RUNNING"] != 1 || p.Elapsed != 10*time.Second || p.MaxSubmitLat < 190*time.Millisecond {
		t.Errorf("progress = %+v", p)
	}
	if again := l.Progress(); again.MaxSubmitLat != 0 {
		t.Errorf("slowest submit not reset: %v", again.MaxSubmitLat)
	}
}
