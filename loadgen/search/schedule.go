package search

import (
	"math"
	"sync"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// Schedule is an open-model pace.Pacer whose rate the search sets while the
// run goes on, so that the whole search is one continuous session. Rates are
// piecewise constant: Offer appends a segment starting where the known
// schedule ends (or now, if that is later) and extends the horizon.
//
// A submission due beyond the horizon is not decided yet. While the last
// segment has a positive rate, its due time is computed as if that rate went
// on (at most one submission is paced that way: the runner asks for one due
// time at a time, and the search offers the next segment at the horizon).
// During a pause (rate 0) Pace blocks until the next offer or Close. The
// runner sleeps the returned wait from the moment Pace returns but dates the
// submission from the moment it asked, so after a block the wait is measured
// from now: the sleep is right and that one submission is dated the length of
// the pause too early. It is recorded as late (or with that schedule lag),
// dated inside the pause, outside every measured window.
type Schedule struct {
	mu      sync.Mutex
	cond    *sync.Cond
	now     func() time.Time
	origin  time.Time // wall time of the runner's elapsed 0 (set by the first Pace)
	started chan struct{}
	segs    []segment
	horizon time.Duration // end of the last segment, on the runner's elapsed clock
	paced   float64       // submissions handed out so far (those paced past the horizon included)
	closed  bool
}

// segment is a constant rate from at; n0 is the (fractional) number of
// submissions due before at.
type segment struct {
	at   time.Duration
	rate float64 // per second
	n0   float64
}

// NewSchedule makes an empty schedule; now is the clock (nil: time.Now).
func NewSchedule(now func() time.Time) *Schedule {
	if now == nil {
		now = time.Now
	}
	s := &Schedule{now: now, started: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// Started is closed when the runner first asks for a due time: from then on
// Offer's times are on the runner's clock.
func (s *Schedule) Started() <-chan struct{} { return s.started }

// Pace implements pace.Pacer; it blocks while submission hits is beyond the horizon.
func (s *Schedule) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.origin.IsZero() {
		s.origin = s.now().Add(-elapsed)
		close(s.started)
	}
	s.paced = max(s.paced, float64(hits)+1)
	for !s.closed {
		if due, ok := s.due(float64(hits)); ok {
			return due - elapsed, false
		}
		if due, ok := s.tentative(float64(hits)); ok {
			return due - elapsed, false
		}
		s.cond.Wait()
		elapsed = s.elapsed()
	}
	return 0, true
}

// due is when N(t), the number of submissions due by t, reaches n, if that is before the horizon.
func (s *Schedule) due(n float64) (time.Duration, bool) {
	for i, g := range s.segs {
		end := s.horizon
		if i+1 < len(s.segs) {
			end = s.segs[i+1].at
		}
		if g.rate <= 0 || n >= g.n0+g.rate*(end-g.at).Seconds() {
			continue
		}
		off := math.Max(0, n-g.n0) / g.rate
		return g.at + time.Duration(math.Round(off*float64(time.Second))), true
	}
	return 0, false
}

// tentative is when submission n is due if the last segment's positive rate went on past the horizon.
func (s *Schedule) tentative(n float64) (time.Duration, bool) {
	if len(s.segs) == 0 {
		return 0, false
	}
	g := s.segs[len(s.segs)-1]
	if g.rate <= 0 {
		return 0, false
	}
	off := math.Max(0, n-g.n0) / g.rate
	return g.at + time.Duration(math.Round(off*float64(time.Second))), true
}

// Offer schedules rate for d after the current horizon (or from now, when
// the horizon has passed: nothing was due in the gap) and returns the wall
// time the segment starts. Rate 0 is a pause. The segment counts from the
// submissions already handed out, so those paced past the horizon at the
// old rate are not paced again at the new one.
func (s *Schedule) Offer(rate pace.Rate, d time.Duration) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := max(s.horizon, s.elapsed())
	n0 := 0.0
	if k := len(s.segs); k > 0 {
		last := s.segs[k-1]
		n0 = last.n0 + last.rate*(s.horizon-last.at).Seconds()
	}
	n0 = max(n0, s.paced-1)
	s.segs = append(s.segs, segment{at: at, rate: float64(rate), n0: n0})
	s.horizon = at + d
	s.cond.Broadcast()
	return s.origin.Add(at)
}

// elapsed is the runner's elapsed time now (0 before it started).
func (s *Schedule) elapsed() time.Duration {
	if s.origin.IsZero() {
		return 0
	}
	return s.now().Sub(s.origin)
}

// Close ends the schedule: a blocked or later Pace says stop.
func (s *Schedule) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.cond.Broadcast()
}

// Rate implements pace.Pacer: the rate in force at elapsed (0 outside the schedule).
func (s *Schedule) Rate(elapsed time.Duration) pace.Rate {
	s.mu.Lock()
	defer s.mu.Unlock()
	if elapsed >= s.horizon {
		return 0
	}
	var r float64
	for _, g := range s.segs {
		if g.at <= elapsed {
			r = g.rate
		}
	}
	return pace.Rate(r)
}

var _ pace.Pacer = (*Schedule)(nil)
