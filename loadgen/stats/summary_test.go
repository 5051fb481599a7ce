package stats_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

func at(s int) time.Time { return statstest.Base.Add(time.Duration(s) * time.Second) }

func TestSummarizeCounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  stats.Run
		want func(t *testing.T, s stats.Summary)
	}{
		{"empty run", stats.Run{}, func(t *testing.T, s stats.Summary) {
			if s.Jobs != 0 || len(s.Series.Buckets) != 0 || s.Duration != 0 || s.Rates.AchievedPerMin != 0 {
				t.Errorf("empty summary not empty: %+v", s)
			}
			if len(s.Latency) != len(stats.LatencyNames) {
				t.Errorf("latency has %d keys, want %d", len(s.Latency), len(stats.LatencyNames))
			}
		}},
		{"fixture of 1000 jobs", statstest.Run(1000), func(t *testing.T, s stats.Summary) {
			// i%97==96 dropped (10), then i%20==19 throttled, i%50==49 queue_full among the rest.
			want := map[string]int{job.OutcomeDropped: 10, job.OutcomeThrottled: 50, job.OutcomeQueueFull: 10}
			for k, n := range want {
				if s.Outcomes[k] != n {
					t.Errorf("outcome %s = %d, want %d", k, s.Outcomes[k], n)
				}
			}
			if s.Accepted != 1000-10-50-10 || s.Submitted != s.Accepted+60 || s.SubmitErrors != 60 {
				t.Errorf("accepted %d submitted %d errors %d", s.Accepted, s.Submitted, s.SubmitErrors)
			}
			if s.Finished+s.FinalStates[stats.StateUnfinished] != s.Accepted {
				t.Errorf("finished %d + unfinished %d != accepted %d", s.Finished, s.FinalStates[stats.StateUnfinished], s.Accepted)
			}
			if s.Duration != 999*statstest.Interval+statstest.Tail {
				t.Errorf("duration = %v", s.Duration)
			}
		}},
		{"ratios and rates", stats.Run{Start: at(0), End: at(120), Jobs: []stats.Job{
			{Outcome: job.OutcomeAccepted, Scheduled: at(1), SubmitStart: at(1), SubmitEnd: at(2), FinalState: job.StateFailed},
			{Outcome: job.OutcomeAccepted, Scheduled: at(2), SubmitStart: at(2), SubmitEnd: at(3), FinalState: job.StateCompleted},
			{Outcome: job.OutcomeAccepted, Scheduled: at(3), SubmitStart: at(3), SubmitEnd: at(4)},
			{Outcome: job.OutcomeThrottled, Scheduled: at(4), SubmitStart: at(4), SubmitEnd: at(5)},
			{Outcome: job.OutcomeLate, Scheduled: at(5)},
		}}, func(t *testing.T, s stats.Summary) {
			r := s.Ratios
			if r.Failed != 0.5 || r.Error != 0.25 || r.Throttled != 0.25 || r.Late != 0.2 || r.Dropped != 0 {
				t.Errorf("ratios = %+v", r)
			}
			// 5 scheduled 1 s apart: a 5 s scheduling window; the completion over the 2 min run
			if s.Rates.TargetPerMin != 60 || s.Rates.AchievedPerMin != 48 || s.Rates.AcceptedPerMin != 36 || s.Rates.CompletedPerMin != 0.5 {
				t.Errorf("rates = %+v", s.Rates)
			}
			if s.FinalStates[stats.StateUnfinished] != 1 || s.Finished != 2 {
				t.Errorf("final states = %v finished %d", s.FinalStates, s.Finished)
			}
		}},
		{"start and end default from the jobs", stats.Run{Jobs: []stats.Job{
			{Outcome: job.OutcomeAccepted, SubmitStart: at(10), SubmitEnd: at(11), Created: at(12), Started: at(20), Finished: at(70), FinalState: job.StateCompleted},
		}}, func(t *testing.T, s stats.Summary) {
			if !s.Start.Equal(at(10)) || !s.End.Equal(at(70)) {
				t.Errorf("span %v..%v, want %v..%v", s.Start, s.End, at(10), at(70))
			}
			for name, want := range map[string]time.Duration{stats.LatTimeToRunning: 10 * time.Second,
				stats.LatRunTime: 50 * time.Second, stats.LatCreatedToRunning: 8 * time.Second, stats.LatTimeToFinished: time.Minute} {
				if d := s.Latency[name]; d.Count != 1 || !equivalent(d, d.P50, want) {
					t.Errorf("%s = %v (count %d), want %v", name, d.P50, d.Count, want)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.want(t, stats.Summarize(tt.run))
		})
	}
}

func TestWidthFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		span, want time.Duration
	}{
		{0, time.Second}, {time.Minute, time.Second}, {119 * time.Second, time.Second}, {120 * time.Second, 5 * time.Second},
		{time.Hour, time.Minute}, {11 * time.Hour, 10 * time.Minute}, {1000 * 24 * time.Hour, 7 * 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := stats.WidthFor(tt.span); got != tt.want {
			t.Errorf("WidthFor(%v) = %v, want %v", tt.span, got, tt.want)
		}
	}
}

