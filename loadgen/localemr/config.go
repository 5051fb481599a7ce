// Package localemr is an in-process HTTP server that speaks the real emr-containers REST
// protocol (restJson1, as aws-sdk-go-v2's service/emrcontainers and the AWS CLI send it) and
// models an EMR on EKS cluster: a capacity in concurrent job runs, a per-virtual-cluster queue,
// queueing delay, start latency, run time and failures, plus injectable faults (throttling,
// 5xx, stalls, connection resets). It is the `local` target of the load generator, the
// integration-test target and the benchmark target, and it records ground truth for every job
// so tests can check the load generator's measurements against it.
//
// Optionally (Server.StartPodMirror, `serve-local --kubeconfig`), a PodMirror writes every
// job run into a real Kubernetes API server as the Spark driver pod EMR on EKS would create:
// spark-<jobRunID>-driver in the virtual cluster's namespace, labelled with LabelJobID,
// LabelVirtualClusterID, LabelSparkRole and LabelSparkAppSelector, created Pending at
// SUBMITTED, Running at RUNNING, Succeeded or Failed at the end, deleted when CANCELLED. Pod
// watchers (the load generator's pod-watch tracker) can thus be tested without AWS. The
// mirror also drives the model's clock, so transitions reach the API server on time even
// when no EMR request arrives; ground truth is unchanged.
//
// Alternatively (Config.PodBackend, NewPodBackend), the job runs are pods rather than a
// model: StartJobRun creates the job's driver pod, shaped from its Spark configuration by
// loadgen/sparksim, and the job's state follows that pod as the real scheduler, kwok and
// the Spark simulator move it (docs/rehearsal-pods.md). The rehearsal uses this.
package localemr

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// ErrUsage marks bad command-line input to RunServeLocal (main maps it to exit code 2).
var ErrUsage = errors.New("usage error")

// QueueFullMessage is contained in the message of the ValidationException that StartJobRun
// returns when a virtual cluster's job queue is full (Config.QueueLimit): callers classify
// that error as load shed rather than as a bad request.
const QueueFullMessage = "job run queue is full"

// Dist is a uniform duration distribution over [Min, Max]; Min == Max is a constant.
type Dist struct{ Min, Max time.Duration }

// ParseDist parses "30s" (constant) or "500s-800s" (uniform between the two, inclusive).
// Each bound is a Go duration (ns, us, ms, s, m, h) and must be >= 0, with min <= max.
func ParseDist(s string) (Dist, error) {
	lo, hi, isRange := strings.Cut(strings.TrimSpace(s), "-")
	min, err := time.ParseDuration(strings.TrimSpace(lo))
	if err != nil || min < 0 {
		return Dist{}, distError(s)
	}
	if !isRange {
		return Dist{Min: min, Max: min}, nil
	}
	max, err := time.ParseDuration(strings.TrimSpace(hi))
	if err != nil || max < min {
		return Dist{}, distError(s)
	}
	return Dist{Min: min, Max: max}, nil
}

func distError(s string) error {
	return fmt.Errorf("invalid duration distribution %q: want a duration like \"30s\" or a range like \"500s-800s\" (min <= max, both >= 0)", s)
}

// String formats d the way ParseDist reads it.
func (d Dist) String() string {
	if d.Min == d.Max {
		return d.Min.String()
	}
	return d.Min.String() + "-" + d.Max.String()
}

// sample draws a duration uniformly from [Min, Max].
func (d Dist) sample(r *rand.Rand) time.Duration {
	if d.Max <= d.Min {
		return d.Min
	}
	return d.Min + time.Duration(r.Int64N(int64(d.Max-d.Min)+1))
}

func (d Dist) validate(field string) error {
	if d.Min < 0 || d.Max < d.Min {
		return fmt.Errorf("%s: %s is invalid: need 0 <= min <= max", field, d)
	}
	return nil
}

// Faults are injected into requests before they reach the API; ratios are in [0, 1] and are
// drawn independently per request in this order: reset, throttle, server error.
type Faults struct {
	ThrottleRatio    float64 // share of requests answered 429 ThrottlingException
	ServerErrorRatio float64 // share answered 500 InternalServerException
	ResetRatio       float64 // share whose TCP connection is reset without a response
}

