package web

import (
	"hash/maphash"
	"sort"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

// metricTarget maps the journal's target to the metrics label value.
func metricTarget(t string) string {
	switch t {
	case metrics.TargetOperator, metrics.TargetLocal:
		return t
	}
	return metrics.TargetEMR
}

func model(plan map[string]string) string {
	if plan["rate"] != "" || plan["stages"] != "" {
		return metrics.ModelOpen
	}
	return metrics.ModelClosed
}

// resultClass maps a stats outcome to the metrics result class.
func resultClass(outcome string) string {
	switch outcome {
	case job.OutcomeAccepted:
		return metrics.ResultOK
	case job.OutcomeThrottled:
		return metrics.ResultThrottled
	case job.OutcomeQueueFull:
		return metrics.ResultShed
	case job.OutcomeValidation, job.OutcomeAccessDenied:
		return metrics.ResultRejected
	}
	return metrics.ResultError
}

// isFinal covers the EMR and Spark Operator final states (job.IsFinal).
func isFinal(s string) bool {
	return job.IsFinal(s)
}

// finalState is the metrics label of a job the journal ended: its final
// state's label (metrics.FinalStateLabel), or failed for a job ended with a
// state that is not final (it was given up).
func finalState(s string) string {
	if label, ok := metrics.FinalStateLabel(s); ok {
		return label
	}
	return metrics.StateFailed
}

// liveState maps a server state (EMR or Spark Operator) to a metrics state.
func liveState(s string) string {
	switch s {
	case job.StatePending, job.StateNew:
		return metrics.StatePending
	case job.StateSubmitted:
		return metrics.StateSubmitted
	}
	return metrics.StateRunning
}

type phase struct {
	name    string
	at      time.Time
	seconds float64
}

// phasesOf lists the lifecycle phases a state record gives, each measured
// on server timestamps from the job's creation (execution: running to
// finished).
func phasesOf(r journal.Record, final bool) []phase {
	if r.Created.IsZero() {
		return nil
	}
	at := recordPhases(r)
	var out []phase
	for _, name := range []string{metrics.PhaseSubmitted, metrics.PhaseScheduled, metrics.PhaseRunning} {
		if t := at[name]; !t.IsZero() {
			out = append(out, phase{name, t, t.Sub(r.Created).Seconds()})
		}
	}
	if final && !r.Finished.IsZero() {
		out = append(out, phase{metrics.PhaseFinished, r.Finished, r.Finished.Sub(r.Created).Seconds()})
		if !r.Started.IsZero() {
			out = append(out, phase{metrics.PhaseExecution, r.Finished, r.Finished.Sub(r.Started).Seconds()})
		}
	}
	return out
}

// rateWindow counts scheduled and sent submissions per second over the
// last metrics.AchievedRateWindow seconds.
type rateWindow struct {
	sched, done [metrics.AchievedRateWindow + 1]bucketCount
}

type bucketCount struct {
	sec int64
	n   int
}

func (w *rateWindow) scheduled(t time.Time) { add(&w.sched, t) }
func (w *rateWindow) sent(t time.Time)      { add(&w.done, t) }

func add(b *[metrics.AchievedRateWindow + 1]bucketCount, t time.Time) {
	if t.IsZero() {
		return
	}
	s := t.Unix()
	c := &b[s%int64(len(b))]
	if c.sec != s {
		c.sec, c.n = s, 0
	}
	c.n++
}

// rates are jobs per second over the full seconds of the window before now.
func (w *rateWindow) rates(now time.Time) (target, achieved float64) {
	return sum(&w.sched, now), sum(&w.done, now)
}

func sum(b *[metrics.AchievedRateWindow + 1]bucketCount, now time.Time) float64 {
	cur, n := now.Unix(), 0
	for _, c := range b {
		if c.sec < cur && c.sec >= cur-metrics.AchievedRateWindow {
			n += c.n
		}
	}
	return float64(n) / metrics.AchievedRateWindow
}

// liveJob is what the page needs of one job (128 bytes: one is kept per
// live job, 100,000 of them in bench/rss.sh).
type liveJob struct {
	id, name, ns string
	state        string
	submitStart  time.Time
	created      time.Time // server creation time, from the first state that gives one
	phases       uint8
	done         bool // finished: left in order until compacted
}

// sameJob reports whether a state created at created can be j's (the
// journal's rule: within a second of j's known creation time), and learns
// j's creation time from the first state that gives one.
func (j *liveJob) sameJob(created time.Time) bool {
	if created.IsZero() {
		return true
	}
	if j.created.IsZero() {
		j.created = created
		return true
	}
	d := j.created.Sub(created)
	return d <= time.Second && d >= -time.Second
}

func (j *liveJob) seen(p string) bool {
	for i, name := range metrics.Phases {
		if name == p {
			bit := uint8(1) << i
			was := j.phases&bit != 0
			j.phases |= bit
			return was
		}
	}
	return true
}

// jobIndex keeps the live jobs and the slowest finished ones.
type jobIndex struct {
	byKey, byID map[string]*liveJob
	// accepted holds a hash of every accepted id, to see one reissued after
	// its first job finished (8 bytes a job; a hash collision would count
	// one conflict too many, at odds of about n²/2⁶⁴).
	accepted map[uint64]struct{}
	seed     maphash.Seed
	slowDone []slowJob // the slowest finished jobs, at most slowestN
	// order holds the accepted jobs in the order their results came, which
	// is submission order give or take one call's latency: the slowest live
	// jobs are among its first live entries, so a snapshot reads a few of
	// them instead of every live job. Finished ones are dropped from the
	// front at once and compacted away when they are half of it.
	order []*liveJob
	dead  int
}

const slowestN = 10

type slowJob struct {
	Name, Namespace, State string
	Seconds                float64
	Done                   bool
}

func newJobIndex() jobIndex {
	return jobIndex{byKey: map[string]*liveJob{}, byID: map[string]*liveJob{}, accepted: map[uint64]struct{}{},
		seed: maphash.MakeSeed()}
}

func (x *jobIndex) intent(r journal.Record) {
	x.byKey[r.Key] = &liveJob{name: r.Name, ns: r.NS, submitStart: r.T, state: "calling"}
}

// result records a call's answer; reissued says the server had already
// accepted another job under the same id (the new job takes the id over).
func (x *jobIndex) result(r journal.Record) (j *liveJob, reissued bool) {
	if r.ID != "" {
		h := maphash.String(x.seed, r.ID)
		_, reissued = x.accepted[h]
		x.accepted[h] = struct{}{}
	}
	j = x.byKey[r.Key]
	if j == nil {
		return nil, reissued
	}
	// Past its result a job is found by its id, or is gone: byKey holds
	// only the calls in flight.
	delete(x.byKey, r.Key)
	if r.ID == "" {
		return j, reissued
	}
	j.id, j.state = r.ID, "accepted"
	x.byID[r.ID] = j
	x.order = append(x.order, j)
	return j, reissued
}

func (x *jobIndex) finish(j *liveJob, at time.Time) {
	delete(x.byID, j.id)
	if !j.done && j.id != "" {
		j.done = true
		x.dead++
		x.compact()
	}
	if at.IsZero() {
		at = time.Now()
	}
	x.slowDone = append(x.slowDone, slowJob{Name: j.name, Namespace: j.ns, State: j.state,
		Seconds: at.Sub(j.submitStart).Seconds(), Done: true})
	x.slowDone = topN(x.slowDone)
}

// freeze keeps only what a snapshot shows once the run has ended: the
// slowest jobs, the live ones measured to at (the end record's time). No
// job record follows the end, so the per-job maps, which hold every live
// job (~270 bytes each), are let go before the end-of-run report is built
// in the same process.
func (x *jobIndex) freeze(at time.Time) {
	slow := x.slowest(at)
	*x = newJobIndex()
	x.slowDone = slow
}

// compact drops finished jobs from the front of order, and from all of it
// once they are half of it (amortized O(1) per job).
func (x *jobIndex) compact() {
	i := 0
	for i < len(x.order) && x.order[i].done {
		i++
	}
	x.order, x.dead = x.order[i:], x.dead-i
	if x.dead > 64 && 2*x.dead > len(x.order) {
		live := make([]*liveJob, 0, len(x.order)-x.dead)
		for _, j := range x.order {
			if !j.done {
				live = append(live, j)
			}
		}
		x.order, x.dead = live, 0
	}
}

// slowestCandidates is how many of the oldest live jobs a snapshot ranks:
// more than slowestN, as results arrive out of submission order.
const slowestCandidates = 4 * slowestN

// slowest ranks finished jobs with the oldest live ones, measured to now.
func (x *jobIndex) slowest(now time.Time) []slowJob {
	out := append(make([]slowJob, 0, slowestN+slowestCandidates), x.slowDone...)
	for i, n := 0, 0; i < len(x.order) && n < slowestCandidates; i++ {
		if j := x.order[i]; !j.done {
			out = append(out, slowJob{Name: j.name, Namespace: j.ns, State: j.state, Seconds: now.Sub(j.submitStart).Seconds()})
			n++
		}
	}
	return topN(out)
}

func topN(s []slowJob) []slowJob {
	sort.SliceStable(s, func(a, b int) bool { return s[a].Seconds > s[b].Seconds })
	if len(s) > slowestN {
		s = s[:slowestN]
	}
	return s
}
