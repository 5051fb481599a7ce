package journal

import (
	"strings"
	"testing"
	"time"
)

// A server clock 10 s ahead of ours made time_to_created read 10 s (true: a
// few ms): client send times were compared with server creation times
// (issue 13, item 5). Derive puts the server's times on the client clock
// when the jobs prove the clocks disagree, and says so in the plan.
func TestDerivePutsServerTimesOnTheClientClock(t *testing.T) {
	t.Parallel()
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	for _, skew := range []time.Duration{10 * time.Second, -10 * time.Second, -100 * time.Second} {
		recs := []Record{{Ev: EvSession, T: at(0), Session: "lg-s", Target: "emr"}}
		for i, key := range []string{"0-0", "0-1", "0-2"} {
			sent := at(i + 1)
			recs = append(recs,
				Record{Ev: EvIntent, T: sent, Key: key, Index: int64(i)},
				Record{Ev: EvResult, T: sent.Add(ms(10)), Key: key, Outcome: "accepted", ID: "j" + key},
				Record{Ev: EvState, T: sent.Add(ms(900)), ID: "j" + key, State: "COMPLETED",
					Created: sent.Add(skew + ms(5)), Started: sent.Add(skew + ms(300)), Finished: sent.Add(skew + ms(800))})
		}
		d, err := ReadDir(writeJournal(t, recs))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range d.Run.Jobs {
			if got := j.Created.Sub(j.SubmitStart); got < 0 || got > ms(10) {
				t.Errorf("skew %s, job %s: created %s after send, want 0-10ms (one clock)", skew, j.Key, got)
			}
			if run := j.Finished.Sub(j.Started); run != ms(500) {
				t.Errorf("skew %s, job %s: run time %s, want 500ms (server durations unchanged)", skew, j.Key, run)
			}
		}
		if note := d.Run.Plan["clock"]; !strings.Contains(note, "server times shifted") {
			t.Errorf("skew %s: plan[clock] = %q, want the report to say which clock", skew, note)
		}
	}
}

// Agreeing clocks leave every time as recorded; createdAt that contradicts
// the send times (moto's midnight) is left alone and reported.
func TestDeriveLeavesAgreeingClocksAndReportsInconsistentOnes(t *testing.T) {
	t.Parallel()
	d, err := ReadDir(writeJournal(t, sampleRecords()))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Run.Jobs[0].Created.Equal(at(2)) || d.Run.Plan["clock"] != "" {
		t.Errorf("agreeing clocks: created %v, plan[clock] %q; want unchanged and no note", d.Run.Jobs[0].Created, d.Run.Plan["clock"])
	}
	midnight := t0.Truncate(24 * time.Hour)
	recs := []Record{{Ev: EvSession, T: at(0), Session: "lg-s", Target: "emr"},
		{Ev: EvIntent, T: at(1), Key: "0-0"}, {Ev: EvResult, T: at(2), Key: "0-0", Outcome: "accepted", ID: "a"},
		{Ev: EvIntent, T: at(5), Key: "0-1", Index: 1}, {Ev: EvResult, T: at(6), Key: "0-1", Outcome: "accepted", ID: "b"},
		{Ev: EvState, T: at(7), ID: "a", State: "RUNNING", Created: midnight},
		{Ev: EvState, T: at(7), ID: "b", State: "RUNNING", Created: midnight}}
	d, err = ReadDir(writeJournal(t, recs))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Run.Jobs[0].Created.Equal(midnight) || !strings.Contains(d.Run.Plan["clock"], "inconsistent") {
		t.Errorf("midnight createdAt: created %v, plan[clock] %q; want unchanged and reported", d.Run.Jobs[0].Created, d.Run.Plan["clock"])
	}
}
