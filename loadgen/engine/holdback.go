package engine

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// callWatch follows one submission's attempts (job.Call: the target calls
// Attempt before each one).
type callWatch struct {
	due       time.Time     // when the pacer wanted the call sent
	lateAfter time.Duration // open model: the late rule; 0: closed model (no rule)
	attempts  atomic.Int32
	backlog   *atomic.Int64 // calls past their first attempt (retrying or waiting to)
	retrying  atomic.Bool
}

var _ job.Call = (*callWatch)(nil)

// Attempt runs once per attempt, after the target waited for its backoff
// and any client-side rate limit: a first attempt already later than the
// late rule is held back (job.ErrHeldBack: in the open model a late start,
// so it is not sent and counted late); a second one puts the call on the
// retry backlog.
func (w *callWatch) Attempt() error {
	n := w.attempts.Add(1)
	if late := time.Since(w.due); n == 1 && w.lateAfter > 0 && late > w.lateAfter {
		return fmt.Errorf("%w (%s behind schedule)", job.ErrHeldBack, late.Round(time.Millisecond))
	}
	if n == 2 {
		w.retrying.Store(true)
		w.backlog.Add(1)
	}
	return nil
}

// done takes the call off the retry backlog.
func (w *callWatch) done() {
	if w.retrying.Load() {
		w.backlog.Add(-1)
	}
}
