package emr

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	"github.com/aws/smithy-go"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

func dist(t *testing.T, s string) localemr.Dist {
	t.Helper()
	d, err := localemr.ParseDist(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// startLocal runs a local emr-containers server with one virtual cluster and
// returns a real SDK client pointed at it over loopback.
func startLocal(t *testing.T, cfg localemr.Config) (*localemr.Server, *emrcontainers.Client, string) {
	return startLocalMode(t, cfg, RetryStandard)
}

func startLocalMode(t *testing.T, cfg localemr.Config, mode string) (*localemr.Server, *emrcontainers.Client, string) {
	t.Helper()
	cfg.VirtualClusters = []localemr.VirtualCluster{{ID: "vc0000000000000000000001", Name: "vc1", Namespace: "emr-jobs-1"}}
	srv, err := localemr.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := NewClient(t.Context(), ClientConfig{Region: "us-east-1", Endpoint: url, MaxAttempts: 3, RetryMode: mode})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, cfg.VirtualClusters[0].ID
}

func jobInput(vc string, i int) *emrcontainers.StartJobRunInput {
	return &emrcontainers.StartJobRunInput{
		Name: aws.String(fmt.Sprintf("lg-test-%06d", i)), VirtualClusterId: aws.String(vc),
		ExecutionRoleArn: aws.String("arn:aws:iam::123456789012:role/r"), ReleaseLabel: aws.String("emr-7.9.0-latest"),
		JobDriver: &types.JobDriver{SparkSubmitJobDriver: &types.SparkSubmitJobDriver{EntryPoint: aws.String("local:///pi.py")}},
	}
}

// The adaptive mode slows the client to ~1 request/s under 50% throttling,
// so it gets fewer jobs; the accounting must hold in both modes.
func TestEveryJobAccountedForAtHalfThrottling(t *testing.T) {
	t.Parallel()
	for mode, n := range map[string]int{RetryStandard: 200, RetryAdaptive: 12} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			accountedAtHalfThrottling(t, mode, n)
		})
	}
}

func accountedAtHalfThrottling(t *testing.T, mode string, n int) {
	srv, c, vc := startLocalMode(t, localemr.Config{Faults: localemr.Faults{ThrottleRatio: 0.5}, Seed: 7}, mode)
	var mu sync.Mutex
	outcomes := map[string]int{}
	accepted := map[string]bool{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := Submit(t.Context(), c, jobInput(vc, i))
			mu.Lock()
			defer mu.Unlock()
			outcomes[r.Outcome]++
			if r.ID != "" {
				accepted[r.ID] = true
			}
			if r.Attempts < 1 || r.Attempts > 3 {
				t.Errorf("job %d: %d attempts, want 1..3", i, r.Attempts)
			}
		})
	}
	wg.Wait()
	if outcomes[job.OutcomeAccepted]+outcomes[job.OutcomeThrottled] != n {
		t.Fatalf("outcomes %v: want every one of %d accepted or throttled", outcomes, n)
	}
	// A job ends throttled only when all 3 attempts were (1 in 8): with 200
	// jobs some must; with a dozen, none may. The server's count proves the
	// faults happened either way (all 12 first tries passing: 1 in 4,096).
	if (n >= 100 && outcomes[job.OutcomeThrottled] == 0) || srv.Calls()["StartJobRun"] <= int64(n) {
		t.Fatalf("outcomes %v, %d StartJobRun requests for %d jobs: the 50%% throttling did not show",
			outcomes, srv.Calls()["StartJobRun"], n)
	}
	truth := srv.Truth()
	if len(truth) != len(accepted) || srv.Accepted() != int64(len(accepted)) {
		t.Fatalf("server accepted %d, client saw %d accepted", len(truth), len(accepted))
	}
	for _, j := range truth {
		if !accepted[j.ID] {
			t.Errorf("server accepted %s that the client counted as failed", j.ID)
		}
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"throttled", &smithy.GenericAPIError{Code: "ThrottlingException"}, job.OutcomeThrottled},
		{"queue full", &types.ValidationException{Message: aws.String(localemr.QueueFullMessage)}, job.OutcomeQueueFull},
		{"validation", &types.ValidationException{Message: aws.String("name too long")}, job.OutcomeValidation},
		{"denied", &smithy.GenericAPIError{Code: "AccessDeniedException"}, job.OutcomeAccessDenied},
		{"server", &types.InternalServerException{}, job.OutcomeOther},
		{"network", errors.New("connection reset"), job.OutcomeOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Classify(fmt.Errorf("wrapped: %w", tc.err)); got != tc.want {
				t.Fatalf("Classify = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestQueueFullOverTheWire(t *testing.T) {
	t.Parallel()
	_, c, vc := startLocal(t, localemr.Config{Capacity: 1, QueueLimit: 1, RunTime: dist(t, "1h-1h")})
	var got []string
	for i := range 4 {
		got = append(got, Submit(t.Context(), c, jobInput(vc, i)).Outcome)
	}
	if got[3] != job.OutcomeQueueFull {
		t.Fatalf("outcomes %v: want the job beyond capacity+queue to be queue_full", got)
	}
}

func TestTrackerMatchesServerTruth(t *testing.T) {
	t.Parallel()
	srv, c, vc := startLocal(t, localemr.Config{QueueDelay: dist(t, "100ms-200ms"),
		StartLatency: dist(t, "200ms-400ms"), RunTime: dist(t, "300ms-600ms"), FailRatio: 0.3, Seed: 3})
	start := time.Now()
	var mu sync.Mutex
	seen := map[string]Change{}
	const interval = 50 * time.Millisecond
	tr := NewTracker(c, TrackerConfig{Start: start, Interval: interval}, func(ch Change) { mu.Lock(); seen[ch.ID] = ch; mu.Unlock() })
	for i := range 20 {
		sent := time.Now()
		r := Submit(t.Context(), c, jobInput(vc, i))
		if r.ID == "" {
			t.Fatal(r.Err)
		}
		tr.Add(r.ID, vc, sent)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	go tr.Run(ctx)
	for tr.Live() > 0 && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	mu.Lock()
	defer mu.Unlock()
	var lagSum time.Duration
	var lagN int
	for _, j := range srv.Truth() {
		ch := seen[j.ID]
		if ch.State != j.State || ch.Details != j.StateDetails || !ch.Created.Equal(j.CreatedAt) || !ch.Finished.Equal(j.FinishedAt) {
			t.Errorf("job %s: tracked %+v, truth %+v", j.ID, ch, j)
		}
		// Started is the first poll that saw RUNNING: late by about one poll
		// (more when this shared machine is busy), never early.
		if lag := ch.Started.Sub(j.StartedAt); !ch.Started.IsZero() {
			lagSum, lagN = lagSum+lag, lagN+1
			if lag < 0 || lag > interval+time.Second {
				t.Errorf("job %s: started seen %v after truth, want within one poll", j.ID, lag)
			}
		}
	}
	if lagN < 10 || lagSum/time.Duration(lagN) > interval+150*time.Millisecond {
		t.Errorf("started seen for %d of 20 jobs, mean lag %v: want most, within about one poll (%v)", lagN,
			lagSum/time.Duration(max(1, lagN)), interval)
	}
	if calls := tr.Calls(); calls == 0 || calls > 400 {
		t.Errorf("%d ListJobRuns calls for 20 jobs", calls)
	}
}
