package web

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// feed plays a small run: 3 jobs accepted (one finishes), 1 throttled, 1 dropped.
func feed(l *Live) {
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	l.Observe(journal.Record{Ev: journal.EvSession, T: t0, Session: "s1", Target: "local", Plan: map[string]string{"rate": "60/min"}})
	for i, key := range []string{"0-0", "0-1", "0-2", "0-3"} {
		sched := at(float64(i))
		l.Observe(journal.Record{Ev: journal.EvIntent, T: sched.Add(10 * time.Millisecond), Key: key, Index: int64(i), Sched: sched, Name: "s1-" + key, NS: "ns-a"})
	}
	for i, key := range []string{"0-0", "0-1", "0-2"} {
		l.Observe(journal.Record{Ev: journal.EvResult, T: at(float64(i) + 0.2), Key: key, Outcome: job.OutcomeAccepted, ID: "id" + key})
	}
	l.Observe(journal.Record{Ev: journal.EvResult, T: at(3.5), Key: "0-3", Outcome: job.OutcomeThrottled, Err: "slow down"})
	l.Observe(journal.Record{Ev: journal.EvSkip, T: at(4), Key: "0-4", Index: 4, Sched: at(4), Outcome: job.OutcomeDropped})
	l.Observe(journal.Record{Ev: journal.EvState, T: at(5), ID: "id0-0", State: "RUNNING", Created: at(0.1), Started: at(2.1)})
	l.Observe(journal.Record{Ev: journal.EvState, T: at(9), ID: "id0-0", State: "COMPLETED", Created: at(0.1), Started: at(2.1), Finished: at(8.1)})
	l.Observe(journal.Record{Ev: journal.EvSample, T: at(9), ByState: map[string]int{"SUBMITTED": 1, "RUNNING": 1}})
}

func TestLiveFoldsTheJournalIntoCountsAndMetrics(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m := metrics.Register(reg)
	l := NewLive(m)
	l.now = func() time.Time { return t0.Add(10 * time.Second) }
	feed(l)
	l.Tick()
	s := l.Snapshot()
	want := Counts{Planned: 5, Submitted: 4, Accepted: 3, Failed: 1, Skipped: 1}
	if s.Counts != want {
		t.Errorf("counts = %+v, want %+v", s.Counts, want)
	}
	if s.Errors[job.OutcomeThrottled] != 1 || len(s.Errors) != 1 {
		t.Errorf("errors = %v", s.Errors)
	}
	if s.InFlight["RUNNING"] != 1 || s.Elapsed != 10 {
		t.Errorf("in flight = %v, elapsed = %v", s.InFlight, s.Elapsed)
	}
	// 5 scheduled and 4 sent within the 10 s window before t0+10s.
	if s.Rate.TargetPerMin != 30 || s.Rate.AchievedPerMin != 24 {
		t.Errorf("rates = %+v", s.Rate)
	}
	if len(s.Series) != 1 || s.Series[0].P99 == nil || *s.Series[0].P99 < 0.189 || *s.Series[0].P99 > 0.5 {
		t.Errorf("series = %+v", s.Series)
	}
	if len(s.Slowest) != 3 || s.Slowest[0].Name != "s1-0-1" || !s.Slowest[1].Done || s.Slowest[1].Seconds < 8.089 || s.Slowest[1].Seconds > 8.091 {
		t.Errorf("slowest = %+v", s.Slowest)
	}
	checkMetrics(t, m)
}

// At the end record the live state lets go of its per-job index (the
// end-of-run report is built in the same process) and keeps the slowest
// jobs, the live ones measured to the end.
func TestLiveDropsItsJobIndexAtTheEnd(t *testing.T) {
	t.Parallel()
	l := NewLive(nil)
	l.now = func() time.Time { return t0.Add(time.Hour) }
	feed(l)
	l.Observe(journal.Record{Ev: journal.EvEnd, T: t0.Add(20 * time.Second)})
	if n := len(l.jobs.byKey) + len(l.jobs.byID) + len(l.jobs.accepted) + len(l.jobs.order); n != 0 {
		t.Errorf("%d job entries kept after the end record, want 0", n)
	}
	s := l.Snapshot()
	if !s.Done || len(s.Slowest) != 3 || s.Slowest[0].Name != "s1-0-1" || s.Slowest[0].Done ||
		s.Slowest[0].Seconds < 18.98 || s.Slowest[0].Seconds > 19 || s.Slowest[2].Name != "s1-0-0" || !s.Slowest[2].Done {
		t.Errorf("slowest after the end = %+v, want s1-0-1 and s1-0-2 live to the end (19 s, 18 s), then the finished s1-0-0", s.Slowest)
	}
	// A record after the end (none is written) must not break the page.
	l.Observe(journal.Record{Ev: journal.EvIntent, T: t0.Add(21 * time.Second), Key: "0-9", Name: "s1-0-9"})
}

func checkMetrics(t *testing.T, m *metrics.Metrics) {
	t.Helper()
	for name, tc := range map[string]struct {
		c    prometheus.Collector
		want float64
	}{
		"ok":        {m.Submissions.WithLabelValues("local", "ns-a", metrics.ResultOK), 3},
		"throttled": {m.Submissions.WithLabelValues("local", "ns-a", metrics.ResultThrottled), 1},
		"dropped":   {m.Dropped.WithLabelValues("local"), 1},
		"finished":  {m.Finished.WithLabelValues("local", "ns-a", metrics.StateSucceeded), 1},
		"running":   {m.Jobs.WithLabelValues("local", metrics.StateRunning), 1},
		"submitted": {m.Jobs.WithLabelValues("local", metrics.StateSubmitted), 1},
		"target":    {m.TargetRate, 0.5},
		"achieved":  {m.AchievedRate, 0.4},
		"lag":       {m.ScheduleLag, 0.01},
	} {
		if got := testutil.ToFloat64(tc.c); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("%s = %v, want %v", name, got, tc.want)
		}
	}
	// submitted (first seen past PENDING, 4.9 s), running (2 s after
	// creation), finished (8 s) and execution (6 s), each once.
	if n := testutil.CollectAndCount(m.Phase); n != 4 {
		t.Errorf("phase series = %d, want 4", n)
	}
}

func TestLiveWithoutMetricsAndUnknownRecords(t *testing.T) {
	t.Parallel()
	l := NewLive(nil)
	l.Observe(journal.Record{Ev: journal.EvState, T: t0, ID: "unknown", State: "RUNNING"})
	l.Observe(journal.Record{Ev: journal.EvResult, T: t0, Key: "never-intended", Outcome: job.OutcomeAccepted})
	l.SetUsers(3)
	l.SetTargetRate(2)
	l.Tick()
	s := l.Snapshot()
	if s.Users != 3 || s.Rate.TargetPerMin != 120 || s.Done {
		t.Errorf("snapshot = %+v", s)
	}
	l.SetReports([]Link{{Name: "report.html", Href: "reports/report.html"}})
	if s := l.Snapshot(); !s.Done || len(s.Reports) != 1 {
		t.Errorf("after reports: %+v", s)
	}
}

func TestSeriesKeepsItsShapeWhenLong(t *testing.T) {
	t.Parallel()
	s := newSeries()
	for i := range MaxPoints + 1 {
		s.close(t0.Add(time.Duration(i)*time.Second), 1, 1, i)
	}
	if len(s.points) > MaxPoints || s.points[0].InFlight != 0 || s.points[len(s.points)-1].InFlight != MaxPoints {
		t.Errorf("points = %d, first %d, last %d", len(s.points), s.points[0].InFlight, s.points[len(s.points)-1].InFlight)
	}
}
