package metrics

import "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"

// Label names.
const (
	// Target is the submission target: TargetEMR, TargetOperator or TargetLocal.
	Target = "target"
	// JobNamespace is the Kubernetes namespace of the job (for EMR, the
	// namespace of the virtual cluster). Named job_namespace because
	// Prometheus' own target label "namespace" (the load generator pod's
	// namespace) would otherwise overwrite it when scraped in-cluster.
	JobNamespace = "job_namespace"
	// Result is the result class of a submission (Result* values).
	Result = "result"
	// Phase is a lifecycle phase (Phase* values).
	Phase = "phase"
	// State is a job state (State* values).
	State = "state"
	// FinalState is a terminal job state (StateSucceeded, StateFailed,
	// StateCancelled).
	FinalState = "final_state"
	// Session is the run's session id.
	Session = "session"
	// Model is the load model: ModelOpen or ModelClosed.
	Model = "model"
)

// Target label values.
const (
	TargetEMR      = "emr"
	TargetOperator = "operator"
	TargetLocal    = "local"
)

// Model label values.
const (
	ModelOpen   = "open"
	ModelClosed = "closed"
)

// Result classes of a submission. Load shed (a full EMR job queue) is not a
// tool error: it is the system under test saying no, and is kept apart.
const (
	// ResultOK: the job was accepted.
	ResultOK = "ok"
	// ResultThrottled: the API throttled the call (HTTP 429, ThrottlingException).
	ResultThrottled = "throttled"
	// ResultShed: the job queue is full (EMR ValidationException on a queue).
	ResultShed = "shed"
	// ResultRejected: the request was invalid (other 4xx).
	ResultRejected = "rejected"
	// ResultServerError: the service failed (5xx).
	ResultServerError = "server_error"
	// ResultTimeout: no answer before the client's deadline.
	ResultTimeout = "timeout"
	// ResultError: the load generator could not send (network, credentials, template).
	ResultError = "error"
)

// ResultClasses lists every Result value, in display order.
var ResultClasses = []string{ResultOK, ResultThrottled, ResultShed, ResultRejected, ResultServerError, ResultTimeout, ResultError}

// Lifecycle phases. Except PhaseExecution, each is measured from the job's
// creation to the moment it reached the phase.
const (
	// PhaseSubmitted: the job is accepted by the runner (EMR SUBMITTED,
	// operator state SUBMITTED).
	PhaseSubmitted = "submitted"
	// PhaseScheduled: the driver pod is scheduled (PodScheduled condition).
	PhaseScheduled = "scheduled"
	// PhaseRunning: the job (driver) is running.
	PhaseRunning = "running"
	// PhaseFinished: the job reached a final state.
	PhaseFinished = "finished"
	// PhaseExecution: from running to a final state.
	PhaseExecution = "execution"
)

// Phases lists every Phase value, in lifecycle order.
var Phases = []string{PhaseSubmitted, PhaseScheduled, PhaseRunning, PhaseFinished, PhaseExecution}

// Job states (State values; the last three are final states).
const (
	StatePending   = "pending"
	StateSubmitted = "submitted"
	StateRunning   = "running"
	StateSucceeded = "succeeded"
	StateFailed    = "failed"
	StateCancelled = "cancelled"
)

// States lists every State value; InFlightStates are the non-terminal ones.
var (
	States         = []string{StatePending, StateSubmitted, StateRunning, StateSucceeded, StateFailed, StateCancelled}
	InFlightStates = []string{StatePending, StateSubmitted, StateRunning}
	FinalStates    = []string{StateSucceeded, StateFailed, StateCancelled}
)

// SubmitLatencyBuckets are the upper bounds, in seconds, of SubmitLatencySeconds:
// 5 ms to 2 minutes (an SDK call with retries can take that long under throttling).
var SubmitLatencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

// PhaseBuckets are the upper bounds, in seconds, of PhaseSeconds: 1 s to
// 4 h, dense below a minute (pod startup SLO is 5 s) and sparse for long
// Spark jobs.
var PhaseBuckets = []float64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400}

// FinalStateLabel is the FinalState label value of a job's server state
// (EMR or Spark Operator, job.State*): COMPLETED is StateSucceeded,
// CANCELLED StateCancelled, every other final state StateFailed. ok is
// false for a state that is not final: whether a state is final is
// job.IsFinal's one definition, not a list of this package's.
func FinalStateLabel(state string) (label string, ok bool) {
	switch {
	case !job.IsFinal(state):
		return "", false
	case state == job.StateCompleted:
		return StateSucceeded, true
	case state == job.StateCancelled:
		return StateCancelled, true
	}
	return StateFailed, true
}
