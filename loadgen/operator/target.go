package operator

import (
	"context"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// Target is the engine's SparkApplication target (engine.Target).
type Target struct {
	Clients         *Clients
	Manifest        *Manifest
	Namespaces      []string
	ServiceAccounts map[string]string // namespace -> service account ("" key: every namespace)
	TTLSeconds      int64
	Session         string
	Worker          int
}

var _ engine.Target = (*Target)(nil)

// Submit renders and creates one SparkApplication.
func (t *Target) Submit(ctx context.Context, vars template.Vars, p template.Placement) emr.Result {
	sa := t.ServiceAccounts[vars.Namespace]
	if sa == "" {
		sa = t.ServiceAccounts[""]
	}
	obj, err := t.Manifest.Render(vars, Placement{Placement: p, ServiceAccount: sa, TTLSeconds: t.TTLSeconds, Worker: t.Worker})
	if err != nil {
		return emr.Result{Outcome: stats.OutcomeValidation, Err: err}
	}
	r := Submit(ctx, t.Clients.Dynamic, obj)
	return emr.Result{ID: r.ID, Outcome: r.Outcome, Attempts: r.Attempts, Err: r.Err}
}

// NewTracker watches this worker's objects and journals every change.
func (t *Target) NewTracker(_ time.Time, record func(journal.Record)) engine.Tracker {
	tr := NewTracker(t.Clients, TrackerConfig{Namespaces: t.Namespaces, Selector: SessionSelector(t.Session, t.Worker),
		NamePrefix: t.Session, OnChange: func(c Change) { record(changeRecord(c)) }})
	return &engineTracker{Tracker: tr, requests: t.Clients.Requests}
}

// changeRecord is the journal's state record of a change. SUBMISSION_FAILED
// is journaled as FAILED (the reports' final states) with the details.
func changeRecord(c Change) journal.Record {
	state, details := c.State, c.Details
	if state == StateSubmissionFailed {
		state, details = StateFailed, "submission failed: "+details
	}
	p := c.Phases
	phases := map[string]time.Time{}
	for name, at := range map[string]time.Time{"submitted": p.Submitted, "driver_created": p.DriverCreated,
		"scheduled": p.Scheduled, "running": p.Running, "executors_running": p.ExecutorsRunning} {
		if !at.IsZero() {
			phases[name] = at
		}
	}
	return journal.Record{Ev: journal.EvState, T: c.Seen, ID: c.ID, NS: c.Namespace, Name: c.Name, State: state,
		Details: details, Created: p.Created, Started: p.Running, Finished: p.Finished, Phases: phases}
}

type engineTracker struct {
	*Tracker
	requests *RequestCounts
}

func (e *engineTracker) Run(ctx context.Context) { _ = e.Tracker.Run(ctx) }

// Poll does nothing: the informers are up to date by construction.
func (e *engineTracker) Poll(context.Context) error { return nil }

func (e *engineTracker) Add(id, _ string, _ time.Time) { e.Tracker.Add(id) }

// Calls counts GET/LIST requests (the informers' initial and re-lists).
func (e *engineTracker) Calls() int64 { return e.requests.Polls() }