func (f Faults) validate() error {
	return errors.Join(
		ratio("Faults.ThrottleRatio", f.ThrottleRatio),
		ratio("Faults.ServerErrorRatio", f.ServerErrorRatio),
		ratio("Faults.ResetRatio", f.ResetRatio),
	)
}

func ratio(field string, v float64) error {
	if v < 0 || v > 1 || v != v {
		return fmt.Errorf("%s: %v is out of range: want a ratio between 0 and 1", field, v)
	}
	return nil
}

// Config models the cluster behind the endpoint. The zero value is a valid, infinitely fast
// cluster with unlimited capacity and no faults.
type Config struct {
	Capacity     int     // concurrent RUNNING jobs over the whole server (0 = unlimited); excess waits SUBMITTED
	QueueLimit   int     // per virtual cluster: max jobs waiting to run (PENDING or SUBMITTED, 0 = unlimited); beyond it StartJobRun returns 400 ValidationException containing QueueFullMessage (load shed)
	QueueDelay   Dist    // PENDING -> SUBMITTED
	StartLatency Dist    // SUBMITTED -> RUNNING once a slot is free
	RunTime      Dist    // RUNNING -> COMPLETED (old toolkit's Pi job: 500s-800s)
	FailRatio    float64 // share of jobs that end FAILED (with stateDetails) instead of COMPLETED
	Faults       Faults
	Seed         int64
	Now          func() time.Time // clock; nil = time.Now
	// VirtualClusters are pre-created in state RUNNING; an empty ID gets a generated one.
	VirtualClusters []VirtualCluster
	// CancelLatency is how long a cancelled job stays CANCEL_PENDING before CANCELLED
	// (0 = it is CANCELLED by the next request).
	CancelLatency Dist
	// Region and AccountID appear in ARNs; defaults us-east-1 and 123456789012.
	Region, AccountID string
	// PodBackend, if set, runs every job run as a real Spark driver pod (podbackend.go):
	// RunTime and FailRatio then decide the drivers' run times and outcomes, and Capacity,
	// QueueDelay, StartLatency and CancelLatency must be unset. Start it after New.
	PodBackend *PodBackend
}

// VirtualCluster is a pre-created virtual cluster on an EKS namespace.
type VirtualCluster struct {
	ID, Name, Namespace string
	Tags                map[string]string
}

func (c Config) validate() error {
	errs := []error{
		c.QueueDelay.validate("QueueDelay"),
		c.StartLatency.validate("StartLatency"),
		c.RunTime.validate("RunTime"),
		c.CancelLatency.validate("CancelLatency"),
		ratio("FailRatio", c.FailRatio),
		c.Faults.validate(),
	}
	if c.Capacity < 0 {
		errs = append(errs, fmt.Errorf("Capacity: %d is negative: want 0 (unlimited) or a job count", c.Capacity))
	}
	if c.QueueLimit < 0 {
		errs = append(errs, fmt.Errorf("QueueLimit: %d is negative: want 0 (unlimited) or a job count", c.QueueLimit))
	}
	for i, vc := range c.VirtualClusters {
		errs = append(errs, vc.validate(fmt.Sprintf("VirtualClusters[%d]", i)))
	}
	if c.PodBackend != nil {
		errs = append(errs, podBackendConfigErrors(c)...)
	}
	return errors.Join(errs...)
}

func (vc VirtualCluster) validate(field string) error {
	var errs []error
	if vc.ID != "" && !resourceIDRe.MatchString(vc.ID) {
		errs = append(errs, fmt.Errorf("%s.ID: %q must match %s", field, vc.ID, resourceIDRe))
	}
	if !resourceNameRe.MatchString(vc.Name) {
		errs = append(errs, fmt.Errorf("%s.Name: %q must be 1-64 characters of [.-_/#A-Za-z0-9]", field, vc.Name))
	}
	if !namespaceRe.MatchString(vc.Namespace) {
		errs = append(errs, fmt.Errorf("%s.Namespace: %q is not a Kubernetes namespace name", field, vc.Namespace))
	}
	return errors.Join(errs...)
}
