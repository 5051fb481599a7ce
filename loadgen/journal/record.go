// Package journal is the run's source of truth: an append-only JSON-lines file
// (runs/<session>/journal.jsonl) written before anything is derived from it.
// Every submission has an intent record before the call and a result record
// after it; tracking appends state changes and in-flight samples. Reports are
// rebuilt from the journal alone (Derive), also after a crash.
package journal

import (
	"fmt"
	"time"
)

// Event kinds (Record.Ev).
const (
	EvSession = "session" // first record: session id, target, plan
	EvIntent  = "intent"  // a submission is about to be sent
	EvResult  = "result"  // the submission's call returned (after retries)
	EvSkip    = "skip"    // a planned submission was never sent (dropped, late, canceled)
	EvState   = "state"   // tracking saw a job run change state
	EvSample  = "sample"  // in-flight job runs by state
	EvVC      = "vc"      // a session-owned virtual cluster was created or deleted
	EvEnd     = "end"     // the run ended cleanly
	// EvInterrupt: the run was interrupted (Ctrl-C, SIGTERM); written at
	// once, so that a report rebuilt later, even of a run killed after it,
	// says so.
	EvInterrupt = "interrupt"
)

var knownEvents = map[string]bool{EvSession: true, EvIntent: true, EvResult: true, EvSkip: true,
	EvState: true, EvSample: true, EvVC: true, EvEnd: true, EvInterrupt: true}

// Record is one journal line. Which fields are set depends on Ev; times are
// the client clock (T, Sched) or the server's (Created, Started, Finished).
type Record struct {
	Ev string    `json:"ev"`
	T  time.Time `json:"t"`

	Session string            `json:"session,omitempty"`
	Target  string            `json:"target,omitempty"`
	Worker  int               `json:"worker,omitempty"`
	Plan    map[string]string `json:"plan,omitempty"`

	Key   string    `json:"key,omitempty"` // unique job key within the session
	Index int64     `json:"index,omitempty"`
	Sched time.Time `json:"sched,omitzero"` // when the pacer wanted the call sent
	Name  string    `json:"name,omitempty"` // job-run name
	VC    string    `json:"vc,omitempty"`   // virtual cluster id
	NS    string    `json:"ns,omitempty"`
	AZ    string    `json:"az,omitempty"`

	Outcome  string `json:"outcome,omitempty"`
	ID       string `json:"id,omitempty"` // job-run id, or virtual-cluster id for EvVC
	Attempts int    `json:"attempts,omitempty"`
	Err      string `json:"err,omitempty"`

	State    string    `json:"state,omitempty"` // job-run state, or "created"/"deleted" for EvVC
	Details  string    `json:"details,omitempty"`
	Created  time.Time `json:"created,omitzero"`
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
	// Phases are the operator target's server times of the lifecycle phases
	// beyond created/started/finished (submitted, driver_created, scheduled,
	// running, executors_running), keyed by phase name.
	Phases map[string]time.Time `json:"phases,omitempty"`

	ByState map[string]int `json:"by_state,omitempty"`
}

func (r *Record) validate() error {
	switch {
	case !knownEvents[r.Ev]:
		return fmt.Errorf("unknown event %q", r.Ev)
	case r.T.IsZero():
		return fmt.Errorf("event %q has no time \"t\"", r.Ev)
	case (r.Ev == EvIntent || r.Ev == EvResult || r.Ev == EvSkip) && r.Key == "":
		return fmt.Errorf("event %q has no job \"key\"", r.Ev)
	case (r.Ev == EvState || r.Ev == EvVC) && r.ID == "":
		return fmt.Errorf("event %q has no \"id\"", r.Ev)
	case r.Ev == EvSession && r.Session == "":
		return fmt.Errorf("event %q has no \"session\"", r.Ev)
	}
	return nil
}
