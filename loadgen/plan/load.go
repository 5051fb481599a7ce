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
	// Random is true when arrivals come at random times (the closed
	// model's users think a random time), so the jobs in flight swing
	// around their mean and the cluster is sized for the swings' top.
	Random bool `json:"random,omitempty"`
	// Burst is how many jobs reach Karpenter in its first batch (the
	// closed model's users starting together, OpeningBurst); 0: none.
	Burst float64 `json:"burst,omitempty"`
}

// flight is how long jobs stay in flight (accepted to finished).
type flight struct {
	run time.Duration // a job whose pods find room on nodes already there
	// wait is what a job whose pods need new nodes adds: its driver's and
	// then its executors' node waits (see Input.waits).
	wait time.Duration
	// keep is how long room freed by ended jobs stays (Karpenter's
	// consolidateAfter, Cluster Autoscaler's scale-down-unneeded-time).
	keep time.Duration
}

// flow is what the load implies.
type flow struct {
	peakPerMin float64 // highest arrival rate
	total      float64 // jobs submitted over the plan
	// peakInFlight is the most jobs in flight at once: the transient
	// peak while the cluster grows (every job waits for nodes), or, with
	// random arrivals, the top of the swings around the steady state.
	peakInFlight float64
	// steadyInFlight is the most in flight with jobs lasting their run
	// time only (L = λ·W with W = run time).
	steadyInFlight float64
	waited         float64 // jobs that waited for new nodes
	jobSeconds     float64 // the jobs' time in flight, summed
}

// maxSteps bounds the integration's resolution (a step is at least 1 s).
const maxSteps = 200_000

// integrate walks the plan in steps. Arrivals per step (capped by MaxJobs)
// first take the room jobs ended earlier left on nodes still there (kept
// for fl.keep after the most in flight that needed them); the rest need
// new nodes and stay fl.wait longer. A job arriving at i leaves at i +
// its time in flight, so for a steady rate with no waits the jobs in flight
// are L = λ·W, and while the cluster grows they are λ·(W + wait).
func (l Load) integrate(fl flight) flow {
	end := l.Length + fl.run + fl.wait
	step := max(time.Second, end/maxSteps)
	n := int(end/step) + 1
	runSteps, waitSteps := ceilSteps(fl.run, step), ceilSteps(fl.run+fl.wait, step)
	leave, leaveSteady := make([]float64, n+waitSteps+1), make([]float64, n+runSteps+1)
	room := newSlidingMax(max(1, ceilSteps(fl.keep, step)))
	var f flow
	var inFlight, steady float64
	for i := range n {
		inFlight, steady = inFlight-leave[i], steady-leaveSteady[i]
		a := l.arrivals(i, step, &f)
		reuse := math.Min(a, math.Max(0, room.max()-inFlight))
		leave[i+runSteps] += reuse
		leave[i+waitSteps] += a - reuse
		leaveSteady[i+runSteps] += a
		inFlight, steady = inFlight+a, steady+a
		room.push(inFlight)
		f.waited += a - reuse
		f.jobSeconds += reuse*fl.run.Seconds() + (a-reuse)*(fl.run+fl.wait).Seconds()
		f.peakInFlight, f.steadyInFlight = math.Max(f.peakInFlight, inFlight), math.Max(f.steadyInFlight, steady)
	}
	if l.Random {
		f.peakInFlight = math.Max(f.peakInFlight, randomPeak(f.steadyInFlight, l.Length, fl.run))
	}
	return f
}

// arrivals is step i's arrivals, added to f's totals.
func (l Load) arrivals(i int, step time.Duration, f *flow) float64 {
	t := time.Duration(i) * step
	if t >= l.Length || (l.MaxJobs > 0 && f.total >= float64(l.MaxJobs)) {
		return 0
	}
	r := l.Rate(t)
	f.peakPerMin = math.Max(f.peakPerMin, r*60)
	a := r * min(step, l.Length-t).Seconds()
	if l.MaxJobs > 0 {
		a = math.Min(a, float64(l.MaxJobs)-f.total)
	}
	f.total += a
	return a
}

func ceilSteps(d, step time.Duration) int { return int(math.Ceil(float64(d) / float64(step))) }

// randomPeak is the expected top of the jobs in flight when arrivals are
// random: in flight is then about Poisson with mean L, so over the n =
// length / run time independent windows a run holds, its highest is about
// L + z·√L with z the normal quantile n/(n+1) (the expected largest of n
// draws). dev's closed model at --time-scale 10 (L 26, n 9) gives 33, the
// rehearsal's peak.
func randomPeak(l float64, length, run time.Duration) float64 {
	if l <= 0 || run <= 0 {
		return l
	}
	n := max(1, length.Seconds()/run.Seconds())
	z := math.Sqrt2 * math.Erfinv(2*(n/(n+1))-1)
	return l + z*math.Sqrt(l)
}

// slidingMax is the highest of the last size values pushed (a monotonic
// deque).
type slidingMax struct {
	size, pushed int
	idx          []int
	val          []float64
}

func newSlidingMax(size int) *slidingMax { return &slidingMax{size: size} }

func (s *slidingMax) push(v float64) {
	for len(s.val) > 0 && s.val[len(s.val)-1] <= v {
		s.idx, s.val = s.idx[:len(s.idx)-1], s.val[:len(s.val)-1]
	}
	s.idx, s.val = append(s.idx, s.pushed), append(s.val, v)
	s.pushed++
	if s.idx[0] <= s.pushed-1-s.size {
		s.idx, s.val = s.idx[1:], s.val[1:]
	}
}

func (s *slidingMax) max() float64 {
	if len(s.val) == 0 {
		return 0
	}
	return s.val[0]
}
