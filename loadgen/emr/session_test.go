package emr_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	"github.com/aws/smithy-go"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal/journaltest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// fakeAPI is a hand-written emrcontainers endpoint: it records every call,
// accepts submissions (or fails them with startErr), and lists accepted job
// runs as COMPLETED.
type fakeAPI struct {
	mu        sync.Mutex
	calls     []string // operation names, in order
	runs      []types.JobRun
	startErr  func(i int) error
	createErr error
	source    *fakeAPI // ListJobRuns lists this fake's runs (the submit client's), when set
}

func (f *fakeAPI) record(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, op)
	return len(f.calls) - 1
}

func (f *fakeAPI) count(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c == op {
			n++
		}
	}
	return n
}

func (f *fakeAPI) StartJobRun(_ context.Context, in *emrcontainers.StartJobRunInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.StartJobRunOutput, error) {
	i := f.record("StartJobRun")
	if f.startErr != nil {
		if err := f.startErr(i); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	id := fmt.Sprintf("jr-%03d", i)
	now := time.Now()
	f.runs = append(f.runs, types.JobRun{Id: aws.String(id), VirtualClusterId: in.VirtualClusterId, State: types.JobRunStateCompleted,
		CreatedAt: aws.Time(now), FinishedAt: aws.Time(now)})
	return &emrcontainers.StartJobRunOutput{Id: aws.String(id)}, nil
}

func (f *fakeAPI) ListJobRuns(_ context.Context, in *emrcontainers.ListJobRunsInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error) {
	f.record("ListJobRuns")
	src := f
	if f.source != nil {
		src = f.source
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	var out []types.JobRun
	for _, jr := range src.runs {
		if aws.ToString(jr.VirtualClusterId) == aws.ToString(in.VirtualClusterId) {
			out = append(out, jr)
		}
	}
	return &emrcontainers.ListJobRunsOutput{JobRuns: out}, nil
}

func (f *fakeAPI) CreateVirtualCluster(_ context.Context, in *emrcontainers.CreateVirtualClusterInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.CreateVirtualClusterOutput, error) {
	f.record("CreateVirtualCluster")
	if f.createErr != nil {
		return nil, f.createErr
	}
	return &emrcontainers.CreateVirtualClusterOutput{Id: aws.String("vc-" + aws.ToString(in.Name))}, nil
}

func (f *fakeAPI) DeleteVirtualCluster(context.Context, *emrcontainers.DeleteVirtualClusterInput, ...func(*emrcontainers.Options)) (*emrcontainers.DeleteVirtualClusterOutput, error) {
	f.record("DeleteVirtualCluster")
	return &emrcontainers.DeleteVirtualClusterOutput{}, nil
}

// sessionCfg is an engine session of the EMR target, in the terms the
// engine's Config had before targets were plug-ins (these tests moved here
// from the engine with the EMR code they exercise).
type sessionCfg struct {
	engine.Config
	Template      *template.Template
	Control       emr.API
	CreateVCs     bool
	EKSCluster    string
	CreateOn      []string
	TrackInterval time.Duration
}

// newSession opens c's session with an emr.Target submitting through api.
func newSession(c sessionCfg, api emr.API) (*engine.Session, error) {
	cfg := c.Config
	tgt := &emr.Target{API: api, Control: c.Control, Template: c.Template, Tracking: emr.TrackerConfig{Interval: c.TrackInterval}}
	if c.CreateVCs {
		tgt.CreateOn, tgt.EKSCluster = c.CreateOn, c.EKSCluster
	}
	cfg.Target = tgt
	return engine.New(cfg)
}

func jobKey(i int) string { return fmt.Sprintf("0-%d", i) }

// testConfig is a 6-job open-model session over two virtual clusters, with overrides applied.
func testConfig(t *testing.T, overrides ...func(*sessionCfg)) sessionCfg {
	tmpl, err := template.Load("../templates/spark-pi.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg := sessionCfg{Config: engine.Config{Session: "lg-test", Kind: "local", RunsDir: t.TempDir(),
		Vars: template.Vars{ExecutionRoleARN: "arn:aws:iam::123456789012:role/r", Bucket: "b", ReleaseLabel: "emr-7.9.0-latest", Region: "us-east-1"},
		Load: runner.Config{Pacer: pace.Constant{Per: 200}, MaxJobs: 6},
		VCs:  []engine.VC{{ID: "vc-a", Namespace: "ns-a"}, {ID: "vc-b", Namespace: "ns-b"}}, Placement: engine.Placement{VCPolicy: engine.PolicyRoundRobin},
		TrackAfter: 5 * time.Second}, Template: tmpl, TrackInterval: 10 * time.Millisecond}
	for _, o := range overrides {
		o(&cfg)
	}
	return cfg
}

// runSession runs cfg with submit and control and returns the journaled records.
func runSession(t *testing.T, cfg sessionCfg, submit, control *fakeAPI) ([]journal.Record, error) {
	var mu sync.Mutex
	var recs []journal.Record
	cfg.Observe = func(r journal.Record) { mu.Lock(); recs = append(recs, r); mu.Unlock() }
	if control != nil {
		cfg.Control = control
	}
	s, err := newSession(cfg, submit)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Run(t.Context())
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(recs), err
}

func apiErr(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }

func TestSessionSubmitsJournalsAndTracks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		startErr func(i int) error
		want     map[string]int // results by outcome
	}{
		{"all accepted", nil, map[string]int{job.OutcomeAccepted: 6}},
		{"errors classified", func(i int) error {
			switch i % 3 {
			case 1:
				return apiErr("ThrottlingException", "rate exceeded")
			case 2:
				return apiErr("ValidationException", "job queue is full")
			}
			return nil
		}, map[string]int{job.OutcomeAccepted: 2, job.OutcomeThrottled: 2, job.OutcomeQueueFull: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			shared := &fakeAPI{startErr: tt.startErr}
			control := &fakeAPI{source: shared}
			recs, err := runSession(t, testConfig(t), shared, control)
			if err != nil {
				t.Fatal(err)
			}
			if got := journaltest.Outcomes(recs); !maps.Equal(got, tt.want) {
				t.Errorf("results by outcome %v, want %v", got, tt.want)
			}
			journaltest.CheckIntentFirst(t, recs)
			if recs[0].Ev != journal.EvSession || recs[len(recs)-1].Ev != journal.EvEnd {
				t.Errorf("journal runs %s..%s, want session..end", recs[0].Ev, recs[len(recs)-1].Ev)
			}
			if n := states(recs, "COMPLETED"); n != tt.want[job.OutcomeAccepted] {
				t.Errorf("%d COMPLETED state records, want one per accepted job (%d)", n, tt.want[job.OutcomeAccepted])
			}
			if shared.count("ListJobRuns") != 0 || control.count("StartJobRun") != 0 {
				t.Errorf("tracking went through the submit client (%d ListJobRuns)", shared.count("ListJobRuns"))
			}
		})
	}
}

