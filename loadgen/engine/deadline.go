package engine

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// Deadlines of a session's calls.
const (
	// DefaultCallTimeout bounds one submission, retries included: EMR's
	// StartJobRun answers in ~0.1-0.5 s, and 3 attempts with backoff of at most 5 s
	// each fit well inside it. A hung endpoint costs at most this per call.
	DefaultCallTimeout = 20 * time.Second
	// DefaultRetryGrace is how long calls may still retry after the end of
	// the run's duration.
	DefaultRetryGrace = 10 * time.Second
	// DefaultDrainTimeout is how long an interrupted run waits for its calls
	// in flight before it records them as unknown outcome; with the lookup
	// of those and the last tracking poll the report is written within 5 s.
	DefaultDrainTimeout = 2 * time.Second
	// lookupTimeout bounds the lookup of unknown outcomes and the last poll
	// of an interrupted run.
	lookupTimeout = time.Second
)

// UnknownOutcome starts the error text of a call whose outcome the client
// never learned (cut by its deadline or by Ctrl-C) and that the lookup by
// name found not accepted.
const UnknownOutcome = "unknown outcome"

// unknownCall is a StartJobRun cut by a deadline: the server may have accepted it.
type unknownCall struct {
	key, name, vc string
	sent, end     time.Time
	attempts      int
	reason        string
}

type unknowns struct {
	mu    sync.Mutex
	calls []unknownCall
}

func (u *unknowns) add(c unknownCall) {
	u.mu.Lock()
	u.calls = append(u.calls, c)
	u.mu.Unlock()
}

func (u *unknowns) take() []unknownCall {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := u.calls
	u.calls = nil
	return out
}

// callContexts makes the context every call of the run derives from: it is
// canceled DrainTimeout after ctx ends (Ctrl-C), and RetryGrace after the
// end of the load's duration, so no retry outlives the run by more.
func (s *Session) callContexts(ctx context.Context) (context.Context, func()) {
	calls, abort := context.WithCancel(context.Background())
	drain := s.cfg.DrainTimeout
	if drain <= 0 {
		drain = DefaultDrainTimeout
	}
	var mu sync.Mutex
	var timers []*time.Timer
	later := func(d time.Duration, why string) {
		mu.Lock()
		defer mu.Unlock()
		timers = append(timers, time.AfterFunc(d, func() { s.setCutReason(why); abort() }))
	}
	stopAfter := context.AfterFunc(ctx, func() { later(drain, fmt.Sprintf("still in flight %s after the interrupt", drain)) })
	if d := s.cfg.Load.Duration; d > 0 {
		grace := s.cfg.RetryGrace
		if grace <= 0 {
			grace = DefaultRetryGrace
		}
		later(d+grace, fmt.Sprintf("still in flight (or retrying) %s after the end of the duration", grace))
	}
	return calls, func() {
		stopAfter()
		mu.Lock()
		for _, t := range timers {
			t.Stop()
		}
		mu.Unlock()
		abort()
	}
}

func (s *Session) setCutReason(why string) {
	s.errMu.Lock()
	if s.cutReason == "" {
		s.cutReason = why
	}
	s.errMu.Unlock()
}

// whyCut says why a call was cut by one of our deadlines, or "" when it
// ended on its own (answered, or failed for another reason).
func (s *Session) whyCut(calls, callCtx context.Context) string {
	if callCtx.Err() == nil {
		return ""
	}
	if calls.Err() != nil {
		s.errMu.Lock()
		defer s.errMu.Unlock()
		return s.cutReason
	}
	return fmt.Sprintf("no answer within --call-timeout %s", s.callTimeout())
}

func (s *Session) callTimeout() time.Duration {
	if s.cfg.CallTimeout > 0 {
		return s.cfg.CallTimeout
	}
	return DefaultCallTimeout
}

// resolveUnknown looks every unknown-outcome call up by its job name when
// the target can (Resolver: the EMR target lists job runs by name on the
// virtual cluster): found, it is journaled accepted and tracked; not found,
// it was not accepted. A lookup that fails leaves the call without a result
// record, which the journal reads as "no result" and `loadgen stop` looks
// up by name again. A target that cannot look up says so in the result.
func (s *Session) resolveUnknown(ctx context.Context) {
	res, canLook := s.cfg.Target.(Resolver)
	for _, c := range s.unknown.take() {
		if !canLook {
			s.record(journal.Record{Ev: journal.EvResult, T: c.end, Key: c.key, Outcome: job.OutcomeOther,
				Err: UnknownOutcome + ": " + c.reason})
			s.counters.unknown.Add(-1)
			continue
		}
		id, err := res.LookUp(ctx, c.name, c.vc, s.start.Add(-24*time.Hour))
		if err != nil {
			continue
		}
		r := journal.Record{Ev: journal.EvResult, T: c.end, Key: c.key, Attempts: c.attempts, ID: id, Outcome: job.OutcomeAccepted}
		if id == "" {
			r.Outcome = job.OutcomeOther
			r.Err = fmt.Sprintf("%s: %s; no job run named %s on the server, so it was not accepted", UnknownOutcome, c.reason, c.name)
		}
		s.record(r)
		if r.ID != "" {
			s.tracker.Add(r.ID, c.vc, c.sent)
		}
		s.counters.unknown.Add(-1)
	}
}
