package karpenter

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/chartcheck"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
)

// publishedChart is the Karpenter chart as published at the pinned version,
// rebuilt from the release's Go module: the source Chart.yaml says 1.8.0
// and the release job rewrites version and appVersion to the tag when it
// publishes, and crds/ are git symlinks to pkg/apis/crds, absent from the
// module zip. The test asserts the module is the pinned tag and its
// Chart.yaml the known 1.8.0, copies the chart, applies the same rewrite
// and puts the release's CRDs in crds/.
func publishedChart(t *testing.T) string {
	t.Helper()
	mod := versions.KarpenterChartModule
	if !strings.HasSuffix(mod.Module, "@v"+versions.KarpenterChartVersion) {
		t.Fatalf("chart module %s is not the pinned release v%s", mod.Module, versions.KarpenterChartVersion)
	}
	src := chartcheck.ModuleChart(t, mod.Module, mod.Path)
	if got := chartcheck.ReadChart(t, src); got.Version != mod.ChartVersion || got.AppVersion != mod.ChartVersion {
		t.Fatalf("%s Chart.yaml says %s/%s, versions.KarpenterChartModule says %s", mod.Module, got.Version, got.AppVersion, mod.ChartVersion)
	}
	chart := chartcheck.CopyChart(t, src)
	chartcheck.SetChartVersion(t, chart, versions.KarpenterChartVersion, versions.KarpenterChartVersion)
	crds := filepath.Join(filepath.Dir(filepath.Dir(src)), filepath.FromSlash(versions.KarpenterCRDPath))
	if err := chartcheck.CopyDir(crds, filepath.Join(chart, "crds")); err != nil {
		t.Fatal(err)
	}
	return chart
}

// The Karpenter chart, rendered the way New declares it
// (declareChart with the stack's HelmValues) through the real engine and
// provider against the local API server: no hook, every reference
// rendered, the release name within Helm's limit, webhooks listed.
func TestKarpenterChartRender(t *testing.T) {
	cfg := testConfig()
	chart := publishedChart(t)
	// The longest release New gets from stacks: "<cluster>-karpenter"
	// for a cluster name of stacks.MaxClusterNameLen (40; this internal test
	// cannot import stacks, which imports this package).
	release := strings.Repeat("c", 40) + "-karpenter"
	dir := pulumitest.Render(t, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		args := Args{Config: cfg, ClusterName: pulumi.String("load-test-cluster-dev"), Chart: chart}
		_, err := declareChart(ctx, release, args, pulumi.String("load-test-cluster-dev").ToStringOutput(),
			pulumi.String("arn:aws:iam::123456789012:role/karpenter").ToStringOutput(), []pulumi.ResourceOption{pulumi.Provider(k8s)})
		return err
	}, pulumitest.RenderOptions{})
	objs := chartcheck.MustLoad(t, dir)
	if err := chartcheck.CheckReleaseName(release); err != nil {
		t.Error(err)
	}
	if hooks := chartcheck.Hooks(objs); len(hooks) > 0 {
		t.Errorf("Helm hooks in the render: %v", hooks)
	}
	for _, m := range chartcheck.MissingReferences(objs) {
		t.Errorf("%v", m)
	}
	// The chart's crds/ links every file of pkg/apis/crds: NodePool,
	// NodeClaim, EC2NodeClass and (alpha since 1.7) NodeOverlay.
	if n := len(chartcheck.Find(objs, "CustomResourceDefinition")); n != 4 {
		t.Errorf("%d CRDs rendered, want NodePool, NodeClaim, EC2NodeClass and NodeOverlay", n)
	}
	deps := chartcheck.Find(objs, "Deployment")
	if len(deps) != 1 || deps[0].GetNamespace() != cfg.Namespace {
		t.Fatalf("Deployments %v, want one in %s", deps, cfg.Namespace)
	}
	chartcheck.AssertDocSection(t, "../../docs/charts.md", "karpenter-webhooks", chartcheck.WebhookTable(chartcheck.Webhooks(objs)))
}
