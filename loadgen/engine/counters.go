package engine

import (
	"sync/atomic"
	"time"
)

// counters are the numbers a session knows that its journal does not
// carry. Outcomes, calls in flight and submit latencies are not counted
// here: they are the live state's fold of the journal (web.Live), which the
// progress line, the page and /metrics present.
type counters struct {
	retrying atomic.Int64 // calls in flight past their first attempt
	unknown  atomic.Int64 // calls cut by a deadline, not yet looked up
	done     atomic.Bool
}

// Snapshot is the engine's part of the progress line: what the journal does
// not carry (progress.Compose adds the live state's counts).
type Snapshot struct {
	Elapsed      time.Duration
	RetryBacklog int            // calls in flight past their first attempt (retrying, or waiting for backoff or the rate limiter)
	Unknown      int            // calls cut by a deadline whose outcome is not yet looked up (no result record yet)
	Live         map[string]int // tracked job runs by state, right now
	ListCalls    int64
	Tracking     string // how RUNNING is measured: emr.MethodPodWatch, emr.MethodPoll, or empty (other targets)
	KubeRequests int64  // Kubernetes API requests of the pod watch
	Done         bool   // scheduling finished; draining or tracking
}

// Snapshot reads the session's counters.
func (s *Session) Snapshot() Snapshot {
	c := &s.counters
	return Snapshot{Elapsed: time.Since(s.start), RetryBacklog: int(c.retrying.Load()), Unknown: int(c.unknown.Load()),
		Live: s.tracker.Counts(), ListCalls: s.tracker.Calls(), Tracking: s.Tracking(), KubeRequests: s.KubeRequests(),
		Done: c.done.Load()}
}
