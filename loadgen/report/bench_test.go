package report_test

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

// BenchmarkWriteAll100k writes report.json, jobs.csv and report.html for 100,000 jobs.
func BenchmarkWriteAll100k(b *testing.B) {
	r := statstest.Run(100_000)
	s := stats.Summarize(r)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := report.WriteAll(dir, r, s); err != nil {
			b.Fatal(err)
		}
	}
}
