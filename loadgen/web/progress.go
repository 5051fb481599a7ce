package web

import (
	"maps"
	"time"
)

// Progress is what the progress line presents of the live state: the same
// fold of the journal the page and /metrics show, so the three agree.
type Progress struct {
	Elapsed      time.Duration
	Outcomes     map[string]int // planned submissions by outcome so far
	Calls        int            // calls sent and not yet answered
	Live         map[string]int // tracked job runs by state, from the latest tracking sample
	IDConflicts  int
	MaxSubmitLat time.Duration // slowest call since the previous Progress
	Done         bool          // the journal's end record was seen
}

// Progress reads the live state for the progress line; it resets MaxSubmitLat.
func (l *Live) Progress() Progress {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := Progress{Outcomes: maps.Clone(l.outcomes), Calls: l.calls, Live: maps.Clone(l.inFlight),
		IDConflicts: l.conflicts, MaxSubmitLat: l.maxSubmit, Done: l.done}
	if !l.start.IsZero() {
		p.Elapsed = l.now().Sub(l.start)
	}
	l.maxSubmit = 0
	return p
}
