package plan

import (
	"math"
	"time"
)

// Load is the arrival side of a plan.
type Load struct {
	// Model describes it, e.g. "open: 150/min" or "closed: 10 users".
	Model string `json:"model"`
	// Rate is the arrival rate in jobs per second at elapsed time t
	// (open model: the pacer's rate; closed: users / mean think time).
	Rate func(t time.Duration) float64 `json:"-"`
	// Length is how long arrivals go on (--duration, or the stages' sum).
	Length time.Duration `json:"length"`
	// MaxJobs stops arrivals after this many (0: no limit).
	MaxJobs int64 `json:"maxJobs,omitempty"`
}

// flow is what the load implies with jobs lasting runTime.
type flow struct {
	peakPerMin   float64 // highest arrival rate
	total        float64 // jobs submitted over the plan
	peakInFlight float64 // Little's law over a sliding window: max of the arrivals of the last runTime
}

// maxSteps bounds the integration's resolution (a step is at least 1 s).
const maxSteps = 200_000

// integrate walks the plan in steps: arrivals per step, capped by MaxJobs;
// jobs in flight at t are the arrivals in (t - runTime, t] (L = λ·W for a
// steady rate, exact for a ramp).
func (l Load) integrate(runTime time.Duration) flow {
	end := l.Length + runTime
	step := max(time.Second, end/maxSteps)
	n := int(end/step) + 1
	arrivals := make([]float64, n)
	var f flow
	for i := range n {
		t := time.Duration(i) * step
		if t >= l.Length || (l.MaxJobs > 0 && f.total >= float64(l.MaxJobs)) {
			continue
		}
		r := l.Rate(t)
		f.peakPerMin = math.Max(f.peakPerMin, r*60)
		a := r * min(step, l.Length-t).Seconds()
		if l.MaxJobs > 0 {
			a = math.Min(a, float64(l.MaxJobs)-f.total)
		}
		arrivals[i], f.total = a, f.total+a
	}
	window := int(math.Ceil(float64(runTime) / float64(step)))
	var inFlight float64
	for i := range n {
		inFlight += arrivals[i]
		if i >= window {
			inFlight -= arrivals[i-window]
		}
		f.peakInFlight = math.Max(f.peakInFlight, inFlight)
	}
	return f
}
