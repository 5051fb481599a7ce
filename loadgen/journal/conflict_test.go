package journal

import (
	"strings"
	"testing"
)

// Two jobs the server accepted under one job-run id stay two records; a state
// record whose creation time is not the holder's is not merged into it
// (issue 13, item 8: one merged record was "started before created").
func TestDeriveKeepsJobsOfAReusedIDApart(t *testing.T) {
	t.Parallel()
	recs := []Record{
		{Ev: EvSession, T: at(0), Session: "lg-s", Target: "emr"},
		{Ev: EvIntent, T: at(1), Key: "0-0", Index: 0, VC: "vc1"},
		{Ev: EvResult, T: at(2), Key: "0-0", Outcome: "accepted", ID: "dup"},
		{Ev: EvState, T: at(4), ID: "dup", State: "RUNNING", Created: at(2), Started: at(3)},
		{Ev: EvIntent, T: at(19), Key: "0-1", Index: 1, VC: "vc1"},
		{Ev: EvResult, T: at(20), Key: "0-1", Outcome: "accepted", ID: "dup"},
		{Ev: EvState, T: at(22), ID: "dup", State: "RUNNING", Created: at(20), Started: at(21)},
		{Ev: EvState, T: at(26), ID: "dup", State: "COMPLETED", Created: at(20), Finished: at(25)},
		// a late listing of the first job under the shared id
		{Ev: EvState, T: at(31), ID: "dup", State: "COMPLETED", Created: at(2), Finished: at(30)},
	}
	d, err := ReadDir(writeJournal(t, recs))
	if err != nil {
		t.Fatal(err)
	}
	a, b := d.Run.Jobs[0], d.Run.Jobs[1]
	if !a.Created.Equal(at(2)) || !a.Started.Equal(at(3)) || a.FinalState != "" || !strings.Contains(a.StateDetails, "0-1") {
		t.Errorf("first job: created %v started %v final %q details %q; want its own times, live, and the conflict named",
			a.Created, a.Started, a.FinalState, a.StateDetails)
	}
	if !b.Created.Equal(at(20)) || !b.Started.Equal(at(21)) || !b.Finished.Equal(at(25)) || b.FinalState != "COMPLETED" {
		t.Errorf("second job: created %v started %v finished %v final %q; want 20, 21, 25, COMPLETED",
			b.Created, b.Started, b.Finished, b.FinalState)
	}
	if d.IDConflicts != 2 {
		t.Errorf("IDConflicts = %d, want 2 (one reissued id, one state record of the other job)", d.IDConflicts)
	}
}
