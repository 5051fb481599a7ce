package runner

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// BenchmarkScheduleLag: p99 of (call start - due time) for an open model at
// 200 submissions/s on the real clock, with a 50 ms call latency.
func BenchmarkScheduleLag(b *testing.B) {
	for b.Loop() {
		var mu sync.Mutex
		var lags []time.Duration
		h := Hooks{Submit: func(ctx context.Context, s Slot) {
			lag := time.Since(s.Scheduled)
			mu.Lock()
			lags = append(lags, lag)
			mu.Unlock()
			time.Sleep(50 * time.Millisecond)
		}, Skip: func(Slot, string) { b.Error("skipped a submission") }}
		Run(b.Context(), Config{Pacer: pace.Constant{Per: 200}, Duration: 5 * time.Second}, h)
		slices.Sort(lags)
		b.ReportMetric(float64(lags[len(lags)*99/100])/float64(time.Millisecond), "lag-p99-ms")
		b.ReportMetric(float64(lags[len(lags)/2])/float64(time.Millisecond), "lag-p50-ms")
	}
}
