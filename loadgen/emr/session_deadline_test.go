package emr_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal/journaltest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
)

// hungAPI is an endpoint that stops answering (SIGSTOP): StartJobRun blocks
// until its context ends. Even jobs were accepted by the server before it
// hung (the answer is lost); ListJobRuns filters by name as the API does.
type hungAPI struct {
	mu   sync.Mutex
	runs []types.JobRun
}

func (h *hungAPI) StartJobRun(ctx context.Context, in *emrcontainers.StartJobRunInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.StartJobRunOutput, error) {
	var idx int
	_, _ = fmt.Sscanf(aws.ToString(in.Name)[strings.LastIndex(aws.ToString(in.Name), "-")+1:], "%d", &idx)
	if idx%2 == 0 {
		h.mu.Lock()
		h.runs = append(h.runs, types.JobRun{Id: aws.String(fmt.Sprintf("jr-%d", idx)), Name: in.Name,
			VirtualClusterId: in.VirtualClusterId, State: types.JobRunStateRunning, CreatedAt: aws.Time(time.Now())})
		h.mu.Unlock()
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

func (h *hungAPI) ListJobRuns(_ context.Context, in *emrcontainers.ListJobRunsInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []types.JobRun
	for _, jr := range h.runs {
		if aws.ToString(jr.VirtualClusterId) == aws.ToString(in.VirtualClusterId) &&
			(in.Name == nil || aws.ToString(in.Name) == aws.ToString(jr.Name)) {
			out = append(out, jr)
		}
	}
	return &emrcontainers.ListJobRunsOutput{JobRuns: out}, nil
}

func (h *hungAPI) CreateVirtualCluster(context.Context, *emrcontainers.CreateVirtualClusterInput, ...func(*emrcontainers.Options)) (*emrcontainers.CreateVirtualClusterOutput, error) {
	return nil, fmt.Errorf("not here")
}

func (h *hungAPI) DeleteVirtualCluster(context.Context, *emrcontainers.DeleteVirtualClusterInput, ...func(*emrcontainers.Options)) (*emrcontainers.DeleteVirtualClusterOutput, error) {
	return nil, fmt.Errorf("not here")
}

// TestHungEndpointCallsEndAtTheirDeadline: against an endpoint that never
// answers, each call ends at --call-timeout (the run ends instead of hanging),
// and the lookup by name after the run journals the ones the server had
// accepted as accepted (and tracks them), the others as unknown outcome,
// not accepted.
func TestHungEndpointCallsEndAtTheirDeadline(t *testing.T) {
	t.Parallel()
	h := &hungAPI{}
	cfg := testConfig(t, func(c *sessionCfg) {
		c.Load = runner.Config{Pacer: pace.Constant{Per: 100}, MaxJobs: 4}
		c.CallTimeout, c.TrackAfter = 200*time.Millisecond, 0
	})
	done := make(chan struct{})
	var recs []journal.Record
	go func() {
		defer close(done)
		recs, _ = runSessionCtx(t, t.Context(), cfg, h)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second): // a generous guard, not a timing assert: the old engine never returns
		t.Fatal("the run hangs on an endpoint that never answers")
	}
	res := journaltest.ResultsByKey(recs)
	for i := range 4 {
		r, ok := res[jobKey(i)]
		switch {
		case !ok:
			t.Errorf("job %d: no result record", i)
		case i%2 == 0 && (r.Outcome != job.OutcomeAccepted || r.ID != fmt.Sprintf("jr-%d", i)):
			t.Errorf("job %d (accepted by the server): outcome %s id %q, want accepted jr-%d", i, r.Outcome, r.ID, i)
		case i%2 == 1 && (r.Outcome != job.OutcomeOther || !strings.Contains(r.Err, engine.UnknownOutcome) || !strings.Contains(r.Err, "call-timeout")):
			t.Errorf("job %d (not accepted): outcome %s err %q, want other with %q naming --call-timeout", i, r.Outcome, r.Err, engine.UnknownOutcome)
		}
	}
	if n := states(recs, "RUNNING"); n != 2 {
		t.Errorf("%d RUNNING state records, want the 2 resolved jobs tracked", n)
	}
}

// TestInterruptCutsCallsInFlightAfterTheDrainTimeout: Ctrl-C during calls to
// a hung endpoint ends them DrainTimeout later (not at --call-timeout), as
// unknown outcome resolved by name.
func TestInterruptCutsCallsInFlightAfterTheDrainTimeout(t *testing.T) {
	t.Parallel()
	h := &hungAPI{}
	cfg := testConfig(t, func(c *sessionCfg) {
		c.Load = runner.Config{Pacer: pace.Constant{Per: 100}, MaxJobs: 2}
		c.CallTimeout, c.DrainTimeout, c.TrackAfter = time.Hour, 50*time.Millisecond, time.Hour
	})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(300*time.Millisecond, cancel)
	done := make(chan struct{})
	var recs []journal.Record
	go func() {
		defer close(done)
		recs, _ = runSessionCtx(t, ctx, cfg, h)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the interrupted run waits for calls that never end")
	}
	res := journaltest.ResultsByKey(recs)
	if r := res[jobKey(1)]; r.Outcome != job.OutcomeOther || !strings.Contains(r.Err, "after the interrupt") {
		t.Errorf("job 1: %+v, want unknown outcome cut after the interrupt", r)
	}
	if r := res[jobKey(0)]; r.Outcome != job.OutcomeAccepted {
		t.Errorf("job 0 (accepted by the server): %+v, want accepted by the lookup", r)
	}
}

// runSessionCtx runs cfg against api until ctx ends; safe off the test goroutine.
func runSessionCtx(t *testing.T, ctx context.Context, cfg sessionCfg, api emr.API) ([]journal.Record, error) {
	var mu sync.Mutex
	var recs []journal.Record
	cfg.Observe = func(r journal.Record) { mu.Lock(); recs = append(recs, r); mu.Unlock() }
	s, err := newSession(cfg, api)
	if err != nil {
		t.Error(err)
		return nil, err
	}
	err = s.Run(ctx)
	mu.Lock()
	defer mu.Unlock()
	return append([]journal.Record(nil), recs...), err
}

// TestRetriesEndAtDurationPlusGrace: calls still in flight (or retrying)
// RetryGrace after the end of the duration are cut, whatever --call-timeout
// says, so the run does not overrun its duration by minutes.
func TestRetriesEndAtDurationPlusGrace(t *testing.T) {
	t.Parallel()
	h := &hungAPI{}
	cfg := testConfig(t, func(c *sessionCfg) {
		c.Load = runner.Config{Pacer: pace.Constant{Per: 20}, Duration: 200 * time.Millisecond}
		c.CallTimeout, c.RetryGrace, c.TrackAfter = time.Hour, 100*time.Millisecond, 0
	})
	done := make(chan struct{})
	var recs []journal.Record
	go func() {
		defer close(done)
		recs, _ = runSessionCtx(t, t.Context(), cfg, h)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("calls outlive the duration plus the retry grace")
	}
	res := journaltest.ResultsByKey(recs)
	if r := res[jobKey(1)]; r.Outcome != job.OutcomeOther || !strings.Contains(r.Err, "after the end of the duration") {
		t.Errorf("job 1: %+v, want unknown outcome cut after the end of the duration", r)
	}
}
