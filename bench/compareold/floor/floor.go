// Package floor is the per-request CPU floor of the comparison in bench/compareold: the
// least a client on this machine can spend to send one StartJobRun per job at a target rate.
// Two clients, each as small as it can be: a bare HTTP/1.1 POST per job over one kept-alive
// connection (net/http, a precomputed body and a constant Authorization header, which the
// local endpoint accepts), and a loop of aws-sdk-go-v2 emrcontainers StartJobRun calls (SigV4
// signing, retries, JSON encoding). Both send the same rendered TPC-DS job as loadgen does.
// The command bench/compareold/cmd/floor runs one of them, measured from outside.
package floor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"
)

// Clients (Config.Client).
const (
	ClientHTTP = "http" // bare HTTP/1.1 POST, net/http
	ClientSDK  = "sdk"  // aws-sdk-go-v2 emrcontainers StartJobRun
)

// Config is one floor run.
type Config struct {
	Client           string  // ClientHTTP or ClientSDK
	Endpoint         string  // base URL of `loadgen serve-local`
	VirtualClusterID string  // where every job goes
	Template         string  // job template file (loadgen/templates/tpcds.json)
	Jobs             int     // submissions
	Rate             float64 // submissions per second, paced from the start (open model)
}

// Validate reports every bad field at once.
func (c Config) Validate() error {
	var errs []error
	if c.Client != ClientHTTP && c.Client != ClientSDK {
		errs = append(errs, fmt.Errorf("--client %q: want %s or %s", c.Client, ClientHTTP, ClientSDK))
	}
	if c.Endpoint == "" || c.VirtualClusterID == "" || c.Template == "" {
		errs = append(errs, errors.New("--endpoint, --virtual-cluster and --template are required"))
	}
	if c.Jobs <= 0 {
		errs = append(errs, fmt.Errorf("--jobs %d: want a positive number", c.Jobs))
	}
	if c.Rate <= 0 {
		errs = append(errs, fmt.Errorf("--rate %g: want submissions per second > 0", c.Rate))
	}
	return errors.Join(errs...)
}

// Result is what a run reports on stdout as one JSON object; latencies are each call's
// client-side time in milliseconds, exact quantiles of all calls.
type Result struct {
	Jobs   int     `json:"jobs"`
	OK     int     `json:"ok"`
	Failed int     `json:"failed"`
	Late   int     `json:"late"` // calls that started more than one interval behind schedule
	P50    float64 `json:"p50_ms"`
	P99    float64 `json:"p99_ms"`
	Error  string  `json:"first_error,omitempty"`
}

// sendFunc sends job i and returns an error unless the server accepted it.
type sendFunc func(ctx context.Context, i int) error

// Run sends cfg.Jobs jobs with the configured client and writes the Result to out.
func Run(ctx context.Context, cfg Config, out io.Writer) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	var send sendFunc
	var err error
	if cfg.Client == ClientHTTP {
		send, err = newHTTPSender(cfg)
	} else {
		send, err = newSDKSender(cfg)
	}
	if err != nil {
		return err
	}
	r := pace(ctx, cfg.Jobs, time.Duration(float64(time.Second)/cfg.Rate), send)
	if err := json.NewEncoder(out).Encode(r); err != nil {
		return err
	}
	if r.Failed > 0 {
		return fmt.Errorf("%d of %d submissions failed, first: %s", r.Failed, r.Jobs, r.Error)
	}
	return ctx.Err()
}

// pace calls send for jobs 0..n-1, job i at start + i*every (sequentially: a slow call
// delays the next, which then counts as late), and summarizes.
func pace(ctx context.Context, n int, every time.Duration, send sendFunc) Result {
	r := Result{Jobs: n}
	lat := make([]time.Duration, 0, n)
	start := time.Now()
	for i := range n {
		due := start.Add(time.Duration(i) * every)
		if wait := time.Until(due); wait > 0 {
			select {
			case <-ctx.Done():
				return summarize(r, lat)
			case <-time.After(wait):
			}
		} else if -wait > every {
			r.Late++
		}
		t0 := time.Now()
		err := send(ctx, i)
		lat = append(lat, time.Since(t0))
		if err != nil {
			r.Failed++
			if r.Error == "" {
				r.Error = err.Error()
			}
			continue
		}
		r.OK++
	}
	return summarize(r, lat)
}

// summarize sets the exact p50 and p99 of lat (nearest rank).
func summarize(r Result, lat []time.Duration) Result {
	if len(lat) == 0 {
		return r
	}
	slices.Sort(lat)
	q := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(lat)))) - 1
		return float64(lat[min(max(i, 0), len(lat)-1)]) / float64(time.Millisecond)
	}
	r.P50, r.P99 = q(0.50), q(0.99)
	return r
}
