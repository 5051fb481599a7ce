package pulumitest

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// RenderOptions of Render. The zero value is fine. There is no cluster:
// the provider v4.25.0 refuses a kubeconfig together with
// renderYamlToDirectory ("kubeconfig arg is not compatible"), so Helm
// renders with its built-in capabilities (Kubernetes v1.20.0 in the
// provider's Helm build): a chart whose kubeVersion constraint or
// templates need a newer version shows that here, not in production.
type RenderOptions struct {
	Options
}

// Render runs program with the real engine, handing it a Kubernetes
// provider with renderYamlToDirectory set: every object the program
// declares, including each helm/v4 Chart's children exactly as the
// provider expands them (hooks dropped), is written to the returned
// directory as YAML (CRDs under 0-crd/, the rest under 1-manifest/,
// one file per object) instead of being applied. It skips or fails t
// like testenv.Need when the Pulumi binaries are missing.
func Render(t testing.TB, program Program, opts RenderOptions) string {
	t.Helper()
	testenv.Need(t, Available())
	o := defaults(opts.Options)
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "rendered")
	ws, err := workspaceOptions(tmp)
	if err != nil {
		t.Fatalf("pulumitest: %v", err)
	}
	run := func(ctx *pulumi.Context) error {
		args := &kubernetes.ProviderArgs{RenderYamlToDirectory: pulumi.String(dir)}
		k8s, err := kubernetes.NewProvider(ctx, "render", args)
		if err != nil {
			return err
		}
		return program(ctx, k8s)
	}
	renderUp(t, o, run, ws, filepath.Join(tmp, "no-kubeconfig"))
	return dir
}

func renderUp(t testing.TB, o Options, run pulumi.RunFunc, ws []auto.LocalWorkspaceOption, noKubeconfig string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	st, err := auto.UpsertStackInlineSource(ctx, o.Stack, o.Project, run, ws...)
	if err != nil {
		t.Fatalf("pulumitest: create stack: %v", err)
	}
	// No ambient kubeconfig: the provider must find no cluster at all.
	st.Workspace().SetEnvVar("KUBECONFIG", noKubeconfig)
	for k, v := range o.Config {
		if err := st.SetConfig(ctx, k, auto.ConfigValue{Value: v}); err != nil {
			t.Fatalf("pulumitest: config %s: %v", k, err)
		}
	}
	var out bytes.Buffer
	if _, err := st.Up(ctx, optup.ProgressStreams(&out), optup.ErrorProgressStreams(&out)); err != nil {
		t.Fatalf("pulumitest: render: %v\n%s", err, out.String())
	}
}
