package engine

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/smithy-go/middleware"
)

// errHeldBack is a first attempt the SDK's client-side rate limiter (the
// adaptive retry mode) held back past --late-after: in the open model that
// is a late start, so it is not sent and counted late.
var errHeldBack = errors.New("held back by the client-side rate limiter past --late-after: not sent")

// callWatch follows one StartJobRun's attempts (through the holdBack middleware).
type callWatch struct {
	due       time.Time     // when the pacer wanted the call sent
	lateAfter time.Duration // open model: the late rule; 0: closed model (no rule)
	attempts  int
	backlog   *atomic.Int64 // calls past their first attempt (retrying or waiting to)
	retrying  bool
}

type callWatchKey struct{}

// done takes the call off the retry backlog.
func (w *callWatch) done() {
	if w.retrying {
		w.backlog.Add(-1)
	}
}

// holdBack runs once per attempt, after the retry middleware has waited for
// its backoff and the rate limiter's token.
func holdBack(stack *middleware.Stack) error {
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("LoadgenHoldBack",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			w, ok := ctx.Value(callWatchKey{}).(*callWatch)
			if !ok {
				return next.HandleFinalize(ctx, in)
			}
			w.attempts++
			if late := time.Since(w.due); w.attempts == 1 && w.lateAfter > 0 && late > w.lateAfter {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("%w (%s behind schedule)", errHeldBack, late.Round(time.Millisecond))
			}
			if w.attempts == 2 {
				w.retrying = true
				w.backlog.Add(1)
			}
			return next.HandleFinalize(ctx, in)
		}), "Retry", middleware.After)
}

// watchedAPI adds holdBack to every StartJobRun of the session's client.
type watchedAPI struct{ API }

func (a watchedAPI) StartJobRun(ctx context.Context, in *emrcontainers.StartJobRunInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.StartJobRunOutput, error) {
	opts = append(opts, func(o *emrcontainers.Options) { o.APIOptions = append(o.APIOptions, holdBack) })
	return a.API.StartJobRun(ctx, in, opts...)
}
