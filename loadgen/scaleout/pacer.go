package scaleout

import (
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// Pacer gives worker w its share of an open-model plan: of the whole plan's
// hits it takes every Count-th, starting at its Index (hits i, i+N, i+2N,
// ...), so N workers together follow the plan exactly, ramps included, and
// their submissions interleave instead of arriving in bursts.
type Pacer struct {
	Plan   pace.Pacer
	Worker Worker
}

// Pace is the whole plan's Pace for this worker's hits-th submission.
func (p Pacer) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	return p.Plan.Pace(elapsed, hits*uint64(p.Worker.Count)+uint64(p.Worker.Index))
}

// Rate is this worker's share of the plan's rate.
func (p Pacer) Rate(elapsed time.Duration) pace.Rate {
	return pace.Rate(p.Worker.Rate(float64(p.Plan.Rate(elapsed))))
}
