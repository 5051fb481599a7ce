package rehearse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// DefaultNodeStartDelay models the time from Karpenter's launch to a
// registered node (EC2 launch, boot, nodeadm, kubelet registration). It is
// an assumption, not a measurement of this stack: set Options.NodeStartDelay
// from your own account's figures.
const DefaultNodeStartDelay = 45 * time.Second

// CASUnavailable says why a rehearsal cannot run Cluster Autoscaler.
const CASUnavailable = "Cluster Autoscaler is not obtainable here: the Go module proxy answers 403 for every version of " +
	"k8s.io/autoscaler/cluster-autoscaler (checked 2026-12-03: the version list and v1.30.0..v1.34.0), so its kwok " +
	"cloud provider cannot be built; rehearsals run Karpenter's kwok provider only"

// ErrCAS refuses a stack whose autoscalingMode is cluster-autoscaler.
var ErrCAS = errors.New("autoscalingMode cluster-autoscaler cannot be rehearsed: " + CASUnavailable +
	" (set autoscalingMode karpenter or both to rehearse the NodePools)")

// Options configure Start.
type Options struct {
	Config stackconfig.Config
	Prices PriceFunc
	// NodeStartDelay is kwok's nodeRegistrationDelay before TimeScale;
	// 0 means DefaultNodeStartDelay, a negative value none.
	NodeStartDelay time.Duration
	// TimeScale (>= 1) divides NodeStartDelay.
	TimeScale float64
	// Dir keeps the generated files and the logs of karpenter-kwok and the
	// second scheduler; empty means a new temporary folder.
	Dir string
	// Progress gets one line per step; nil discards them.
	Progress io.Writer
}

// Cluster is a running rehearsal cluster.
type Cluster struct {
	CP *testenv.ControlPlane
	// Dir holds instance-types.json, the scheduler configuration and logs.
	Dir string
	// InstanceTypes are the types Karpenter may launch.
	InstanceTypes []InstanceType
	// Karpenter is the stack's Karpenter configuration (pools).
	Karpenter karpenter.Config
	// SchedulerName is the binpacking scheduler's name; "" when the stack
	// runs none.
	SchedulerName string
	// NodeStartDelay is the delay kwok applies (after TimeScale).
	NodeStartDelay time.Duration
	region         string
	procs          []*proc
}

// Start brings up the control plane (etcd, kube-apiserver,
// kube-controller-manager, the default kube-scheduler, kwok), the stack's
// objects, the binpacking scheduler and karpenter-kwok. Call Stop.
func Start(ctx context.Context, o Options) (*Cluster, error) {
	if !o.Config.Autoscaling.Karpenter() {
		return nil, ErrCAS
	}
	if err := MissingBinaries(); err != nil {
		return nil, err
	}
	c, err := prepare(o)
	if err != nil {
		return nil, err
	}
	step := progress(o.Progress)
	step("starting the control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok)")
	c.CP, err = testenv.Start(ctx, testenv.Options{Kwok: true})
	if err != nil {
		return nil, err
	}
	if err := c.bringUp(ctx, o, step); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func prepare(o Options) (*Cluster, error) {
	dir := o.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "rehearse-")
		if err != nil {
			return nil, err
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("rehearse: %w", err)
	}
	kc := KarpenterConfig(o.Config)
	types, err := InstanceTypes([]karpenter.PoolConfig{kc.Driver(), kc.Executor()}, TableInput{
		Region: o.Config.Region, Zones: twin.Zones(o.Config), PrefixDelegation: o.Config.Addons.PrefixDelegation,
		RootVolumeGiB: kc.RootVolumeGiB, Prices: o.Prices,
	})
	if err != nil {
		return nil, fmt.Errorf("rehearse: instance types: %w", err)
	}
	return &Cluster{Dir: dir, InstanceTypes: types, Karpenter: kc, NodeStartDelay: startDelay(o), region: o.Config.Region}, nil
}

func startDelay(o Options) time.Duration {
	d := o.NodeStartDelay
	if d == 0 {
		d = DefaultNodeStartDelay
	}
	if d < 0 {
		return 0
	}
	scale := max(o.TimeScale, 1)
	return time.Duration(math.Round(d.Seconds()/scale)) * time.Second
}

func (c *Cluster) bringUp(ctx context.Context, o Options, step func(string)) error {
	step("installing the Karpenter and KWOKNodeClass CRDs, namespaces, operational nodes, stand-ins")
	if err := c.applyObjects(ctx, o.Config); err != nil {
		return err
	}
	if o.Config.Scheduler.Enabled {
		step("starting the binpacking kube-scheduler")
		if err := c.startScheduler(ctx, o.Config); err != nil {
			return err
		}
	}
	step(fmt.Sprintf("starting karpenter-kwok (%d instance types, node start delay %v)", len(c.InstanceTypes), c.NodeStartDelay))
	return c.startKarpenter(ctx)
}

// Stop stops karpenter-kwok, the second scheduler and the control plane.
func (c *Cluster) Stop() {
	for i := len(c.procs) - 1; i >= 0; i-- {
		c.procs[i].stop()
	}
	c.procs = nil
	if c.CP != nil {
		_ = c.CP.Stop()
	}
}

func (c *Cluster) startKarpenter(ctx context.Context) error {
	file := filepath.Join(c.Dir, "instance-types.json")
	b, err := MarshalInstanceTypes(c.InstanceTypes)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		return fmt.Errorf("rehearse: %w", err)
	}
	metrics, err := freePort()
	if err != nil {
		return err
	}
	health, err := freePort()
	if err != nil {
		return err
	}
	p, err := startProc(c.Dir, "karpenter-kwok", KarpenterKwok(), nil, []string{
		"KUBECONFIG=" + c.CP.Kubeconfig, "INSTANCE_TYPES_FILE_PATH=" + file,
		"DISABLE_LEADER_ELECTION=true", "METRICS_PORT=" + strconv.Itoa(metrics),
		"HEALTH_PROBE_PORT=" + strconv.Itoa(health), "LOG_LEVEL=info",
	})
	if err != nil {
		return err
	}
	c.procs = append(c.procs, p)
	return p.waitHealthy(ctx, fmt.Sprintf("http://127.0.0.1:%d/readyz", health), 2*time.Minute)
}

func progress(w io.Writer) func(string) {
	return func(s string) {
		if w != nil {
			fmt.Fprintf(w, "[rehearse %s] %s\n", time.Now().Format("15:04:05"), s)
		}
	}
}

// Region is the stack's region (the price table's).
func (c *Cluster) Region() string { return c.region }
