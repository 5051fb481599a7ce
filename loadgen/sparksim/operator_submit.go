package sparksim

import (
	"context"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
	"k8s.io/client-go/util/workqueue"
)

// submitter hands queued applications to submit one at a time, no faster
// than its limiter allows: the operator instance's submission throughput.
// Applications wait in FIFO order, as in the operator's work queue.
type submitter struct {
	limiter *rate.Limiter
	queue   workqueue.TypedInterface[string]
	submit  func(ctx context.Context, key string)
	held    atomic.Int32 // 1 while run holds an application waiting for the limiter
}

// newSubmitter admits perMinute submissions a minute, evenly spaced (burst 1).
func newSubmitter(perMinute float64, submit func(context.Context, string)) *submitter {
	return &submitter{
		limiter: rate.NewLimiter(rate.Every(time.Duration(float64(time.Minute)/perMinute)), 1),
		queue:   workqueue.NewTyped[string](),
		submit:  submit,
	}
}

// run submits until ctx ends or the queue is shut down.
func (s *submitter) run(ctx context.Context) {
	for {
		key, quit := s.queue.Get()
		if quit {
			return
		}
		s.held.Store(1)
		err := s.limiter.Wait(ctx)
		s.held.Store(0)
		if err != nil {
			s.queue.Done(key)
			return
		}
		s.submit(ctx, key)
		s.queue.Done(key)
	}
}

// Len is the number of applications waiting for submission: queued, or
// taken from the queue and waiting for the limiter.
func (s *submitter) Len() int { return s.queue.Len() + int(s.held.Load()) }
