package search

import (
	"container/heap"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// sim is a System in virtual time: Poisson arrivals at the offered rate into
// a first-come-first-served queue with `servers` slots and uniform service
// times (M/G/c). Its capacity is servers / mean service time, known exactly.
type sim struct {
	rng      *rand.Rand
	now      time.Time
	servers  int
	svcMin   time.Duration
	svcMax   time.Duration
	failRate float64
	poisson  bool    // Poisson arrivals; otherwise evenly spaced, as the engine's pacer sends them
	phase    float64 // evenly spaced arrivals: progress towards the next one

	segs    []simSeg
	horizon time.Time
	next    time.Time // next arrival, zero: draw one
	free    freeHeap  // when each busy server frees up
	jobs    *Jobs
	live    []*simJob
	n       int
}

type simSeg struct {
	at   time.Time
	rate float64
}

type simJob struct {
	key, id           string
	started, finished time.Time
	fails             bool
	sawStart          bool
}

func newSim(seed uint64, servers int, svcMin, svcMax time.Duration) *sim {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return &sim{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: t0, horizon: t0,
		servers: servers, svcMin: svcMin, svcMax: svcMax, jobs: NewJobs()}
}

// capacity is the analytic sustainable rate: servers / mean service time.
func (s *sim) capacity() pace.Rate {
	return pace.Rate(float64(s.servers) / ((s.svcMin + s.svcMax) / 2).Seconds())
}

func (s *sim) Now() time.Time { return s.now }
func (s *sim) Jobs() *Jobs    { return s.jobs }

func (s *sim) Offer(rate pace.Rate, d time.Duration) time.Time {
	at := s.horizon
	if s.now.After(at) {
		at = s.now
	}
	s.segs = append(s.segs, simSeg{at: at, rate: float64(rate)})
	s.horizon = at.Add(d)
	return at
}

func (s *sim) rateAt(t time.Time) float64 {
	if !t.Before(s.horizon) {
		return 0
	}
	r := 0.0
	for _, g := range s.segs {
		if !g.at.After(t) {
			r = g.rate
		}
	}
	return r
}

// Wait advances the simulation to t: arrivals by thinning-free piecewise
// Poisson draws (memoryless, so a draw is redone at each segment change).
func (s *sim) Wait(ctx context.Context, t time.Time) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		at, ok := s.nextArrival(t)
		if !ok {
			break
		}
		s.arrive(at)
	}
	s.now = t
	s.report(t)
	return nil
}

// nextArrival draws the next arrival before t, if any.
func (s *sim) nextArrival(t time.Time) (time.Time, bool) {
	cur := s.now
	for cur.Before(t) {
		end := t
		for _, g := range s.segs {
			if g.at.After(cur) && g.at.Before(end) {
				end = g.at
			}
		}
		if s.horizon.After(cur) && s.horizon.Before(end) {
			end = s.horizon
		}
		if r := s.rateAt(cur); r > 0 {
			if at, ok := s.draw(cur, end, r); ok {
				return at, true
			}
		}
		cur = end
		s.now = cur
	}
	return time.Time{}, false
}

// draw is the next arrival in [cur, end) at rate r, if any.
func (s *sim) draw(cur, end time.Time, r float64) (time.Time, bool) {
	if s.poisson {
		gap := time.Duration(s.rng.ExpFloat64() / r * float64(time.Second))
		return cur.Add(gap), cur.Add(gap).Before(end)
	}
	gap := time.Duration((1 - s.phase) / r * float64(time.Second))
	if cur.Add(gap).Before(end) {
		s.phase = 0
		return cur.Add(gap), true
	}
	s.phase += r * end.Sub(cur).Seconds()
	return time.Time{}, false
}

func (s *sim) arrive(at time.Time) {
	s.now = at
	s.n++
	key, id := fmt.Sprintf("0-%d", s.n), fmt.Sprintf("job%06d", s.n)
	start := at
	if len(s.free) >= s.servers {
		if f := heap.Pop(&s.free).(time.Time); f.After(start) {
			start = f
		}
	}
	svc := s.svcMin + time.Duration(s.rng.Int64N(int64(s.svcMax-s.svcMin)+1))
	heap.Push(&s.free, start.Add(svc))
	s.jobs.Intent(key, at, at)
	s.jobs.Result(key, job.OutcomeAccepted, id, at)
	s.jobs.State(id, "SUBMITTED", at, time.Time{}, time.Time{})
	s.live = append(s.live, &simJob{key: key, id: id, started: start, finished: start.Add(svc), fails: s.rng.Float64() < s.failRate})
	s.report(at)
}

// report tells the collector what happened by t, as a tracker would.
func (s *sim) report(t time.Time) {
	kept := s.live[:0]
	for _, j := range s.live {
		if !j.sawStart && !j.started.After(t) {
			j.sawStart = true
			s.jobs.State(j.id, "RUNNING", time.Time{}, j.started, time.Time{})
		}
		if !j.finished.After(t) {
			state := job.StateCompleted
			if j.fails {
				state = job.StateFailed
			}
			s.jobs.State(j.id, state, time.Time{}, time.Time{}, j.finished)
			continue
		}
		kept = append(kept, j)
	}
	s.live = kept
}

type freeHeap []time.Time

func (h freeHeap) Len() int           { return len(h) }
func (h freeHeap) Less(a, b int) bool { return h[a].Before(h[b]) }
func (h freeHeap) Swap(a, b int)      { h[a], h[b] = h[b], h[a] }
func (h *freeHeap) Push(x any)        { *h = append(*h, x.(time.Time)) }
func (h *freeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
