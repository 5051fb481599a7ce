// Package pulumitest runs Pulumi programs for real in tests (tier 2): the
// real Pulumi engine (the CLI built by scripts/testbin.sh, driven by the
// Automation API with an inline program, so no Go language host is needed)
// and the real Kubernetes provider v4.25.0, against the local API server of
// internal/testenv. State lives in a file backend in the test's temp dir.
//
//	cp := testenv.Get(t)
//	st := pulumitest.Up(t, cp.Kubeconfig, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
//		_, err := addons.NewClusterObjects(ctx, "objects", args, pulumi.Providers(k8s))
//		return err
//	})
//	// read the objects with cp.Client(), st.Outputs for exports
//	st.Destroy(t)
//
// Tests skip when the Pulumi binaries are missing, and fail instead when CI
// or REQUIRE_INTEGRATION=1 is set (see testenv.Need).
package pulumitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// Program is an inline Pulumi program; k8s is a provider for the local API
// server, to hand down to components with pulumi.Providers(k8s).
type Program func(ctx *pulumi.Context, k8s *kubernetes.Provider) error

// Options of a test stack. The zero value is fine.
type Options struct {
	Project string            // default "pulumitest"
	Stack   string            // default "test"
	Config  map[string]string // stack config, "key" (in the project) or "ns:key"
	Timeout time.Duration     // per operation; default 5 min
}

// Stack is a deployed test stack.
type Stack struct {
	// Outputs are the stack outputs after the last Up.
	Outputs auto.OutputMap

	stack     auto.Stack
	timeout   time.Duration
	destroyed bool
}

// PluginDir is the folder scripts/testbin.sh installs the kubernetes
// plugin into; each test links it into its own PULUMI_HOME.
func PluginDir() string { return filepath.Join(testenv.BinDir(), "pulumi-home", "plugins") }

// Available returns nil when the Pulumi CLI and the installed kubernetes
// plugin are present, else an error wrapping testenv.ErrMissingBinaries.
func Available() error {
	if err := testenv.MissingBinaries(testenv.Pulumi, testenv.PulumiResourceKubernetes); err != nil {
		return err
	}
	plugin := filepath.Join(PluginDir(), "resource-kubernetes-"+testenv.PulumiKubernetesVersion, "pulumi-resource-kubernetes")
	if _, err := os.Stat(plugin); err != nil {
		return fmt.Errorf("%w: kubernetes plugin not installed at %s (run scripts/testbin.sh build)", testenv.ErrMissingBinaries, plugin)
	}
	return nil
}

