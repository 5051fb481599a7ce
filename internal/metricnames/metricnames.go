// Package metricnames is the contract of the load generator's metric
// names, shared by the code that exposes them (loadgen/metrics, which
// registers the collectors) and the code that reads them without running
// the load generator (infra/monitoring's remote-write keep-list, the
// dashboards' tests), as internal/outputs is for the stack's outputs. It
// holds names only: types, labels and buckets are loadgen/metrics'.
//
// Every duration is in seconds (Prometheus base unit), every rate in jobs
// per second. All names carry the Namespace prefix.
package metricnames

import "slices"

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

// Names lists every metric name of the contract.
func Names() []string {
	return []string{
		SubmissionsTotal, DroppedSubmissionsTotal, IDConflictsTotal, SubmitLatencySeconds, PhaseSeconds,
		JobsFinishedTotal, Jobs, Users, TargetRate, AchievedRate, ScheduleLagSeconds, RunInfo,
	}
}

// Histograms are the names of Names that are histograms.
var Histograms = []string{SubmitLatencySeconds, PhaseSeconds}

// SeriesNames lists the names of the series Prometheus stores for the
// contract: histograms expand to _bucket, _sum and _count.
func SeriesNames() []string {
	var out []string
	for _, n := range Names() {
		if slices.Contains(Histograms, n) {
			out = append(out, n+"_bucket", n+"_sum", n+"_count")
			continue
		}
		out = append(out, n)
	}
	return out
}
