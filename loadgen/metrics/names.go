// Package metrics is the contract of the load generator's Prometheus
// /metrics endpoint: metric names, types, units, label names, label values
// and histogram buckets. The names themselves are internal/metricnames',
// shared with the code that reads them without running the load generator
// (infra/monitoring's keep-list, the dashboards' tests); this package
// registers the collectors under those names. The loadgen Grafana dashboard
// (dashboards/loadgen.json) reads exactly these names, and the monitoring
// stack's keep-list keeps them; tests on both sides check them against the
// registry Register fills, so a rename breaks them instead of silently
// emptying a panel.
//
// Every duration is in seconds (Prometheus base unit), every rate in jobs per
// second. All names carry the Namespace prefix.
package metrics

import "github.com/emr-eks-loadtest/emr-eks-loadtest/internal/metricnames"

// Namespace prefixes every metric of the load generator.
const Namespace = metricnames.Namespace

// Metric names (full names, with the namespace prefix); see
// internal/metricnames for each one's meaning, labels and type.
const (
	SubmissionsTotal        = metricnames.SubmissionsTotal
	DroppedSubmissionsTotal = metricnames.DroppedSubmissionsTotal
	IDConflictsTotal        = metricnames.IDConflictsTotal
	SubmitLatencySeconds    = metricnames.SubmitLatencySeconds
	PhaseSeconds            = metricnames.PhaseSeconds
	JobsFinishedTotal       = metricnames.JobsFinishedTotal
	Jobs                    = metricnames.Jobs
	Users                   = metricnames.Users
	TargetRate              = metricnames.TargetRate
	AchievedRate            = metricnames.AchievedRate
	ScheduleLagSeconds      = metricnames.ScheduleLagSeconds
	RunInfo                 = metricnames.RunInfo
)

// AchievedRateWindow is the sliding window, in seconds, over which the load
// generator computes AchievedRate.
const AchievedRateWindow = 10
