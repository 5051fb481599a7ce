// Package engine runs one load-generator session against a Target: it
// journals the session, lets the target prepare (the EMR target creates
// session-owned virtual clusters), drives the runner, submits each planned
// job with its placement, tracks accepted jobs with the target's tracker and
// samples their states. Everything it learns goes to the journal first;
// reports are derived from it. It knows no target: EMR and the Spark
// Operator are plug-ins (engine_deps_test.go keeps the AWS SDK out).
package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
)

// VC is a virtual cluster jobs may be sent to.
type VC struct{ ID, Namespace string }

// Config is one session. Vars holds the per-session template variables;
// the per-job ones (job name and index, namespace, virtual cluster, AZ) are
// filled in for each submission. Nothing in it belongs to one target: what
// a target needs (its client, template, tracking settings) is the Target's.
type Config struct {
	Session, Kind string // Kind is the target's name: emr, local or operator
	RunsDir       string
	Plan          map[string]string
	Load          runner.Config
	Vars          job.Vars
	Placement     Placement
	VCs           []VC   // where jobs go (virtual clusters; namespaces for the operator); Target.Prepare may add some
	Target        Target // required

	Observe func(journal.Record) // called with every record after it is journaled (live page, /metrics)
	Worker  int                  // this worker's index of Workers (scaled-out runs)
	Workers int                  // > 1: journal in <session>/worker-<i>, worker index in job names

	SampleEvery time.Duration
	TrackAfter  time.Duration // keep tracking this long after the last call, until no job is live

	CallTimeout  time.Duration // one submission, retries included (0: DefaultCallTimeout)
	RetryGrace   time.Duration // calls end this long after Load.Duration (0: DefaultRetryGrace)
	DrainTimeout time.Duration // after ctx ends, calls in flight end after this (0: DefaultDrainTimeout)
}

// Session is a running session; Snapshot may be called concurrently for progress.
type Session struct {
	cfg      Config
	j        *journal.Writer
	tracker  Tracker
	counters counters
	start    time.Time
	picker   *picker

	errMu     sync.Mutex
	firstErr  error
	cutReason string // why the run's calls were cut (errMu)

	calls   context.Context // every call derives from it (callContexts)
	unknown unknowns

	stopWatch context.CancelFunc // ends the tracker's pod watch
}

// PlanTracking is the plan key saying how RUNNING is measured (the EMR
// target's "pod watch" or "ListJobRuns poll"; absent for other targets).
const PlanTracking = "running_measured_by"

// startable is a tracker with a watch to start before the first submission.
type startable interface {
	Start(ctx context.Context) error
	Method() string
}

// watchCost is a tracker that also counts its Kubernetes requests.
type watchCost interface{ KubeRequests() int64 }

// ErrNoTarget is a Config without a Target.
var ErrNoTarget = errors.New("engine: Config.Target is nil")

// ErrSessionExists is a session whose run directory already holds a journal
// (a reused --session): bad input, nothing was submitted.
var ErrSessionExists = errors.New("session already used")

// Dir is where a session's journal and reports live.
func Dir(runsDir, session string) string { return filepath.Join(runsDir, session) }

// New opens the session's journal and writes the session record.
func New(cfg Config) (*Session, error) {
	if cfg.Target == nil {
		return nil, ErrNoTarget
	}
	s := &Session{cfg: cfg, start: time.Now(), stopWatch: func() {}}
	s.tracker = cfg.Target.NewTracker(s.start, s.record)
	plan, err := s.startTracker()
	if err != nil {
		return nil, err
	}
	if s.j, err = journal.Create(runDir(cfg)); err != nil {
		s.stopWatch()
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%w: %s already holds a run's journal: give a new --session (or none for a generated one), or remove that directory", ErrSessionExists, runDir(cfg))
		}
		return nil, err
	}
	s.record(journal.Record{Ev: journal.EvSession, T: s.start, Session: cfg.Session, Target: cfg.Kind, Worker: cfg.Worker, Plan: plan})
	return s, s.err()
}

