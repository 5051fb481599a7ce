package web

import (
	"maps"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Snapshot is the JSON the page polls (GET /api/state).
type Snapshot struct {
	Session  string            `json:"session"`
	Target   string            `json:"target"`
	Plan     map[string]string `json:"plan"`
	Start    time.Time         `json:"start"`
	Elapsed  float64           `json:"elapsed_seconds"`
	Done     bool              `json:"done"`
	Reports  []LinkJSON        `json:"reports"`
	Users    int               `json:"users"`
	Counts   Counts            `json:"counts"`
	Errors   map[string]int    `json:"errors"`    // sent calls that failed, by class
	InFlight map[string]int    `json:"in_flight"` // tracked jobs by server state, plus "calling"
	Rate     Rate              `json:"rate"`
	Series   []Point           `json:"series"`
	Slowest  []SlowJSON        `json:"slowest"`
}

// Counts are jobs so far.
type Counts struct {
	Planned   int `json:"planned"`   // scheduled, sent or not
	Submitted int `json:"submitted"` // calls that returned
	Accepted  int `json:"accepted"`
	Failed    int `json:"failed"`  // calls that returned an error
	Skipped   int `json:"skipped"` // dropped, late or canceled before the call
	// IDConflicts: job-run ids the server accepted for two jobs, and states
	// of such an id that were the other job's (kept apart, never merged).
	IDConflicts int `json:"id_conflicts"`
}

// Rate is the latest target and achieved rate, jobs per minute.
type Rate struct {
	TargetPerMin   float64 `json:"target_per_min"`
	AchievedPerMin float64 `json:"achieved_per_min"`
}

// LinkJSON is a report link.
type LinkJSON struct {
	Name string `json:"name"`
	Href string `json:"href"`
}

// SlowJSON is one of the slowest jobs: seconds from the call to its final
// state, or to now while it runs.
type SlowJSON struct {
	Name      string  `json:"name"`
	Namespace string  `json:"namespace"`
	State     string  `json:"state"`
	Seconds   float64 `json:"seconds"`
	Done      bool    `json:"done"`
}

// Snapshot copies the live state.
func (l *Live) Snapshot() Snapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	s := Snapshot{Session: l.session, Target: l.target, Plan: maps.Clone(l.plan), Start: l.start, Done: l.done,
		Users: l.users, Errors: map[string]int{}, InFlight: maps.Clone(l.inFlight)}
	if s.InFlight == nil {
		s.InFlight = map[string]int{}
	}
	if !l.start.IsZero() {
		s.Elapsed = now.Sub(l.start).Seconds()
	}
	if l.calls > 0 {
		s.InFlight["calling"] = l.calls
	}
	for _, r := range l.reports {
		s.Reports = append(s.Reports, LinkJSON(r))
	}
	s.Counts, s.Errors = l.counts()
	if n := len(l.series.points); n > 0 {
		last := l.series.points[n-1]
		s.Rate = Rate{TargetPerMin: last.Target * 60, AchievedPerMin: last.Achieved * 60}
	}
	s.Series = append([]Point(nil), l.series.points...)
	for _, j := range l.jobs.slowest(now) {
		s.Slowest = append(s.Slowest, SlowJSON{Name: j.Name, Namespace: j.Namespace, State: j.State, Seconds: j.Seconds, Done: j.Done})
	}
	return s
}

func (l *Live) counts() (Counts, map[string]int) {
	var c Counts
	errs := map[string]int{}
	for o, n := range l.outcomes {
		c.Planned += n
		switch {
		case o == job.OutcomeAccepted:
			c.Submitted += n
			c.Accepted += n
		case o == job.OutcomeDropped || o == job.OutcomeLate || o == job.OutcomeCanceled:
			c.Skipped += n
		default:
			c.Submitted += n
			c.Failed += n
			errs[o] += n
		}
	}
	c.Planned += l.calls
	c.IDConflicts = l.conflicts
	return c, errs
}
