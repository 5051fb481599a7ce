// Package job is the vocabulary the engine, every target and the reports
// share: a job's template variables and placement, what one submission
// produced, its outcomes, the states a tracked job goes through (with the
// one rule of which are final) and the names of its lifecycle phases. It
// imports nothing of the project, so any package may use it.
package job

import (
	"context"
	"errors"
)

// Vars are one job's template variables. The engine fills the per-job ones
// (job name and index, namespace, virtual cluster, AZ); the rest are the
// session's.
type Vars struct {
	SessionID        string // ${session_id}
	JobName          string // ${job_name}: unique per job, starts with the session id
	JobIndex         int64  // ${job_index}: 0-based sequence number of the job in the session
	Namespace        string // ${namespace}: Kubernetes namespace of the virtual cluster
	VirtualClusterID string // ${virtual_cluster_id}
	AZ               string // ${az}: the availability zone picked for the job ("" if none)
	ExecutionRoleARN string // ${execution_role_arn}
	Bucket           string // ${bucket}: S3 bucket name for logs and data
	ReleaseLabel     string // ${release_label}: e.g. emr-7.9.0-latest
	Region           string // ${region}
	AccountID        string // ${account_id}
}

// Placement pins a job's pods; an empty field sets nothing.
type Placement struct {
	AZ               string // topology.kubernetes.io/zone node selector
	DriverNodePool   string // karpenter.sh/nodepool node selector of the driver
	ExecutorNodePool string // karpenter.sh/nodepool node selector of the executors
	SchedulerName    string // the pods' scheduler
}

// Result is what one submission produced.
type Result struct {
	ID       string // the target's id of the accepted job ("" unless accepted)
	Outcome  string // one of Outcomes
	Attempts int    // calls made, retries included
	Err      error
}

// Submission outcomes (Result.Outcome): every planned job gets exactly one.
const (
	OutcomeAccepted     = "accepted"               // the target accepted the job
	OutcomeThrottled    = "throttled"              // throttling error after retries
	OutcomeQueueFull    = "queue_full"             // the target shed the request (a full job queue, a quota)
	OutcomeAccessDenied = "access_denied"          // the call was refused for its identity
	OutcomeValidation   = "validation"             // the request was rejected as invalid
	OutcomeOther        = "other"                  // any other error (5xx, network, ...)
	OutcomeDropped      = "dropped"                // never sent: no capacity to send it on time
	OutcomeLate         = "late"                   // never sent: its start was too far behind schedule
	OutcomeCanceled     = "canceled_before_submit" // never sent: the run stopped first
	// OutcomeUnknown: sent, but the journal holds no answer (the process
	// died during the call, or while writing its result): neither accepted
	// nor an error; `loadgen stop` looks such jobs up by name.
	OutcomeUnknown = "unknown"
)

// Outcomes lists every outcome in report order.
var Outcomes = []string{OutcomeAccepted, OutcomeThrottled, OutcomeQueueFull, OutcomeAccessDenied,
	OutcomeValidation, OutcomeOther, OutcomeDropped, OutcomeLate, OutcomeCanceled, OutcomeUnknown}

// Call follows one submission's attempts: a target that retries calls
// Attempt before each attempt (the EMR target from an SDK middleware). An
// error means the attempt must not be sent: the submission ends with it.
// The engine counts retries through it and holds back, in the open model,
// a first attempt that could only go out late (ErrHeldBack).
type Call interface{ Attempt() error }

type callKey struct{}

// WithCall returns ctx carrying c for the submission made with it.
func WithCall(ctx context.Context, c Call) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

// CallOf is the Call ctx carries, if any.
func CallOf(ctx context.Context) (Call, bool) {
	c, ok := ctx.Value(callKey{}).(Call)
	return c, ok
}

// ErrHeldBack is a first attempt held back (by a client-side rate limiter)
// past the open model's late rule: it is not sent, and counted late.
var ErrHeldBack = errors.New("held back by the client-side rate limiter past --late-after: not sent")
