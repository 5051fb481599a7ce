package web

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// liveWith folds n accepted, still running jobs (and finishes every other one).
func liveWith(n int) *Live {
	l := NewLive(nil)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.Observe(journal.Record{Ev: journal.EvSession, T: t0, Session: "s", Target: "local"})
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		key, id := fmt.Sprintf("0-%d", i), fmt.Sprintf("jr-%d", i)
		l.Observe(journal.Record{Ev: journal.EvIntent, T: at, Key: key, Sched: at, Name: key, NS: "ns"})
		l.Observe(journal.Record{Ev: journal.EvResult, T: at, Key: key, Outcome: "accepted", ID: id})
		l.Observe(journal.Record{Ev: journal.EvState, T: at, ID: id, State: "RUNNING"})
	}
	for i := 1; i < n; i += 2 {
		l.Observe(journal.Record{Ev: journal.EvState, T: t0.Add(time.Hour), ID: fmt.Sprintf("jr-%d", i), State: "COMPLETED", Finished: t0.Add(time.Hour)})
	}
	return l
}

func snapshotBytes(l *Live) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 20 {
		_ = l.Snapshot()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / 20
}

// TestStateCostIsFlatInLiveJobs: /api/state (Snapshot), polled every second,
// costs the same at 40,000 live jobs as at 400: it used to copy and sort
// every live job to find the slowest ten (130 ms at 36,000 jobs).
// Not parallel: it measures the process's allocations.
func TestStateCostIsFlatInLiveJobs(t *testing.T) {
	small, large := liveWith(400), liveWith(40_000)
	if s, l := large.Snapshot().Slowest, small.Snapshot().Slowest; len(s) != slowestN || len(l) != slowestN || s[0].Name != "0-0" || s[0].Done {
		t.Fatalf("slowest at 40,000 = %v, want the 10 oldest live jobs, 0-0 first", s)
	}
	bs, bl := snapshotBytes(small), snapshotBytes(large)
	if bl > 2*bs+4096 {
		t.Errorf("a snapshot allocates %d bytes at 40,000 live jobs, %d at 400: want flat", bl, bs)
	}
}
