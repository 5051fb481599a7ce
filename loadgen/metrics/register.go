package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/metricnames"
)

// Metrics holds the load generator's collectors, created and registered by
// Register. Label order is the one given in each field's comment.
type Metrics struct {
	// Submissions: Target, JobNamespace, Result.
	Submissions *prometheus.CounterVec
	// Dropped: Target.
	Dropped *prometheus.CounterVec
	// IDConflicts: Target.
	IDConflicts *prometheus.CounterVec
	// SubmitLatency: Target, JobNamespace, Result.
	SubmitLatency *prometheus.HistogramVec
	// Phase: Target, JobNamespace, Phase.
	Phase *prometheus.HistogramVec
	// Finished: Target, JobNamespace, FinalState.
	Finished *prometheus.CounterVec
	// Jobs: Target, State.
	Jobs *prometheus.GaugeVec
	// Users, TargetRate, AchievedRate, ScheduleLag have no labels.
	Users        prometheus.Gauge
	TargetRate   prometheus.Gauge
	AchievedRate prometheus.Gauge
	ScheduleLag  prometheus.Gauge
	// RunInfo: Session, Target, Model; set to 1 with SetRunInfo.
	RunInfo *prometheus.GaugeVec
}

// Register creates every collector of the contract and registers it with
// reg. Like prometheus.MustRegister it panics if a collector with the same
// name is already registered: that is a programming error (Register called
// twice on one registry), not a runtime condition.
func Register(reg prometheus.Registerer) *Metrics {
	m := newMetrics()
	reg.MustRegister(m.collectors()...)
	return m
}

// SetRunInfo marks the run described by session, target and model.
func (m *Metrics) SetRunInfo(session, target, model string) {
	m.RunInfo.WithLabelValues(session, target, model).Set(1)
}

func newMetrics() *Metrics {
	return &Metrics{
		Submissions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: SubmissionsTotal, Help: "Submission attempts by target, job namespace and result class.",
		}, []string{Target, JobNamespace, Result}),
		Dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: DroppedSubmissionsTotal, Help: "Scheduled submissions that could not start on time.",
		}, []string{Target}),
		IDConflicts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: IDConflictsTotal, Help: "Job-run ids the server accepted for two jobs (kept apart).",
		}, []string{Target}),
		SubmitLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: SubmitLatencySeconds, Help: "Duration of one submission call in seconds.",
			Buckets: SubmitLatencyBuckets,
		}, []string{Target, JobNamespace, Result}),
		Phase: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: PhaseSeconds, Help: "Seconds from job creation to reaching the phase (execution: running to finished).",
			Buckets: PhaseBuckets,
		}, []string{Target, JobNamespace, Phase}),
		Finished: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: JobsFinishedTotal, Help: "Jobs that reached a final state.",
		}, []string{Target, JobNamespace, FinalState}),
		Jobs: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: Jobs, Help: "Tracked jobs by state.",
		}, []string{Target, State}),
		Users:        gauge(Users, "Active virtual users (closed model)."),
		TargetRate:   gauge(TargetRate, "Arrival rate the load plan asks for, jobs per second."),
		AchievedRate: gauge(AchievedRate, "Achieved submission rate over the last 10 s, jobs per second."),
		ScheduleLag:  gauge(ScheduleLagSeconds, "Lateness of the latest submission against its schedule, seconds."),
		RunInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: RunInfo, Help: "1 for the running session.",
		}, []string{Session, Target, Model}),
	}
}

func gauge(name, help string) prometheus.Gauge {
	return prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
}

func (m *Metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{
		m.Submissions, m.Dropped, m.IDConflicts, m.SubmitLatency, m.Phase, m.Finished, m.Jobs,
		m.Users, m.TargetRate, m.AchievedRate, m.ScheduleLag, m.RunInfo,
	}
}

// Names lists every metric name of the contract (metricnames.Names).
func Names() []string { return metricnames.Names() }

// SeriesNames lists the names of the series Prometheus stores for the
// contract: histograms expand to _bucket, _sum and _count
// (metricnames.SeriesNames).
func SeriesNames() []string { return metricnames.SeriesNames() }
