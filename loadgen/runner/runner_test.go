package runner

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// recorder is a hand-written fake target: it records every slot and outcome.
type recorder struct {
	mu      sync.Mutex
	latency time.Duration
	sent    []Slot
	lags    []time.Duration
	skipped map[string]int
}

func (r *recorder) hooks() Hooks {
	return Hooks{
		Submit: func(ctx context.Context, s Slot) {
			r.mu.Lock()
			r.sent = append(r.sent, s)
			r.lags = append(r.lags, time.Since(s.Scheduled))
			r.mu.Unlock()
			time.Sleep(r.latency)
		},
		Skip: func(s Slot, outcome string) {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.skipped == nil {
				r.skipped = map[string]int{}
			}
			r.skipped[outcome]++
		},
	}
}

func TestOpenModelKeepsScheduleWhateverTheLatency(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{latency: 30 * time.Second} // calls far slower than the interval
		n := Run(t.Context(), Config{Pacer: pace.Constant{Per: 10}, Duration: 10 * time.Second}, r.hooks())
		if n != 100 || len(r.sent) != 100 || len(r.skipped) != 0 {
			t.Fatalf("planned %d, sent %d, skipped %v; want 100 sent on time", n, len(r.sent), r.skipped)
		}
		for i, s := range r.sent {
			if want := time.Duration(i) * 100 * time.Millisecond; s.Scheduled.Sub(r.sent[0].Scheduled) != want || r.lags[i] != 0 {
				t.Fatalf("submission %d scheduled at +%v (lag %v), want +%v", i, s.Scheduled.Sub(r.sent[0].Scheduled), r.lags[i], want)
			}
		}
	})
}

func TestOpenModelDropsAtMaxInFlight(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{latency: 2 * time.Second}
		n := Run(t.Context(), Config{Pacer: pace.Constant{Per: 10}, MaxInFlight: 5, MaxJobs: 50}, r.hooks())
		// 10/s with 2 s calls needs 20 in flight: of every 20 due, 5 go out.
		if n != 50 || len(r.sent)+r.skipped[job.OutcomeDropped] != 50 || r.skipped[job.OutcomeDropped] < 30 {
			t.Fatalf("planned %d, sent %d, dropped %d", n, len(r.sent), r.skipped[job.OutcomeDropped])
		}
	})
}

// overdue is a fake pacer whose submission 3 is already 2 s overdue.
type overdue struct{}

func (overdue) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if hits == 3 {
		return -2 * time.Second, false
	}
	return time.Duration(hits)*time.Second - elapsed, hits >= 5
}
func (overdue) Rate(time.Duration) pace.Rate { return 1 }

func TestOpenModelCountsLate(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{}
		Run(t.Context(), Config{Pacer: overdue{}, LateAfter: time.Second}, r.hooks())
		if len(r.sent) != 4 || r.skipped[job.OutcomeLate] != 1 {
			t.Fatalf("sent %d, late %d; want 4 sent and submission 3 late", len(r.sent), r.skipped[job.OutcomeLate])
		}
	})
}

func TestClosedModelThinksBetweenCalls(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{latency: 5 * time.Second}
		cfg := Config{Users: 4, SpawnRate: 1, Think: pace.Think{Min: 20 * time.Second, Max: 20 * time.Second}, Duration: 60 * time.Second}
		n := Run(t.Context(), cfg, r.hooks())
		// Each user cycles every 25 s; user u starts at u s: calls at u, 25+u, 50+u -> 3 each.
		if n != 12 || len(r.sent) != 12 {
			t.Fatalf("planned %d, sent %d; want 12", n, len(r.sent))
		}
	})
}

func TestClosedModelMaxJobs(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{latency: time.Second}
		n := Run(t.Context(), Config{Users: 3, Think: pace.Think{Min: time.Second, Max: 2 * time.Second}, MaxJobs: 10}, r.hooks())
		if n != 10 || len(r.sent) != 10 {
			t.Fatalf("planned %d, sent %d; want 10", n, len(r.sent))
		}
	})
}

func TestCancelDrainsInFlight(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var finished int
		var mu sync.Mutex
		h := Hooks{Submit: func(ctx context.Context, s Slot) {
			time.Sleep(10 * time.Second)
			mu.Lock()
			finished++
			mu.Unlock()
			if ctx.Err() != nil {
				t.Error("in-flight call's context canceled by stop")
			}
		}, Skip: func(Slot, string) {}}
		time.AfterFunc(2500*time.Millisecond, cancel)
		n := Run(ctx, Config{Pacer: pace.Constant{Per: 1}}, h)
		if n != 3 || finished != 3 {
			t.Fatalf("planned %d, finished %d; want 3 drained", n, finished)
		}
	})
}
