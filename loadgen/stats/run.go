// Package stats turns the raw results of a load-generator run (a Run, derived from the journal) into
// a Summary: counts by outcome and final state, arrival rates, latency distributions held as HDR
// histograms, and a time series. Summaries of N workers merge exactly (histograms are merged, never
// percentiles averaged), so a scaled-out run reports the same numbers as one worker doing all the work.
package stats

import (
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Submission outcomes (Job.Outcome). The engine classifies each job into exactly one.
const (
	OutcomeAccepted     = "accepted"               // StartJobRun succeeded
	OutcomeThrottled    = "throttled"              // throttling error after retries
	OutcomeQueueFull    = "queue_full"             // the virtual cluster's job queue shed the request
	OutcomeAccessDenied = "access_denied"          // IAM refused the call
	OutcomeValidation   = "validation"             // the request was rejected as invalid
	OutcomeOther        = "other"                  // any other error (5xx, network, ...)
	OutcomeDropped      = "dropped"                // never sent: no capacity to send it on time
	OutcomeLate         = "late"                   // never sent: its start was too far behind schedule
	OutcomeCanceled     = "canceled_before_submit" // never sent: the run stopped first
	// OutcomeUnknown: sent, but the journal holds no answer (the process died during the call, or while
	// writing its result): neither accepted nor an error; `loadgen stop` looks such jobs up by name.
	OutcomeUnknown = "unknown"
)

// ErrorOutcomes are the outcomes of a submission that was sent and failed, in report order.
var ErrorOutcomes = []string{OutcomeThrottled, OutcomeQueueFull, OutcomeAccessDenied, OutcomeValidation, OutcomeOther}

// Outcomes lists every known outcome in report order.
var Outcomes = []string{OutcomeAccepted, OutcomeThrottled, OutcomeQueueFull, OutcomeAccessDenied,
	OutcomeValidation, OutcomeOther, OutcomeDropped, OutcomeLate, OutcomeCanceled, OutcomeUnknown}

// Final states of an EMR job run that count as finished. Any other non-empty FinalState is reported
// as it is but not counted as finished.
const (
	StateCompleted = "COMPLETED"
	StateFailed    = "FAILED"
	StateCancelled = "CANCELLED"
	// StateUnfinished is the FinalStates key for accepted jobs that had no final state when the run ended.
	StateUnfinished = "UNFINISHED"
)

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

func isError(outcome string) bool {
	for _, o := range ErrorOutcomes {
		if o == outcome {
			return true
		}
	}
	return false
}

func isFinished(state string) bool {
	return job.IsFinal(state)
}
