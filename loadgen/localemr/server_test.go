package localemr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	"github.com/aws/smithy-go"
)

func TestLifecycleFollowsTheModelExactly(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv, c, _ := startServer(t, Config{
		Capacity: 1, QueueDelay: constDist(2 * time.Second), StartLatency: constDist(3 * time.Second),
		RunTime: constDist(10 * time.Second), Now: clock.Now,
	})
	ctx := context.Background()
	t0 := clock.Now()
	a, err := c.StartJobRun(ctx, startInput("vc1", "s1-a"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.StartJobRun(ctx, startInput("vc1", "s1-b"))
	if err != nil {
		t.Fatal(err)
	}
	state := func(id *string) types.JobRunState {
		out, err := c.DescribeJobRun(ctx, &emrcontainers.DescribeJobRunInput{VirtualClusterId: aws.String("vc1"), Id: id})
		if err != nil {
			t.Fatal(err)
		}
		return out.JobRun.State
	}
	steps := []struct {
		at   time.Duration
		a, b types.JobRunState
	}{
		{0, "PENDING", "PENDING"},
		{2 * time.Second, "SUBMITTED", "SUBMITTED"}, // b waits for the only slot
		{5 * time.Second, "RUNNING", "SUBMITTED"},
		{15 * time.Second, "COMPLETED", "SUBMITTED"}, // a's slot goes to b, start latency 3s
		{18 * time.Second, "COMPLETED", "RUNNING"},
		{28 * time.Second, "COMPLETED", "COMPLETED"},
	}
	for _, s := range steps {
		clock.Advance(t0.Add(s.at).Sub(clock.Now()))
		if ga, gb := state(a.Id), state(b.Id); ga != s.a || gb != s.b {
			t.Fatalf("at +%v: states %s/%s, want %s/%s", s.at, ga, gb, s.a, s.b)
		}
	}
	truth := srv.Truth()
	wantStart := []time.Duration{5 * time.Second, 18 * time.Second}
	for i, j := range truth {
		if j.StartedAt.Sub(t0) != wantStart[i] || j.FinishedAt.Sub(j.StartedAt) != 10*time.Second || !j.CreatedAt.Equal(t0) {
			t.Errorf("truth[%d] = %+v", i, j)
		}
	}
}

func TestDescribeMatchesTruth(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv, c, _ := startServer(t, Config{RunTime: constDist(time.Second), FailRatio: 1, Now: clock.Now})
	ctx := context.Background()
	out, err := c.StartJobRun(ctx, startInput("vc1", "s1-fail"))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(1500 * time.Millisecond)
	d, err := c.DescribeJobRun(ctx, &emrcontainers.DescribeJobRunInput{VirtualClusterId: aws.String("vc1"), Id: out.Id})
	if err != nil {
		t.Fatal(err)
	}
	truth := srv.Truth()[0]
	jr := d.JobRun
	if jr.State != types.JobRunStateFailed || aws.ToString(jr.StateDetails) != truth.StateDetails || truth.StateDetails == "" ||
		!jr.CreatedAt.Equal(truth.CreatedAt) || !jr.FinishedAt.Equal(truth.FinishedAt) || jr.FailureReason != types.FailureReasonUserError {
		t.Errorf("describe %+v\ntruth %+v", jr, truth)
	}
	if aws.ToString(jr.JobDriver.SparkSubmitJobDriver.EntryPoint) == "" || aws.ToString(jr.ReleaseLabel) != "emr-7.9.0-latest" || jr.Tags["emr-eks-loadtest/session"] != "s1" {
		t.Errorf("request not echoed: %+v", jr)
	}
}

func TestClientTokenIsIdempotent(t *testing.T) {
	t.Parallel()
	srv, c, _ := startServer(t, Config{})
	in := startInput("vc1", "s1-x")
	in.ClientToken = aws.String("token-1")
	first, err := c.StartJobRun(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.StartJobRun(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if *first.Id != *again.Id || srv.Accepted() != 1 {
		t.Errorf("ids %s/%s, accepted %d: the same clientToken must return the same job", *first.Id, *again.Id, srv.Accepted())
	}
}

func TestFaultsAreRetriedAndEveryJobAcceptedOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults Faults
	}{
		{"50% throttling", Faults{ThrottleRatio: 0.5}},
		{"30% server errors", Faults{ServerErrorRatio: 0.3}},
		{"20% connection resets", Faults{ResetRatio: 0.2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _, url := startServer(t, Config{Faults: tc.faults, Seed: 7})
			c := newClient(url, 30)
			const jobs = 60
			for i := range jobs {
				if _, err := c.StartJobRun(context.Background(), startInput("vc1", fmt.Sprintf("s1-%d", i))); err != nil {
					t.Fatalf("job %d not accepted despite retries: %v", i, err)
				}
			}
			if got := srv.Accepted(); got != jobs {
				t.Errorf("accepted %d distinct jobs, want %d", got, jobs)
			}
			if calls := srv.Calls()["StartJobRun"]; calls <= jobs {
				t.Errorf("%d StartJobRun calls for %d jobs: no fault was injected", calls, jobs)
			}
		})
	}
}

func TestThrottlingIsClassifiedBySDK(t *testing.T) {
	t.Parallel()
	_, c, _ := startServer(t, Config{Faults: Faults{ThrottleRatio: 1}})
	_, err := c.StartJobRun(context.Background(), startInput("vc1", "s1-a"))
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ThrottlingException" {
		t.Fatalf("err = %v, want ThrottlingException", err)
	}
	if !strings.Contains(err.Error(), "exceeded maximum number of attempts") {
		t.Errorf("the SDK did not retry a throttled call: %v", err)
	}
}

func TestQueueFullIsAValidationException(t *testing.T) {
	t.Parallel()
	srv, c, _ := startServer(t, Config{QueueLimit: 2, QueueDelay: constDist(time.Hour)})
	ctx := context.Background()
	for i := range 2 {
		if _, err := c.StartJobRun(ctx, startInput("vc1", fmt.Sprintf("s1-%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.StartJobRun(ctx, startInput("vc1", "s1-2"))
	var ve *types.ValidationException
	if !errors.As(err, &ve) || !strings.Contains(ve.ErrorMessage(), QueueFullMessage) {
		t.Fatalf("err = %v, want a ValidationException containing %q", err, QueueFullMessage)
	}
	if srv.Accepted() != 2 {
		t.Errorf("accepted %d", srv.Accepted())
	}
}

func TestCancelGoesThroughCancelPending(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv, c, _ := startServer(t, Config{RunTime: constDist(time.Hour), CancelLatency: constDist(2 * time.Second), Now: clock.Now})
	ctx := context.Background()
	out, _ := c.StartJobRun(ctx, startInput("vc1", "s1-a"))
	clock.Advance(time.Second)
	cancelIn := &emrcontainers.CancelJobRunInput{VirtualClusterId: aws.String("vc1"), Id: out.Id}
	if _, err := c.CancelJobRun(ctx, cancelIn); err != nil {
		t.Fatal(err)
	}
	if s := srv.Truth()[0].State; s != "CANCEL_PENDING" {
		t.Fatalf("state after cancel = %s", s)
	}
	clock.Advance(2 * time.Second)
	j := srv.Truth()[0]
	if j.State != "CANCELLED" || j.FinishedAt.Sub(j.CreatedAt) != 3*time.Second {
		t.Fatalf("truth = %+v", j)
	}
	_, err := c.CancelJobRun(ctx, cancelIn)
	var ve *types.ValidationException
	if !errors.As(err, &ve) || !strings.Contains(ve.ErrorMessage(), "terminal state") {
		t.Errorf("cancelling a terminal job: %v", err)
	}
}

func TestRequestValidation(t *testing.T) {
	t.Parallel()
	_, c, _ := startServer(t, Config{})
	tests := []struct {
		name   string
		mutate func(*emrcontainers.StartJobRunInput)
		want   string
	}{
		{"name too long", func(in *emrcontainers.StartJobRunInput) { in.Name = aws.String(strings.Repeat("n", 65)) }, "at 'name' failed to satisfy constraint: Member must have length between 1 and 64"},
		{"name pattern", func(in *emrcontainers.StartJobRunInput) { in.Name = aws.String("bad name") }, "Member must satisfy regular expression pattern"},
		{"missing release label", func(in *emrcontainers.StartJobRunInput) { in.ReleaseLabel = nil }, "Value null at 'releaseLabel'"},
		{"bad release label", func(in *emrcontainers.StartJobRunInput) { in.ReleaseLabel = aws.String("7.9.0") }, "Release label 7.9.0 is not valid"},
		{"bad role", func(in *emrcontainers.StartJobRunInput) {
			in.ExecutionRoleArn = aws.String("arn:aws:iam::1:user/x-long-enough")
		}, "at 'executionRoleArn'"},
		{"both drivers", func(in *emrcontainers.StartJobRunInput) {
			in.JobDriver.SparkSqlJobDriver = &types.SparkSqlJobDriver{EntryPoint: aws.String("s3://b/q.sql")}
		}, "only one of sparkSubmitJobDriver and sparkSqlJobDriver"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := startInput("vc1", "s1-v")
			tc.mutate(in)
			_, err := c.StartJobRun(context.Background(), in)
			var ve *types.ValidationException
			if !errors.As(err, &ve) || !strings.Contains(ve.ErrorMessage(), tc.want) {
				t.Fatalf("err = %v, want ValidationException containing %q", err, tc.want)
			}
		})
	}
	_, err := c.StartJobRun(context.Background(), startInput("nosuchvc", "s1-v"))
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("unknown virtual cluster: %v, want ResourceNotFoundException", err)
	}
}

func TestAuthorizationHeaderIsRequired(t *testing.T) {
	t.Parallel()
	_, _, url := startServer(t, Config{})
	resp, err := http.Get(url + "/virtualclusters")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-Amzn-Errortype") != "MissingAuthenticationTokenException" {
		t.Errorf("unsigned request: %d %s", resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"))
	}
}

func TestStallDelaysRequests(t *testing.T) {
	t.Parallel()
	srv, c, _ := startServer(t, Config{})
	srv.Stall(300 * time.Millisecond)
	start := time.Now()
	if _, err := c.ListVirtualClusters(context.Background(), &emrcontainers.ListVirtualClustersInput{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("request during a 300ms stall took %v", d)
	}
	start = time.Now()
	_, _ = c.ListVirtualClusters(context.Background(), &emrcontainers.ListVirtualClustersInput{})
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("request after the stall took %v", d)
	}
}

func TestSetFaultsTakesEffect(t *testing.T) {
	t.Parallel()
	srv, c, _ := startServer(t, Config{})
	srv.SetFaults(Faults{ServerErrorRatio: 1})
	_, err := c.ListVirtualClusters(context.Background(), &emrcontainers.ListVirtualClustersInput{})
	var ise *types.InternalServerException
	if !errors.As(err, &ise) {
		t.Fatalf("err = %v, want InternalServerException", err)
	}
	srv.SetFaults(Faults{})
	if _, err := c.ListVirtualClusters(context.Background(), &emrcontainers.ListVirtualClustersInput{}); err != nil {
		t.Fatal(err)
	}
	if n := srv.Calls()["ListVirtualClusters"]; n != 4 {
		t.Errorf("ListVirtualClusters calls = %d, want 4 (3 attempts + 1)", n)
	}
}
