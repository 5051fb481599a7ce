// Package metrics is the contract of the load generator's Prometheus
// /metrics endpoint: metric names, types, units, label names, label values
// and histogram buckets. The loadgen Grafana dashboard (dashboards/loadgen.json)
// reads exactly these names, and the monitoring stack's keep-list keeps them;
// tests on both sides import this package, so a rename here breaks them
// instead of silently emptying a panel.
//
// Every duration is in seconds (Prometheus base unit), every rate in jobs per
// second. All names carry the Namespace prefix.
package metrics

// Namespace prefixes every metric of the load generator.
const Namespace = "loadgen"

// Metric names (full names, with the namespace prefix).
const (
	// SubmissionsTotal counts submission attempts (one StartJobRun call or
	// one SparkApplication create), by Target, JobNamespace and Result.
	// Type: counter.
	SubmissionsTotal = "loadgen_submissions_total"

	// DroppedSubmissionsTotal counts scheduled submissions that could not
	// start on time because every sender was busy (k6's dropped
	// iterations): counted, never hidden. Labels: Target. Type: counter.
	DroppedSubmissionsTotal = "loadgen_dropped_submissions_total"

	// IDConflictsTotal counts job-run id conflicts: an id the server
	// accepted for a second job, or a state of an id whose creation time is
	// not its job's (the jobs are kept apart, never merged). Labels: Target.
	// Type: counter.
	IDConflictsTotal = "loadgen_job_id_conflicts_total"

	// SubmitLatencySeconds is the duration of one submission call, from
	// the request being sent to its response (or error), in seconds.
	// Labels: Target, JobNamespace, Result. Type: histogram with
	// SubmitLatencyBuckets.
	SubmitLatencySeconds = "loadgen_submit_latency_seconds"

	// PhaseSeconds is the time a job took to reach Phase, measured on the
	// server's timestamps from the job's creation (the job run's createdAt
	// or the SparkApplication's creationTimestamp); for PhaseExecution it is
	// from running to finished. Labels: Target, JobNamespace, Phase.
	// Type: histogram with PhaseBuckets (up to four hours).
	PhaseSeconds = "loadgen_job_phase_seconds"

	// JobsFinishedTotal counts jobs that reached a final state, by Target,
	// JobNamespace and FinalState. Type: counter.
	JobsFinishedTotal = "loadgen_jobs_finished_total"

	// Jobs is the number of tracked jobs currently in each State (the
	// non-terminal states are the in-flight jobs). Labels: Target, State.
	// Type: gauge.
	Jobs = "loadgen_jobs"

	// Users is the number of active virtual users of the closed model
	// (0 in the open model). Type: gauge.
	Users = "loadgen_users"

	// TargetRate is the arrival rate the load plan asks for now, in jobs
	// per second (open model; in the closed model the rate implied by
	// users and think time). Type: gauge.
	TargetRate = "loadgen_target_rate_jobs_per_second"

	// AchievedRate is the submission rate actually achieved over the last
	// AchievedRateWindow, in jobs per second. Type: gauge.
	AchievedRate = "loadgen_achieved_rate_jobs_per_second"

	// ScheduleLagSeconds is how late the most recent submission started
	// compared with its scheduled time, in seconds (0 when on time).
	// Type: gauge.
	ScheduleLagSeconds = "loadgen_schedule_lag_seconds"

	// RunInfo is 1 for the running session; its labels describe the run.
	// Labels: Session, Target, Model. Type: gauge.
	RunInfo = "loadgen_run_info"
)

// AchievedRateWindow is the sliding window, in seconds, over which the load
// generator computes AchievedRate.
const AchievedRateWindow = 10
