package operator

import (
	"context"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	jobs "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
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

// account is the service account of namespace ns.
func (t *Target) account(ns string) string {
	if sa := t.ServiceAccounts[ns]; sa != "" {
		return sa
	}
	return t.ServiceAccounts[""]
}

// Prepare has nothing to create: the namespaces exist (prepare checked
// them with a server-side dry run).
func (t *Target) Prepare(context.Context, string, func(journal.Record)) ([]engine.VC, error) {
	return nil, nil
}

// Render builds the SparkApplication (*unstructured.Unstructured).
func (t *Target) Render(vars jobs.Vars, p jobs.Placement) (any, error) {
	return t.Manifest.Render(vars, Placement{Placement: p, ServiceAccount: t.account(vars.Namespace), TTLSeconds: t.TTLSeconds, Worker: t.Worker})
}

// Submit renders and creates one SparkApplication.
func (t *Target) Submit(ctx context.Context, vars jobs.Vars, p jobs.Placement) jobs.Result {
	obj, err := t.Manifest.Render(vars, Placement{Placement: p, ServiceAccount: t.account(vars.Namespace), TTLSeconds: t.TTLSeconds, Worker: t.Worker})
	if err != nil {
		return jobs.Result{Outcome: jobs.OutcomeValidation, Err: err}
	}
	r := Submit(ctx, t.Clients.Dynamic, obj)
	return jobs.Result{ID: r.ID, Outcome: r.Outcome, Attempts: r.Attempts, Err: r.Err}
}

// NewTracker watches this worker's objects and journals every change.
func (t *Target) NewTracker(_ time.Time, record func(journal.Record)) engine.Tracker {
	tr := NewTracker(t.Clients, TrackerConfig{Namespaces: t.Namespaces, Selector: SessionSelector(t.Session, t.Worker),
		NamePrefix: t.Session, OnChange: func(c Change) { record(c.Track().Record()) }})
	return &engineTracker{Tracker: tr, requests: t.Clients.Requests}
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
