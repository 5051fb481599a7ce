package track

import (
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// Change is a job's new state as a tracker saw it. Created, Started,
// Finished and Phases are server times (zero or absent while unknown; see
// docs/tracking.md for each target's sources); Seen is when the tracker
// saw the change, on our clock.
type Change struct {
	ID               string // the target's job id (EMR job-run id; namespace/name of a SparkApplication)
	VirtualClusterID string // EMR: the job run's virtual cluster
	Namespace, Name  string // operator: the SparkApplication
	State, Details   string
	Created          time.Time
	Started          time.Time
	Finished         time.Time
	Phases           map[string]time.Time // job.Phase* -> time: the phases known so far
	Seen             time.Time
}

// Record is the journal's state record of c: the one conversion every
// target's changes go through. SUBMISSION_FAILED is journaled as FAILED
// (the reports' final states) with the details saying so.
func (c Change) Record() journal.Record {
	state, details := c.State, c.Details
	if state == job.StateSubmissionFailed {
		state, details = job.StateFailed, "submission failed: "+details
	}
	var phases map[string]time.Time
	for name, at := range c.Phases {
		if at.IsZero() {
			continue
		}
		if phases == nil {
			phases = map[string]time.Time{}
		}
		phases[name] = at
	}
	return journal.Record{Ev: journal.EvState, T: c.Seen, ID: c.ID, VC: c.VirtualClusterID, NS: c.Namespace,
		Name: c.Name, State: state, Details: details, Created: c.Created, Started: c.Started, Finished: c.Finished,
		Phases: phases}
}