// New creates the stack (no deployment yet) or skips/fails t like testenv.Need.
// Up and Preview call it; use it directly for Preview-only tests.
func New(t testing.TB, kubeconfigFile string, program Program, opts Options) *Stack {
	t.Helper()
	testenv.Need(t, Available())
	opts = defaults(opts)
	kubeconfig, err := os.ReadFile(kubeconfigFile)
	if err != nil {
		t.Fatalf("pulumitest: kubeconfig: %v", err)
	}
	ws, err := workspaceOptions(t.TempDir())
	if err != nil {
		t.Fatalf("pulumitest: %v", err)
	}
	run := func(ctx *pulumi.Context) error {
		k8s, err := kubernetes.NewProvider(ctx, "local", &kubernetes.ProviderArgs{
			Kubeconfig: pulumi.String(string(kubeconfig)),
		})
		if err != nil {
			return err
		}
		return program(ctx, k8s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.Timeout)
	defer cancel()
	st, err := auto.UpsertStackInlineSource(ctx, opts.Stack, opts.Project, run, ws...)
	if err != nil {
		t.Fatalf("pulumitest: create stack: %v", err)
	}
	for k, v := range opts.Config {
		if err := st.SetConfig(ctx, k, auto.ConfigValue{Value: v}); err != nil {
			t.Fatalf("pulumitest: config %s: %v", k, err)
		}
	}
	s := &Stack{stack: st, timeout: opts.Timeout}
	t.Cleanup(func() { s.cleanup(t) })
	return s
}

func defaults(o Options) Options {
	if o.Project == "" {
		o.Project = "pulumitest"
	}
	if o.Stack == "" {
		o.Stack = "test"
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Minute
	}
	return o
}

// workspaceOptions: the cached CLI, a per-test PULUMI_HOME holding a link
// to the cached plugins, a file backend, and the env of docs/pulumi.md.
func workspaceOptions(tmp string) ([]auto.LocalWorkspaceOption, error) {
	root, home, backend := filepath.Join(tmp, "cli"), filepath.Join(tmp, "home"), filepath.Join(tmp, "backend")
	for _, d := range []string{filepath.Join(root, "bin"), home, backend} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.Symlink(testenv.Bin(testenv.Pulumi), filepath.Join(root, "bin", "pulumi")); err != nil {
		return nil, err
	}
	if err := os.Symlink(PluginDir(), filepath.Join(home, "plugins")); err != nil {
		return nil, err
	}
	env := map[string]string{
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_CONFIG_PASSPHRASE":                    "pulumitest",
		"PULUMI_BACKEND_URL":                          "file://" + backend,
		"PULUMI_HOME":                                 home,
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root, SkipVersionCheck: true})
	if err != nil {
		return nil, fmt.Errorf("pulumi CLI: %w", err)
	}
	return []auto.LocalWorkspaceOption{auto.Pulumi(cmd), auto.PulumiHome(home), auto.EnvVars(env),
		auto.WorkDir(tmp), auto.SecretsProvider("passphrase")}, nil
}

// Up creates the stack and deploys program with the real engine; it fails t
// with the engine's output on error.
func Up(t testing.TB, kubeconfigFile string, program Program, opts ...Options) *Stack {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	s := New(t, kubeconfigFile, program, o)
	s.Update(t)
	return s
}

// Update runs `up` again (e.g. after changing what the program reads).
func (s *Stack) Update(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	var out bytes.Buffer
	res, err := s.stack.Up(ctx, optup.ProgressStreams(&out), optup.ErrorProgressStreams(&out))
	if err != nil {
		t.Fatalf("pulumitest: up: %v\n%s", err, out.String())
	}
	s.Outputs = res.Outputs
}

// Preview runs `preview` and returns the change counts by operation.
func (s *Stack) Preview(t testing.TB) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	var out bytes.Buffer
	res, err := s.stack.Preview(ctx, optpreview.ProgressStreams(&out))
	if err != nil {
		t.Fatalf("pulumitest: preview: %v\n%s", err, out.String())
	}
	counts := map[string]int{}
	for op, n := range res.ChangeSummary {
		counts[string(op)] = n
	}
	return counts
}

// Destroy runs `destroy` and removes the stack; it fails t on error.
func (s *Stack) Destroy(t testing.TB) {
	t.Helper()
	if err := s.destroy(); err != nil {
		t.Fatalf("pulumitest: %v", err)
	}
}

func (s *Stack) destroy() error {
	if s.destroyed {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	var out bytes.Buffer
	if _, err := s.stack.Destroy(ctx, optdestroy.ProgressStreams(&out), optdestroy.Remove()); err != nil {
		return fmt.Errorf("destroy: %w\n%s", err, out.String())
	}
	s.destroyed = true
	return nil
}

// cleanup destroys a stack the test left up, so objects do not leak into
// the next test sharing the control plane.
func (s *Stack) cleanup(t testing.TB) {
	if err := s.destroy(); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("pulumitest: cleanup: %v", err)
	}
}

// Output returns one stack output's value, failing t when it is absent.
func (s *Stack) Output(t testing.TB, name string) any {
	t.Helper()
	v, ok := s.Outputs[name]
	if !ok {
		t.Fatalf("pulumitest: no stack output %q (have %v)", name, keys(s.Outputs))
	}
	return v.Value
}

func keys(m auto.OutputMap) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
