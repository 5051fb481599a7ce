package stats_test

import (
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

// submitRun builds a run whose submit latencies are exactly the given durations.
func submitRun(lat []time.Duration) stats.Run {
	r := stats.Run{Start: statstest.Base, End: statstest.Base.Add(time.Hour)}
	for i, d := range lat {
		at := statstest.Base.Add(time.Duration(i) * time.Millisecond)
		r.Jobs = append(r.Jobs, stats.Job{Index: int64(i), Outcome: job.OutcomeOther, Scheduled: at,
			SubmitStart: at, SubmitEnd: at.Add(d)})
	}
	return r
}

func TestPercentilesOfCraftedDistributions(t *testing.T) {
	t.Parallel()
	uniform := make([]time.Duration, 1000) // 1µs..1000µs: exact below 2048µs at 3 digits
	for i := range uniform {
		uniform[i] = time.Duration(i+1) * time.Microsecond
	}
	bimodal := make([]time.Duration, 0, 1000) // 990 fast calls, 10 slow ones
	for i := range 1000 {
		bimodal = append(bimodal, map[bool]time.Duration{true: 5 * time.Second, false: 10 * time.Millisecond}[i%100 == 99])
	}
	tests := []struct {
		name                     string
		values                   []time.Duration
		p50, p90, p95, p99, pmax time.Duration
		exact                    bool
	}{
		{"uniform microseconds", uniform, 500 * time.Microsecond, 900 * time.Microsecond, 950 * time.Microsecond, 990 * time.Microsecond, 1000 * time.Microsecond, true},
		{"bimodal: p99 fast, max slow", bimodal, 10 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond, 5 * time.Second, false},
		{"single value", []time.Duration{1500 * time.Millisecond}, 1500 * time.Millisecond, 1500 * time.Millisecond, 1500 * time.Millisecond, 1500 * time.Millisecond, 1500 * time.Millisecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := stats.Summarize(submitRun(tt.values)).Latency[stats.LatSubmit]
			if d.Count != int64(len(tt.values)) {
				t.Fatalf("count = %d, want %d", d.Count, len(tt.values))
			}
			got := []time.Duration{d.P50, d.P90, d.P95, d.P99, d.Max}
			want := []time.Duration{tt.p50, tt.p90, tt.p95, tt.p99, tt.pmax}
			for i := range got {
				if tt.exact && got[i] != want[i] || !tt.exact && !equivalent(d, got[i], want[i]) {
					t.Errorf("percentile #%d = %v, want %v (exact=%v)", i, got[i], want[i], tt.exact)
				}
			}
		})
	}
}

// equivalent: within the histogram's precision (3 significant digits).
func equivalent(d stats.Dist, a, b time.Duration) bool {
	return d.H.ValuesAreEquivalent(int64(a/time.Microsecond), int64(b/time.Microsecond))
}

func TestDistClampsOutOfRangeValues(t *testing.T) {
	t.Parallel()
	d := stats.Summarize(submitRun([]time.Duration{-time.Second, 8 * 24 * time.Hour, time.Millisecond})).Latency[stats.LatSubmit]
	if d.Count != 3 || d.Clamped != 2 {
		t.Fatalf("count %d clamped %d, want 3 and 2", d.Count, d.Clamped)
	}
	if d.Min != 0 {
		t.Errorf("min = %v, want 0 (negative clamped to 0)", d.Min)
	}
	if !equivalent(d, d.Max, 7*24*time.Hour) {
		t.Errorf("max = %v, want the 7-day bound", d.Max)
	}
}

func TestPercentileAtAnyQuantile(t *testing.T) {
	t.Parallel()
	vals := make([]time.Duration, 1000)
	for i := range vals {
		vals[i] = time.Duration(i+1) * time.Microsecond
	}
	d := stats.Summarize(submitRun(vals)).Latency[stats.LatSubmit]
	for p, want := range map[float64]time.Duration{99.9: 999 * time.Microsecond, 0: time.Microsecond, 100: 1000 * time.Microsecond, 25: 250 * time.Microsecond} {
		if got := d.Percentile(p); got != want {
			t.Errorf("Percentile(%v) = %v, want %v", p, got, want)
		}
	}
	if got := (stats.Dist{}).Percentile(50); got != 0 {
		t.Errorf("empty Percentile = %v, want 0", got)
	}
}
