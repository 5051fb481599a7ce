package stop

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	"github.com/aws/smithy-go"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// fakeAPI is a hand-written emrcontainers endpoint: it holds job runs and
// virtual clusters, records mutating calls, and injects cancel errors.
type fakeAPI struct {
	mu        sync.Mutex
	runs      []types.JobRun
	vcs       []types.VirtualCluster
	cancels   []string
	deletes   []string
	cancelErr error           // returned by CancelJobRun; a ValidationException means the run just ended
	sticky    bool            // cancelled runs stay CANCEL_PENDING
	hidden    map[string]bool // runs ListJobRuns never shows (but CancelJobRun finds)
	// endedCancel: cancelling a run in a final state is a ValidationException, as on EMR and serve-local.
	endedCancel bool
}

func (f *fakeAPI) ListJobRuns(_ context.Context, in *emrcontainers.ListJobRunsInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []types.JobRun
	for _, jr := range f.runs {
		if in.CreatedAfter != nil && jr.CreatedAt != nil && jr.CreatedAt.Before(*in.CreatedAfter) {
			continue
		}
		if aws.ToString(jr.VirtualClusterId) == aws.ToString(in.VirtualClusterId) && slices.Contains(in.States, jr.State) && !f.hidden[aws.ToString(jr.Id)] {
			out = append(out, jr)
		}
	}
	return &emrcontainers.ListJobRunsOutput{JobRuns: out}, nil
}

func (f *fakeAPI) CancelJobRun(_ context.Context, in *emrcontainers.CancelJobRunInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.CancelJobRunOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancels = append(f.cancels, aws.ToString(in.Id))
	var api smithy.APIError
	ended := errors.As(f.cancelErr, &api) && api.ErrorCode() == "ValidationException"
	if f.cancelErr != nil && !ended {
		return nil, f.cancelErr
	}
	for _, jr := range f.runs {
		if f.endedCancel && aws.ToString(jr.Id) == aws.ToString(in.Id) && !slices.Contains(liveStates, jr.State) {
			return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "already in terminal state"}
		}
	}
	for i := range f.runs {
		if aws.ToString(f.runs[i].Id) == aws.ToString(in.Id) {
			f.runs[i].State = types.JobRunStateCancelled
			switch {
			case ended:
				f.runs[i].State = types.JobRunStateCompleted
			case f.sticky:
				f.runs[i].State = types.JobRunStateCancelPending
			}
		}
	}
	return &emrcontainers.CancelJobRunOutput{}, f.cancelErr
}

func (f *fakeAPI) ListVirtualClusters(context.Context, *emrcontainers.ListVirtualClustersInput, ...func(*emrcontainers.Options)) (*emrcontainers.ListVirtualClustersOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []types.VirtualCluster
	for _, vc := range f.vcs {
		if !slices.Contains(f.deletes, aws.ToString(vc.Id)) {
			out = append(out, vc)
		}
	}
	return &emrcontainers.ListVirtualClustersOutput{VirtualClusters: out}, nil
}

func (f *fakeAPI) DeleteVirtualCluster(_ context.Context, in *emrcontainers.DeleteVirtualClusterInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.DeleteVirtualClusterOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deletes = append(f.deletes, aws.ToString(in.Id))
	return &emrcontainers.DeleteVirtualClusterOutput{}, nil
}

const session = "lg-20260101-000000-abcd"

// world: a shared virtual cluster with two live runs of the session (one by
// name, one by tag), one of another session and one finished; plus a
// session-owned virtual cluster and an unrelated one.
func world() *fakeAPI {
	run := func(id, name string, state types.JobRunState, tags map[string]string) types.JobRun {
		return types.JobRun{Id: aws.String(id), Name: aws.String(name), VirtualClusterId: aws.String("vc-shared"), State: state, Tags: tags}
	}
	return &fakeAPI{
		runs: []types.JobRun{
			run("by-name", session+"-000001", types.JobRunStateRunning, nil),
			run("by-tag", "renamed", types.JobRunStatePending, map[string]string{template.SessionTag: session}),
			run("other", "lg-20260101-000000-ffff-000001", types.JobRunStateRunning, nil),
			run("done", session+"-000002", types.JobRunStateCompleted, nil),
		},
		vcs: []types.VirtualCluster{
			{Id: aws.String("vc-shared"), Name: aws.String("spark-jobs")},
			{Id: aws.String("vc-owned"), Name: aws.String(session + "-ns-a"), Tags: map[string]string{template.SessionTag: session}},
		},
	}
}

