// Package emr is the EMR on EKS target: an aws-sdk-go-v2 emrcontainers client
// with adaptive retries, StartJobRun submission with error classification,
// lifecycle tracking (a watch of the job runs' Spark driver pods with
// ListJobRuns finish scans, or batched ListJobRuns polls alone), and
// session-owned virtual clusters.
package emr

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/smithy-go/middleware"
)

// DefaultMaxAttempts is the number of calls per request, retries included.
const DefaultMaxAttempts = 3

// ClientConfig selects the endpoint. An empty Endpoint means AWS itself with
// the default credential chain; a set Endpoint (the local target, or
// serve-local) uses static dummy credentials.
type ClientConfig struct {
	Region      string
	Endpoint    string // base URL, e.g. http://127.0.0.1:8001
	MaxAttempts int    // per call, retries included (adaptive mode)
	MaxConns    int    // idle connections kept to the endpoint
	// RetryMode is "adaptive" (the default: the SDK also rate-limits the
	// client after throttling, down to ~0.5 requests/s under heavy throttling,
	// which shows as submit latency) or "standard" (retries with backoff only).
	RetryMode string
}

// Retry modes.
const (
	RetryAdaptive = "adaptive"
	RetryStandard = "standard"
)

// ControlMaxAttempts is the attempts of every call but StartJobRun: tracking,
// stop and setup (listing and creating virtual clusters). It does not follow
// --max-attempts, so a run that asks for no StartJobRun retries still starts
// and tracks through a single 5xx.
const ControlMaxAttempts = 5

// Clients are the two clients of a session. Submit carries StartJobRun with
// the configured retry mode (adaptive by default); Control carries
// everything else with standard retries and no client-side rate limit.
// They are separate because the adaptive mode rate-limits its whole client:
// under throttling it held ListJobRuns back for ~30 s while submissions
// waited, so tracking starved exactly when it mattered.
type Clients struct {
	Submit, Control *emrcontainers.Client
}

// NewClients builds Submit from c and Control from c with standard retries
// and ControlMaxAttempts; each has its own retryer (and so its own adaptive
// token bucket) and its own connection pool.
func NewClients(ctx context.Context, c ClientConfig) (Clients, error) {
	submit, err := NewClient(ctx, c)
	if err != nil {
		return Clients{}, err
	}
	c.RetryMode, c.MaxAttempts = RetryStandard, ControlMaxAttempts
	control, err := NewClient(ctx, c)
	return Clients{Submit: submit, Control: control}, err
}

// NewClient builds the emrcontainers client. Retries use the SDK's adaptive
// mode (client-side rate limiting that backs off on throttling) without the
// retry quota, so a long throttling storm keeps retrying each call instead of
// failing fast; every call's attempts are counted (see Attempts).
func NewClient(ctx context.Context, c ClientConfig) (*emrcontainers.Client, error) {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.MaxConns <= 0 {
		c.MaxConns = 512
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(c.Region),
		config.WithRetryer(func() aws.Retryer { return newRetryer(c.RetryMode, c.MaxAttempts) }),
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
			t.MaxIdleConns, t.MaxIdleConnsPerHost = c.MaxConns, c.MaxConns
		})),
	}
	if c.Endpoint != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	return emrcontainers.NewFromConfig(cfg, func(o *emrcontainers.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		o.APIOptions = append(o.APIOptions, countAttempts)
	}), nil
}

func newRetryer(mode string, maxAttempts int) aws.Retryer {
	std := func(so *retry.StandardOptions) {
		so.MaxAttempts = maxAttempts
		so.MaxBackoff = 5 * time.Second
		so.RateLimiter = ratelimit.None
	}
	if mode == RetryStandard {
		return retry.NewStandard(std)
	}
	return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
		o.StandardOptions = append(o.StandardOptions, std)
	})
}

type attemptsKey struct{}

// WithAttempts returns a context whose calls count their attempts into *n.
func WithAttempts(ctx context.Context, n *int) context.Context {
	return context.WithValue(ctx, attemptsKey{}, n)
}

// countAttempts sits right after the retry middleware: it runs once per attempt.
func countAttempts(stack *middleware.Stack) error {
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("CountAttempts",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if n, ok := ctx.Value(attemptsKey{}).(*int); ok {
				*n++
			}
			return next.HandleFinalize(ctx, in)
		}), "Retry", middleware.After)
}
