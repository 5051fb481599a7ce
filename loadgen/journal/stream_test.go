package journal

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// The operator's phases are journalled on state records; derive used to
// drop them, so they never reached a report.
func TestDeriveKeepsOperatorPhases(t *testing.T) {
	t.Parallel()
	recs := []Record{
		{Ev: EvSession, T: at(0), Session: "lg-s", Target: "operator"},
		{Ev: EvIntent, T: at(1), Key: "0-0", Index: 0, NS: "ns1"},
		{Ev: EvResult, T: at(1), Key: "0-0", Outcome: "accepted", ID: "app-0"},
		{Ev: EvState, T: at(3), ID: "app-0", State: "SUBMITTED", Created: at(1),
			Phases: map[string]time.Time{"submitted": at(2), "driver_created": at(3)}},
		{Ev: EvState, T: at(9), ID: "app-0", State: "COMPLETED", Created: at(1), Started: at(5), Finished: at(9),
			Phases: map[string]time.Time{"scheduled": at(4), "running": at(5), "executors_running": at(6), "future_phase": at(7)}},
	}
	d, err := ReadDir(writeJournal(t, recs))
	if err != nil {
		t.Fatal(err)
	}
	want := stats.Phases{at(2), at(3), at(4), at(5), at(6)}
	if got := d.Run.Jobs[0].Phases; got == nil || *got != want {
		t.Errorf("phases = %v, want %v", got, want)
	}
}

// A result line torn by a kill (the server had accepted the job) used to
// count as an "other" error; it is an unknown outcome, left to tracking
// (loadgen stop looks it up by name).
func TestTornResultIsUnknownNotAnError(t *testing.T) {
	t.Parallel()
	dir := writeJournal(t, sampleRecords()[:8])
	f, err := os.OpenFile(filepath.Join(dir, FileName), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString(`{"ev":"intent","t":"2026-01-02T03:04:15Z","key":"0-9","index":9}` + "\n" +
		`{"ev":"result","t":"2026-01-02T03:04:16Z","key":"0-9","outcome":"accepted","id":"j9`)
	_ = f.Close()
	d, err := ReadDir(dir)
	if err != nil || d.Torn == nil {
		t.Fatalf("torn journal: %+v, %v", d, err)
	}
	s := stats.Summarize(d.Run)
	// the fixture's one throttled call is the only error
	if s.SubmitErrors != 1 || s.Outcomes[job.OutcomeOther] != 0 || s.Unknown != 1 || s.Outcomes[job.OutcomeUnknown] != 1 {
		t.Errorf("submit errors %d, other %d, unknown %d: want the torn call unknown, not an error",
			s.SubmitErrors, s.Outcomes[job.OutcomeOther], s.Unknown)
	}
	if live := d.Live(); len(live) != 2 || live[1].Key != "0-9" {
		t.Errorf("Live = %+v, want the torn call's job for stop to look up", live)
	}
}

// An interrupted run's journal says so, whether or not the run lived to
// write its end record.
func TestDeriveSeesTheInterrupt(t *testing.T) {
	t.Parallel()
	recs := append(sampleRecords(), Record{Ev: EvInterrupt, T: at(11)})
	d, err := ReadDir(writeJournal(t, recs))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Interrupted.Equal(at(11)) || d.Clean {
		t.Errorf("interrupted %v clean %v, want at(11), not clean", d.Interrupted, d.Clean)
	}
	if d, _ := ReadDir(writeJournal(t, sampleRecords())); !d.Interrupted.IsZero() {
		t.Errorf("run without an interrupt record: interrupted %v", d.Interrupted)
	}
}

// Stream hands finished jobs on before the end of the journal and holds
// only open ones; ReadDir on top of it orders by index.
func TestStreamSettlesJobsEarly(t *testing.T) {
	t.Parallel()
	var order []string
	d, err := Stream(writeJournal(t, sampleRecords()), Sink{Job: func(j *stats.Job) { order = append(order, j.Key) }})
	if err != nil {
		t.Fatal(err)
	}
	// 0-1 failed at its result, 0-2 was dropped, 0-0 completed; 0-3 was open at the end.
	want := []string{"0-1", "0-2", "0-0", "0-3"}
	if len(order) != len(want) {
		t.Fatalf("settled %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("settled %v, want %v", order, want)
		}
	}
	if len(d.Run.Jobs) != 0 || d.Run.End != at(10) {
		t.Errorf("Stream kept %d jobs, end %v", len(d.Run.Jobs), d.Run.End)
	}
}
