package search

import (
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// windowStats are the measurements of one step's measured window [from, to),
// taken at now (>= to): jobs whose leaving is not yet known count as still
// there at now, so a backlog is never under-counted.
type windowStats struct {
	batches   []float64 // time-averaged backlog per slice of the window
	width     float64   // slice length, seconds
	arrivals  int       // jobs sent (and not refused) in the window
	lambda    float64   // arrivals per second
	inSystem  float64   // time-averaged jobs sent and not finished
	timeInSys float64   // mean Finished - Sent of jobs finished in the window, seconds
	finished  int

	planned, late, dropped, refused int // by scheduled time in the window
}

func measure(jobs []Job, from, to, now time.Time, batches int) windowStats {
	span := to.Sub(from).Seconds()
	m := windowStats{batches: make([]float64, batches), width: span / float64(batches)}
	var inSys, sojourn float64
	run := medianRunTime(jobs)
	for i := range jobs {
		j := &jobs[i]
		m.countPlanned(j, from, to)
		if !j.inSystem() {
			continue
		}
		m.addBacklog(j.Sent, orNow(j.leftBacklog(run), now), from, to)
		inSys += overlap(j.Sent, orNow(j.Finished, now), from, to)
		if within(j.Sent, from, to) {
			m.arrivals++
		}
		if within(j.Finished, from, to) {
			m.finished++
			sojourn += j.Finished.Sub(j.Sent).Seconds()
		}
	}
	for i := range m.batches {
		m.batches[i] /= m.width
	}
	m.lambda = float64(m.arrivals) / span
	m.inSystem = inSys / span
	if m.finished > 0 {
		m.timeInSys = sojourn / float64(m.finished)
	}
	return m
}

func (m *windowStats) countPlanned(j *Job, from, to time.Time) {
	if !within(j.Sched, from, to) {
		return
	}
	m.planned++
	switch j.Outcome {
	case job.OutcomeLate:
		m.late++
	case job.OutcomeDropped:
		m.dropped++
	case "", job.OutcomeAccepted, job.OutcomeCanceled:
	default:
		m.refused++
	}
}

// addBacklog spreads the job's waiting time [a, b) over the slices.
func (m *windowStats) addBacklog(a, b, from, to time.Time) {
	for i := range m.batches {
		lo := from.Add(time.Duration(float64(i) * m.width * float64(time.Second)))
		hi := from.Add(time.Duration(float64(i+1) * m.width * float64(time.Second)))
		if i == len(m.batches)-1 {
			hi = to
		}
		m.batches[i] += overlap(a, b, lo, hi)
	}
}

// overlap is the length in seconds of [a, b) ∩ [lo, hi).
func overlap(a, b, lo, hi time.Time) float64 {
	if a.Before(lo) {
		a = lo
	}
	if b.After(hi) {
		b = hi
	}
	if !b.After(a) {
		return 0
	}
	return b.Sub(a).Seconds()
}

func within(t, from, to time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }

func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

// windowRun turns the jobs scheduled in [from, to) into a stats.Run for the
// SLOs. A job still waiting to run at now is given Started = now: its
// time_to_running is at least that, so a percentile over these lower bounds
// that breaches an SLO proves the breach.
func windowRun(jobs []Job, from, to, now time.Time) stats.Run {
	r := stats.Run{Start: from, End: to}
	for i := range jobs {
		j := &jobs[i]
		if !within(j.Sched, from, to) {
			continue
		}
		sj := stats.Job{Key: j.Key, ID: j.ID, Scheduled: j.Sched, SubmitStart: j.Sent, SubmitEnd: j.Returned,
			Outcome: j.Outcome, Created: j.Created, Started: j.Started, Finished: j.Finished}
		if j.Outcome == "" {
			sj.Outcome = job.OutcomeAccepted
		}
		if job.IsFinal(j.State) {
			sj.FinalState = j.State
		}
		if sj.Outcome == job.OutcomeAccepted && sj.Started.IsZero() && sj.Finished.IsZero() {
			sj.Started = now
		}
		r.Jobs = append(r.Jobs, sj)
	}
	return r
}
