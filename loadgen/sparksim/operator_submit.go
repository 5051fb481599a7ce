package sparksim

import (
	"context"
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
		if err := s.limiter.Wait(ctx); err != nil {
			s.queue.Done(key)
			return
		}
		s.submit(ctx, key)
		s.queue.Done(key)
	}
}

// Len is the number of applications waiting for submission.
func (s *submitter) Len() int { return s.queue.Len() }
