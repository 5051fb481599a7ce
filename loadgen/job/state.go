package job

// States of a tracked job, as journal state records carry them: EMR job-run
// states, and the Spark Operator's application states (which share most
// names). StateNew and StateCancelled are also the operator tracker's own
// names for an object the operator has not touched, and for one deleted
// before it finished.
const (
	StateNew              = "NEW"
	StatePending          = "PENDING"
	StateSubmitted        = "SUBMITTED"
	StateRunning          = "RUNNING"
	StateCancelPending    = "CANCEL_PENDING"
	StateCompleted        = "COMPLETED"
	StateFailed           = "FAILED"
	StateCancelled        = "CANCELLED"
	StateSubmissionFailed = "SUBMISSION_FAILED"
)

// FinalStates are the states a job never leaves, in report order.
var FinalStates = []string{StateCompleted, StateFailed, StateCancelled, StateSubmissionFailed}

// IsFinal reports whether a job in state has ended. It is the one
// definition: trackers retire a job on it, the journal's readers count a job
// finished on it.
func IsFinal(state string) bool {
	switch state {
	case StateCompleted, StateFailed, StateCancelled, StateSubmissionFailed:
		return true
	}
	return false
}

// Lifecycle phases beyond created, started and finished (journal records'
// Phases keys), in lifecycle order. Server clock.
const (
	PhaseSubmitted        = "submitted"         // the target handed the job on (the operator submitted the driver)
	PhaseDriverCreated    = "driver_created"    // driver pod created
	PhaseScheduled        = "scheduled"         // driver pod bound to a node
	PhaseRunning          = "running"           // driver container started
	PhaseExecutorsRunning = "executors_running" // the last expected executor started
)

// Phases lists the phase names in lifecycle order.
var Phases = []string{PhaseSubmitted, PhaseDriverCreated, PhaseScheduled, PhaseRunning, PhaseExecutorsRunning}
