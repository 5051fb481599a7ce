package search

import (
	"slices"
	"sync"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Job is what the search knows of one planned submission. Sent is the
// client clock when the call went out; Created, Started and Finished are the
// target's times (zero while unknown).
type Job struct {
	Key                        string
	Sched, Sent, Returned      time.Time
	Outcome                    string // "" while the call is in flight
	ID                         string
	Created, Started, Finished time.Time
	State                      string // last state seen
}

// final reports whether the job left the system (finished, or never accepted).
func (j *Job) final() bool {
	return !j.Finished.IsZero() || (j.Outcome != "" && j.Outcome != job.OutcomeAccepted)
}

// inSystem reports whether the job counts as arrived: sent and not refused.
func (j *Job) inSystem() bool {
	return !j.Sent.IsZero() && (j.Outcome == "" || j.Outcome == job.OutcomeAccepted)
}

// leftBacklog is when the job stopped waiting to run; zero while it still
// waits. A job seen only once finished (tracking missed it running: EMR's
// job runs carry no start time, it is when a scan first saw RUNNING) left
// the backlog run time before it finished (never before it was sent); one
// that never ran (cancelled, refused) left when it finished.
func (j *Job) leftBacklog(runTime time.Duration) time.Time {
	switch {
	case !j.Started.IsZero():
		return j.Started
	case j.Finished.IsZero() || j.State == job.StateCancelled || j.State == "":
		return j.Finished
	}
	est := j.Finished.Add(-runTime)
	if est.Before(j.Sent) {
		return j.Sent
	}
	return est
}

// medianRunTime is the median Finished - Started of jobs with both known (0: none).
func medianRunTime(jobs []Job) time.Duration {
	var d []time.Duration
	for i := range jobs {
		if j := &jobs[i]; !j.Started.IsZero() && j.Finished.After(j.Started) {
			d = append(d, j.Finished.Sub(j.Started))
		}
	}
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// Jobs collects the session's jobs from the record stream; safe for
// concurrent use (the engine's observer writes, the search reads).
type Jobs struct {
	mu      sync.Mutex
	byKey   map[string]*Job
	byID    map[string]*Job
	order   []*Job         // in order of intent
	pending map[string]Job // states seen before the job's id was known
}

// NewJobs makes an empty collector.
func NewJobs() *Jobs {
	return &Jobs{byKey: map[string]*Job{}, byID: map[string]*Job{}, pending: map[string]Job{}}
}

func (c *Jobs) job(key string) *Job {
	j, ok := c.byKey[key]
	if !ok {
		j = &Job{Key: key}
		c.byKey[key] = j
		c.order = append(c.order, j)
	}
	return j
}

// Intent records that job key, due at sched, is being sent at sent.
func (c *Jobs) Intent(key string, sched, sent time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	j := c.job(key)
	j.Sched, j.Sent = sched, sent
}

// Result records the call's outcome and, when accepted, the job's id.
func (c *Jobs) Result(key, outcome, id string, returned time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	j := c.job(key)
	j.Outcome, j.ID, j.Returned = outcome, id, returned
	if id == "" {
		return
	}
	c.byID[id] = j
	if p, ok := c.pending[id]; ok {
		delete(c.pending, id)
		j.apply(p)
	}
}

// Skip records a planned submission that was not sent (late, dropped, canceled).
func (c *Jobs) Skip(key, outcome string, sched time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	j := c.job(key)
	j.Sched, j.Outcome = sched, outcome
}

// State records a state change of the job with the given id; times that are
// zero leave what is known.
func (c *Jobs) State(id, state string, created, started, finished time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Job{State: state, Created: created, Started: started, Finished: finished}
	if j, ok := c.byID[id]; ok {
		j.apply(s)
		return
	}
	p := c.pending[id]
	p.apply(s)
	c.pending[id] = p
}

func (j *Job) apply(s Job) {
	j.State = s.State
	for dst, src := range map[*time.Time]time.Time{&j.Created: s.Created, &j.Started: s.Started, &j.Finished: s.Finished} {
		if !src.IsZero() {
			*dst = src
		}
	}
}

// Backlog counts the jobs sent and not yet running (nor finished) as known now.
func (c *Jobs) Backlog() (backlog, live int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, j := range c.order {
		if !j.inSystem() || j.final() {
			continue
		}
		live++
		if j.Started.IsZero() {
			backlog++
		}
	}
	return backlog, live
}

// Planned is the number of jobs planned so far (sent or skipped).
func (c *Jobs) Planned() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.order)
}

// snapshot copies the jobs that may matter for a window starting at from:
// those still live or that left after from.
func (c *Jobs) snapshot(from time.Time) []Job {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Job, 0, len(c.order))
	for _, j := range c.order {
		if j.final() && !j.Finished.IsZero() && j.Finished.Before(from) {
			continue
		}
		out = append(out, *j)
	}
	return out
}
