package emr

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
)

// throttleStarts is a fake endpoint: every StartJobRun is throttled, every
// ListJobRuns answers an empty page, and the first ListVirtualClusters fails
// with a 500.
func throttleStarts(t *testing.T) string {
	var listed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/jobruns"):
			w.Header().Set("X-Amzn-Errortype", "ThrottlingException")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"message":"rate exceeded"}`))
		case r.URL.Path == "/virtualclusters" && listed.Add(1) == 1:
			w.Header().Set("X-Amzn-Errortype", "InternalServerException")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"message":"boom"}`))
		default:
			_, _ = w.Write([]byte(`{"jobRuns":[],"virtualClusters":[]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// throttleSubmit drives throttled StartJobRuns until the adaptive client has
// rate-limited itself (a call fails to get a send token within its deadline).
func throttleSubmit(t *testing.T, c *emrcontainers.Client) {
	t.Helper()
	for i := range 200 {
		ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		_, err := c.StartJobRun(ctx, jobInput("vc", i))
		cancel()
		if err != nil && ctx.Err() != nil {
			return
		}
	}
	t.Fatal("the adaptive client never rate-limited itself; the test does not reproduce the starvation")
}

func TestTrackingIsNotStarvedBySubmissionThrottling(t *testing.T) {
	t.Parallel()
	cs, err := NewClients(t.Context(), ClientConfig{Region: "us-east-1", Endpoint: throttleStarts(t), MaxAttempts: 3, RetryMode: RetryAdaptive})
	if err != nil {
		t.Fatal(err)
	}
	throttleSubmit(t, cs.Submit)
	for i := range 20 {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		_, err := cs.Control.ListJobRuns(ctx, &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String("vc")})
		cancel()
		if err != nil {
			t.Fatalf("ListJobRuns %d on the control client while submissions are throttled: %v", i, err)
		}
	}
}

func TestSetupCallsRetryWhateverMaxAttempts(t *testing.T) {
	t.Parallel()
	cs, err := NewClients(t.Context(), ClientConfig{Region: "us-east-1", Endpoint: throttleStarts(t), MaxAttempts: 1, RetryMode: RetryAdaptive})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Control.ListVirtualClusters(t.Context(), &emrcontainers.ListVirtualClustersInput{}); err != nil {
		t.Fatalf("ListVirtualClusters through one 500 with --max-attempts 1: %v", err)
	}
}
