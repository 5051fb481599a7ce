package track

import (
	"maps"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// The live set counts jobs by state and retires a job on a final state
// (job.IsFinal); a job accepted again under a held id replaces it.
func TestLiveCountsAndRetires(t *testing.T) {
	t.Parallel()
	l := NewLive[string]()
	state := func(s string) string { return s }
	l.Add("a", job.StateSubmitted, job.StateSubmitted, state)
	l.Add("b", job.StateSubmitted, job.StateSubmitted, state)
	if retired := l.Move("a", job.StateSubmitted, job.StateRunning); retired {
		t.Error("RUNNING retired the job")
	}
	if got, want := l.Counts(), map[string]int{job.StateSubmitted: 1, job.StateRunning: 1}; !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	if retired := l.Move("a", job.StateRunning, job.StateCompleted); !retired || l.Len() != 1 {
		t.Errorf("COMPLETED: retired %v, %d live; want retired, 1 live", retired, l.Len())
	}
	if _, replaced := l.Add("b", job.StateSubmitted, job.StateSubmitted, state); !replaced {
		t.Error("a second Add of b did not replace it")
	}
	if got, want := l.Counts(), map[string]int{job.StateSubmitted: 1}; !maps.Equal(got, want) {
		t.Errorf("counts after replacing b %v, want %v", got, want)
	}
	if l.Move("gone", job.StateSubmitted, job.StateFailed) {
		t.Error("Move of an unknown job retired something")
	}
}

// Change.Record is the journal's state record: SUBMISSION_FAILED is FAILED
// with the reason in the details, unknown phases are left out.
func TestChangeRecord(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := Change{ID: "ns/app", Namespace: "ns", Name: "app", State: job.StateSubmissionFailed, Details: "no image",
		Created: at, Seen: at.Add(time.Second),
		Phases: map[string]time.Time{job.PhaseSubmitted: at, job.PhaseRunning: {}}}.Record()
	want := journal.Record{Ev: journal.EvState, T: at.Add(time.Second), ID: "ns/app", NS: "ns", Name: "app",
		State: job.StateFailed, Details: "submission failed: no image", Created: at,
		Phases: map[string]time.Time{job.PhaseSubmitted: at}}
	if r.Ev != want.Ev || r.State != want.State || r.Details != want.Details || !r.T.Equal(want.T) ||
		r.ID != want.ID || r.NS != want.NS || r.Name != want.Name || !maps.Equal(r.Phases, want.Phases) {
		t.Errorf("record %+v, want %+v", r, want)
	}
	if r := (Change{ID: "jr-1", VirtualClusterID: "vc", State: job.StateRunning, Seen: at}).Record(); r.VC != "vc" || r.Phases != nil {
		t.Errorf("EMR change record %+v, want VC vc and no phases", r)
	}
}