func states(recs []journal.Record, state string) int {
	n := 0
	for _, r := range recs {
		if r.Ev == journal.EvState && r.State == state {
			n++
		}
	}
	return n
}

func TestSessionCreatesVirtualClustersThroughControl(t *testing.T) {
	t.Parallel()
	create := func(c *sessionCfg) {
		c.VCs, c.CreateVCs, c.EKSCluster, c.CreateOn = nil, true, "eks", []string{"ns-a", "ns-b"}
	}
	tests := []struct {
		name      string
		createErr error
		wantVCs   int // vc records
		wantStart int
	}{
		{"created, one per namespace, then used", nil, 2, 6},
		{"a failure ends the run before any submission", apiErr("AccessDeniedException", "no"), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			submit := &fakeAPI{}
			control := &fakeAPI{source: submit, createErr: tt.createErr}
			recs, err := runSession(t, testConfig(t, create), submit, control)
			if (err != nil) != (tt.createErr != nil) || (err != nil && !errors.Is(err, tt.createErr)) {
				t.Fatalf("Run = %v, want %v", err, tt.createErr)
			}
			vcs := 0
			for _, r := range recs {
				if r.Ev == journal.EvVC {
					vcs++
				}
			}
			if vcs != tt.wantVCs || submit.count("StartJobRun") != tt.wantStart || submit.count("CreateVirtualCluster") != 0 {
				t.Errorf("%d vc records, %d StartJobRun, %d creates on the submit client; want %d, %d, 0",
					vcs, submit.count("StartJobRun"), submit.count("CreateVirtualCluster"), tt.wantVCs, tt.wantStart)
			}
			if recs[len(recs)-1].Ev != journal.EvEnd {
				t.Errorf("last record %s, want end (the journal is closed on failure too)", recs[len(recs)-1].Ev)
			}
		})
	}
}

// The engine's snapshot carries what the journal does not (outcomes are the
// live state's fold of the journal): done, tracking calls, live jobs.
func TestSnapshotShowsDoneAndTracking(t *testing.T) {
	t.Parallel()
	submit := &fakeAPI{startErr: func(i int) error {
		if i == 0 {
			return apiErr("AccessDeniedException", "no")
		}
		return nil
	}}
	s, err := newSession(testConfig(t, func(c *sessionCfg) { c.Control = &fakeAPI{source: submit} }), submit)
	if err != nil {
		t.Fatal(err)
	}
	if snap := s.Snapshot(); snap.Done || snap.ListCalls != 0 {
		t.Errorf("before the run: %+v", snap)
	}
	if err := s.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	if !snap.Done || snap.Unknown != 0 || snap.RetryBacklog != 0 || snap.ListCalls == 0 || len(snap.Live) != 0 {
		t.Errorf("after the run: %+v", snap)
	}
}
