package search

import (
	"context"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// BenchmarkSearchDefaultLocalModel searches the default local model's
// shape (100 slots, jobs of 500-800 s: 100 / 650 s = 9.23/min) in virtual
// time, from 1/min, with 15-minute warm-ups and 30-minute windows, and
// reports the rate found against the analytic capacity and the steps taken
// against a linear sweep at the same precision.
func BenchmarkSearchDefaultLocalModel(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		sys := newSim(uint64(i+1), 100, 500*time.Second, 800*time.Second)
		cfg := Config{Plan: Plan{From: pace.Rate(1.0 / 60), Growth: 2, Precision: 0.05},
			Warmup: 15 * time.Minute, Window: 30 * time.Minute, Settle: 20 * time.Second}
		res := Run(context.Background(), cfg, sys)
		b.ReportMetric(res.FoundMin, "found/min")
		b.ReportMetric(float64(sys.capacity())*60, "capacity/min")
		b.ReportMetric(res.FoundMin/(float64(sys.capacity())*60), "found/capacity")
		b.ReportMetric(float64(len(res.Steps)), "steps")
		b.ReportMetric(float64(res.LinearSteps), "linear-steps")
	}
}
