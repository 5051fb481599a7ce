package stats_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

// union concatenates the jobs and samples of several worker runs into one Run.
func union(runs ...stats.Run) stats.Run {
	u := runs[0]
	u.Jobs, u.Samples = nil, nil
	for _, r := range runs {
		u.Jobs = append(u.Jobs, r.Jobs...)
		u.Samples = append(u.Samples, r.Samples...)
		if r.Start.Before(u.Start) {
			u.Start = r.Start
		}
		if r.End.After(u.End) {
			u.End = r.End
		}
	}
	return u
}

// sameSpan gives every worker the same start and end, as workers of one session have.
func sameSpan(end time.Time) func(*stats.Run) { return func(r *stats.Run) { r.End = end } }

func TestMergeEqualsSummaryOfTheUnion(t *testing.T) {
	t.Parallel()
	end := statstest.Base.Add(2 * time.Hour)
	tests := []struct {
		name string
		runs []stats.Run
	}{
		{"three workers, tracking samples", []stats.Run{
			statstest.WorkerRun(0, 900, sameSpan(end), statstest.WithSamples(0, 30*time.Second)),
			statstest.WorkerRun(1, 500, sameSpan(end), statstest.WithSamples(1, 45*time.Second)),
			statstest.WorkerRun(2, 1200, sameSpan(end), statstest.WithSamples(2, 30*time.Second)),
		}},
		{"two workers, no samples", []stats.Run{
			statstest.WorkerRun(0, 700, sameSpan(end)), statstest.WorkerRun(1, 800, sameSpan(end)),
		}},
		{"one worker", []stats.Run{statstest.WorkerRun(3, 100, sameSpan(end))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var parts []stats.Summary
			for _, r := range tt.runs {
				parts = append(parts, stats.Summarize(r))
			}
			got, err := stats.Merge(parts...)
			if err != nil {
				t.Fatal(err)
			}
			want := stats.Summarize(union(tt.runs...))
			for _, name := range stats.LatencyNames {
				if !got.Latency[name].H.Equals(want.Latency[name].H) {
					t.Errorf("%s: merged histogram differs from the histogram of the union", name)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("merged summary differs from the summary of the union:\n got %+v\nwant %+v", brief(got), brief(want))
			}
		})
	}
}

func brief(s stats.Summary) any {
	return []any{s.Jobs, s.Outcomes, s.FinalStates, s.Rates, s.Ratios, s.Latency[stats.LatSubmit].P99, len(s.Series.Buckets), s.Series.Width}
}

func TestMergeRecutsDifferentBucketWidths(t *testing.T) {
	t.Parallel()
	short := statstest.WorkerRun(0, 100) // 10m40s: 10 s buckets
	long := statstest.WorkerRun(1, 9000) // 70 min: 1 min buckets
	got, err := stats.Merge(stats.Summarize(short), stats.Summarize(long))
	if err != nil {
		t.Fatal(err)
	}
	want := stats.Summarize(union(short, long))
	if got.Series.Width != time.Minute || got.Series.Width != want.Series.Width {
		t.Fatalf("width %v, want %v", got.Series.Width, want.Series.Width)
	}
	for i := range want.Series.Buckets {
		g, w := got.Series.Buckets[i], want.Series.Buckets[i]
		if g.Sent != w.Sent || g.Scheduled != w.Scheduled || !sameHist(g.Submit, w.Submit) {
			t.Errorf("bucket %d: sent %d/%d scheduled %d/%d", i, g.Sent, w.Sent, g.Scheduled, w.Scheduled)
		}
	}
	if got.Latency[stats.LatRunTime].P99 != want.Latency[stats.LatRunTime].P99 || got.Jobs != 9100 {
		t.Errorf("run_time p99 %v, want %v; jobs %d", got.Latency[stats.LatRunTime].P99, want.Latency[stats.LatRunTime].P99, got.Jobs)
	}
}

func TestMergeRejectsOtherSessions(t *testing.T) {
	t.Parallel()
	a := stats.Summarize(statstest.Run(10))
	b := stats.Summarize(statstest.Run(10, func(r *stats.Run) { r.Session = "other" }))
	if _, err := stats.Merge(a, b); !errors.Is(err, stats.ErrMismatch) {
		t.Fatalf("err = %v, want ErrMismatch", err)
	}
	if s, err := stats.Merge(); err != nil || s.Jobs != 0 {
		t.Fatalf("Merge() = %+v, %v; want an empty summary", brief(s), err)
	}
}

// sameHist: both empty (a series bucket's empty distribution has no histogram), or equal histograms.
func sameHist(a, b stats.Dist) bool {
	if a.H == nil || b.H == nil {
		return a.H == nil && b.H == nil
	}
	return a.H.Equals(b.H)
}
