package search

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// StabilityRule is the built-in criterion that a rate is sustainable: the
// backlog (jobs sent and not yet running) does not grow, and completions keep
// pace with arrivals.
//
// The backlog test is an ordinary least-squares slope over batch means with
// a one-sided t-test. A queue length is strongly autocorrelated, so a t-test
// on raw samples (or Mann-Kendall, which also assumes independent
// observations) calls a wandering but stable queue "growing" far more often
// than alpha says; the mean of each of Batches equal slices of the window is
// close to independent of its neighbours once a slice is longer than the
// queue's relaxation time, so the OLS standard error of the slope over the
// batch means is honest (the batch-means method of simulation output
// analysis). A significant slope is also required to matter: the backlog
// must grow by more than MaxGrowth of the window's arrivals (and MinGrowth
// jobs), since with enough jobs any tiny drift becomes significant.
type StabilityRule struct {
	Batches   int     // slices of the measured window (>= 4)
	Alpha     float64 // one-sided significance level of the slope test
	MaxGrowth float64 // backlog growth over the window tolerated, as a share of the window's arrivals
	MinGrowth float64 // ... and in jobs
	// LittleTolerance bounds |L/(λ·W) - 1|: L the mean number of jobs in the
	// system, λ the arrival rate, W the mean time in the system of the jobs
	// that finished in the window. Judged only when at least LittleMinJobs
	// finished; with n finished jobs the bound is widened to 3/√n, since
	// the three estimates carry the counting noise of a finite window.
	LittleTolerance float64
	LittleMinJobs   int
}

// DefaultStabilityRule is the rule `loadgen search` uses.
func DefaultStabilityRule() StabilityRule {
	return StabilityRule{Batches: 10, Alpha: 0.01, MaxGrowth: 0.02, MinGrowth: 2, LittleTolerance: 0.25, LittleMinJobs: 20}
}

// Stability is the verdict of the rule on one measured window.
type Stability struct {
	BacklogMean float64 `json:"backlog_mean"`  // time-averaged jobs waiting to run
	Slope       float64 `json:"backlog_slope"` // jobs per second
	SlopeSE     float64 `json:"backlog_slope_se"`
	T           float64 `json:"t"`
	P           float64 `json:"p"`      // one-sided p-value of slope > 0
	Growth      float64 `json:"growth"` // Slope × window, jobs
	Arrivals    int     `json:"arrivals"`

	InSystem    float64 `json:"little_l"`      // L: time-averaged jobs sent and not finished
	Lambda      float64 `json:"little_lambda"` // arrivals per second
	TimeInSys   float64 `json:"little_w"`      // W, seconds
	LittleRatio float64 `json:"little_ratio"`  // L / (λ·W); 0 when not judged
	Finished    int     `json:"finished"`

	Stable bool   `json:"stable"`
	Why    string `json:"why,omitempty"` // why not stable
}

// slopeTest fits y = a + b·x by least squares and tests b > 0 one-sided.
// It returns b, its standard error, t and the p-value.
func slopeTest(x, y []float64) (b, se, t, p float64) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxx, sxy float64
	for i := range x {
		sxx += (x[i] - mx) * (x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
	}
	if sxx == 0 || n < 3 {
		return 0, 0, 0, 1
	}
	b = sxy / sxx
	var ssr float64
	for i := range x {
		r := y[i] - (my + b*(x[i]-mx))
		ssr += r * r
	}
	se = math.Sqrt(ssr / (n - 2) / sxx)
	switch {
	case se == 0 && b > 0:
		return b, 0, math.Inf(1), 0
	case se == 0:
		return b, 0, 0, 1
	}
	t = b / se
	return b, se, t, distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 2}.Survival(t)
}

// judge applies the rule to a window's measurements.
func (r StabilityRule) judge(m windowStats) Stability {
	s := Stability{BacklogMean: mean(m.batches), Arrivals: m.arrivals, InSystem: m.inSystem,
		Lambda: m.lambda, TimeInSys: m.timeInSys, Finished: m.finished}
	x := make([]float64, len(m.batches))
	for i := range x {
		x[i] = (float64(i) + 0.5) * m.width
	}
	s.Slope, s.SlopeSE, s.T, s.P = slopeTest(x, m.batches)
	s.Growth = s.Slope * m.width * float64(len(m.batches))
	floor := math.Max(r.MinGrowth, r.MaxGrowth*float64(m.arrivals))
	s.Stable = true
	if s.P < r.Alpha && s.Growth > floor {
		s.Stable = false
		s.Why = fmt.Sprintf("backlog grows %.3g jobs/s (+%.0f jobs over the window, p=%.2g)", s.Slope, s.Growth, s.P)
	}
	if m.finished >= r.LittleMinJobs && s.Lambda > 0 && s.TimeInSys > 0 {
		s.LittleRatio = s.InSystem / (s.Lambda * s.TimeInSys)
		tol := math.Max(r.LittleTolerance, 3/math.Sqrt(float64(m.finished)))
		if math.Abs(s.LittleRatio-1) > tol && s.Stable {
			s.Stable = false
			s.Why = fmt.Sprintf("completions do not keep pace: L/(λ·W) = %.2f (Little's law, tolerance %.0f%%)", s.LittleRatio, tol*100)
		}
	}
	return s
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
