package metrics_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

// exercise touches every collector once so every family is exposed.
func exercise(m *metrics.Metrics) {
	m.Submissions.WithLabelValues(metrics.TargetLocal, "emr-jobs-0", metrics.ResultOK).Inc()
	m.Dropped.WithLabelValues(metrics.TargetLocal).Inc()
	m.IDConflicts.WithLabelValues(metrics.TargetLocal).Inc()
	m.SubmitLatency.WithLabelValues(metrics.TargetLocal, "emr-jobs-0", metrics.ResultOK).Observe(0.2)
	m.Phase.WithLabelValues(metrics.TargetLocal, "emr-jobs-0", metrics.PhaseRunning).Observe(42)
	m.Finished.WithLabelValues(metrics.TargetLocal, "emr-jobs-0", metrics.StateSucceeded).Inc()
	m.Jobs.WithLabelValues(metrics.TargetLocal, metrics.StateRunning).Set(3)
	m.Users.Set(5)
	m.TargetRate.Set(2.5)
	m.AchievedRate.Set(2.4)
	m.ScheduleLag.Set(0.01)
	m.SetRunInfo("s1", metrics.TargetLocal, metrics.ModelOpen)
}

func TestRegisterExposesExactlyTheContract(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewPedanticRegistry()
	exercise(metrics.Register(reg))
	families, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	var got []string
	for _, f := range families {
		got = append(got, f.GetName())
	}
	want := slices.Clone(metrics.Names())
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("exposed families = %v, want %v", got, want)
	}
}

func TestMetricNamesFollowPrometheusConventions(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	exercise(metrics.Register(reg))
	problems, err := testutil.GatherAndLint(reg)
	if err != nil {
		t.Fatalf("lint: %v", err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
	for _, n := range metrics.Names() {
		if !strings.HasPrefix(n, metrics.Namespace+"_") {
			t.Errorf("%s lacks the %q prefix", n, metrics.Namespace)
		}
	}
}

func TestCountersAndHistogramsRecordWhatTheyAreGiven(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m := metrics.Register(reg)
	sub := m.Submissions.WithLabelValues(metrics.TargetEMR, "ns-1", metrics.ResultShed)
	sub.Add(3)
	if got := testutil.ToFloat64(sub); got != 3 {
		t.Errorf("submissions = %v, want 3", got)
	}
	m.Phase.WithLabelValues(metrics.TargetEMR, "ns-1", metrics.PhaseFinished).Observe(5400)
	want := `
# HELP loadgen_job_phase_seconds Seconds from job creation to reaching the phase (execution: running to finished).
# TYPE loadgen_job_phase_seconds histogram
` + phaseBucketsText(5400)
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), metrics.PhaseSeconds); err != nil {
		t.Error(err)
	}
}

// phaseBucketsText is the exposition of one observation of v seconds:
// every bucket whose bound is at least v counts it.
func phaseBucketsText(v float64) string {
	var b strings.Builder
	labels := `job_namespace="ns-1",phase="finished",target="emr"`
	for _, le := range append(slices.Clone(metrics.PhaseBuckets), math.Inf(1)) {
		n := 0
		if v <= le {
			n = 1
		}
		fmt.Fprintf(&b, "loadgen_job_phase_seconds_bucket{%s,le=\"%s\"} %d\n", labels, formatLE(le), n)
	}
	fmt.Fprintf(&b, "loadgen_job_phase_seconds_sum{%s} %g\n", labels, v)
	fmt.Fprintf(&b, "loadgen_job_phase_seconds_count{%s} 1\n", labels)
	return b.String()
}

func formatLE(le float64) string {
	if math.IsInf(le, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(le, 'g', -1, 64)
}

func TestRegisterTwiceOnOneRegistryPanics(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	metrics.Register(reg)
	defer func() {
		if recover() == nil {
			t.Fatal("second Register on the same registry did not panic")
		}
	}()
	metrics.Register(reg)
}

func TestBucketsAreIncreasingAndReachHours(t *testing.T) {
	t.Parallel()
	for name, b := range map[string][]float64{"submit": metrics.SubmitLatencyBuckets, "phase": metrics.PhaseBuckets} {
		if !sort.Float64sAreSorted(b) || len(slices.Compact(slices.Clone(b))) != len(b) {
			t.Errorf("%s buckets not strictly increasing: %v", name, b)
		}
	}
	if last := metrics.PhaseBuckets[len(metrics.PhaseBuckets)-1]; last < 3600 {
		t.Errorf("phase buckets end at %v s, want at least an hour", last)
	}
}

func TestSeriesNamesExpandHistograms(t *testing.T) {
	t.Parallel()
	s := metrics.SeriesNames()
	for _, want := range []string{metrics.SubmitLatencySeconds + "_bucket", metrics.PhaseSeconds + "_count", metrics.Users} {
		if !slices.Contains(s, want) {
			t.Errorf("SeriesNames lacks %s", want)
		}
	}
	if slices.Contains(s, metrics.PhaseSeconds) {
		t.Errorf("SeriesNames has the bare histogram name %s", metrics.PhaseSeconds)
	}
}

// Every final state of job (job.IsFinal over job's states) has a FinalState
// label of the contract, and no other state has one.
func TestFinalStateLabelFollowsIsFinal(t *testing.T) {
	t.Parallel()
	all := []string{job.StateNew, job.StatePending, job.StateSubmitted, job.StateRunning, job.StateCancelPending,
		job.StateCompleted, job.StateFailed, job.StateCancelled, job.StateSubmissionFailed}
	want := map[string]string{job.StateCompleted: metrics.StateSucceeded, job.StateFailed: metrics.StateFailed,
		job.StateCancelled: metrics.StateCancelled, job.StateSubmissionFailed: metrics.StateFailed}
	for _, s := range append(all, job.FinalStates...) {
		label, ok := metrics.FinalStateLabel(s)
		if ok != job.IsFinal(s) || label != want[s] || (ok && !slices.Contains(metrics.FinalStates, label)) {
			t.Errorf("FinalStateLabel(%q) = %q, %v; want %q, %v", s, label, ok, want[s], job.IsFinal(s))
		}
	}
}
