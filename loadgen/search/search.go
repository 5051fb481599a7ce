// Package search finds the highest arrival rate a target sustains: it steps
// the rate up exponentially from a start until a step breaks an SLO or the
// built-in stability rule, then bisects between the last good and the first
// bad rate to a relative precision. Each step discards a warm-up, measures a
// window, and judges it (Judge). The logic is pure: it drives a System
// (the real engine session through EngineSystem, or a simulation in tests)
// and never reads a wall clock itself.
package search

import (
	"fmt"
	"math"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// Defaults of a Plan.
const (
	DefaultGrowth    = 2.0
	DefaultPrecision = 0.05
	// DefaultMaxSteps bounds a search whatever the bracket does.
	DefaultMaxSteps = 30
	// floorSteps is how many times the rate is divided by Growth below From,
	// when From itself is not sustainable, before the search gives up.
	floorSteps = 6
)

// Plan is how the arrival rate is searched.
type Plan struct {
	From      pace.Rate // the first step's rate
	Growth    float64   // factor between steps while stepping up
	Precision float64   // stop when first bad - last good <= Precision × last good
	MaxRate   pace.Rate // never step above it (0: no limit)
}

// Phases of a step.
const (
	PhaseUp     = "step-up"
	PhaseDown   = "step-down"
	PhaseBisect = "bisect"
)

// bracket is the search's state: the highest good and the lowest bad rate
// seen so far (0: none yet).
type bracket struct {
	plan      Plan
	good, bad pace.Rate
}

// next is the rate of the next step and its phase; done says the search is
// over, with why.
func (b *bracket) next() (rate pace.Rate, phase string, done string) {
	p := b.plan
	switch {
	case b.good == 0 && b.bad == 0:
		return p.From, PhaseUp, ""
	case b.bad == 0:
		if p.MaxRate > 0 && b.good >= p.MaxRate {
			return 0, "", fmt.Sprintf("every step up to --max-rate %s was sustainable", p.MaxRate)
		}
		r := b.good * pace.Rate(p.Growth)
		if p.MaxRate > 0 {
			r = min(r, p.MaxRate)
		}
		return r, PhaseUp, ""
	case b.good == 0:
		floor := p.From / pace.Rate(math.Pow(p.Growth, floorSteps))
		if b.bad <= floor*1.0000001 {
			return 0, "", fmt.Sprintf("no sustainable rate down to %s", b.bad)
		}
		return b.bad / pace.Rate(p.Growth), PhaseDown, ""
	case float64(b.bad-b.good) <= p.Precision*float64(b.good):
		return 0, "", fmt.Sprintf("bracket within %.3g%%", p.Precision*100)
	}
	return (b.good + b.bad) / 2, PhaseBisect, ""
}

// record folds a judged step into the bracket.
func (b *bracket) record(rate pace.Rate, good bool) {
	switch {
	case good && rate > b.good:
		b.good = rate
	case !good && (b.bad == 0 || rate < b.bad):
		b.bad = rate
	}
}

// LinearSteps is how many steps a linear sweep from `from` in increments of
// precision × found would take to reach the first bad rate: the cost of the
// same precision without bisection.
func LinearSteps(from, found, firstBad pace.Rate, precision float64) int {
	if found <= 0 || firstBad <= from || precision <= 0 {
		return 0
	}
	inc := float64(found) * precision
	return int(math.Ceil(float64(firstBad-from)/inc)) + 1
}
