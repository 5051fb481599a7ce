package search

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// simConfig is a search of the 100-slot, 8-12 s system: warm-up one
// longest job, window three.
func simConfig(from pace.Rate) Config {
	return Config{Plan: Plan{From: from, Growth: 2, Precision: 0.05},
		Warmup: 12 * time.Second, Window: 36 * time.Second, Rule: DefaultStabilityRule()}
}

func TestSearchFindsKnownCapacity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		poisson bool
		window  time.Duration
		seeds   uint64
	}{
		{"even arrivals as the pacer sends them", false, 36 * time.Second, 20},
		{"Poisson arrivals, longer window", true, 120 * time.Second, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= seeds(tt.seeds); seed++ {
				findCapacity(t, seed, tt.poisson, tt.window)
			}
		})
	}
}

func findCapacity(t *testing.T, seed uint64, poisson bool, window time.Duration) {
	t.Helper()
	{
		sys := newSim(seed, 100, 8*time.Second, 12*time.Second)
		sys.poisson = poisson
		want := sys.capacity() // 10/s = 600/min
		cfg := simConfig(pace.Rate(0.5))
		cfg.Window = window
		res := Run(context.Background(), cfg, sys)
		if !res.Complete {
			t.Fatalf("seed %d: search not complete: %s", seed, res.Stopped)
		}
		if dev := float64(res.Found)/float64(want) - 1; math.Abs(dev) > 0.10 {
			t.Errorf("seed %d: found %s, capacity %s (%+.1f%%)\n%s", seed, res.Found, want, dev*100, textOf(t, res))
		}
		if len(res.Steps) >= res.LinearSteps {
			t.Errorf("seed %d: %d steps, a linear sweep takes %d", seed, len(res.Steps), res.LinearSteps)
		}
	}
}

// seeds is n, or 2 under the race detector (see raceDetector).
func seeds(n uint64) uint64 {
	if raceDetector {
		return min(n, 2)
	}
	return n
}

func textOf(t *testing.T, r Result) string {
	t.Helper()
	var b testWriter
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type testWriter []byte

func (w *testWriter) Write(p []byte) (int, error) { *w = append(*w, p...); return len(p), nil }

// oneStep runs a single step at rate on a fresh system with Poisson
// arrivals (noisier than the pacer's even ones) and a 2-minute window.
func oneStep(seed uint64, rate pace.Rate) Step {
	sys := newSim(seed, 100, 8*time.Second, 12*time.Second)
	sys.poisson = true
	c := withDefaults(simConfig(rate))
	c.Window = 120 * time.Second
	st, _ := c.step(context.Background(), sys, 1, rate, PhaseUp)
	return st
}

// TestStableRateIsNotCalledUnstable measures the false-positive rate of the
// stability rule at stable rates over many seeds.
func TestStableRateIsNotCalledUnstable(t *testing.T) {
	t.Parallel()
	n := seeds(200)
	for _, load := range []float64{0.8, 0.9} {
		bad := 0
		for seed := uint64(1); seed <= n; seed++ {
			if st := oneStep(seed, pace.Rate(10*load)); st.Verdict != VerdictGood {
				bad++
				if bad == 1 {
					t.Logf("load %.1f seed %d: %s", load, seed, st.Why)
				}
			}
		}
		fp := float64(bad) / float64(n)
		t.Logf("load %.0f%%: false positives %d of %d (%.1f%%)", load*100, bad, n, fp*100)
		if fp > 0.02 {
			t.Errorf("load %.0f%% of capacity: %.1f%% of stable steps called bad, want <= 2%%", load*100, fp*100)
		}
	}
}

// TestOverloadIsCalledUnstable is the rule's power: an overload of 10% or more is seen.
func TestOverloadIsCalledUnstable(t *testing.T) {
	t.Parallel()
	n := seeds(50)
	for _, load := range []float64{1.1, 1.3, 2} {
		missed := 0
		for seed := uint64(1); seed <= n; seed++ {
			if st := oneStep(seed, pace.Rate(10*load)); st.Verdict != VerdictBad {
				missed++
			}
		}
		t.Logf("load %.0f%%: missed %d of %d", load*100, missed, n)
		if float64(missed)/float64(n) > 0.05 {
			t.Errorf("load %.0f%% of capacity: %d of %d overloaded steps called good", load*100, missed, n)
		}
	}
}

func TestSLOBreachMakesStepBad(t *testing.T) {
	t.Parallel()
	slo, err := threshold.Parse("time_to_running_p95<1ms")
	if err != nil {
		t.Fatal(err)
	}
	sys := newSim(1, 100, 8*time.Second, 12*time.Second)
	c := withDefaults(simConfig(12))
	c.SLOs = []threshold.Threshold{slo}
	st, _ := c.step(context.Background(), sys, 1, 12, PhaseUp) // 120%: jobs wait for a slot
	if st.Verdict != VerdictBad || !strings.HasPrefix(st.Why, "SLO breached: time_to_running_p95") || len(st.SLOs) != 1 || !st.SLOs[0].Breached {
		t.Fatalf("verdict %s (%s), SLOs %+v: want bad by time_to_running_p95", st.Verdict, st.Why, st.SLOs)
	}
}
