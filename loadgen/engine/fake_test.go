package engine

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// fakeTarget is a hand-written Target that records every call and can
// inject errors and latency (in the manner of Karpenter's fake cloud
// provider): submissions are accepted unless fail says otherwise, take
// latency (or until their context ends), and the accepted jobs end
// COMPLETED at the tracker's next poll.
type fakeTarget struct {
	fail       func(i int) job.Result // non-nil result (Outcome set): the i-th submission's answer
	latency    time.Duration
	lost       func(i int) bool // the i-th submission is accepted but its answer lost (it blocks until cut)
	prepareErr error
	created    []VC          // places Prepare creates
	attempts   int           // calls job.Call's Attempt this many times per submission (retries)
	holdBefore time.Duration // waits this long before the first attempt (a client-side rate limiter)
	inAttempt  chan struct{} // closed once a submission made its attempts (before its latency)

	mu     sync.Mutex
	calls  []string   // "Prepare", "Submit <name>", "LookUp <name>"
	vars   []job.Vars // submitted, in order
	places []job.Placement
	byName map[string]string // accepted job name -> id
	tr     *fakeTracker
}

func (f *fakeTarget) log(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
	return len(f.calls) - 1
}

func (f *fakeTarget) count(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if len(c) >= len(prefix) && c[:len(prefix)] == prefix {
			n++
		}
	}
	return n
}

func (f *fakeTarget) Prepare(_ context.Context, session string, record func(journal.Record)) ([]VC, error) {
	f.log("Prepare")
	if f.prepareErr != nil {
		return nil, f.prepareErr
	}
	for _, vc := range f.created {
		record(journal.Record{Ev: journal.EvVC, T: time.Now(), ID: vc.ID, Name: session + "-" + vc.Namespace, NS: vc.Namespace, State: "created"})
	}
	return f.created, nil
}

func (f *fakeTarget) Render(vars job.Vars, p job.Placement) (any, error) {
	return fmt.Sprintf("%s on %s/%s in %q", vars.JobName, vars.Namespace, vars.VirtualClusterID, p.AZ), nil
}

func (f *fakeTarget) Submit(ctx context.Context, vars job.Vars, p job.Placement) job.Result {
	f.mu.Lock()
	i := len(f.vars)
	f.vars, f.places = append(f.vars, vars), append(f.places, p)
	f.mu.Unlock()
	f.log("Submit " + vars.JobName)
	time.Sleep(f.holdBefore)
	if c, ok := job.CallOf(ctx); ok {
		for range max(f.attempts, 1) {
			if err := c.Attempt(); err != nil {
				return job.Result{Outcome: job.OutcomeOther, Err: err}
			}
		}
	}
	if f.inAttempt != nil && i == 0 {
		close(f.inAttempt)
	}
	id := fmt.Sprintf("id-%03d", i)
	if f.lost != nil && f.lost(i) {
		f.accept(vars.JobName, id)
		<-ctx.Done()
		return job.Result{Outcome: job.OutcomeOther, Attempts: 1, Err: ctx.Err()}
	}
	select {
	case <-time.After(f.latency):
	case <-ctx.Done():
		return job.Result{Outcome: job.OutcomeOther, Attempts: 1, Err: ctx.Err()}
	}
	if f.fail != nil {
		if r := f.fail(i); r.Outcome != "" {
			return r
		}
	}
	f.accept(vars.JobName, id)
	return job.Result{ID: id, Outcome: job.OutcomeAccepted, Attempts: max(f.attempts, 1)}
}

func (f *fakeTarget) accept(name, id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byName == nil {
		f.byName = map[string]string{}
	}
	f.byName[name] = id
}

func (f *fakeTarget) NewTracker(_ time.Time, record func(journal.Record)) Tracker {
	f.tr = &fakeTracker{record: record, live: map[string]string{}}
	return f.tr
}

// resolving is a fakeTarget that can look jobs up by name (Resolver).
type resolving struct{ *fakeTarget }

func (r resolving) LookUp(_ context.Context, name, _ string, _ time.Time) (string, error) {
	r.log("LookUp " + name)
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byName[name], nil
}

// fakeTracker ends every added job at the next Run tick or Poll.
type fakeTracker struct {
	record func(journal.Record)
	mu     sync.Mutex
	live   map[string]string // id -> vc
	polls  int64
}

func (t *fakeTracker) Run(ctx context.Context) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			_ = t.Poll(ctx)
		}
	}
}

func (t *fakeTracker) Poll(context.Context) error {
	t.mu.Lock()
	t.polls++
	ended := t.live
	t.live = map[string]string{}
	t.mu.Unlock()
	for id, vc := range ended {
		now := time.Now()
		t.record(journal.Record{Ev: journal.EvState, T: now, ID: id, VC: vc, State: job.StateCompleted, Created: now, Finished: now})
	}
	return nil
}

func (t *fakeTracker) Add(id, vc string, _ time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.live[id] = vc
}

func (t *fakeTracker) Live() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.live)
}

func (t *fakeTracker) Counts() map[string]int {
	if n := t.Live(); n > 0 {
		return map[string]int{job.StateSubmitted: n}
	}
	return map[string]int{}
}

func (t *fakeTracker) Calls() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.polls
}