func TestStop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		opts        Options
		setup       func(*fakeAPI)
		wantErr     error
		wantCancel  []string // CancelJobRun calls
		wantDeleted []string // DeleteVirtualCluster calls
		wantOut     string
	}{
		{name: "session: its live runs by name or tag, its virtual cluster", opts: Options{Session: session},
			wantCancel: []string{"by-name", "by-tag"}, wantDeleted: []string{"vc-owned"}, wantOut: "cancelled 2 job runs, deleted 1 virtual clusters"},
		{name: "dry run changes nothing", opts: Options{Session: session, DryRun: true},
			wantOut: "dry run: would have cancelled 2 job runs, deleted 1 virtual clusters"},
		{name: "cluster: everything the tool named", opts: Options{Cluster: "eks"},
			wantCancel: []string{"by-name", "other"}, wantDeleted: []string{"vc-owned"}},
		{name: "a run that ended before its cancel is no error", opts: Options{Session: session},
			setup: func(f *fakeAPI) {
				f.cancelErr = &smithy.GenericAPIError{Code: "ValidationException", Message: "already ended"}
			},
			wantCancel: []string{"by-name", "by-tag"}, wantDeleted: []string{"vc-owned"}, wantOut: "all 2 cancelled job runs have ended"},
		{name: "a cancel error stops with the run named", opts: Options{Session: session},
			setup:      func(f *fakeAPI) { f.cancelErr = &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"} },
			wantCancel: []string{"by-name"}, wantErr: f403, wantOut: ""},
		{name: "runs still cancelling after the wait", opts: Options{Session: session},
			setup: func(f *fakeAPI) { f.sticky = true }, wantCancel: []string{"by-name", "by-tag"}, wantErr: ErrStillLive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := world()
			if tt.setup != nil {
				tt.setup(api)
			}
			var out bytes.Buffer
			tt.opts.Out, tt.opts.Poll = &out, time.Millisecond
			_, err := Run(t.Context(), api, tt.opts)
			checkErr(t, err, tt.wantErr)
			if !slices.Equal(api.cancels, tt.wantCancel) || !slices.Equal(api.deletes, tt.wantDeleted) {
				t.Errorf("cancelled %v, deleted %v; want %v, %v", api.cancels, api.deletes, tt.wantCancel, tt.wantDeleted)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output %q, want it to contain %q", out.String(), tt.wantOut)
			}
		})
	}
}

// f403 marks "any error but ErrStillLive" in the table.
var f403 = errors.New("an error naming the job run")

func checkErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil, want != nil && err == nil:
		t.Fatalf("err = %v, want %v", err, want)
	case want == f403 && !strings.Contains(err.Error(), "cancelling job run by-name"):
		t.Fatalf("err = %v, want it to name the job run", err)
	case want != nil && want != f403 && !errors.Is(err, want):
		t.Fatalf("err = %v, want %v", err, want)
	}
}

func TestStopIsIdempotent(t *testing.T) {
	t.Parallel()
	api := world()
	var out bytes.Buffer
	opts := Options{Session: session, Out: &out, Poll: time.Millisecond}
	if _, err := Run(t.Context(), api, opts); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	res, err := Run(t.Context(), api, opts)
	if err != nil || len(res.Cancelled) != 0 || len(res.DeletedVCs) != 0 || !strings.Contains(out.String(), "nothing to stop") {
		t.Errorf("second stop: %+v, %v, output %q; want nothing to stop", res, err, out.String())
	}
}
