package emr

import (
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// A server that reissues a job-run id (serve-local restarted with the same
// seed did) must not have the second job inherit the first one's times: the
// second acceptance starts a new record (issue 13, item 8).
func TestReusedIDStartsAFreshRecord(t *testing.T) {
	t.Parallel()
	f := &fakeRuns{}
	var mu sync.Mutex
	var changes []Change
	start := time.Now().Add(-time.Minute)
	tr := NewTracker(f, TrackerConfig{Start: start}, func(c Change) { mu.Lock(); changes = append(changes, c); mu.Unlock() })

	tr.Add("dup", "vc", start.Add(time.Second))
	f.add("dup", "vc", start.Add(time.Second), types.JobRunStateRunning)
	if err := tr.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The server restarts: the first job is gone, a new one gets the same id.
	f.runs = nil
	tr.Add("dup", "vc", start.Add(30*time.Second))
	f.add("dup", "vc", start.Add(30*time.Second), types.JobRunStateSubmitted)
	if err := tr.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.set("dup", types.JobRunStateRunning)
	if err := tr.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	last := changes[len(changes)-1]
	if last.Created.Before(start.Add(30*time.Second)) || (!last.Started.IsZero() && last.Started.Before(last.Created)) {
		t.Errorf("second job of id dup: created %s, started %s; want created at +30s and started after it (not the first job's)",
			last.Created.Sub(start), last.Started.Sub(start))
	}
	if got := tr.IDConflicts(); got != 1 {
		t.Errorf("IDConflicts() = %d, want 1", got)
	}
}
