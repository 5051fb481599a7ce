package emr

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/smithy-go/middleware"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// API is the emrcontainers surface a session uses (the SDK client satisfies it).
type API interface {
	StartJobRunAPI
	ListJobRunsAPI
	VirtualClusterAPI
}

var _ API = (*emrcontainers.Client)(nil)

// Target is the engine's EMR on EKS target (the local target too: the same
// API on loopback): StartJobRun of a rendered template, tracking by
// ListJobRuns scans (and a driver-pod watch), session-owned virtual
// clusters, and the lookup by name of a call whose answer was lost.
type Target struct {
	API      API // StartJobRun (its client's retry mode and attempts)
	Control  API // tracking and setup with its own retries (Clients.Control); nil: API
	Template *template.Template
	// CreateOn are the namespaces to create one session-owned virtual
	// cluster each on, in EKSCluster, before the first submission.
	CreateOn   []string
	EKSCluster string
	// Tracking sets the tracker (Start is the session's; zero fields: defaults).
	Tracking TrackerConfig
}

var (
	_ engine.Target   = (*Target)(nil)
	_ engine.Resolver = (*Target)(nil)
	_ engine.Planner  = (*Target)(nil)
	_ engine.Namer    = (*Target)(nil)
)

func (t *Target) control() API {
	if t.Control != nil {
		return t.Control
	}
	return t.API
}

// Prepare creates the session-owned virtual clusters (none unless CreateOn).
func (t *Target) Prepare(ctx context.Context, session string, record func(journal.Record)) ([]engine.VC, error) {
	var out []engine.VC
	for _, ns := range t.CreateOn {
		vc, err := CreateVirtualCluster(ctx, t.control(), session, t.EKSCluster, ns)
		if err != nil {
			return nil, err
		}
		record(journal.Record{Ev: journal.EvVC, T: time.Now(), ID: vc.ID, Name: vc.Name, NS: ns, State: "created"})
		out = append(out, engine.VC{ID: vc.ID, Namespace: ns})
	}
	return out, nil
}

// Planned names the virtual clusters Prepare will create, with a placeholder id.
func (t *Target) Planned() []engine.VC {
	ns := ""
	if len(t.CreateOn) > 0 {
		ns = t.CreateOn[0]
	}
	return []engine.VC{{ID: "created-at-start", Namespace: ns}}
}

// Render builds the StartJobRun request (*emrcontainers.StartJobRunInput).
func (t *Target) Render(vars job.Vars, p job.Placement) (any, error) {
	return t.Template.Render(vars, p)
}

// SentName is the job-run name the template sends job vars under.
func (t *Target) SentName(vars job.Vars) string { return t.Template.JobName(vars) }

// Submit renders and sends one StartJobRun; every attempt goes through the
// engine's job.Call (held back when late, counted when retried).
func (t *Target) Submit(ctx context.Context, vars job.Vars, p job.Placement) job.Result {
	in, err := t.Template.Render(vars, p)
	if err != nil {
		return job.Result{Outcome: job.OutcomeValidation, Err: err}
	}
	return Submit(ctx, watchedAPI{t.API}, in)
}

// NewTracker tracks the session's job runs through Control and journals
// every change.
func (t *Target) NewTracker(start time.Time, record func(journal.Record)) engine.Tracker {
	cfg := t.Tracking
	cfg.Start = start
	return NewTracker(t.control(), cfg, func(c Change) { record(c.Record()) })
}

// LookUp finds the job run named name on virtual cluster vc created since
// since ("" when there is none).
func (t *Target) LookUp(ctx context.Context, name, vc string, since time.Time) (string, error) {
	out, err := t.control().ListJobRuns(ctx, &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String(vc),
		Name: aws.String(name), CreatedAfter: aws.Time(since)})
	if err != nil || len(out.JobRuns) == 0 {
		return "", err
	}
	return aws.ToString(out.JobRuns[0].Id), nil
}

// holdBack runs once per attempt, after the retry middleware has waited for
// its backoff and the rate limiter's token: it asks the engine's job.Call
// whether the attempt may go (the open model holds back a first attempt
// already late).
func holdBack(stack *middleware.Stack) error {
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("LoadgenHoldBack",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if c, ok := job.CallOf(ctx); ok {
				if err := c.Attempt(); err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("loadgen: %w", err)
				}
			}
			return next.HandleFinalize(ctx, in)
		}), "Retry", middleware.After)
}

// watchedAPI adds holdBack to every StartJobRun.
type watchedAPI struct{ StartJobRunAPI }

func (a watchedAPI) StartJobRun(ctx context.Context, in *emrcontainers.StartJobRunInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.StartJobRunOutput, error) {
	opts = append(opts, func(o *emrcontainers.Options) { o.APIOptions = append(o.APIOptions, holdBack) })
	return a.StartJobRunAPI.StartJobRun(ctx, in, opts...)
}
