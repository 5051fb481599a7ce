// Package statstest builds deterministic stats.Run fixtures for tests and benchmarks of the
// stats, report and threshold packages (and of anything that consumes a Summary).
package statstest

import (
	"fmt"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// Base is the fixed clock of every fixture: the run starts here.
var Base = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Interval between scheduled jobs (150 per minute, the old toolkit's target).
const Interval = 400 * time.Millisecond

// Tail is how long tracking runs after the last scheduled job.
const Tail = 10 * time.Minute

// Job returns job i of worker w with deterministic, varied values: mostly accepted and COMPLETED,
// every 20th throttled, every 50th queue_full, every 97th dropped, every 25th accepted job FAILED.
// Server phases: created 1 s after the call, running 30-89 s later, finished 500-799 s after that.
func Job(w int, i int64) stats.Job {
	sched := Base.Add(time.Duration(i) * Interval)
	j := stats.Job{Key: fmt.Sprintf("w%d-%06d", w, i), Worker: w, Index: i, Namespace: fmt.Sprintf("spark-job-%d", i%3),
		VirtualClusterID: fmt.Sprintf("vc-%d", i%3), AZ: []string{"us-east-1a", "us-east-1b"}[i%2],
		Scheduled: sched, Attempts: 1, Outcome: job.OutcomeAccepted}
	if i%97 == 96 {
		j.Outcome = job.OutcomeDropped
		return j
	}
	j.SubmitStart = sched.Add(time.Duration(i%7) * time.Millisecond)
	j.SubmitEnd = j.SubmitStart.Add(time.Duration(20+i%50) * time.Millisecond)
	switch {
	case i%20 == 19:
		j.Outcome, j.Attempts, j.Error = job.OutcomeThrottled, 4, "ThrottlingException: Rate exceeded"
		return j
	case i%50 == 49:
		j.Outcome, j.Error = job.OutcomeQueueFull, "ValidationException: job queue is full"
		return j
	}
	j.ID = fmt.Sprintf("00000003%012d", i)
	j.Created = j.SubmitEnd.Add(time.Second)
	j.Started = j.Created.Add(time.Duration(30+i%60) * time.Second)
	j.Finished = j.Started.Add(time.Duration(500+i%300) * time.Second)
	j.FinalState = job.StateCompleted
	if i%25 == 0 {
		j.FinalState, j.StateDetails = job.StateFailed, "Job failed, ExitCode: 1. <driver> & \"quotes\""
	}
	return j
}

// Run returns a run of n jobs of worker 0 (ending Tail after the last schedule; phases after the end
// are unknown), then applies the overrides in order.
func Run(n int, overrides ...func(*stats.Run)) stats.Run {
	return WorkerRun(0, n, overrides...)
}

// WorkerRun is Run for worker w.
func WorkerRun(w, n int, overrides ...func(*stats.Run)) stats.Run {
	end := Base.Add(time.Duration(max(n-1, 0))*Interval + Tail)
	r := stats.Run{Session: "s-fixture", Target: "local", Start: Base, End: end,
		Plan: map[string]string{"rate": "150/min", "max-jobs": fmt.Sprint(n)}}
	r.Jobs = make([]stats.Job, 0, n)
	for i := range int64(n) {
		r.Jobs = append(r.Jobs, cut(Job(w, i), end))
	}
	for _, o := range overrides {
		o(&r)
	}
	return r
}

// cut forgets what happened after end: tracking had not seen it yet.
func cut(j stats.Job, end time.Time) stats.Job {
	if j.Finished.After(end) {
		j.Finished, j.FinalState, j.StateDetails = time.Time{}, "", ""
	}
	if j.Started.After(end) {
		j.Started = time.Time{}
	}
	return j
}

// WithSamples adds a tracking sample every period from Start to End: per state, the accepted jobs
// of worker w created and not running (SUBMITTED) or running and not finished (RUNNING) at that time.
func WithSamples(w int, period time.Duration) func(*stats.Run) {
	return func(r *stats.Run) {
		for t := r.Start; !t.After(r.End); t = t.Add(period) {
			r.Samples = append(r.Samples, stats.Sample{T: t, Worker: w, ByState: countAt(r.Jobs, t)})
		}
	}
}

func countAt(jobs []stats.Job, t time.Time) map[string]int {
	m := map[string]int{}
	for _, j := range jobs {
		switch {
		case j.Created.IsZero() || j.Created.After(t):
		case j.Started.IsZero() || j.Started.After(t):
			m["SUBMITTED"]++
		case j.Finished.IsZero() || j.Finished.After(t):
			m["RUNNING"]++
		}
	}
	return m
}
