package plan

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// With no node wait a steady rate keeps L = λ·W in flight; while the
// cluster grows every job waits for nodes, so the peak is λ·(W + wait), and
// once the first jobs end the rest find their room and W is the run time.
func TestInFlightGrowsByTheNodeWait(t *testing.T) {
	t.Parallel()
	load := constant(60, 30*time.Minute)
	f := load.integrate(flight{run: 10 * time.Minute, keep: time.Minute})
	if !near(f.peakInFlight, 600, 1e-6) || !near(f.steadyInFlight, 600, 1e-6) {
		t.Errorf("no wait: peak %.1f, steady %.1f; want 600 and 600", f.peakInFlight, f.steadyInFlight)
	}
	f = load.integrate(flight{run: 10 * time.Minute, wait: 90 * time.Second, keep: time.Minute})
	if !near(f.peakInFlight, 690, 1e-6) || !near(f.steadyInFlight, 600, 1e-6) {
		t.Errorf("90 s wait: peak %.1f, steady %.1f; want 690 (60/min x 11.5 min) and 600", f.peakInFlight, f.steadyInFlight)
	}
	if !near(f.waited, 690, 1e-6) {
		t.Errorf("%.1f jobs waited, want the 690 arriving before the first ends", f.waited)
	}
	if want := 1800*600 + 690*90.0; !near(f.jobSeconds, want, 1e-3) {
		t.Errorf("job seconds %.0f, want %.0f (1,800 runs of 10 min + 690 waits of 90 s)", f.jobSeconds, want)
	}
}

// A plan shorter than the time in flight has all its jobs in flight at its end.
func TestShortPlanHoldsAllItsJobs(t *testing.T) {
	t.Parallel()
	f := constant(60, 5*time.Minute).integrate(flight{run: 10 * time.Minute, wait: 90 * time.Second, keep: time.Minute})
	if !near(f.peakInFlight, 300, 1e-6) || !near(f.total, 300, 1e-6) {
		t.Errorf("peak %.1f of %.1f jobs, want 300 of 300", f.peakInFlight, f.total)
	}
}

// Room outlives its jobs only for keep: after a pause longer than the run
// time a second burst waits for nodes again, unless the nodes were kept.
func TestRoomIsKeptOnlyForKeep(t *testing.T) {
	t.Parallel()
	burst := Load{Length: 55 * time.Minute, Rate: func(t time.Duration) float64 {
		if t >= 20*time.Minute && t < 35*time.Minute { // 15 min pause: every job of the first burst ends
			return 0
		}
		return 1
	}}
	for _, tc := range []struct {
		keep   time.Duration
		waited float64
	}{{time.Minute, 2 * 690}, {30 * time.Minute, 690}} {
		f := burst.integrate(flight{run: 10 * time.Minute, wait: 90 * time.Second, keep: tc.keep})
		if !near(f.waited, tc.waited, 1e-6) || !near(f.peakInFlight, 690, 1e-6) {
			t.Errorf("keep %s: %.1f jobs waited, peak %.1f; want %.0f and 690", tc.keep, f.waited, f.peakInFlight, tc.waited)
		}
	}
}

// Random arrivals: the top of L + z·√L over length/run windows. dev's
// closed model at --time-scale 10 (24.1/min, jobs 50-80 s, 10 min) had 33
// jobs in flight at its peak in the rehearsal (bench/README.md).
func TestRandomArrivalsPeak(t *testing.T) {
	t.Parallel()
	if got := randomPeak(26.1, 10*time.Minute, 65*time.Second); !near(got, 32.7, 0.05) {
		t.Errorf("randomPeak(26.1, 10m, 65s) = %.2f, want 32.7 (z = 1.29 for 9.2 windows)", got)
	}
	if got := randomPeak(100, time.Minute, 10*time.Minute); got != 100 {
		t.Errorf("one window: %.2f, want the mean 100 (z = 0)", got)
	}
	dev := Load{Rate: func(time.Duration) float64 { return 24.1 / 60 }, Length: 10 * time.Minute, Random: true}
	f := dev.integrate(flight{run: 65 * time.Second, wait: 11 * time.Second, keep: time.Minute})
	if got := math.Ceil(f.peakInFlight); got != 33 {
		t.Errorf("dev at --time-scale 10: peak %.1f, want 33 (rehearsed)", f.peakInFlight)
	}
}

// A lone job waits Karpenter's 1 s idle window; a stream waits half its
// 10 s maximum plus half the idle window.
func TestBatchWait(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		perSec float64
		want   time.Duration
	}{{0, time.Second}, {0.4, 1115 * time.Millisecond}, {100, 5500 * time.Millisecond}} {
		if got := batchWait(tc.perSec); got != tc.want {
			t.Errorf("batchWait(%v) = %s, want %s", tc.perSec, got, tc.want)
		}
	}
}

func TestKarpenterKeepIsTheNodePoolsConsolidateAfter(t *testing.T) {
	t.Parallel()
	if d, err := time.ParseDuration(karpenter.DefaultConsolidate); err != nil || d != karpenterKeep {
		t.Errorf("karpenter.DefaultConsolidate %q, karpenterKeep %s: want them equal", karpenter.DefaultConsolidate, karpenterKeep)
	}
}

func TestSlidingMaxAgainstBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{1, 3, 17} {
		s, seen := newSlidingMax(size), []float64{}
		for range 500 {
			v := float64(rng.IntN(50))
			s.push(v)
			seen = append(seen, v)
			want := seen[max(0, len(seen)-size)]
			for _, x := range seen[max(0, len(seen)-size):] {
				want = math.Max(want, x)
			}
			if s.max() != want {
				t.Fatalf("size %d after %d values: max %v, want %v", size, len(seen), s.max(), want)
			}
		}
	}
}
