package autoscaler

import (
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/chartcheck"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/autoscaler"
)

// The Cluster Autoscaler chart of the default Kubernetes minor, from the
// k8s.io/autoscaler/cluster-autoscaler module (a pseudo-version: see
// versions.ClusterAutoscalerChartModules; this machine's proxy refuses it,
// so the test skips here and runs where it is served), rendered the way
// New declares it with the stack's HelmValues.
func TestClusterAutoscalerChartRender(t *testing.T) {
	cfg := spec.Defaults()
	mod, ok := versions.ClusterAutoscalerChartModules[cfg.KubernetesMinor]
	if !ok {
		t.Skipf("no Go module holds the chart of Kubernetes %s (versions.ClusterAutoscalerChartModules)", cfg.KubernetesMinor)
	}
	chart := chartcheck.ModuleChartIfServed(t, mod.Module, mod.Path)
	if got, pin := chartcheck.ReadChart(t, chart).Version, versions.ClusterAutoscaler[cfg.KubernetesMinor].ChartVersion; got != pin {
		t.Fatalf("%s holds chart %s, the stack pins %s", mod.Module, got, pin)
	}
	values := spec.HelmValues(cfg, spec.Wired{ClusterName: "load-test-cluster-dev", Region: "us-west-2", RoleARN: "arn:aws:iam::123456789012:role/cas"})
	dir := pulumitest.Render(t, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		return declareChart(ctx, "cluster-autoscaler", cfg, chart, pulumi.ToMap(values), pulumi.Provider(k8s))
	}, pulumitest.RenderOptions{})
	objs := chartcheck.MustLoad(t, dir)
	if err := chartcheck.CheckReleaseName(ReleaseName); err != nil {
		t.Error(err)
	}
	if hooks := chartcheck.Hooks(objs); len(hooks) > 0 {
		t.Errorf("Helm hooks in the render: %v", hooks)
	}
	for _, m := range chartcheck.MissingReferences(objs) {
		t.Errorf("%v", m)
	}
	if hooks := chartcheck.Webhooks(objs); len(hooks) > 0 {
		t.Errorf("unexpected admission webhooks:\n%s", chartcheck.WebhookTable(hooks))
	}
}
