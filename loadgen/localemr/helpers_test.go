package localemr

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// fakeClock is a settable clock for the lifecycle model.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// startServer runs a Server for cfg (with one virtual cluster unless cfg has some) behind
// httptest and returns it with a real SDK client pointed at it.
func startServer(t testing.TB, cfg Config) (*Server, *emrcontainers.Client, string) {
	t.Helper()
	if cfg.VirtualClusters == nil {
		cfg.VirtualClusters = []VirtualCluster{{ID: "vc1", Name: "vc-one", Namespace: "emr-jobs-1"}}
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return srv, newClient(hs.URL, 3), hs.URL
}

func newClient(url string, attempts int) *emrcontainers.Client {
	return emrcontainers.New(emrcontainers.Options{
		BaseEndpoint: aws.String(url),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDLOCAL", "secret", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			o.MaxBackoff = 5 * time.Millisecond
			o.RateLimiter = noRateLimit{}
		}),
	})
}

// noRateLimit disables the client-side retry token bucket so fault tests measure the server.
type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noRateLimit) AddTokens(uint) error { return nil }

func startInput(vc, name string) *emrcontainers.StartJobRunInput {
	return &emrcontainers.StartJobRunInput{
		VirtualClusterId: aws.String(vc),
		Name:             aws.String(name),
		ExecutionRoleArn: aws.String("arn:aws:iam::123456789012:role/emr-job-role"),
		ReleaseLabel:     aws.String("emr-7.9.0-latest"),
		JobDriver: &types.JobDriver{SparkSubmitJobDriver: &types.SparkSubmitJobDriver{
			EntryPoint: aws.String("local:///usr/lib/spark/examples/src/main/python/pi.py"),
		}},
		Tags: map[string]string{"emr-eks-loadtest/session": "s1"},
	}
}

func constDist(d time.Duration) Dist { return Dist{Min: d, Max: d} }
