package stats_test

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

// BenchmarkSummarize100k summarizes 100,000 jobs (an 11-hour run at 150 jobs per minute).
func BenchmarkSummarize100k(b *testing.B) {
	r := statstest.Run(100_000)
	b.ReportAllocs()
	for b.Loop() {
		_ = stats.Summarize(r)
	}
}

// BenchmarkMerge8Workers merges the summaries of 8 workers of 12,500 jobs each.
func BenchmarkMerge8Workers(b *testing.B) {
	var parts []stats.Summary
	for w := range 8 {
		parts = append(parts, stats.Summarize(statstest.WorkerRun(w, 12_500)))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stats.Merge(parts...); err != nil {
			b.Fatal(err)
		}
	}
}