// startTracker starts a tracker's watch (the pod watch syncs before the
// first submission, or falls back) and returns the plan with how RUNNING is
// measured. The watch lives until the session closes.
func (s *Session) startTracker() (map[string]string, error) {
	st, ok := s.tracker.(startable)
	if !ok {
		return s.cfg.Plan, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := st.Start(ctx); err != nil {
		cancel()
		return nil, err
	}
	s.stopWatch = cancel
	plan := make(map[string]string, len(s.cfg.Plan)+1)
	for k, v := range s.cfg.Plan {
		plan[k] = v
	}
	plan[PlanTracking] = st.Method()
	return plan, nil
}

// Tracking says how RUNNING is measured (PlanTracking's value; empty for
// a target that does not say).
func (s *Session) Tracking() string {
	if st, ok := s.tracker.(startable); ok {
		return st.Method()
	}
	return ""
}

// KubeRequests is the Kubernetes API requests the tracker's watch made (0 without one).
func (s *Session) KubeRequests() int64 {
	if w, ok := s.tracker.(watchCost); ok {
		return w.KubeRequests()
	}
	return 0
}

// Run executes the session until the plan ends or ctx is canceled (then
// in-flight calls drain), tracks for TrackAfter, and closes the journal.
func (s *Session) Run(ctx context.Context) error {
	calls, stopCalls := s.callContexts(ctx)
	defer stopCalls()
	s.calls = calls
	if err := s.prepareTarget(ctx); err != nil {
		return s.close(err)
	}
	s.picker = newPicker(s.cfg.Placement, s.cfg.VCs)
	trackCtx, stopTracking := context.WithCancel(context.WithoutCancel(ctx))
	var bg sync.WaitGroup
	bg.Go(func() { s.tracker.Run(trackCtx) })
	bg.Go(func() { s.sample(trackCtx) })
	runner.Run(ctx, s.cfg.Load, runner.Hooks{Submit: s.submit, Skip: s.skip})
	s.counters.done.Store(true)
	last := s.lastLookTimeout(ctx)
	lookCtx, cancelLook := context.WithTimeout(context.WithoutCancel(ctx), last)
	s.resolveUnknown(lookCtx)
	cancelLook()
	s.waitLive(ctx)
	stopTracking()
	bg.Wait()
	pollCtx, cancelPoll := context.WithTimeout(context.WithoutCancel(ctx), last)
	_ = s.tracker.Poll(pollCtx) // a last look, so the report is as fresh as possible
	cancelPoll()
	s.takeSample()
	return s.close(nil)
}

// lastLookTimeout bounds the lookups after the last call: short once
// interrupted (the report is due within 5 s), else one call timeout.
func (s *Session) lastLookTimeout(ctx context.Context) time.Duration {
	if ctx.Err() != nil {
		return lookupTimeout
	}
	return s.callTimeout()
}

// waitLive keeps tracking until no job is live, TrackAfter passes or ctx ends.
func (s *Session) waitLive(ctx context.Context) {
	if s.cfg.TrackAfter <= 0 {
		return
	}
	deadline := time.NewTimer(s.cfg.TrackAfter)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for s.tracker.Live() > 0 {
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-tick.C:
		}
	}
}

func (s *Session) close(err error) error {
	s.stopWatch()
	s.record(journal.Record{Ev: journal.EvEnd, T: time.Now()})
	if cerr := s.j.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.err()
	}
	return err
}

// prepareTarget lets the target prepare; the places it created join Config.VCs.
func (s *Session) prepareTarget(ctx context.Context) error {
	vcs, err := s.cfg.Target.Prepare(ctx, s.cfg.Session, s.record)
	if err != nil {
		return err
	}
	s.cfg.VCs = append(s.cfg.VCs, vcs...)
	if len(s.cfg.VCs) == 0 {
		return errors.New("no place to submit to: the target prepared no virtual cluster or namespace")
	}
	return s.err()
}

// record appends to the journal; the first write error fails the session.
func (s *Session) record(r journal.Record) {
	if err := s.j.Append(r); err != nil {
		s.errMu.Lock()
		if s.firstErr == nil {
			s.firstErr = err
		}
		s.errMu.Unlock()
	}
	if s.cfg.Observe != nil {
		s.cfg.Observe(r)
	}
}

func (s *Session) err() error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.firstErr
}

// Journal path, for messages.
func (s *Session) Dir() string { return runDir(s.cfg) }