func TestInFlightFromJobTimestamps(t *testing.T) {
	t.Parallel()
	// 15-minute run: 10 s buckets starting at 03:04:00 (Base is 03:04:05).
	r := stats.Run{Start: at(0), End: at(900), Jobs: []stats.Job{
		{Outcome: job.OutcomeAccepted, SubmitStart: at(9), SubmitEnd: at(10), Created: at(10), Started: at(30), Finished: at(50), FinalState: job.StateCompleted},
		{Outcome: job.OutcomeAccepted, SubmitStart: at(9), SubmitEnd: at(10), Created: at(10)}, // still queued at the end
	}}
	s := stats.Summarize(r)
	if s.Series.Width != 10*time.Second || s.Series.InFlightSource != stats.InFlightJobs {
		t.Fatalf("width %v source %q", s.Series.Width, s.Series.InFlightSource)
	}
	want := []map[string]int{{}, {"SUBMITTED": 2}, {"SUBMITTED": 2}, {"SUBMITTED": 1, "RUNNING": 1},
		{"SUBMITTED": 1, "RUNNING": 1}, {"SUBMITTED": 1}}
	for i, w := range want {
		if got := s.Series.Buckets[i].InFlight; !sameCounts(got, w) {
			t.Errorf("bucket %d (%v) in flight = %v, want %v", i, s.Series.Buckets[i].Start.Format("15:04:05"), got, w)
		}
	}
	if last := s.Series.Buckets[len(s.Series.Buckets)-1].InFlight; !sameCounts(last, map[string]int{"SUBMITTED": 1}) {
		t.Errorf("last bucket in flight = %v, want the queued job", last)
	}
}

func TestInFlightFromSamplesCarriesForwardAndSumsWorkers(t *testing.T) {
	t.Parallel()
	r := stats.Run{Start: at(0), End: at(900), Samples: []stats.Sample{
		{T: at(0), Worker: 0, ByState: map[string]int{"RUNNING": 3}},
		{T: at(1), Worker: 1, ByState: map[string]int{"RUNNING": 4, "PENDING": 1}},
		{T: at(40), Worker: 0, ByState: map[string]int{"RUNNING": 1}},
	}}
	s := stats.Summarize(r)
	b := s.Series.Buckets
	if !sameCounts(b[0].InFlight, map[string]int{"RUNNING": 7, "PENDING": 1}) ||
		!sameCounts(b[4].InFlight, map[string]int{"RUNNING": 5, "PENDING": 1}) ||
		!sameCounts(b[len(b)-1].InFlight, map[string]int{"RUNNING": 5, "PENDING": 1}) {
		t.Errorf("in flight = %v / %v / %v", b[0].InFlight, b[4].InFlight, b[len(b)-1].InFlight)
	}
	if s.Series.InFlightSource != stats.InFlightSamples || len(s.Workers) != 2 {
		t.Errorf("source %q workers %v", s.Series.InFlightSource, s.Workers)
	}
}

func sameCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func TestSlowestRanksUnfinishedJobsToTheEnd(t *testing.T) {
	t.Parallel()
	stuck := func(r *stats.Run) { // job 1 never left the queue
		r.Jobs[1].Started, r.Jobs[1].Finished, r.Jobs[1].FinalState = time.Time{}, time.Time{}, ""
	}
	s := stats.Summarize(statstest.Run(3000, stuck))
	if len(s.Slowest) != stats.SlowestN {
		t.Fatalf("slowest has %d jobs, want %d", len(s.Slowest), stats.SlowestN)
	}
	for i := 1; i < len(s.Slowest); i++ {
		if s.Slowest[i].Elapsed > s.Slowest[i-1].Elapsed {
			t.Fatalf("slowest not sorted at %d: %v > %v", i, s.Slowest[i].Elapsed, s.Slowest[i-1].Elapsed)
		}
	}
	if sj := s.Slowest[0]; !sj.Unfinished || sj.Job.Index != 1 || sj.Elapsed != s.End.Sub(sj.Job.SubmitStart) {
		t.Errorf("slowest[0] = %+v, want the stuck job 1, measured to the end", sj)
	}
}

// A 5/s run of one minute tracked for two more minutes reported "target
// 170.2/min": the rates were divided by the whole run, tracking included.
// Submission rates use the scheduling window; completions the whole run.
func TestRatesUseTheSchedulingWindow(t *testing.T) {
	t.Parallel()
	r := stats.Run{Start: at(0), End: at(180)}
	for i := range 300 {
		sched := at(0).Add(time.Duration(i) * 200 * time.Millisecond)
		j := stats.Job{Key: fmt.Sprint(i), Outcome: job.OutcomeAccepted, Scheduled: sched, SubmitStart: sched,
			SubmitEnd: sched.Add(50 * time.Millisecond), FinalState: job.StateCompleted}
		if i%10 == 9 {
			j.Outcome, j.FinalState = job.OutcomeThrottled, ""
		}
		r.Jobs = append(r.Jobs, j)
	}
	tests := []struct {
		name string
		got  func(stats.Summary) float64
		want float64
	}{
		{"target", func(s stats.Summary) float64 { return s.Rates.TargetPerMin }, 300},
		{"achieved", func(s stats.Summary) float64 { return s.Rates.AchievedPerMin }, 300},
		{"accepted", func(s stats.Summary) float64 { return s.Rates.AcceptedPerMin }, 270},
		{"completed, over the whole run", func(s stats.Summary) float64 { return s.Rates.CompletedPerMin }, 90},
		{"window in minutes", func(s stats.Summary) float64 { return s.Window.Minutes() }, 1},
	}
	for _, s := range []struct {
		name string
		sum  func() stats.Summary
	}{
		{"one worker", func() stats.Summary { return stats.Summarize(r) }},
		{"merged", func() stats.Summary { m, _ := stats.Merge(stats.Summarize(r)); return m }},
	} {
		sum := s.sum()
		for _, tt := range tests {
			t.Run(s.name+"/"+tt.name, func(t *testing.T) {
				if got := tt.got(sum); got < tt.want*0.999 || got > tt.want*1.001 {
					t.Errorf("%s = %.2f, want %.2f", tt.name, got, tt.want)
				}
			})
		}
	}
}
