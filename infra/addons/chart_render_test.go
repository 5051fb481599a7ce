package addons

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/chartcheck"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
)

// testPlacement is the operational group's placement
// (nodegroups.OperationalPlacement), spelled out like spec/addons' tests.
var testPlacement = placement.Placement{
	NodeSelector: map[string]string{"emr-eks-loadtest/node-role": "operational"},
	Tolerations:  []placement.Toleration{{Key: "emr-eks-loadtest/operational", Operator: "Equal", Value: "true", Effect: "NoSchedule"}},
}

// renderChart renders one chart of the component exactly as NewServices
// declares it (declareChart: release name, kube-system, values), through
// the real engine and provider against the local API server. The AWS half
// of NewServices (IRSA roles, EKS add-ons) cannot run here: no AWS
// provider plugin, so the test wires the values' AWS inputs as constants.
func renderChart(t *testing.T, name string, c chartSpec) []*unstructured.Unstructured {
	t.Helper()
	dir := pulumitest.Render(t, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		return declareChart(ctx, name, c, pulumi.Provider(k8s))
	}, pulumitest.RenderOptions{})
	return chartcheck.MustLoad(t, dir)
}

// assertRendered checks what every chart must satisfy: no Helm hook
// survived, every referenced ServiceAccount/Secret/ConfigMap/PVC is
// rendered, the release name fits Helm. It returns the webhooks.
func assertRendered(t *testing.T, release string, objs []*unstructured.Unstructured) []chartcheck.Webhook {
	t.Helper()
	if err := chartcheck.CheckReleaseName(release); err != nil {
		t.Error(err)
	}
	if hooks := chartcheck.Hooks(objs); len(hooks) > 0 {
		t.Errorf("Helm hooks in the render (helm/v4.Chart drops them): %v", hooks)
	}
	for _, m := range chartcheck.MissingReferences(objs) {
		t.Errorf("%v", m)
	}
	return chartcheck.Webhooks(objs)
}

// metrics-server from its Go module. The module holds chart 3.12.1 while
// the stack pins 3.12.2 (see versions.MetricsServerChartModule): the test
// asserts exactly that relation, so bumping either fails here first.
func TestMetricsServerChartRender(t *testing.T) {
	testenv.Get(t) // skip first when the binaries are missing
	mod := versions.MetricsServerChartModule
	chart := chartcheck.ModuleChart(t, mod.Module, mod.Path)
	if got := chartcheck.ReadChart(t, chart).Version; got != mod.ChartVersion {
		t.Fatalf("%s holds chart %s, versions.MetricsServerChartModule says %s", mod.Module, got, mod.ChartVersion)
	}
	if pin := versions.MetricsServer.Version; pin != mod.ChartVersion && pin != versions.MetricsServerChartLag {
		t.Fatalf("pinned chart %s is neither the module's %s nor the known lag %s: move the module (or review the chart diff and the note)",
			pin, mod.ChartVersion, versions.MetricsServerChartLag)
	}
	c := metricsServerChart(ServicesArgs{Placement: testPlacement, ChartPaths: ChartPaths{MetricsServer: chart}})
	objs := renderChart(t, "metrics-server", c)
	hooks := assertRendered(t, c.release, objs)
	if len(chartcheck.Find(objs, "Deployment")) != 1 || len(chartcheck.Find(objs, "APIService")) != 1 {
		t.Errorf("want one Deployment and the v1beta1.metrics.k8s.io APIService, got %d objects", len(objs))
	}
	chartcheck.AssertDocSection(t, "../../docs/charts.md", "metrics-server-webhooks", chartcheck.WebhookTable(hooks))
}

// The AWS Load Balancer Controller's chart 1.13.4 from its Go module (a
// pseudo-version of tag v2.13.4). The Service mutating webhook
// (failurePolicy Fail on every Service) must be off.
func TestLoadBalancerControllerChartRender(t *testing.T) {
	mod := versions.AWSLoadBalancerControllerChartModule
	testenv.Get(t) // skip first when the binaries are missing
	chart := chartcheck.ModuleChartIfServed(t, mod.Module, mod.Path)
	if got := chartcheck.ReadChart(t, chart).Version; got != versions.AWSLoadBalancerController.Version {
		t.Fatalf("%s holds chart %s, the stack pins %s", mod.Module, got, versions.AWSLoadBalancerController.Version)
	}
	values := spec.LoadBalancerControllerValues(spec.LBCValuesInput{ClusterName: "load-test-cluster-dev", Region: "us-west-2",
		VPCID: "vpc-0abc", RoleARN: "arn:aws:iam::123456789012:role/lbc", Placement: testPlacement})
	c := loadBalancerControllerChart(ServicesArgs{ChartPaths: ChartPaths{LoadBalancerController: chart}}, pulumi.ToMap(values))
	objs := renderChart(t, "lb-controller", c)
	hooks := assertRendered(t, c.release, objs)
	for _, h := range hooks {
		for _, r := range h.Rules {
			if strings.Contains(r, "/services ") && h.NamespaceSelector == "" {
				t.Errorf("webhook %s applies to every Service (%s, failurePolicy %s)", h.Name, r, h.FailurePolicy)
			}
		}
		if h.CA == chartcheck.CAEmpty {
			t.Errorf("webhook %s has no caBundle", h.Name)
		}
	}
	chartcheck.AssertDocSection(t, "../../docs/charts.md", "aws-load-balancer-controller-webhooks", chartcheck.WebhookTable(hooks))
}
