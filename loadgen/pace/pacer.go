package pace

import (
	"math"
	"time"
)

// Pacer says how long to wait before the submission numbered hits (0-based)
// is due, given the time elapsed since the start; stop means no more are due.
// A negative wait means the submission is already overdue by that much.
type Pacer interface {
	Pace(elapsed time.Duration, hits uint64) (wait time.Duration, stop bool)
	// Rate is the arrival rate at elapsed, for progress and the plan.
	Rate(elapsed time.Duration) Rate
}

// Constant is an open-model pacer at a fixed rate; submission n is due at n/rate.
type Constant struct{ Per Rate }

// Pace implements Pacer.
func (c Constant) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if c.Per <= 0 {
		return 0, true
	}
	due := time.Duration(math.Round(float64(hits) / float64(c.Per) * float64(time.Second)))
	return due - elapsed, false
}

// Rate implements Pacer.
func (c Constant) Rate(time.Duration) Rate { return c.Per }

// Staged is an open-model pacer whose rate ramps linearly between stages
// (k6's ramping-arrival-rate). Submission n is due when the integral of the
// rate reaches n. It stops after the last stage.
type Staged struct {
	Start  Rate
	Stages []Stage
}

// Pace implements Pacer.
func (s Staged) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	due, ok := s.due(float64(hits))
	if !ok {
		return 0, true
	}
	return due - elapsed, false
}

// due solves N(t) = n stage by stage; within a stage N grows as
// r0*t + (r1-r0)*t^2/(2D), solved in the numerically stable form.
func (s Staged) due(n float64) (time.Duration, bool) {
	var t0 time.Duration
	count, r0 := 0.0, float64(s.Start)
	for _, st := range s.Stages {
		r1, d := float64(st.Target), st.Duration.Seconds()
		if d == 0 { // a step
			r0 = r1
			continue
		}
		inStage := (r0 + r1) / 2 * d
		if m := n - count; m < inStage {
			if m <= 0 {
				return t0, true
			}
			a := (r1 - r0) / (2 * d)
			tau := 2 * m / (r0 + math.Sqrt(math.Max(0, r0*r0+4*a*m)))
			return t0 + time.Duration(math.Round(tau*float64(time.Second))), true
		}
		count += inStage
		t0 += st.Duration
		r0 = r1
	}
	return 0, false
}

// Rate implements Pacer.
func (s Staged) Rate(elapsed time.Duration) Rate {
	var t0 time.Duration
	r0 := s.Start
	for _, st := range s.Stages {
		if elapsed < t0+st.Duration {
			f := float64(elapsed-t0) / float64(st.Duration)
			return r0 + Rate(f)*(st.Target-r0)
		}
		t0 += st.Duration
		r0 = st.Target
	}
	return 0
}

// Total is the number of submissions a staged plan schedules.
func (s Staged) Total() float64 {
	total, r0 := 0.0, float64(s.Start)
	for _, st := range s.Stages {
		total += (r0 + float64(st.Target)) / 2 * st.Duration.Seconds()
		r0 = float64(st.Target)
	}
	return total
}
