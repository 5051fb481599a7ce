// Package web is the run's live view: Live folds the journal's records as
// they are written into counters, rates, latency percentiles over time and
// the slowest jobs, updates the Prometheus collectors of loadgen/metrics,
// and Server serves it as a page (embedded assets, no CDN) that polls a
// JSON endpoint, next to /metrics.
package web

import (
	"sync"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

// Live is the run's live state; Observe and Snapshot are safe to call
// concurrently.
type Live struct {
	mu      sync.Mutex
	m       *metrics.Metrics // nil: no Prometheus
	now     func() time.Time
	session string
	target  string
	plan    map[string]string
	start   time.Time
	done    bool
	reports []Link

	outcomes map[string]int
	inFlight map[string]int // tracked jobs by server state (latest sample)
	calls    int            // calls outstanding: intents without results
	rates    rateWindow
	series   series
	jobs     jobIndex
	users    int
	planRate float64 // planned rate set by SetTargetRate, jobs/s; < 0: derive from the schedule
	// conflicts counts job-run id conflicts as the journal's derive does: an
	// id accepted for a second job, or a state whose creation time is not
	// its job's (then ignored: the jobs are kept apart).
	conflicts int
	maxSubmit time.Duration // slowest call since the last Progress
}

// Link is a report file the page links to once the run is done.
type Link struct{ Name, Href string }

// NewLive makes a live state updating m (nil for none).
func NewLive(m *metrics.Metrics) *Live {
	return &Live{m: m, now: time.Now, outcomes: map[string]int{}, inFlight: map[string]int{},
		series: newSeries(), jobs: newJobIndex(), planRate: -1}
}

// Observe folds one journal record in; the engine calls it for every record
// it appends, after the append.
func (l *Live) Observe(r journal.Record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch r.Ev {
	case journal.EvSession:
		l.session, l.target, l.plan, l.start = r.Session, r.Target, r.Plan, r.T
		if l.m != nil {
			l.m.SetRunInfo(r.Session, metricTarget(r.Target), model(r.Plan))
			l.m.Dropped.WithLabelValues(metricTarget(r.Target)) // exposed from the start, at 0
			l.m.IDConflicts.WithLabelValues(metricTarget(r.Target))
		}
	case journal.EvIntent:
		l.intent(r)
	case journal.EvResult:
		l.result(r)
	case journal.EvSkip:
		l.skip(r)
	case journal.EvState:
		l.state(r)
	case journal.EvSample:
		l.sample(r.ByState)
	case journal.EvEnd:
		l.done = true
		l.jobs.freeze(r.T)
	}
}

func (l *Live) intent(r journal.Record) {
	l.calls++
	l.rates.scheduled(r.Sched)
	l.jobs.intent(r)
	if l.m != nil && !r.Sched.IsZero() {
		l.m.ScheduleLag.Set(max(0, r.T.Sub(r.Sched).Seconds()))
	}
}

func (l *Live) result(r journal.Record) {
	l.calls--
	l.outcomes[r.Outcome]++
	l.rates.sent(r.T)
	j, reissued := l.jobs.result(r)
	if reissued {
		l.conflict()
	}
	if j == nil {
		return
	}
	lat := r.T.Sub(j.submitStart)
	l.series.observe(lat)
	l.maxSubmit = max(l.maxSubmit, lat)
	if l.m != nil {
		t, ns, res := metricTarget(l.target), j.ns, resultClass(r.Outcome)
		l.m.Submissions.WithLabelValues(t, ns, res).Inc()
		l.m.SubmitLatency.WithLabelValues(t, ns, res).Observe(lat.Seconds())
	}
}

func (l *Live) skip(r journal.Record) {
	l.outcomes[r.Outcome]++
	l.rates.scheduled(r.Sched)
	if l.m != nil && (r.Outcome == job.OutcomeDropped || r.Outcome == job.OutcomeLate) {
		l.m.Dropped.WithLabelValues(metricTarget(l.target)).Inc()
	}
}

func (l *Live) state(r journal.Record) {
	j := l.jobs.byID[r.ID]
	if j == nil {
		return
	}
	if !j.sameJob(r.Created) {
		l.conflict() // a state of another job under the same id
		return
	}
	j.state = r.State
	final := isFinal(r.State) || !r.Finished.IsZero()
	for _, p := range phasesOf(r, final) {
		if j.seen(p.name) || p.at.IsZero() {
			continue
		}
		if l.m != nil {
			l.m.Phase.WithLabelValues(metricTarget(l.target), j.ns, p.name).Observe(max(0, p.seconds))
		}
	}
	if final {
		l.jobs.finish(j, r.Finished)
		if l.m != nil {
			l.m.Finished.WithLabelValues(metricTarget(l.target), j.ns, finalState(r.State)).Inc()
			l.m.Jobs.WithLabelValues(metricTarget(l.target), finalState(r.State)).Inc()
		}
	}
}

func (l *Live) sample(byState map[string]int) {
	l.inFlight = byState
	if l.m == nil {
		return
	}
	gauges := map[string]int{metrics.StatePending: 0, metrics.StateSubmitted: 0, metrics.StateRunning: 0}
	for s, n := range byState {
		gauges[liveState(s)] += n
	}
	for s, n := range gauges {
		l.m.Jobs.WithLabelValues(metricTarget(l.target), s).Set(float64(n))
	}
}

func (l *Live) conflict() {
	l.conflicts++
	if l.m != nil {
		l.m.IDConflicts.WithLabelValues(metricTarget(l.target)).Inc()
	}
}

// SetUsers sets the closed model's active users (0 in the open model).
func (l *Live) SetUsers(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.users = n
	if l.m != nil {
		l.m.Users.Set(float64(n))
	}
}

// SetTargetRate sets the rate the plan asks for now, jobs per second; until
// it is called the target rate is derived from the scheduled submissions.
func (l *Live) SetTargetRate(perSec float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.planRate = perSec
}

// SetReports lists the report files once they are written.
func (l *Live) SetReports(links []Link) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reports = links
	l.done = true
}

// Tick closes a point of the time series and refreshes the rate gauges;
// the server calls it every SeriesStep.
func (l *Live) Tick() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	target, achieved := l.rates.rates(now)
	if l.planRate >= 0 {
		target = l.planRate
	}
	if l.m != nil {
		l.m.TargetRate.Set(target)
		l.m.AchievedRate.Set(achieved)
	}
	inFlight := l.calls
	for _, n := range l.inFlight {
		inFlight += n
	}
	l.series.close(now, target, achieved, inFlight)
}
