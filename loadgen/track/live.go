// Package track is the tracking core every target's tracker is built on:
// the live set (accepted jobs not yet final) with its counts by state, the
// one conversion of a tracker's Change into a journal state record, and the
// count of the requests tracking cost. A target's tracker adds only how it
// learns of changes (EMR: ListJobRuns scans and a driver-pod watch; the
// Spark Operator: informers). See docs/tracking.md.
package track

import (
	"sync"
	"sync/atomic"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Live is the live set: job id -> the tracker's own record of it, and the
// number of live jobs by state. Its lock guards only its maps (Counts and
// Len may be called from any goroutine); a tracker that keeps more state
// per job serializes its own changes with its own lock around these calls.
type Live[J any] struct {
	mu      sync.Mutex
	jobs    map[string]J
	byState map[string]int
}

// NewLive makes an empty live set.
func NewLive[J any]() *Live[J] {
	return &Live[J]{jobs: map[string]J{}, byState: map[string]int{}}
}

// Add puts job id in state; a job already held under id is replaced (and
// returned), its count taken back (oldState reads its state; nil for a
// caller that never replaces).
func (l *Live[J]) Add(id, state string, j J, oldState func(J) string) (old J, replaced bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, replaced = l.jobs[id]; replaced && oldState != nil {
		l.byState[oldState(old)]--
	}
	l.jobs[id] = j
	l.byState[state]++
	return old, replaced
}

// Get returns live job id.
func (l *Live[J]) Get(id string) (J, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	j, ok := l.jobs[id]
	return j, ok
}

// Move counts job id moving from one state to another, and retires it when
// the new state is final (job.IsFinal). It reports whether it retired.
func (l *Live[J]) Move(id, from, to string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.jobs[id]; !ok {
		return false
	}
	l.byState[from]--
	if job.IsFinal(to) {
		delete(l.jobs, id)
		return true
	}
	l.byState[to]++
	return false
}

// Each calls f for every live job, with the set's lock held (f must not
// call back into the set).
func (l *Live[J]) Each(f func(id string, j J)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, j := range l.jobs {
		f(id, j)
	}
}

// Len is the number of live jobs.
func (l *Live[J]) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.jobs)
}

// Counts returns the live jobs by state (states with none left out).
func (l *Live[J]) Counts() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.byState))
	for k, v := range l.byState {
		if v > 0 {
			out[k] = v
		}
	}
	return out
}

// Cost counts the requests tracking made: polling calls (ListJobRuns,
// DescribeJobRun; list requests of informers) and, for a watch, every
// request to the Kubernetes API server.
type Cost struct {
	calls atomic.Int64
}

// Call counts n polling calls.
func (c *Cost) Call(n int64) { c.calls.Add(n) }

// Calls is the polling calls made so far.
func (c *Cost) Calls() int64 { return c.calls.Load() }
