package search

import (
	"testing"
	"time"
)

// fakeClock is a settable clock for the Schedule.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestScheduleDueTimes(t *testing.T) {
	t.Parallel()
	clk := &fakeClock{t: time.Unix(1000, 0)}
	s := NewSchedule(clk.now)
	done := make(chan time.Duration)
	go func() { w, _ := s.Pace(0, 0); done <- w }() // blocks: nothing offered yet
	<-s.Started()
	start := s.Offer(2, 5*time.Second) // 2/s for 5 s: hits 0..9 at 0, 0.5, ... 4.5 s
	if w := <-done; w != 0 || !start.Equal(clk.t) {
		t.Fatalf("first hit wait %v, start %v: want 0 at the offer", w, start)
	}
	s.Offer(10, 5*time.Second) // then 10/s: hit 10 at 5 s, hit 11 at 5.1 s
	tests := []struct {
		hits uint64
		due  time.Duration
	}{{1, 500 * time.Millisecond}, {9, 4500 * time.Millisecond}, {10, 5 * time.Second}, {11, 5100 * time.Millisecond},
		{59, 9900 * time.Millisecond}, {60, 10 * time.Second} /* past the horizon: the last rate goes on */}
	for _, tt := range tests {
		if w, stop := s.Pace(0, tt.hits); stop || w != tt.due {
			t.Errorf("hit %d: wait %v stop %v, want %v", tt.hits, w, stop, tt.due)
		}
	}
}

func TestSchedulePauseBlocksUntilOfferOrClose(t *testing.T) {
	t.Parallel()
	clk := &fakeClock{t: time.Unix(1000, 0)}
	s := NewSchedule(clk.now)
	s.Offer(1, 2*time.Second)
	s.Offer(0, 3*time.Second) // pause from 2 s to 5 s
	if w, _ := s.Pace(0, 1); w != time.Second {
		t.Fatalf("hit 1: wait %v, want 1s", w)
	}
	got := make(chan time.Duration)
	go func() { w, _ := s.Pace(2*time.Second, 2); got <- w }()
	select {
	case w := <-got:
		t.Fatalf("hit 2 paced during the pause (wait %v)", w)
	case <-time.After(50 * time.Millisecond):
	}
	clk.t = clk.t.Add(6 * time.Second) // the search is late: the next segment starts now (6 s)
	s.Offer(1, time.Second)
	if w := <-got; w != 0 {
		t.Fatalf("hit 2 after the pause: wait %v, want 0 (due now, at 6 s, measured from now)", w)
	}
	go func() { _, stop := s.Pace(7*time.Second, 4); got <- map[bool]time.Duration{true: -1}[stop] }()
	s.Offer(0, time.Second)
	time.Sleep(20 * time.Millisecond)
	s.Close()
	if w := <-got; w != -1 {
		t.Fatal("Close did not stop a blocked Pace")
	}
}

// TestScheduleCountsSubmissionsPacedPastTheHorizon: while the search judges
// a step, the runner goes on at the step's rate; the next segment must count
// from what was handed out, or the new rate's first submissions come seconds late.
func TestScheduleCountsSubmissionsPacedPastTheHorizon(t *testing.T) {
	t.Parallel()
	clk := &fakeClock{t: time.Unix(1000, 0)}
	s := NewSchedule(clk.now)
	s.Offer(10, time.Second) // hits 0..9 in the first second
	for h := uint64(0); h < 15; h++ {
		if w, _ := s.Pace(0, h); w != time.Duration(h)*100*time.Millisecond {
			t.Fatalf("hit %d: wait %v", h, w)
		}
	}
	clk.t = clk.t.Add(1500 * time.Millisecond) // hits 10..14 went out at 10/s past the horizon
	s.Offer(1, 10*time.Second)                 // from 1.5 s
	if w, _ := s.Pace(1500*time.Millisecond, 15); w != time.Second {
		t.Fatalf("hit 15: wait %v, want 1s (the next at the new rate, not hit 15 of the old count)", w)
	}
}
