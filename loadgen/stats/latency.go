package stats

import (
	"cmp"
	"slices"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

func newLatencies(sigFigs int) map[string]Dist {
	m := make(map[string]Dist, len(LatencyNames))
	for _, n := range LatencyNames {
		m[n] = newDist(sigFigs)
	}
	return m
}

// recordLatencies records every phase of j whose two timestamps are known.
func recordLatencies(m map[string]Dist, j *Job) map[string]Dist {
	if !sent(j) {
		return m
	}
	rec := func(name string, from, to time.Time) {
		if from.IsZero() || to.IsZero() {
			return
		}
		d := m[name]
		d.record(to.Sub(from))
		m[name] = d
	}
	rec(LatSubmit, j.SubmitStart, j.SubmitEnd)
	rec(LatScheduleLag, j.Scheduled, j.SubmitStart)
	if j.Outcome != job.OutcomeAccepted {
		return m
	}
	rec(LatTimeToCreated, j.SubmitStart, j.Created)
	rec(LatTimeToRunning, j.SubmitStart, j.Started)
	rec(LatTimeToFinished, j.SubmitStart, j.Finished)
	rec(LatCreatedToRunning, j.Created, j.Started)
	rec(LatCreatedToFinished, j.Created, j.Finished)
	rec(LatRunTime, j.Started, j.Finished)
	return m
}

// sent reports whether a StartJobRun call was made for j (accepted or failed).
func sent(j *Job) bool { return j.Outcome == job.OutcomeAccepted || isError(j.Outcome) }

// runSpan returns r.Start and r.End, each defaulted from the jobs' timestamps when zero.
func runSpan(r Run) (time.Time, time.Time) {
	start, end := r.Start, r.End
	for i := range r.Jobs {
		for _, t := range jobTimes(&r.Jobs[i]) {
			if t.IsZero() {
				continue
			}
			if r.Start.IsZero() && (start.IsZero() || t.Before(start)) {
				start = t
			}
			if r.End.IsZero() && t.After(end) {
				end = t
			}
		}
	}
	return start, end
}

func jobTimes(j *Job) []time.Time {
	return []time.Time{j.Scheduled, j.SubmitStart, j.SubmitEnd, j.Created, j.Started, j.Finished}
}

// slowJob is j ranked by SubmitStart -> Finished (or -> end when unfinished); only accepted jobs rank.
func slowJob(j *Job, end time.Time) (SlowJob, bool) {
	if j.Outcome != job.OutcomeAccepted || j.SubmitStart.IsZero() {
		return SlowJob{}, false
	}
	if j.Finished.IsZero() {
		return SlowJob{Job: *j, Elapsed: end.Sub(j.SubmitStart), Unfinished: true}, true
	}
	return SlowJob{Job: *j, Elapsed: j.Finished.Sub(j.SubmitStart)}, true
}

// topSlow sorts slowest first (ties by worker, index, key: deterministic) and keeps SlowestN. It
// trims only when the slice is twice the limit so that ranking 100,000 jobs stays linear.
func topSlow(s []SlowJob) []SlowJob {
	if len(s) < 2*SlowestN {
		return s
	}
	return sortSlow(s)
}

func sortSlow(s []SlowJob) []SlowJob {
	slices.SortFunc(s, func(a, b SlowJob) int {
		return cmp.Or(cmp.Compare(b.Elapsed, a.Elapsed), cmp.Compare(a.Job.Worker, b.Job.Worker),
			cmp.Compare(a.Job.Index, b.Job.Index), cmp.Compare(a.Job.Key, b.Job.Key))
	})
	return s[:min(len(s), SlowestN)]
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
