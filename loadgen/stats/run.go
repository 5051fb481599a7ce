// Package stats turns the raw results of a load-generator run (a Run, derived from the journal) into
// a Summary: counts by outcome and final state, arrival rates, latency distributions held as HDR
// histograms, and a time series. Summaries of N workers merge exactly (histograms are merged, never
// percentiles averaged), so a scaled-out run reports the same numbers as one worker doing all the work.
package stats

import (
	"slices"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// ErrorOutcomes are the outcomes of a submission that was sent and failed, in report order.
var ErrorOutcomes = []string{job.OutcomeThrottled, job.OutcomeQueueFull, job.OutcomeAccessDenied,
	job.OutcomeValidation, job.OutcomeOther}

// StateUnfinished is the Summary.FinalStates key for accepted jobs that had no final state when
// the run ended (a report key, not a job state).
const StateUnfinished = "UNFINISHED"

// Job is one planned submission and everything learnt about it. Times are zero when unknown.
type Job struct {
	Key              string // the engine's unique key for the job (also the job-run name suffix)
	Worker           int    // index of the worker that owned the job (0 for a single process)
	Index            int64  // sequence number of the job within its worker
	ID               string // EMR job-run id ("" unless accepted)
	VirtualClusterID string
	Namespace        string
	AZ               string

	// Client clock: when the pacer wanted the call sent, when the call started and when it returned
	// (after all retries).
	Scheduled, SubmitStart, SubmitEnd time.Time

	Outcome  string // one of Outcomes
	Attempts int    // calls made, including retries
	Error    string // last error message ("" when accepted)

	// Server clock (from ListJobRuns / DescribeJobRun): created, started running, finished.
	Created, Started, Finished time.Time
	// Phases are the operator target's further lifecycle moments (server clock), indexed like
	// PhaseNames; nil when the target gives none (EMR), so that such jobs do not carry them.
	Phases *Phases

	FinalState   string // COMPLETED | FAILED | CANCELLED | ... ("" while live)
	StateDetails string
}

// Sample is a periodic count of the worker's in-flight jobs by server state, taken by tracking.
type Sample struct {
	T       time.Time
	Worker  int // worker that took the sample; counts of different workers add up
	ByState map[string]int
}

// Run is the raw material of a report: one worker's (or several workers' concatenated) jobs and samples.
type Run struct {
	Session string
	Target  string // emr | local | operator
	Start   time.Time
	End     time.Time
	Plan    map[string]string // the load plan as the user gave it (flag name -> value), shown in reports
	Jobs    []Job
	Samples []Sample
}

func isError(outcome string) bool { return slices.Contains(ErrorOutcomes, outcome) }
