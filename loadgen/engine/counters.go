package engine

import (
	"sync"
	"sync/atomic"
	"time"
)

type counters struct {
	inFlight atomic.Int64
	retrying atomic.Int64 // calls in flight past their first attempt
	unknown  atomic.Int64 // calls cut by a deadline, not yet looked up
	done     atomic.Bool
	mu       sync.Mutex
	byOut    map[string]int
	maxLat   time.Duration // slowest submit (schedule to return) since the last snapshot
}

func (c *counters) count(outcome string, lat time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byOut == nil {
		c.byOut = map[string]int{}
	}
	c.byOut[outcome]++
	c.maxLat = max(c.maxLat, lat)
}

// resolve counts an unknown-outcome call once its lookup decided it.
func (c *counters) resolve(outcome string) {
	c.unknown.Add(-1)
	c.count(outcome, 0)
}

// Snapshot is the live view the progress display prints.
type Snapshot struct {
	Elapsed      time.Duration
	Outcomes     map[string]int // planned submissions by outcome so far
	InFlight     int            // calls outstanding
	RetryBacklog int            // calls in flight past their first attempt (retrying, or waiting for backoff or the rate limiter)
	Unknown      int            // calls cut by a deadline whose outcome is not yet looked up
	Live         map[string]int // tracked job runs by state
	ListCalls    int64
	Tracking     string        // how RUNNING is measured: emr.MethodPodWatch, emr.MethodPoll, or empty (other targets)
	KubeRequests int64         // Kubernetes API requests of the pod watch
	MaxSubmitLat time.Duration // slowest submission since the previous snapshot
	Done         bool          // scheduling finished; draining or tracking
}

// Snapshot reads the session's counters.
func (s *Session) Snapshot() Snapshot {
	c := &s.counters
	c.mu.Lock()
	out := make(map[string]int, len(c.byOut))
	for k, v := range c.byOut {
		out[k] = v
	}
	lat := c.maxLat
	c.maxLat = 0
	c.mu.Unlock()
	return Snapshot{Elapsed: time.Since(s.start), Outcomes: out, InFlight: int(c.inFlight.Load()),
		RetryBacklog: int(c.retrying.Load()), Unknown: int(c.unknown.Load()),
		Live: s.tracker.Counts(), ListCalls: s.tracker.Calls(), Tracking: s.Tracking(), KubeRequests: s.KubeRequests(),
		MaxSubmitLat: lat, Done: c.done.Load()}
}
