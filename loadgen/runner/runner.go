// Package runner turns a load model into submissions at the right times. The
// open model sends each submission when its pacer says it is due, whatever
// the latency of earlier calls (no coordinated omission); one that cannot
// start on time is counted, never silently delayed. The closed model runs
// users that submit, wait for the call, think, and submit again (Locust).
package runner

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// Defaults of the open model's rules.
const (
	DefaultMaxInFlight = 1000
	DefaultLateAfter   = time.Second
)

// Slot is one planned submission.
type Slot struct {
	Index     int64     // 0-based sequence number in the session
	Scheduled time.Time // when it was due (open) or when the user wanted to send it (closed)
	User      int       // closed model: the user; open model: 0
}

// Config is a load model plus its bounds.
type Config struct {
	Pacer pace.Pacer // open model; nil selects the closed model

	Users     int        // closed: number of users
	SpawnRate float64    // closed: users started per second (0 = all at once)
	Think     pace.Think // closed: pause after each call
	Seed      uint64     // closed: think-time randomness

	// Open-model rules for a due submission: it is "late" (not sent) when it
	// would start more than LateAfter behind its due time, and "dropped" (not
	// sent) when MaxInFlight calls are already outstanding.
	MaxInFlight int
	LateAfter   time.Duration

	Duration time.Duration // stop scheduling after this long (0 = no limit)
	MaxJobs  int64         // stop after this many planned submissions (0 = no limit)
}

// Hooks perform the work. Submit blocks for the call; its context is not
// canceled when the run is stopped, so in-flight calls drain. Skip records a
// submission that was not sent, with its stats outcome.
type Hooks struct {
	Submit func(ctx context.Context, s Slot)
	Skip   func(s Slot, outcome string)
}

// Run schedules until the pacer stops, a bound is reached or ctx is canceled,
// then waits for in-flight calls. It returns the number of planned submissions.
func Run(ctx context.Context, cfg Config, h Hooks) int64 {
	drain := context.WithoutCancel(ctx)
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Duration)
		defer cancel()
	}
	if cfg.Pacer != nil {
		return runOpen(ctx, drain, cfg, h)
	}
	return runClosed(ctx, drain, cfg, h)
}

func runOpen(ctx, drain context.Context, cfg Config, h Hooks) int64 {
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.LateAfter <= 0 {
		cfg.LateAfter = DefaultLateAfter
	}
	workers := newPool()
	var inFlight atomic.Int64
	start := time.Now()
	var hits uint64
	for cfg.MaxJobs <= 0 || int64(hits) < cfg.MaxJobs {
		elapsed := time.Since(start)
		wait, stop := cfg.Pacer.Pace(elapsed, hits)
		due := start.Add(elapsed + wait)
		if stop || (cfg.Duration > 0 && due.Sub(start) >= cfg.Duration) || !sleep(ctx, wait) {
			break
		}
		slot := Slot{Index: int64(hits), Scheduled: due}
		hits++
		switch {
		case time.Since(due) > cfg.LateAfter:
			h.Skip(slot, job.OutcomeLate)
		case inFlight.Load() >= int64(cfg.MaxInFlight):
			h.Skip(slot, job.OutcomeDropped)
		default:
			inFlight.Add(1)
			workers.Go(func() {
				defer inFlight.Add(-1)
				h.Submit(drain, slot)
			})
		}
	}
	workers.Wait()
	return int64(hits)
}

func runClosed(ctx, drain context.Context, cfg Config, h Hooks) int64 {
	var wg sync.WaitGroup
	var next atomic.Int64
	for u := range cfg.Users {
		wg.Go(func() { user(ctx, drain, cfg, h, u, &next) })
	}
	wg.Wait()
	if cfg.MaxJobs > 0 {
		return min(next.Load(), cfg.MaxJobs)
	}
	return next.Load()
}

func user(ctx, drain context.Context, cfg Config, h Hooks, u int, next *atomic.Int64) {
	rng := newRand(cfg.Seed, u)
	if !sleep(ctx, pace.SpawnAt(u, cfg.SpawnRate)) {
		return
	}
	for ctx.Err() == nil {
		idx := next.Add(1) - 1
		if cfg.MaxJobs > 0 && idx >= cfg.MaxJobs {
			return
		}
		h.Submit(drain, Slot{Index: idx, Scheduled: time.Now(), User: u})
		if !sleep(ctx, cfg.Think.Sample(rng)) {
			return
		}
	}
}

// sleep waits d (returning at once when d <= 0) and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
