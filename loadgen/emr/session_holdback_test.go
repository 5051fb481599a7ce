package emr_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal/journaltest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
)

// heldRetryer is the adaptive mode's client-side rate limiter reduced to
// its effect: every attempt waits for a token (hold) before it is sent.
type heldRetryer struct {
	aws.RetryerV2
	hold time.Duration
}

func (h heldRetryer) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	select {
	case <-time.After(h.hold):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return h.RetryerV2.GetAttemptToken(ctx)
}

// sdkClient is the real emrcontainers client against handler, with the given retryer.
func sdkClient(t *testing.T, handler http.HandlerFunc, r aws.RetryerV2) *emrcontainers.Client {
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return emrcontainers.New(emrcontainers.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""), Retryer: r})
}

type sdkAPI struct {
	*hungAPI // listing, for tracking
	c        *emrcontainers.Client
}

func (a sdkAPI) StartJobRun(ctx context.Context, in *emrcontainers.StartJobRunInput, o ...func(*emrcontainers.Options)) (*emrcontainers.StartJobRunOutput, error) {
	return a.c.StartJobRun(ctx, in, o...)
}

// TestRateLimiterHoldBackIsALateStart: in the open model a first attempt
// the client-side rate limiter holds back past --late-after is a late start:
// it is not sent and counted late (it used to be sent minutes late and
// counted accepted, hiding the queueing).
func TestRateLimiterHoldBackIsALateStart(t *testing.T) {
	t.Parallel()
	var served atomic.Int64
	c := sdkClient(t, func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		_, _ = w.Write([]byte(`{"id":"jr-1","name":"x","arn":"a","virtualClusterId":"vc-a"}`))
	}, heldRetryer{RetryerV2: retry.NewStandard(), hold: 300 * time.Millisecond})
	cfg := testConfig(t, func(c *sessionCfg) {
		c.Load = runner.Config{Pacer: pace.Constant{Per: 100}, MaxJobs: 2, LateAfter: 20 * time.Millisecond}
		c.TrackAfter = 0
	})
	recs, err := runSessionCtx(t, t.Context(), cfg, sdkAPI{c: c, hungAPI: &hungAPI{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := journaltest.Outcomes(recs); got[job.OutcomeLate] != 2 || served.Load() != 0 {
		t.Errorf("outcomes %v, %d calls served; want both held back 300ms past a 20ms --late-after counted late and not sent", got, served.Load())
	}
}

// TestRetryBacklogShowsInTheSnapshot: a call on its second attempt is in
// the retry backlog the progress line shows.
func TestRetryBacklogShowsInTheSnapshot(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	second, release := make(chan struct{}), make(chan struct{})
	c := sdkClient(t, func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		close(second)
		<-release
		_, _ = w.Write([]byte(`{"id":"jr-1","name":"x","arn":"a","virtualClusterId":"vc-a"}`))
	}, retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	}))
	cfg := testConfig(t, func(c *sessionCfg) {
		c.Load = runner.Config{Pacer: pace.Constant{Per: 100}, MaxJobs: 1}
		c.TrackAfter = 0
	})
	s, err := newSession(cfg, sdkAPI{c: c, hungAPI: &hungAPI{}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- s.Run(t.Context()) }()
	<-second
	if got := s.Snapshot().RetryBacklog; got != 1 {
		t.Errorf("retry backlog %d during the second attempt, want 1", got)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := s.Snapshot().RetryBacklog; got != 0 {
		t.Errorf("retry backlog %d after the call, want 0", got)
	}
}
