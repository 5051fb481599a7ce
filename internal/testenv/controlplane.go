package testenv

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Options choose what Start runs besides etcd and kube-apiserver.
type Options struct {
	// SchedulerConfig is the YAML of a KubeSchedulerConfiguration
	// (kubescheduler.config.k8s.io/v1) for kube-scheduler, e.g. a
	// MostAllocated binpacking profile. Leave clientConnection out: the
	// script points it at this control plane. Empty: default scheduler.
	SchedulerConfig string
	// Kwok runs kwok, which manages every node (they go Ready with leases)
	// and moves pods through the Stage file.
	Kwok bool
	// KwokStages is a Stage file for kwok (implies Kwok). Empty: the
	// project's scripts/kwok/stages.yaml.
	KwokStages string
	// NoControllerManager leaves out kube-controller-manager (without it new
	// nodes keep the not-ready taint, owner-reference garbage collection and
	// namespace deletion do not happen).
	NoControllerManager bool
	// NoScheduler leaves out kube-scheduler.
	NoScheduler bool
	// ServiceAccountAdmission turns the ServiceAccount admission plugin on,
	// as on EKS: a pod naming a missing service account is refused. Needs
	// the controller manager (it creates each namespace's default account).
	ServiceAccountAdmission bool
}

// ControlPlane is a running local control plane (or one attached to).
type ControlPlane struct {
	// Dir holds certs, kubeconfig, logs/ and pids/ of a started control
	// plane; empty when attached.
	Dir string
	// Kubeconfig is the path of an admin kubeconfig (system:masters token).
	Kubeconfig string

	config  *rest.Config
	client  kubernetes.Interface
	dynamic dynamic.Interface
	script  string
	owned   bool
	keepDir bool // Stop keeps Dir (logs) for a failed run
}

// Start starts a control plane with scripts/testbin.sh up in a fresh folder
// (under $TESTENV_RUN_ROOT when set, which scripts/test.sh cleans up) and
// waits for health. The processes are stopped by Stop, or by a watchdog when
// this process dies. The error wraps ErrMissingBinaries when binaries are
// absent.
func Start(ctx context.Context, opts Options) (*ControlPlane, error) {
	needed := []string{Etcd, KubeAPIServer}
	if !opts.NoControllerManager {
		needed = append(needed, KubeControllerManager)
	}
	if !opts.NoScheduler {
		needed = append(needed, KubeScheduler)
	}
	if opts.Kwok || opts.KwokStages != "" {
		needed = append(needed, Kwok)
	}
	if err := MissingBinaries(needed...); err != nil {
		return nil, err
	}
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(os.Getenv("TESTENV_RUN_ROOT"), "controlplane-")
	if err != nil {
		return nil, fmt.Errorf("testenv: run folder: %w", err)
	}
	cp := &ControlPlane{Dir: dir, Kubeconfig: filepath.Join(dir, "kubeconfig"),
		script: filepath.Join(root, "scripts", "testbin.sh"), owned: true}
	args, err := cp.upArgs(opts)
	if err != nil {
		return nil, err
	}
	if err := cp.run(ctx, args...); err != nil {
		return nil, err
	}
	if err := cp.connect(); err != nil {
		_ = cp.Stop()
		return nil, err
	}
	return cp, nil
}

func (cp *ControlPlane) upArgs(opts Options) ([]string, error) {
	args := []string{"up", "--dir", cp.Dir, "--owner-pid", strconv.Itoa(os.Getpid())}
	if opts.SchedulerConfig != "" {
		f := filepath.Join(cp.Dir, "scheduler-config.yaml")
		if err := os.WriteFile(f, []byte(opts.SchedulerConfig), 0o600); err != nil {
			return nil, fmt.Errorf("testenv: write scheduler config: %w", err)
		}
		args = append(args, "--scheduler-config", f)
	}
	if opts.KwokStages != "" {
		args = append(args, "--kwok-stages", opts.KwokStages)
	} else if opts.Kwok {
		args = append(args, "--kwok")
	}
	if opts.NoControllerManager {
		args = append(args, "--no-controller-manager")
	}
	if opts.NoScheduler {
		args = append(args, "--no-scheduler")
	}
	if opts.ServiceAccountAdmission {
		args = append(args, "--service-account-admission")
	}
	return args, nil
}

// run runs the script with TESTBIN_DIR set to BinDir; its output goes into
// the error.
func (cp *ControlPlane) run(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, "bash", append([]string{cp.script}, args...)...)
	cmd.Env = append(os.Environ(), "TESTBIN_DIR="+BinDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("testenv: testbin.sh %s: %w\n%s", args[0], err, out.String())
	}
	return nil
}

// Attach uses a control plane that is already running (e.g. started by
// scripts/testbin.sh up) through its kubeconfig; Stop leaves it running.
func Attach(kubeconfig string) (*ControlPlane, error) {
	cp := &ControlPlane{Kubeconfig: kubeconfig}
	if err := cp.connect(); err != nil {
		return nil, err
	}
	return cp, nil
}

func (cp *ControlPlane) connect() error {
	cfg, err := clientcmd.BuildConfigFromFlags("", cp.Kubeconfig)
	if err != nil {
		return fmt.Errorf("testenv: kubeconfig %s: %w", cp.Kubeconfig, err)
	}
	cfg.QPS, cfg.Burst = 200, 400
	if cp.client, err = kubernetes.NewForConfig(cfg); err != nil {
		return fmt.Errorf("testenv: client: %w", err)
	}
	if cp.dynamic, err = dynamic.NewForConfig(cfg); err != nil {
		return fmt.Errorf("testenv: dynamic client: %w", err)
	}
	cp.config = cfg
	return nil
}

// Stop stops a started control plane (apiserver before etcd) and removes
// its folder; for an attached one it does nothing.
func (cp *ControlPlane) Stop() error {
	if !cp.owned {
		return nil
	}
	cp.owned = false
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := cp.run(ctx, "down", "--dir", cp.Dir); err != nil {
		return err
	}
	if cp.keepDir {
		return nil
	}
	return os.RemoveAll(cp.Dir)
}

// Config returns a copy of the client-go config (admin).
func (cp *ControlPlane) Config() *rest.Config { return rest.CopyConfig(cp.config) }

// Client is a typed client-go clientset.
func (cp *ControlPlane) Client() kubernetes.Interface { return cp.client }

// Dynamic is a dynamic client, for custom resources.
func (cp *ControlPlane) Dynamic() dynamic.Interface { return cp.dynamic }

// KubeconfigYAML returns the kubeconfig file's content (e.g. for a Pulumi
// kubernetes.Provider).
func (cp *ControlPlane) KubeconfigYAML() (string, error) {
	b, err := os.ReadFile(cp.Kubeconfig)
	return string(b), err
}
