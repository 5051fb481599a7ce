package search

// This file is the search's only coupling to the engine and the journal:
// one engine session runs the whole search, its pacer is the search's
// Schedule, and its journal stream feeds the search's Jobs.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// EngineSystem is a System backed by one engine session: every step's jobs
// belong to the same session (so `loadgen stop` finds them all), and the
// session's journal holds the whole search for `loadgen report`.
type EngineSystem struct {
	sched  *Schedule
	jobs   *Jobs
	sess   *engine.Session
	done   chan struct{}
	runErr error
	stop   func() bool
}

// ErrSessionEnded is a session that ended while the search still needed it.
var ErrSessionEnded = errors.New("the session ended")

// StartEngine opens the session of cfg with the search's pacer (the load
// model in cfg is replaced; its in-flight and late rules and job cap are
// kept) and runs it until Close. It returns once the session is submitting.
func StartEngine(ctx context.Context, cfg engine.Config) (*EngineSystem, error) {
	e := &EngineSystem{sched: NewSchedule(nil), jobs: NewJobs(), done: make(chan struct{})}
	cfg.Load.Pacer, cfg.Load.Duration = e.sched, 0
	prev := cfg.Observe
	cfg.Observe = func(r journal.Record) {
		e.observe(r)
		if prev != nil {
			prev(r)
		}
	}
	s, err := engine.New(cfg)
	if err != nil {
		return nil, err
	}
	e.sess = s
	e.stop = context.AfterFunc(ctx, e.sched.Close)
	go func() {
		defer close(e.done)
		e.runErr = s.Run(ctx)
	}()
	select {
	case <-e.sched.Started():
		return e, nil
	case <-e.done:
		return nil, fmt.Errorf("%w before its first submission: %w", ErrSessionEnded, e.runErr)
	}
}

func (e *EngineSystem) observe(r journal.Record) {
	switch r.Ev {
	case journal.EvIntent:
		e.jobs.Intent(r.Key, r.Sched, r.T)
	case journal.EvResult:
		e.jobs.Result(r.Key, r.Outcome, r.ID, r.T)
	case journal.EvSkip:
		e.jobs.Skip(r.Key, r.Outcome, r.Sched)
	case journal.EvState:
		e.jobs.State(r.ID, r.State, r.Created, r.Started, r.Finished)
	}
}

// Session is the engine session (its directory holds the journal).
func (e *EngineSystem) Session() *engine.Session { return e.sess }

// Now implements System: the wall clock, which the journal's times are on.
func (e *EngineSystem) Now() time.Time { return time.Now() }

// Offer implements System.
func (e *EngineSystem) Offer(rate pace.Rate, d time.Duration) time.Time {
	return e.sched.Offer(rate, d)
}

// Jobs implements System.
func (e *EngineSystem) Jobs() *Jobs { return e.jobs }

// Wait implements System; it fails when the session ends first.
func (e *EngineSystem) Wait(ctx context.Context, t time.Time) error {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-e.done:
		return fmt.Errorf("%w: %v", ErrSessionEnded, e.runErr)
	case <-timer.C:
		return nil
	}
}

// Close ends submissions and waits for the session to close its journal.
func (e *EngineSystem) Close() error {
	e.sched.Close()
	<-e.done
	e.stop()
	return e.runErr
}
